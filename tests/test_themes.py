"""Themes (`--theme`): data that the Style reads, checked on the printed page."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from conftest import FIXTURES, pdf_text

from revpack.build import BuildOptions, build_sheet
from revpack.cli import THEMES as CLI_THEMES
from revpack.load import load_pack
from revpack.markup import plain
from revpack.model import iter_text
from revpack.theme import THEMES, Style, look_for


@pytest.fixture(scope="module")
def mini():
    return load_pack(FIXTURES / "mini")


def sheet(pack, theme: str) -> bytes:
    return build_sheet(pack, "alpha", "summary", BuildOptions(theme=theme))


def chars(pdf: bytes) -> list[dict]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [c for page in doc.pages for c in page.chars]


def filled_rects(pdf: bytes) -> list[dict]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [r for page in doc.pages for r in page.rects if r.get("fill")]


def rgb(colour) -> tuple[float, ...]:
    return tuple(round(float(v), 3) for v in colour) if colour is not None else ()


def test_cli_lists_every_theme_and_unknown_names_are_refused():
    assert CLI_THEMES == tuple(THEMES)
    with pytest.raises(ValueError, match="choose from default, dyslexia, print-saver"):
        look_for("neon")


@pytest.mark.parametrize("theme", list(THEMES))
def test_every_theme_prints_every_word(mini, theme):
    text = pdf_text(sheet(mini, theme))
    topic = mini.topics[0]
    for word in plain(" ".join(iter_text(topic.sections))).split():
        assert word in text


def test_dyslexia_uses_opendyslexic_larger_type_wider_lines_and_a_cream_page(mini):
    pdf = sheet(mini, "dyslexia")
    found = chars(pdf)
    assert {c["fontname"].split("+")[-1] for c in found} <= {
        "OpenDyslexic-Regular", "OpenDyslexic-Bold", "OpenDyslexic-Italic", "OpenDyslexic-BoldItalic"}
    furniture = [round(c["size"], 1) for c in found if c.get("tag") == "Artifact"]
    found = [c for c in found if c.get("tag") != "Artifact"]
    sizes = [round(c["size"], 1) for c in found]
    assert min(sizes) >= 10 - 0.01  # the sheet floor still holds ("(cont.)" too)
    assert set(furniture) == {9.6}  # the footer: the type scale's 8 pt furniture, scaled by 1.2
    assert max(set(sizes), key=sizes.count) == 12.0  # body text: 10 pt scaled by 1.2
    # Lines of the left column: lines sit 1.5 x the 12 pt size apart, never closer.
    lines = sorted({round(c["bottom"], 1) for c in found if c["size"] == 12 and c["x0"] < 250})
    steps = [round(b - a, 1) for a, b in zip(lines, lines[1:])]
    assert 18.0 in steps and min(steps) >= 18.0
    cream = rgb(Style(look=THEMES["dyslexia"]).page.rgb())
    page = [r for r in filled_rects(pdf) if rgb(r["non_stroking_color"]) == cream]
    assert page and page[0]["width"] > 500  # the page, not a panel


def test_print_saver_draws_no_tints_and_no_solid_bands(mini):
    default, saver = sheet(mini, "default"), sheet(mini, "print-saver")
    white = (1.0, 1.0, 1.0)
    assert any(rgb(r["non_stroking_color"]) != white for r in filled_rects(default))
    assert all(rgb(r["non_stroking_color"]) == white for r in filled_rects(saver))
    # Band titles are still there, in the accent instead of white on the accent.
    accent = rgb(Style(theme=mini.info.theme).accent.rgb())
    title = [c for c in chars(saver) if c["text"] == "A" and c["size"] > 20]
    assert title and rgb(title[0]["non_stroking_color"]) == accent


def test_a_theme_is_part_of_the_fragment_cache_key(mini):
    from revpack.build import context_for, style_for
    from revpack.fragments import Job

    keys = {Job(mini.topics[0], "summary", style_for(mini, BuildOptions(theme=t)), context_for(mini, BuildOptions())).key
            for t in THEMES}
    assert len(keys) == len(THEMES)
