"""Imposition: card-sized pages placed N-up on A4 or Letter, with cut marks and duplex backs.

Each card face is rendered once (`views/cards.py`); here every face page of
that PDF becomes a form XObject, drawn on the sheets with a placement matrix
(``q a b c d e f cm /Card7 Do Q``). Sheets are always portrait, so "long edge"
and "short edge" mean what the printer dialog means; cards are turned 90
degrees when that fits more of them.

Registration is exact by construction. A back is placed with

    M_back = offset . flip . M_front . turn

where ``turn`` is turning the card over like a page (card x -> width - x) and
``flip`` maps a point of the back page to the point of the front page behind
it: x -> W - x for a long-edge flip, y -> H - y for a short-edge flip, and the
reflection in the fold line for ``--fold``. So every back's rectangle is
exactly behind its front's, and each back reads upright when the cut card is
turned over side to side, whichever flip the printer does.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject
from reportlab.lib.units import mm

from revpack.assemble import _stream
from revpack.drawn import Canvas  # keeps what it drew, for the checks after (drawn.py)
from revpack.labels import Words
from revpack.pdfmetrics_cache import text_width
from revpack.render import FOOTER_RULE, draw_footer, prime_fonts
from revpack.theme import CARD_MIN, Style

PRINTER_MARGIN = 8 * mm  # printers cannot print nearer the edge; cards and marks stay inside
MARK_GAP = 1.5 * mm  # cut marks start this far from the card edge ...
MARK_LEN = 5 * mm  # ... and run this far outwards (less if the margin is narrow)
EDGE = 4 * mm  # ... but never nearer the paper edge than this
LABEL = CARD_MIN

DUPLEX = ("long", "short", "none")

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def compose(outer: Matrix, inner: Matrix) -> Matrix:
    """The matrix applying `inner` first, then `outer` (PDF's [a b c d e f] convention)."""
    a1, b1, c1, d1, e1, f1 = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (
        a1 * a2 + c1 * b2,
        b1 * a2 + d1 * b2,
        a1 * c2 + c1 * d2,
        b1 * c2 + d1 * d2,
        a1 * e2 + c1 * f2 + e1,
        b1 * e2 + d1 * f2 + f1,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    """Where matrix `m` takes the point (x, y)."""
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def translate(x: float, y: float) -> Matrix:
    return (1.0, 0.0, 0.0, 1.0, x, y)


def rect_of(m: Matrix, size: tuple[float, float]) -> tuple[float, float, float, float]:
    """The (x0, y0, x1, y1) rectangle a card of `size` covers once placed by `m`."""
    corners = [apply(m, x, y) for x in (0, size[0]) for y in (0, size[1])]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return min(xs), min(ys), max(xs), max(ys)


def turn_over(card: tuple[float, float]) -> Matrix:
    """Turning a card over like a page: card x -> width - x."""
    return (-1.0, 0.0, 0.0, 1.0, card[0], 0.0)


def sheet_flip(duplex: str, sheet: tuple[float, float]) -> Matrix:
    """Back-page point -> the front-page point behind it, for how the printer turns the sheet."""
    if duplex == "short":
        return (1.0, 0.0, 0.0, -1.0, 0.0, sheet[1])
    return (-1.0, 0.0, 0.0, 1.0, sheet[0], 0.0)  # long edge; a manual pass is turned the same way


@dataclass(frozen=True)
class Grid:
    """Where the cards go on a sheet: `cols` x `rows` cells, row by row from the top left.

    A cell holds one card, or with ``fold`` a front and its back side by side
    (one above the other when turned).
    """

    sheet: tuple[float, float]
    card: tuple[float, float]
    cols: int
    rows: int
    turned: bool  # cards placed at 90 degrees
    fold: bool = False

    @property
    def per_sheet(self) -> int:
        return self.cols * self.rows

    @property
    def cell(self) -> tuple[float, float]:
        w, h = self.card
        if self.fold:
            w, h = 2 * w, h
        return (h, w) if self.turned else (w, h)

    @property
    def origin(self) -> tuple[float, float]:
        """The lower left corner of the block of cells, centred on the sheet."""
        cw, ch = self.cell
        return (self.sheet[0] - self.cols * cw) / 2, (self.sheet[1] - self.rows * ch) / 2

    def front(self, slot: int) -> Matrix:
        """Card coordinates -> sheet coordinates for the front in `slot`."""
        row, col = divmod(slot, self.cols)
        cw, ch = self.cell
        x0, y0 = self.origin
        x, y = x0 + col * cw, y0 + (self.rows - 1 - row) * ch
        w, h = self.card
        if not self.turned:
            return translate(x, y)
        # Turned a quarter anticlockwise; with fold the front takes the cell's upper half.
        return (0.0, 1.0, -1.0, 0.0, x + h, y + (w if self.fold else 0.0))

    def fold_line(self, slot: int) -> Matrix:
        """The reflection in the fold line of the pair in `slot`."""
        x0, y0, x1, y1 = rect_of(self.front(slot), self.card)
        if self.turned:
            return (1.0, 0.0, 0.0, -1.0, 0.0, 2 * y0)
        return (-1.0, 0.0, 0.0, 1.0, 2 * x1, 0.0)

    def back(self, slot: int, duplex: str, offset: tuple[float, float] = (0.0, 0.0)) -> Matrix:
        """Card coordinates -> coordinates of the page the back is printed on.

        For duplex this is the backs page (shifted by `offset`, in points, to
        correct a printer); for fold it is the same page, behind the fold.
        """
        flip = self.fold_line(slot) if self.fold else sheet_flip(duplex, self.sheet)
        placed = compose(flip, compose(self.front(slot), turn_over(self.card)))
        return placed if self.fold else compose(translate(*offset), placed)


def plan_grid(
    sheet: tuple[float, float], card: tuple[float, float], fold: bool = False, margin: float = PRINTER_MARGIN
) -> Grid:
    """The grid that fits the most cards inside `margin`; upright cards win a tie.

    `ValueError` if not one card (with ``fold``, one pair) fits: check `card_fits` first.
    """
    best = _best_grid(sheet, card, fold, margin)
    if best is None:
        raise ValueError("the card is larger than the printable area of the sheet")
    return best


def card_fits(sheet: tuple[float, float], card: tuple[float, float], fold: bool = False,
         margin: float = PRINTER_MARGIN) -> bool:
    """Whether one card (with ``fold``, a card beside its back) fits inside `margin`, either way round."""
    return _best_grid(sheet, card, fold, margin) is not None


def _best_grid(
    sheet: tuple[float, float], card: tuple[float, float], fold: bool, margin: float
) -> Grid | None:
    """`plan_grid`'s grid, or None where not one card fits."""
    usable_w, usable_h = sheet[0] - 2 * margin, sheet[1] - 2 * margin
    best: Grid | None = None
    for turned in (False, True):
        probe = Grid(sheet, card, 1, 1, turned, fold)
        cw, ch = probe.cell
        cols, rows = math.floor(usable_w / cw + 1e-9), math.floor(usable_h / ch + 1e-9)
        grid = Grid(sheet, card, cols, rows, turned, fold)
        if cols and rows and (best is None or grid.per_sheet > best.per_sheet):
            best = grid
    return best


@dataclass(frozen=True)
class Side:
    """One page of the cut-out sheets: which face pages go where, and its margin labels."""

    placements: tuple[tuple[int, Matrix], ...]  # (page index in the card PDF, matrix)
    left: str = ""
    right: str = ""
    fold_lines: tuple[tuple[float, float, float, float], ...] = ()
    outlines: bool = False  # a thin line round every card, to cut along with scissors


OUTLINE = 0.3  # points: the card outlines' line width, thin enough to vanish in a cut


def sheet_chunks(groups: Sequence[tuple[int, Sequence[int]]], per_sheet: int,
                 fill: bool = False, words: Words = Words()) -> list[tuple[str, list[int]]]:
    """The cards of each sheet, with its name: each group (topic number, card indices) starts a
    new sheet, or with `fill` the groups run on so every sheet but the last is full."""
    if fill:
        cards = [(topic, c) for topic, cs in groups for c in cs]
        chunks = [cards[i : i + per_sheet] for i in range(0, len(cards), per_sheet)]
        out = []
        for k, chunk in enumerate(chunks, 1):
            first, last = chunk[0][0], chunk[-1][0]
            topics = words("sheet_topic", n=first) if first == last else words("sheet_topics", first=first, last=last)
            out.append((f"{topics} \u00b7 {words('sheet_of', n=k, total=len(chunks))}", [c for _, c in chunk]))
        return out
    out = []
    for topic, cards_ in groups:
        parts = [list(cards_[i : i + per_sheet]) for i in range(0, len(cards_), per_sheet)]
        out += [(f"{words('sheet_topic', n=topic)} \u00b7 {words('sheet_of', n=k, total=len(parts))}", part)
                for k, part in enumerate(parts, 1)]
    return out


def plan_sides(
    groups: Sequence[tuple[int, Sequence[int]]],
    grid: Grid,
    duplex: str = "long",
    offset: tuple[float, float] = (0.0, 0.0),
    *,
    fill: bool = False,
    outlines: bool = False,
    words: Words = Words(),
) -> list[Side]:
    """The pages of the cut-out sheets for groups of cards: (topic number, card indices).

    Card ``i`` is pages ``2i`` (front) and ``2i + 1`` (back) of the card PDF.
    Each group starts a new sheet, unless `fill` (`sheet_chunks`). Duplex: each
    fronts page is followed by its backs page. ``none``: all fronts, then all
    backs last sheet first, as a manual second pass needs. ``fold``: one page a
    sheet, each back beside its front. `outlines` draws a thin line round every
    card on the sides cut from (fronts, and fold sheets).
    """
    fronts: list[Side] = []
    backs: list[Side] = []
    edge = "long" if duplex != "short" else "short"
    for name, chunk in sheet_chunks(groups, grid.per_sheet, fill, words):
        front = tuple((2 * c, grid.front(slot)) for slot, c in enumerate(chunk))
        back = tuple((2 * c + 1, grid.back(slot, duplex, offset)) for slot, c in enumerate(chunk))
        if grid.fold:
            folds = tuple(_fold_segment(grid, slot) for slot in range(len(chunk)))
            fronts.append(Side(front + back, name, words("fold_note"), folds, outlines))
        elif duplex == "none":
            fronts.append(Side(front, f"{name} \u00b7 {words('fronts')}", words("pass_1"), outlines=outlines))
            backs.append(Side(back, f"{name} \u00b7 {words('backs')}", words("pass_2")))
        else:
            flip = words(f"flip_{edge}")
            fronts.append(Side(front, f"{name} \u00b7 {words('fronts')}", flip, outlines=outlines))
            backs.append(Side(back, f"{name} \u00b7 {words('backs')}", flip))
    if grid.fold:
        return fronts
    if duplex == "none":
        return fronts + backs[::-1]
    return [side for pair in zip(fronts, backs) for side in pair]


def _fold_segment(grid: Grid, slot: int) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = rect_of(grid.front(slot), grid.card)
    return (x0, y0, x1, y0) if grid.turned else (x1, y0, x1, y1)


def cut_marks(rects: Sequence[tuple[float, float, float, float]], sheet: tuple[float, float]) -> list:
    """Cut-mark segments (x0, y0, x1, y1) in the margin, in line with every card edge.

    They start outside the block of cards, so no line crosses a card.
    """
    if not rects:
        return []
    left = min(r[0] for r in rects)
    bottom = min(r[1] for r in rects)
    right = max(r[2] for r in rects)
    top = max(r[3] for r in rects)
    xs = sorted({round(x, 3) for r in rects for x in (r[0], r[2])})
    ys = sorted({round(y, 3) for r in rects for y in (r[1], r[3])})
    width, height = sheet
    out = []
    for x in xs:
        out.append((x, bottom - MARK_GAP, x, max(EDGE, bottom - MARK_GAP - MARK_LEN)))
        out.append((x, top + MARK_GAP, x, min(height - EDGE, top + MARK_GAP + MARK_LEN)))
    for y in ys:
        out.append((left - MARK_GAP, y, max(EDGE, left - MARK_GAP - MARK_LEN), y))
        out.append((right + MARK_GAP, y, min(width - EDGE, right + MARK_GAP + MARK_LEN), y))
    return out


def _decorations(sides: Sequence[Side], card: tuple[float, float], sheet: tuple[float, float], style: Style) -> bytes:
    """The sheets without the cards: cut marks, fold lines and the margin labels."""
    return draw_sheets(sides, card, sheet, style)


def draw_sheets(sides: Sequence[Side], card: tuple[float, float], sheet: tuple[float, float], style: Style,
                draw_card: Callable[[Canvas, int], None] | None = None, footer: str = "") -> bytes:
    """The cut-out sheets on one canvas: each side's decorations, then (with `draw_card`) every
    card drawn in place, `draw_card(canvas, index)` drawing face page `index` with its origin at
    the card's lower left, clipped to the card as an imposed face page would be. `footer` (a
    pack's title) runs along the foot of every sheet whose cut marks leave the footer's room."""
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=sheet, invariant=1, pageCompression=1, initialFontName=style.font,
                  initialFontSize=LABEL)
    prime_fonts(canv, style)
    for side in sides:
        if draw_card is None:
            _decorate(canv, side, card, sheet, style)
        else:
            canv.saveState()  # the decorations' state ends before the cards go on
            _decorate(canv, side, card, sheet, style)
            canv.restoreState()
            for index, m in side.placements:
                canv.saveState()
                canv.transform(*m)
                clip = canv.beginPath()
                clip.rect(0, 0, *card)
                canv.clipPath(clip, stroke=0, fill=0)
                draw_card(canv, index)
                canv.restoreState()
        if footer and _foot_is_clear(side, card):
            draw_footer(canv, style, footer)
        canv.showPage()
    canv.save()
    return canv.drawn(buf.getvalue())


def _foot_is_clear(side: Side, card: tuple[float, float]) -> bool:
    """Whether the side's lowest cut marks end above the footer's rule (a grid that fills the
    paper leaves its foot to the marks, and the sheet then carries only its page number)."""
    bottom = min((rect_of(m, card)[1] for _, m in side.placements), default=0.0)
    return bottom - MARK_GAP - MARK_LEN > FOOTER_RULE + 2 * mm


def _decorate(canv: Canvas, side: Side, card: tuple[float, float], sheet: tuple[float, float], style: Style) -> None:
    """One side's cut marks, card outlines, fold lines and margin labels."""
    rects = [rect_of(m, card) for _, m in side.placements]
    canv.setStrokeColor(style.ink)
    canv.setLineWidth(0.5)
    # Cut marks are page artifacts (production aids, not content): preflight lets
    # them into the 8 mm edge margin, where everything else is refused.
    canv.addLiteral("/Artifact <</Type /Page>> BDC")
    for x0, y0, x1, y1 in cut_marks(rects, sheet):
        canv.line(x0, y0, x1, y1)
    canv.addLiteral("EMC")
    if side.outlines:  # under the cards, which leave their edges blank (`views.cards.SAFE`)
        canv.setStrokeColor(style.muted)
        canv.setLineWidth(OUTLINE)
        for x0, y0, x1, y1 in rects:
            canv.rect(x0, y0, x1 - x0, y1 - y0, stroke=1, fill=0)
        canv.setLineWidth(0.5)
    canv.setDash(3, 2)
    canv.setStrokeColor(style.muted)
    for x0, y0, x1, y1 in side.fold_lines:
        canv.line(x0, y0, x1, y1)
    canv.setDash()
    if rects:
        _labels(canv, side, rects, style)


def _labels(canv: Canvas, side: Side, rects, style: Style) -> None:
    """The side's labels above the cards, clear of the cut marks beside each column edge."""
    left = min(r[0] for r in rects)
    right = max(r[2] for r in rects)
    base = max(r[3] for r in rects) + MARK_GAP + 1
    canv.setFont(style.bold, LABEL)
    canv.setFillColor(style.ink)
    canv.drawString(left + MARK_GAP + 1, base, side.left)
    # Side by side where the cards on this sheet are wide enough (a last sheet may hold a single
    # narrow card): else the right-hand label goes on the line above, never over the left one.
    room = right - left - 2 * (MARK_GAP + 1)
    if text_width(side.left, style.bold, LABEL) + text_width(side.right, style.font, LABEL) + 6 > room:
        base += 1.25 * LABEL
    canv.setFont(style.font, LABEL)
    canv.setFillColor(style.muted)
    canv.drawRightString(right - MARK_GAP - 1, base, side.right)


def label_fits(side: Side, grid: Grid, style: Style) -> bool:
    """Whether the labels stay between the column edges (and so clear of the cut marks)."""
    col = grid.cell[0] - 2 * (MARK_GAP + 1)
    lw = text_width(side.left, style.bold, LABEL)
    rw = text_width(side.right, style.font, LABEL)
    return lw + rw + 6 < col if grid.cols == 1 else max(lw, rw) < col


def _form(page, writer: PdfWriter):
    """A card face page as a form XObject in `writer` (drawn once, placed anywhere)."""
    form = _stream(page.get_contents().get_data())
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(float(v)) for v in page.mediabox]),
            NameObject("/Resources"): page["/Resources"].clone(writer),
        }
    )
    return writer._add_object(form.flate_encode())  # noqa: SLF001 - pypdf has no public add_object


def impose(
    card_pdf: bytes | PdfReader,
    sides: Sequence[Side],
    card: tuple[float, float],
    sheet: tuple[float, float],
    style: Style,
) -> PdfWriter:
    """The cut-out sheets: the decorations of `sides` with the card faces placed as forms."""
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(_decorations(sides, card, sheet, style))), import_outline=False)
    reader = card_pdf if isinstance(card_pdf, PdfReader) else PdfReader(io.BytesIO(card_pdf))
    faces = list(reader.pages)  # one walk of the page tree, then O(1) access
    forms: dict[int, object] = {}
    opening = writer._add_object(_stream(b"q\n"))  # noqa: SLF001
    for page, side in zip(writer.pages, sides):
        ops, names = [], DictionaryObject()
        for index, m in side.placements:
            if index not in forms:
                forms[index] = _form(faces[index], writer)
            name = f"/Card{index}"
            names[NameObject(name)] = forms[index]
            ops.append("q " + " ".join(f"{v:.4f}" for v in m) + f" cm {name} Do Q")
        contents = page.raw_get("/Contents")  # the reference: a stream must stay an indirect object
        resolved = contents.get_object()
        existing = [resolved.raw_get(i) for i in range(len(resolved))] if isinstance(resolved, ArrayObject) else [contents]
        # The decorations' own state is closed off (q ... Q) before the cards go on.
        extra = writer._add_object(_stream(("Q\n" + "\n".join(ops) + "\n").encode("ascii")))  # noqa: SLF001
        page[NameObject("/Contents")] = ArrayObject([opening, *existing, extra])
        resources = DictionaryObject(page["/Resources"].get_object())
        resources[NameObject("/XObject")] = names
        page[NameObject("/Resources")] = resources
    return writer


__all__ = ["DUPLEX", "Grid", "Side", "card_fits", "cut_marks", "draw_sheets", "impose", "plan_grid", "plan_sides", "sheet_chunks"]
