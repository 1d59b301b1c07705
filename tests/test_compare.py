"""The comparison view: every cell printed, header repeated on every page, tall rows, landscape."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from click.testing import CliRunner
from conftest import REPO, pdf_text

from revpack.build import build_sheet
from revpack.cli import cli
from revpack.load import load_pack
from revpack.markup import plain
from revpack.model import Comparison, Point, Row, Section, Topic, iter_text
from revpack.preflight import Expectations, preflight
from revpack.theme import Style
from revpack.views import VIEWS, Context, render_view


def topic_with(*comparisons: Comparison) -> Topic:
    return Topic(title="Test topic", period="1924-29", comparisons=comparisons,
                 sections=(Section(heading="Heading", points=(Point(text="A point"),)),))


def cells(*texts: str) -> tuple[tuple[Point, ...], ...]:
    return tuple((Point(text=t),) for t in texts)


def render(topic: Topic) -> bytes:
    return render_view(VIEWS["compare"], topic, Style(), Context(pack_title="Pack"))


def checked(pdf: bytes, topic: Topic) -> bytes:
    """`pdf` after preflight: page sizes (either way up), 10 pt floor, edges, every word of the comparisons."""
    words = [w for text in iter_text(topic.comparisons) for w in plain(text).split()]
    assert preflight(pdf, Expectations.sheet("a4", words, landscape=True)) == []
    return pdf


def page_words(pdf: bytes) -> list[list[dict]]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [page.extract_words(extra_attrs=["fontname", "size"]) for page in doc.pages]


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [(float(p.width), float(p.height)) for p in doc.pages]


@pytest.fixture(scope="module")
def alevel():
    return load_pack(REPO / "packs" / "alevel-soviet-russia")


def test_every_cell_label_column_and_title_of_real_topics_is_printed(alevel):
    for topic in alevel.topics:
        text = pdf_text(build_sheet(alevel, topic.id, "compare"))
        for comparison in topic.comparisons:
            strings = [comparison.title, *comparison.columns]
            for row in comparison.rows:
                strings.append(row.label)
                strings += [p.text for points in row.cells for p in points]
            for s in strings:
                assert " ".join(plain(s).split()) in text, (topic.id, s)


def test_bold_leads_stay_bold():
    topic = topic_with(Comparison(title="Bold", columns=("A", "B"),
                                  rows=(Row(label="L", cells=cells("**Leadword**: the rest", "plain cell")),)))
    words = {w["text"]: w["fontname"] for w in page_words(checked(render(topic), topic))[0]}
    assert "Bold" in words["Leadword"]
    assert "Bold" not in words["rest"]


def test_a_forty_row_table_splits_with_its_header_repeated_on_every_page():
    rows = tuple(Row(label=f"Row{i:02d}", cells=cells(f"left{i:02d} " * 12, f"right{i:02d} " * 12)) for i in range(40))
    topic = topic_with(Comparison(title="Forty rows", columns=("Alphacol", "Betacol"), rows=rows))
    pages = page_words(checked(render(topic), topic))
    assert len(pages) >= 2
    for words in pages:
        texts = [w["text"] for w in words]
        # The header sits above every row on the page.
        head = min(w["top"] for w in words if w["text"] == "Alphacol")
        assert "Betacol" in texts
        assert all(w["top"] > head for w in words if w["text"].startswith("Row"))
    labels = [w["text"] for words in pages for w in words if w["text"].startswith("Row")]
    assert labels == [f"Row{i:02d}" for i in range(40)]  # every row once, in order
    assert any("(cont.)" in " ".join(w["text"] for w in words) for words in pages[1:])


def test_a_row_taller_than_a_page_splits_inside_the_row_and_loses_no_word():
    long = " ".join(f"word{i}" for i in range(2500))
    nested = (Point(text="outer", points=(Point(text="inner point"),)),)
    topic = topic_with(Comparison(title="Tall row", columns=("A", "B"),
                                  rows=(Row(label="Huge", cells=((Point(text=long),), nested)),
                                        Row(label="After", cells=cells("a1", "b1")))))
    pdf = checked(render(topic), topic)
    pages = page_words(pdf)
    assert len(pages) >= 3
    printed = [w["text"] for words in pages for w in words if w["text"].startswith("word")]
    assert printed == long.split()


@pytest.mark.parametrize(("columns", "landscape"), [(2, False), (3, False), (4, True), (6, True)])
def test_four_or_more_columns_go_landscape(columns, landscape):
    names = tuple(f"Col{j}" for j in range(columns))
    rows = tuple(Row(label=f"Aspect {i}", cells=cells(*(f"cell {i}.{j} words to wrap" for j in range(columns))))
                 for i in range(5))
    topic = topic_with(Comparison(title="Wide", columns=names, rows=rows))
    for width, height in page_sizes(checked(render(topic), topic)):
        assert (width > height) == landscape


def test_wide_content_goes_landscape_and_orientation_follows_each_table():
    long_word = "Counter-revolutionary-wrecking-and-sabotage-organisation-member"
    narrow = Comparison(title="Narrow", columns=("A", "B"), rows=(Row(label="x", cells=cells("a", "b")),))
    wordy = Comparison(title="Wordy", columns=("A", "B", "C"), rows=(Row(label="x", cells=cells(long_word, "b", "c")),))
    topic = topic_with(narrow, wordy, narrow)
    pdf = checked(render(topic), topic)
    turned = [w > h for w, h in page_sizes(pdf)]
    assert turned == [False, True, False]
    # The running head sits at the top of the page and the footer at the bottom, each way up.
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[1]
        head = [w for w in page.extract_words() if w["text"] == "Comparisons"]
        assert head and head[0]["top"] < 40
        footer = [w for w in page.extract_words() if w["text"] == "Pack"]
        assert footer and footer[0]["bottom"] > page.height - 40


def test_first_table_wide_turns_the_first_page_with_its_band():
    rows = tuple(Row(label="r", cells=cells(*"abcd")) for _ in range(2))
    topic = topic_with(Comparison(title="Four", columns=("W", "X", "Y", "Z"), rows=rows))
    pdf = checked(render(topic), topic)
    assert [w > h for w, h in page_sizes(pdf)] == [True]
    assert "Test topic" in pdf_text(pdf)


def test_zebra_rows_differ_in_greyscale():
    """Alternate body rows are filled: the tint is still visibly grey when printed mono."""
    rows = tuple(Row(label=f"r{i}", cells=cells("a", "b")) for i in range(4))
    pdf = render(topic_with(Comparison(title="Zebra", columns=("A", "B"), rows=rows)))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        fills = [r["non_stroking_color"] for r in doc.pages[0].rects if r["fill"]]
    greys = {round(0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2], 2) for c in fills if c and len(c) == 3}
    assert any(0.85 <= g <= 0.97 for g in greys)


def test_sheet_command_builds_the_compare_view(tmp_path):
    out = tmp_path / "c.pdf"
    res = CliRunner().invoke(cli, ["sheet", str(REPO / "packs" / "gcse-stalin-ussr"), "01-death-of-lenin",
                                   "--view", "compare", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "Who would succeed Lenin? Stalin vs Trotsky" in pdf_text(out)


def test_same_input_same_bytes():
    topic = topic_with(Comparison(title="T", columns=("A", "B", "C", "D"), rows=(Row(label="x", cells=cells(*"abcd")),)))
    assert render(topic) == render(topic)
