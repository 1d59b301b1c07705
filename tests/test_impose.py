"""Imposition: sheets of exact size, backs exactly behind their fronts, cut marks outside the cards."""

from __future__ import annotations

import io
import math
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from conftest import pdf_text
from revpack.cutouts import CardOptions, calibration_sheet, make_cards
from revpack.impose import PRINTER_MARGIN, apply, cut_marks, plan_grid, rect_of, sheet_flip
from revpack.model import Pack, PackInfo
from revpack.theme import PAPERS, Style
from revpack.views.cards import CARD_SIZES
from test_cards import topic

PLACED = re.compile(rb"q ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) cm /Card(\d+) Do Q")


def pack(long_question: bool = False) -> Pack:
    return Pack(PackInfo(title="Test pack", id="test"), (topic(long=True, long_question=long_question),))


def placements(pdf: bytes) -> list[list[tuple[int, tuple[float, ...]]]]:
    """Per sheet page: (card PDF page index, placement matrix), read from the content stream."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        data = page.get_contents().get_data()
        out.append([(int(m[7]), tuple(float(v) for v in m.groups()[:6])) for m in PLACED.finditer(data)])
    return out


@pytest.mark.parametrize("size,paper,count", [("a7", "a4", 4), ("a6", "a4", 2), ("3x5", "letter", 4),
                                              ("4x6", "letter", 2)])
def test_as_many_cards_as_fit_inside_the_printer_margin(size: str, paper: str, count: int) -> None:
    grid = plan_grid(PAPERS[paper], CARD_SIZES[size])
    assert grid.per_sheet == count
    for slot in range(count):
        x0, y0, x1, y1 = rect_of(grid.front(slot), CARD_SIZES[size])
        assert x0 >= PRINTER_MARGIN and y0 >= PRINTER_MARGIN
        assert x1 <= PAPERS[paper][0] - PRINTER_MARGIN and y1 <= PAPERS[paper][1] - PRINTER_MARGIN
        assert math.isclose((x1 - x0) * (y1 - y0), CARD_SIZES[size][0] * CARD_SIZES[size][1], rel_tol=1e-9)


@pytest.mark.parametrize("duplex", ["long", "short"])
@pytest.mark.parametrize("offset", [(0.0, 0.0), (1.5, -2.0)])
@pytest.mark.parametrize("long_question", [False, True])  # a back continuing; a front (and a back) continuing
def test_every_back_lies_exactly_behind_its_front(duplex: str, offset: tuple[float, float],
                                                  long_question: bool) -> None:
    options = CardOptions(duplex=duplex, offset_mm=offset)
    made = make_cards(pack(long_question), Style(), options)
    reader = PdfReader(io.BytesIO(made.sheets))
    sheet = (float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height))
    assert sheet == pytest.approx(PAPERS["a4"], abs=0.01)
    pages = placements(made.sheets)
    assert len(pages) % 2 == 0
    card = CARD_SIZES["a7"]
    flip = sheet_flip(duplex, sheet)
    seen = 0
    for fronts, backs in zip(pages[::2], pages[1::2]):
        assert all(i % 2 == 0 for i, _ in fronts) and all(i % 2 == 1 for i, _ in backs)
        back_of = {i - 1: m for i, m in backs}
        for index, m in fronts:
            front = rect_of(m, card)
            bx0, by0, bx1, by1 = rect_of(back_of[index], card)
            # Undo the offset, then carry the back's rectangle through the sheet to the front side.
            dx, dy = offset[0] * mm, offset[1] * mm
            corners = [apply(flip, x - dx, y - dy) for x in (bx0, bx1) for y in (by0, by1)]
            behind = (min(c[0] for c in corners), min(c[1] for c in corners),
                      max(c[0] for c in corners), max(c[1] for c in corners))
            assert behind == pytest.approx(front, abs=1e-3)
            # And the back reads the right way: its card origin lands behind the front's far corner.
            ox, oy = apply(flip, *(v - d for v, d in zip(apply(back_of[index], 0, 0), (dx, dy))))
            assert (ox, oy) == pytest.approx(apply(m, card[0], 0), abs=1e-3)
            seen += 1
    assert seen == made.count


def test_manual_duplex_prints_fronts_then_backs_last_sheet_first() -> None:
    made = make_cards(pack(), Style(), CardOptions(duplex="none"))
    pages = placements(made.sheets)
    half = len(pages) // 2
    assert all(i % 2 == 0 for p in pages[:half] for i, _ in p)
    assert [p[0][0] + 1 for p in pages[:half]][::-1] == [p[0][0] for p in pages[half:]]
    assert "Pass 2: backs, last sheet first" in pdf_text(made.sheets)


@pytest.mark.parametrize("long_question", [False, True])
def test_fold_puts_each_back_beside_its_front_mirrored_in_the_fold(long_question: bool) -> None:
    made = make_cards(pack(long_question), Style(), CardOptions(fold=True))
    card = CARD_SIZES["a7"]
    for page in placements(made.sheets):
        rects = {i: rect_of(m, card) for i, m in page}
        for i in (k for k in rects if k % 2 == 0):
            f, b = rects[i], rects[i + 1]
            # They share one edge (the fold) and are the same size.
            shared = math.isclose(f[1], b[3], abs_tol=1e-3) or math.isclose(f[2], b[0], abs_tol=1e-3)
            assert shared


def test_cut_marks_lie_outside_every_card_and_meet_every_edge() -> None:
    grid = plan_grid(PAPERS["a4"], CARD_SIZES["a7"])
    rects = [rect_of(grid.front(s), grid.card) for s in range(grid.per_sheet)]
    marks = cut_marks(rects, PAPERS["a4"])
    for x0, y0, x1, y1 in marks:
        for r in rects:
            apart = max(x0, x1) < r[0] or min(x0, x1) > r[2] or max(y0, y1) < r[1] or min(y0, y1) > r[3]
            assert apart, "a cut mark crosses a card"
        assert 4 * mm - 1e-6 <= min(x0, x1) and max(x0, x1) <= PAPERS["a4"][0] - 4 * mm + 1e-6
    edges_x = {round(x, 3) for r in rects for x in (r[0], r[2])}
    edges_y = {round(y, 3) for r in rects for y in (r[1], r[3])}
    assert {round(m[0], 3) for m in marks if m[0] == m[2]} == edges_x
    assert {round(m[1], 3) for m in marks if m[1] == m[3]} == edges_y


def test_sheets_hold_every_word_and_the_leitner_page() -> None:
    made = make_cards(pack(), Style(), CardOptions(leitner=True))
    text = pdf_text(made.sheets)
    assert "Leitner" in text and "word399" in text and "Box" in text
    assert len(PdfReader(io.BytesIO(made.sheets)).pages) % 2 == 0


def test_calibration_sheet_has_two_sides() -> None:
    pdf = calibration_sheet(Style(), "long", (1.0, 0.0))
    text = pdf_text(pdf)
    assert "FRONT" in text and "BACK" in text and "--offset-x" in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2


def test_sheets_merge_into_another_pdf() -> None:
    """The pack build re-appends the sheets with pypdf: every stream must be an indirect object."""
    from pypdf import PdfWriter

    made = make_cards(pack(), Style(), CardOptions())
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(made.sheets)))
    out = io.BytesIO()
    writer.write(out)
    assert "word399" in pdf_text(out.getvalue())


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("size", sorted(CARD_SIZES))
def test_fold_on_paper_too_small_for_a_pair_is_one_line_and_writes_nothing(mini_pack, tmp_path, size: str,
                                                                          paper: str) -> None:
    from click.testing import CliRunner

    from revpack.cli import cli

    out = tmp_path / "out" / "cards.pdf"
    args = ["cards", str(mini_pack), "--size", size, "--paper", paper, "--fold", "-o", str(out)]
    res = CliRunner().invoke(cli, args)
    if size in ("a7", "3x5"):  # a pair is 210 or 254 mm long: it fits turned on either paper
        assert res.exit_code == 0, res.output
        assert out.exists()
        return
    pair = {"a6": "296 x 105", "4x6": "305 x 102"}[size]
    assert res.exit_code == 1
    assert res.output.splitlines() == [
        f"--size {size} with --fold: a card beside its back ({pair} mm) does not fit on {paper} paper inside "
        "the 8 mm printer margin; use --size a7 or --size 3x5, or leave out --fold and print two-sided; "
        "nothing was written."
    ]
    assert not (tmp_path / "out").exists()
