"""Preflight: real outputs pass; deliberately bad PDFs fail with the exact message."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from click.testing import CliRunner
from conftest import pdf_text
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from revpack.build import BuildOptions, build_sheet
from revpack.expectations import printed_words
from revpack.cli import cli
from revpack.model import Event, Pack, PackInfo, Point, Section, Topic
from revpack.preflight import Expectations, page_texts, preflight
from revpack.theme import register_family
from revpack.views import VIEWS

FONT = register_family("dejavu")[0]


def canvas_pdf(draw: Callable[[Canvas], None], pagesize=A4, pages: int = 1) -> bytes:
    """A PDF drawn straight onto a ReportLab canvas, in the embedded DejaVu unless `draw` says otherwise."""
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=pagesize, invariant=1, initialFontName=FONT, initialFontSize=12)
    for _ in range(pages):
        canv.setFont(FONT, 12)
        draw(canv)
        canv.showPage()
    canv.save()
    return buf.getvalue()


def middle(text: str, size: float = 12, font: str = FONT) -> Callable[[Canvas], None]:
    def draw(canv: Canvas) -> None:
        canv.setFont(font, size)
        canv.drawString(100 * mm, 150 * mm, text)

    return draw


A4_SHEET = Expectations.sheet("a4")


def test_a_clean_page_passes():
    assert preflight(canvas_pdf(middle("All well here")), A4_SHEET) == []


def test_unembedded_helvetica_is_named():
    pdf = canvas_pdf(middle("Standard font", font="Helvetica"))
    assert preflight(pdf, A4_SHEET) == ["font Helvetica is not embedded"]


def test_text_below_the_floor():
    pdf = canvas_pdf(middle("tiny words", size=6))
    assert preflight(pdf, A4_SHEET) == ["page 1: text 'tiny words' is 6 pt, below the 10 pt floor"]
    # 9 pt passes on cards, not on sheets.
    def on_card(canv: Canvas) -> None:
        canv.setFont(FONT, 9)
        canv.drawString(8 * mm, 50 * mm, "card words")

    pdf = canvas_pdf(on_card, pagesize=(74 * mm, 105 * mm))
    assert preflight(pdf, Expectations.cards("a7")) == []
    assert preflight(pdf, Expectations(sizes=("a7",), edge=0)) == [
        "page 1: text 'card words' is 9 pt, below the 10 pt floor"
    ]


def test_scaled_text_is_measured_as_printed():
    def draw(canv: Canvas) -> None:
        canv.translate(100 * mm, 150 * mm)
        canv.scale(0.5, 0.5)
        canv.setFont(FONT, 16)
        canv.drawString(0, 0, "halved")

    assert preflight(canvas_pdf(draw), A4_SHEET) == ["page 1: text 'halved' is 8 pt, below the 10 pt floor"]


def test_text_near_the_edge():
    def draw(canv: Canvas) -> None:
        canv.drawString(3 * mm, 150 * mm, "edge")

    assert preflight(canvas_pdf(draw), A4_SHEET) == [
        "page 1: text 'edge' is 3.0 mm from the paper edge (at least 8 mm needed)"
    ]


def test_text_running_off_the_right_edge_is_measured_by_its_glyphs():
    def draw(canv: Canvas) -> None:
        canv.drawString(A4[0] - 40 * mm, 150 * mm, "a line that runs on past the margin")

    assert preflight(canvas_pdf(draw), A4_SHEET) == [
        "page 1: text 'a line that runs on past the margin' is 0.0 mm from the paper edge (at least 8 mm needed)",
        "page 1: text 'a line that runs on past the margin' is cut off (outside the page or its clipping)",
    ]


def test_drawing_near_the_edge_and_cut_marks_exempt():
    def rule(canv: Canvas) -> None:
        canv.line(5 * mm, 100 * mm, 100 * mm, 100 * mm)

    assert preflight(canvas_pdf(rule), A4_SHEET) == [
        "page 1: drawing is 5.0 mm from the paper edge (at least 8 mm needed)"
    ]

    def marks(canv: Canvas) -> None:
        # Cut marks as a page artifact, the PDF's word for a production aid.
        canv.addLiteral("/Artifact <</Type /Page>> BDC")
        canv.line(4 * mm, 100 * mm, 9 * mm, 100 * mm)
        canv.addLiteral("EMC")
        canv.addLiteral("/CutMarks BMC")
        canv.line(100 * mm, 4 * mm, 100 * mm, 9 * mm)
        canv.addLiteral("EMC")
        canv.drawString(100 * mm, 150 * mm, "content")

    assert preflight(canvas_pdf(marks), A4_SHEET) == []


def test_allowed_rectangles():
    def mark(canv: Canvas) -> None:
        canv.line(4 * mm, 100 * mm, 9 * mm, 100 * mm)

    pdf = canvas_pdf(mark)
    allowed = Expectations(sizes=("a4",), allowed=((0, 90 * mm, 10 * mm, 110 * mm),))
    assert preflight(pdf, allowed) == []
    elsewhere = Expectations(sizes=("a4",), allowed=((0, 0, 10 * mm, 10 * mm),))
    assert preflight(pdf, elsewhere) == ["page 1: drawing is 4.0 mm from the paper edge (at least 8 mm needed)"]


def test_clipped_drawing_counts_only_where_it_shows():
    def draw(canv: Canvas) -> None:
        path = canv.beginPath()
        path.rect(20 * mm, 20 * mm, 100 * mm, 100 * mm)
        canv.clipPath(path, stroke=0, fill=0)
        canv.rect(0, 0, A4[0], A4[1], fill=1, stroke=0)  # a full-page fill, clipped to the square

    assert preflight(canvas_pdf(draw), A4_SHEET) == []


def test_wrong_page_size_and_landscape():
    pdf = canvas_pdf(middle("Letter, not A4"), pagesize=LETTER)
    assert preflight(pdf, A4_SHEET) == ["page 1: page size 612 x 792 pt is not A4"]
    turned = canvas_pdf(middle("sideways"), pagesize=landscape(A4))
    assert preflight(turned, A4_SHEET) == ["page 1: page size 842 x 595 pt is not A4"]
    assert preflight(turned, Expectations.sheet("a4", landscape=True)) == []
    assert preflight(pdf, Expectations(sizes=("a4", "letter"))) == []


def test_missing_expected_text():
    pdf = canvas_pdf(middle("The quick brown fox"))
    expect = Expectations.sheet("a4", text=["quick", "brown fox", "The  quick\nbrown", "Zebra", "jumps over"])
    assert preflight(pdf, expect) == ["text not found: 'Zebra'", "text not found: 'jumps over'"]


def test_many_missing_strings_are_counted_not_listed():
    pdf = canvas_pdf(middle("nothing"))
    problems = preflight(pdf, Expectations.sheet("a4", text=[f"w{i}" for i in range(20)]))
    assert problems[0] == "text not found: 'w0'"
    assert problems[-1] == "text not found: 8 more strings"
    assert len(problems) == 13


def test_text_inside_a_form_xobject_is_checked():
    def draw(canv: Canvas) -> None:
        canv.beginForm("card")
        canv.setFont(FONT, 6)
        canv.drawString(1 * mm, 1 * mm, "on the card")
        canv.endForm()
        canv.doForm("card")

    assert preflight(canvas_pdf(draw), A4_SHEET) == [
        "page 1: text 'on the card' is 0.5 mm from the paper edge (at least 8 mm needed)",
        "page 1: text 'on the card' is 6 pt, below the 10 pt floor",
    ]


def test_later_pages_can_have_their_own_floor():
    pdf = canvas_pdf(middle("card label", size=9), pages=3)
    expect = Expectations(sizes=("a4",), floors=((2, 9.0),))
    assert preflight(pdf, expect) == ["page 1: text 'card label' is 9 pt, below the 10 pt floor"]


def test_not_a_pdf():
    assert preflight(b"%PDF-1.4 garbage", A4_SHEET)[0].startswith("not a readable PDF")


# --- real outputs ------------------------------------------------------------------


def tiny_pack() -> Pack:
    topic = Topic(
        title="Collectivisation",
        id="coll",
        period="1928-34",
        summary="Peasants into **kolkhozy**; grain for the towns & for export.",
        sections=tuple(
            Section(heading=f"Section {i}", points=tuple(Point(text=f"Point {i}.{j}: the kulaks <b> & more") for j in range(12)))
            for i in range(9)  # more than a page even set tight (fit before flow)
        ),
        timeline=(Event(date="1929-12", event="Dekulakisation announced"),),
    )
    return Pack(PackInfo(title="Preflight pack", id="pf"), (topic,))


@pytest.fixture(scope="module")
def sheet_pdf() -> bytes:
    return build_sheet(tiny_pack(), "coll", "summary")


def test_a_real_sheet_passes_with_its_words(sheet_pdf):
    expected = printed_words(tiny_pack().topics[0], VIEWS["summary"])
    assert "kolkhozy;" in expected and "<b>" in expected and "Dekulakisation" in expected
    assert len(PdfReader(io.BytesIO(sheet_pdf)).pages) >= 2  # continued, so "(cont.)" is checked too
    assert preflight(sheet_pdf, Expectations.sheet("a4", text=expected)) == []


def test_our_text_matches_pypdf_text(sheet_pdf):
    ours = " ".join(page_texts(sheet_pdf)).split()
    theirs = pdf_text(sheet_pdf, fold=False).split()
    assert set(theirs) <= set(ours)


def test_build_sheet_letter(tmp_path):
    pdf = build_sheet(tiny_pack(), "coll", "summary", BuildOptions(paper="letter"))
    assert preflight(pdf, Expectations.sheet("letter")) == []
    assert preflight(pdf, A4_SHEET)[0] == "page 1: page size 612 x 792 pt is not A4"


# --- the command -------------------------------------------------------------------


def test_cli_preflight(tmp_path, sheet_pdf):
    good = tmp_path / "good.pdf"
    good.write_bytes(sheet_pdf)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(canvas_pdf(middle("tiny", size=6, font="Helvetica")))
    runner = CliRunner()
    res = runner.invoke(cli, ["preflight", str(good)])
    assert res.exit_code == 0, res.output
    assert res.output == f"{good}: 2 pages, no problems found.\n"
    res = runner.invoke(cli, ["preflight", str(bad), "--floor", "9"])
    assert res.exit_code == 1
    assert res.output == (
        f"{bad}: page 1: text 'tiny' is 6 pt, below the 9 pt floor\n"
        f"{bad}: font Helvetica is not embedded\n"
        "2 problems found.\n"
    )
    res = runner.invoke(cli, ["preflight", str(good), "--paper", "letter"])
    assert res.exit_code == 1 and "is not Letter" in res.output


def test_text_off_the_page_or_clipped_is_lost():
    def off(canv: Canvas) -> None:
        canv.drawString(A4[0] - 30 * mm, 150 * mm, "runs off the page entirely, far too long")

    assert "page 1: text 'runs off the page entirely, far too long' is cut off (outside the page or its clipping)" in (
        preflight(canvas_pdf(off), Expectations.cards("a4"))
    )

    def clipped(canv: Canvas) -> None:
        path = canv.beginPath()
        path.rect(20 * mm, 20 * mm, 30 * mm, 100 * mm)
        canv.clipPath(path, stroke=0, fill=0)
        canv.drawString(25 * mm, 50 * mm, "wider than its clipping box")

    assert preflight(canvas_pdf(clipped), A4_SHEET) == [
        "page 1: text 'wider than its clipping box' is cut off (outside the page or its clipping)"
    ]


@pytest.mark.parametrize("paper,size", [("letter", "3x5"), ("a4", "a7")])
def test_cut_out_sheets_pass_with_their_cut_marks(paper, size):
    from revpack.cutouts import CardOptions, make_cards
    from revpack.theme import CARD_MIN, Style

    made = make_cards(tiny_pack(), Style(paper=paper), CardOptions(size=size, paper=paper))
    assert preflight(made.cards, Expectations.cards(size)) == []
    assert preflight(made.sheets, Expectations(sizes=(paper,), floor=CARD_MIN)) == []


def test_running_heads_name_the_topic_and_view_and_a_long_one_is_shortened_not_cut_off():
    topic = tiny_pack().topics[0]
    title = "The NEP debate, the grain crisis and the defeat of the Right"
    long = Topic(title=title, id="coll", sections=topic.sections)
    pack = Pack(PackInfo(title="Bolshevik and Stalinist Russia, 1917-53", id="pf"), (long,))
    pdf = build_sheet(pack, "coll", "summary")  # raises OutputError if preflight fails
    pages = page_texts(pdf)
    assert len(pages) >= 2
    assert "(cont.)" not in pages[0].split(title)[0]  # the first page has its band, no running head
    for page in pages[1:]:
        assert page.startswith(f"1 \u00b7 {title} \u2014 Summary sheet (cont.)")
    for page in pages:  # the footer: the same on every page, the pack's title (then the number)
        assert "Bolshevik and Stalinist Russia, 1917\u201353" in page
    longer = Topic(title=" and ".join([title] * 4), id="coll", sections=topic.sections)
    pdf = build_sheet(Pack(pack.info, (longer,)), "coll", "summary")
    head = page_texts(pdf)[1]
    assert head.startswith(f"1 \u00b7 {title} and ") and "\u2026 \u2014 Summary sheet (cont.)" in head
