"""No text lost in any theme: per-character font fallback, and the glyph check that matches it."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, REPO, pdf_text
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from revpack.build import BuildOptions, build_sheet
from revpack.cli import cli
from revpack.faces import FallbackFont
from revpack.glyphs import glyph_problems
from revpack.load import load_pack
from revpack.preflight import absent, page_texts
from revpack.theme import THEMES, Look, Style
from words_lost import words_lost

# What OpenDyslexic lacks and a chemistry or maths note needs (issue #13's list).
SCIENCE = "H₂O 10⁻⁶ NH₄⁺ ⇌ ∝ ≪ ≫ ∑ ∫₀¹ ℝ ἀριθμός преде́л"


def fonts_in(pdf: bytes) -> set[str]:
    """The base names (subset tag removed) of every font the PDF's pages use."""
    out = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            out.add(str(ref.get_object()["/BaseFont"]).split("+", 1)[-1])
    return out


def pack_with(tmp_path: Path, topic: str, pack_title: str = "Glyphs") -> Path:
    dest = tmp_path / "glyphs"
    shutil.copytree(FIXTURES / "mini", dest)
    (dest / "pack.yaml").write_text(f"title: {pack_title}\ntopics: [beta]\n", encoding="utf-8")
    (dest / "topics" / "beta.yaml").write_text(topic, encoding="utf-8")
    (dest / "topics" / "alpha.yaml").unlink()
    return dest


@pytest.mark.parametrize("theme", list(THEMES))
def test_science_notation_prints_in_every_theme_and_style(tmp_path: Path, theme: str):
    folder = pack_with(tmp_path, (
        f"title: Acids {SCIENCE}\nperiod: \"1887 ⇌ 1923₂\"\n"
        f"summary: \"*{SCIENCE}*\"\n"
        f"sections:\n  - heading: \"{SCIENCE}\"\n"
        f"    points: [\"{SCIENCE}\", \"**{SCIENCE}**\", \"***{SCIENCE}***\"]\n"
    ))
    pack = load_pack(folder)
    assert glyph_problems(pack, Style(look=THEMES[theme])) == []
    topic = pack.topics[0]
    pdf = build_sheet(pack, topic.id, "summary", BuildOptions(theme=theme))  # preflight on: every word found
    text = " ".join(page_texts(pdf))
    # The period is drawn on the canvas, beside the title in the band: it falls back too.
    assert absent(text, [*SCIENCE.split(), "1887", "1923₂", "⇌"]) == []
    assert absent(pdf_text(pdf), SCIENCE.split()) == []  # an independent reader agrees
    if theme == "dyslexia":
        used = fonts_in(pdf)
        assert {"OpenDyslexic-Regular", "OpenDyslexic-Bold", "OpenDyslexic-Italic"} <= used
        assert {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"} <= used  # what OpenDyslexic lacks


def test_every_face_a_style_draws_with_falls_back():
    for look in THEMES.values():
        for name in Style(look=look).fonts:
            font = pdfmetrics.getFont(name)
            assert isinstance(font, FallbackFont), name
            assert font.covers(ord("₂")) and font.covers(ord("⇌")), name


def test_a_missing_italic_glyph_prints_upright_rather_than_as_a_box(tmp_path: Path):
    # DejaVu Sans Oblique has no Ogham; the upright DejaVu Sans has.
    folder = pack_with(tmp_path, "title: Ogham\nsections:\n  - heading: H\n    points: [\"*ᚂᚅᚈ stones*\"]\n")
    pack = load_pack(folder)
    assert glyph_problems(pack, Style()) == []
    assert not pdfmetrics.getFont("DejaVuSans-Oblique").face.charToGlyph.get(ord("ᚂ"))
    pdf = build_sheet(pack, "beta", "summary", BuildOptions())
    assert "ᚂᚅᚈ" in " ".join(page_texts(pdf))


def test_a_theme_may_declare_its_fallback_faces_as_data():
    look = Look(font="opendyslexic", fallback=("dejavu-condensed",))
    regular = pdfmetrics.getFont(Style(look=look).font)
    assert regular.fontName != "OpenDyslexic-Regular"  # its own chain, beside the dyslexia theme's
    assert regular.face_for(ord("₂")).fontName == "DejaVuSansCondensed"
    dyslexia = pdfmetrics.getFont(Style(look=THEMES["dyslexia"]).font)
    assert dyslexia.fontName == "OpenDyslexic-Regular" and dyslexia.face_for(ord("₂")).fontName == "DejaVuSans"


def test_widths_are_those_of_the_face_that_draws(tmp_path: Path):
    od = pdfmetrics.getFont(Style(look=THEMES["dyslexia"]).font)
    dv = pdfmetrics.getFont("DejaVuSans")
    assert od.stringWidth("₂", 10) == pytest.approx(dv.stringWidth("₂", 10))
    assert od.stringWidth("a₂", 10) == pytest.approx(od.face.charWidths[ord("a")] / 100 + dv.stringWidth("₂", 10))


def test_cjk_and_emoji_are_the_same_positioned_warning_in_check_and_build(tmp_path: Path):
    folder = pack_with(tmp_path, (
        "title: Beta 🙂 topic 漢字\nsections:\n  - heading: H\n    points: [\"Kanji 漢 here\"]\n"
    ), pack_title="Pack ☃ 字")
    lines = {}
    for theme in THEMES:
        check = CliRunner().invoke(cli, ["check", str(folder), "--theme", theme])
        assert check.exit_code == 0, check.output
        built = CliRunner().invoke(cli, ["build", str(folder), "-o", str(tmp_path / theme), "-j1", "--theme", theme])
        assert built.exit_code == 0, built.output  # it builds, and passes its own preflight
        warned = [line for line in check.output.splitlines() if "warning" in line]
        assert warned and all(line in built.output for line in warned)
        lines[theme] = warned
    assert any(
        line.endswith("beta.yaml:1:1: title: warning: characters no bundled font can print (not in DejaVu Sans): "
                      "'字' U+5B57 CJK UNIFIED IDEOGRAPH-5B57, '漢' U+6F22 CJK UNIFIED IDEOGRAPH-6F22, "
                      "'🙂' U+1F642 SLIGHTLY SMILING FACE; they print as empty boxes")
        for line in lines["default"]
    )
    assert any("pack.yaml:1:1: title: warning: " in line and "'☃'" not in line and "'字'" in line
               for line in lines["default"])  # the snowman is in DejaVu Sans
    assert any("(not in OpenDyslexic or DejaVu Sans)" in line for line in lines["dyslexia"])
    text = pdf_text(tmp_path / "default" / "glyphs.pdf")
    assert "Beta" in text and "topic" in text and "Kanji" in text and "here" in text


@pytest.mark.parametrize("script, sample", [("Hebrew", "שָׁלוֹם"), ("Arabic", "سلام")])
def test_right_to_left_text_is_refused_with_its_position_never_printed_backwards(tmp_path: Path, script, sample):
    folder = pack_with(tmp_path, f"title: T\nsections:\n  - heading: H\n    points: [\"ok\", \"*{sample}* peace\"]\n")
    for command in (["check", str(folder)], ["build", str(folder), "-o", str(tmp_path / "out"), "-j1"]):
        res = CliRunner().invoke(cli, command)
        assert res.exit_code == 1
        assert "Traceback" not in res.output
        assert f"beta.yaml:4:20: sections[0].points[1].text: right-to-left text ({script}: " in res.output
        assert "would print it backwards; write it in transliteration" in res.output
    assert not (tmp_path / "out").exists()


def test_the_cyrillic_science_pack_loses_no_word_in_any_theme():
    """tests/words_lost.py's measure, on the fixture pack written in Cyrillic with chemistry and maths."""
    pack = load_pack(FIXTURES / "cyrillic-science")
    for theme in THEMES:
        assert glyph_problems(pack, Style(theme=pack.info.theme, look=THEMES[theme])) == []
        count = words_lost(FIXTURES / "cyrillic-science", theme)
        assert count.words > 300 and count.lost == [], theme


def test_fallback_faces_are_deterministic_and_embedded_once_per_pack(tmp_path: Path):
    """Fallback faces are primed like the theme's own (render.prime_fonts), so every fragment's
    subsets match and the merged pack keeps one program of each face."""
    res = CliRunner().invoke(cli, ["build", str(FIXTURES / "cyrillic-science"), "-o", str(tmp_path / "a"), "-j1",
                                   "--theme", "dyslexia", "-q"])
    assert res.exit_code == 0, res.output
    pack = (tmp_path / "a" / "cyrillic-science.pdf").read_bytes()
    programs: dict[str, set] = {}
    for page in PdfReader(io.BytesIO(pack)).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            name = str(font["/BaseFont"]).split("+", 1)[-1]
            programs.setdefault(name, set()).add(font["/FontDescriptor"].get_object().raw_get("/FontFile2").idnum)
    assert {"DejaVuSans", "OpenDyslexic-Regular"} <= set(programs)
    assert all(len(ids) == 1 for ids in programs.values()), programs
    again = CliRunner().invoke(cli, ["build", str(FIXTURES / "cyrillic-science"), "-o", str(tmp_path / "b"), "-j1",
                                     "--theme", "dyslexia", "-q", "--no-cache"])
    assert again.exit_code == 0, again.output
    assert (tmp_path / "b" / "cyrillic-science.pdf").read_bytes() == pack


def test_a_lone_surrogate_is_refused_with_its_position_and_warnings_still_print(tmp_path: Path):
    folder = pack_with(tmp_path, 'title: "Bad \\udc80 escape"\nsections:\n  - heading: H\n    points: ["x 漢 y"]\n')
    for command in (["check", str(folder)], ["build", str(folder), "-o", str(tmp_path / "out"), "-j1"]):
        res = CliRunner().invoke(cli, command)
        assert res.exit_code == 1 and "Traceback" not in res.output
        assert "beta.yaml:1:1: title: not a character: U+DC80 (a lone surrogate" in res.output
        assert "beta.yaml:4:14: sections[0].points[0].text: warning: characters no bundled font" in res.output
        assert "1 problem found; nothing was written." in res.output


def test_every_font_is_registered_through_the_fallback_faces():
    """The one place fonts are registered (faces.register_chain): no face without a fallback."""
    offenders = [
        f"{path.name}:{n}"
        for path in (REPO / "src" / "revpack").rglob("*.py") if path.name != "faces.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "registerFont(" in line or "TTFont(" in line
    ]
    assert offenders == []
