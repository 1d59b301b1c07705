"""Story -> PDF bytes: page templates, the running footer, document metadata.

Every fragment is rendered in ReportLab's invariant mode (fixed dates, honouring
``SOURCE_DATE_EPOCH``; fixed document ID), so the same input gives the same bytes.
Page numbers are not drawn here: the assembler stamps them once the final order
of pages is known (see `assemble.stamp_footers`).
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from dataclasses import dataclass, replace

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, FrameBreak, PageTemplate
from reportlab.platypus.doctemplate import ActionFlowable, LayoutError
from reportlab.platypus.flowables import BalancedColumns

from revpack import __version__
from revpack.drawn import Canvas
from revpack.layout import COLUMNS_TAG, shorten
from revpack.markup import typeset
from revpack.theme import Style


def _copy_percentage(self):
    """A copy of ReportLab's percentage value (a sub/superscript's ``rise="35%"``), as its own
    ``_PCT.__copy__`` means to make it: that one names an undefined ``normalizer`` and raises
    NameError, so deep-copying a story with H_2O in it (`render_story` copies the story for
    each attempt at balancing columns) failed on every two-column sheet with a formula."""
    from reportlab.platypus.paraparser import _PCT

    out = float.__new__(_PCT, float(self))  # (`_PCT(v)` would take v as a percentage again)
    out._value, out._normalizer = self._value, getattr(self, "_normalizer", 1.0)
    return out


def _mend_reportlab() -> None:
    from reportlab.platypus import paraparser

    if hasattr(paraparser, "_PCT"):
        paraparser._PCT.__copy__ = _copy_percentage  # (its __deepcopy__ calls __copy__)


_mend_reportlab()
FOOTER_BASELINE = 10.5 * mm  # text stays well over 8 mm from the paper edge
FOOTER_RULE = 14.5 * mm
BODY_BOTTOM = 18 * mm
# A running head sits in the top margin of every page of a view after its first; those
# pages' text starts lower (`head_place`), so the head never meets the content under it.
HEAD_BASELINE = 11.5 * mm  # from the paper's top edge, at least
HEAD_ROOM = 4 * mm  # how much lower the text of a later page starts, at least
HEAD_GAP = 3 * mm  # between the head's descenders and the text frame
# Page furniture is marked content (PDF 32000 14.8.2.2): readers, the preflight's floor and
# the make-up audit tell it from content.
FURNITURE = "/Artifact <</Type /Pagination>>"
COLUMN_GAP = 6 * mm
PRINTABLE = 8 * mm  # printers leave this much of the paper edge blank


@dataclass(frozen=True)
class DocInfo:
    """Document metadata written into /Info."""

    title: str
    author: str = ""
    subject: str = ""
    keywords: str = ""


def prime_fonts(canv, style: Style) -> None:
    """Assign `style.charset` to every face's subsets before anything is drawn.

    ReportLab numbers subset glyphs in order of first use; priming makes every
    fragment's subsets identical, so pypdf can keep one copy per face in a pack.
    """
    for name in style.fonts:
        pdfmetrics.getFont(name).splitString(style.charset, canv._doc)  # noqa: SLF001


def draw_page(canv, style: Style) -> None:
    """Colour the page when the theme tints it (the dyslexia theme's cream); else draw nothing.

    The colour stops 8 mm from the paper edge, where printers stop anyway, so the
    page looks on screen as it will on paper and preflight's edge rule holds.
    """
    if style.look.page:
        width, height = canv._pagesize  # noqa: SLF001  (cards and sheets have different pages)
        canv.saveState()
        canv.setFillColor(style.page)
        canv.rect(PRINTABLE, PRINTABLE, width - 2 * PRINTABLE, height - 2 * PRINTABLE, stroke=0, fill=1)
        canv.restoreState()


def draw_footer(canv, style: Style, text: str, cites: bool = False) -> None:
    """The running footer: a hairline and the pack's title, left-aligned, in furniture type
    (none if no text).

    Room is left at the right for the page number and, on a worksheet (`cites`), for the
    "Answers: page N" the pack stamps beside it (see `assemble.stamp_footers`)."""
    if not text:
        return
    width, _ = style.pagesize
    m, size = style.margin, style.type.furniture
    canv.saveState()
    canv.addLiteral(f"{FURNITURE} BDC")
    canv.setStrokeColor(style.rule)
    canv.setLineWidth(0.5)
    canv.line(m, FOOTER_RULE, width - m, FOOTER_RULE)
    canv.setFont(style.font, size)
    canv.setFillColor(style.muted)
    room = width - 2 * m - FOOTER_NUMBER_ROOM
    if cites:
        room -= pdfmetrics.stringWidth(style.words("answers_page", page="0000"), style.font, size) + CITE_GAP
    canv.drawString(m, FOOTER_BASELINE, fit_footer(typeset(text), style.font, room, size))
    canv.addLiteral("EMC")
    canv.restoreState()


@dataclass(frozen=True)
class RunningHead:
    """What the later pages of a view say at their head: "3 · The Great Terror — Summary sheet
    (cont.)" (the topic's number, its title, the view), so a loose sheet says what it is."""

    title: str
    number: str = ""
    view: str = ""

    def line(self, style: Style, room: float, size: float) -> str:
        """The head within `room` points: the title cut with an ellipsis if it must be."""
        from revpack.pdfmetrics_cache import text_width as width_of

        before = f"{self.number} \u00b7 " if self.number else ""
        after = (f" \u2014 {typeset(self.view)}" if self.view else "") + f" {style.words('continued')}"

        def fits(title: str) -> bool:
            return width_of(before + title + after, style.font, size) <= room

        return before + shorten(typeset(self.title), fits) + after


def head_place(style: Style) -> tuple[float, float]:
    """Where a running head goes in `style`: its baseline's distance from the paper's top
    edge, and how much lower than a first page's the text of a later page starts. A face
    with tall ascenders (OpenDyslexic) sets it lower, to keep it off the unprintable edge."""
    face = pdfmetrics.getFont(style.font).face
    size = style.type.furniture
    baseline = max(HEAD_BASELINE, PRINTABLE + face.ascent / 1000 * size + 0.5 * mm)
    room = max(HEAD_ROOM, baseline - face.descent / 1000 * size + HEAD_GAP - style.margin)
    return baseline, room


def draw_running_head(canv, style: Style, head: RunningHead | None) -> None:
    """`head` left-aligned in the top margin, in furniture type (nothing if None)."""
    if head is None:
        return
    width, height = style.pagesize
    m, size = style.margin, style.type.furniture
    canv.saveState()
    canv.addLiteral(f"{FURNITURE} BDC")
    canv.setFont(style.font, size)
    canv.setFillColor(style.muted)
    canv.drawString(m, height - head_place(style)[0], head.line(style, width - 2 * m, size))
    canv.addLiteral("EMC")
    canv.restoreState()


FOOTER_NUMBER_ROOM = 14 * mm  # the stamped page number sits at the footer's right
CITE_GAP = 12  # points between that and the page number


def fit_footer(text: str, font: str, room: float, size: float = 10) -> str:
    """The footer line within `room`: the leading " · " part dropped (the pack title), then
    the next (the topic title) cut with an ellipsis, keeping the last (the view's label).
    The footer repeats what the page says, so shortening it loses nothing."""
    from revpack.pdfmetrics_cache import text_width  # a local name: this module has its own text_width

    sep = " \u00b7 "
    parts = text.split(sep)

    def fits(first: str) -> bool:
        return text_width(sep.join([first, *parts[1:]]), font, size) <= room

    while not fits(parts[0]) and len(parts) > 2:
        parts.pop(0)
    return sep.join([shorten(parts[0], fits), *parts[1:]])


def _frame(x: float, y: float, w: float, h: float, name: str, level: bool = False) -> Frame:
    """A frame without padding; a `_Level` one (its foot levelled as the page ends) if `level`."""
    return (_Level if level else Frame)(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                                        id=name)


def body_frames(style: Style, columns: int = 1, top_reserved: float = 0) -> list[Frame]:
    """The text frames of a page: `columns` equal columns between the margins."""
    width, height = style.pagesize
    m = style.margin
    usable = width - 2 * m
    col_w = (usable - COLUMN_GAP * (columns - 1)) / columns
    top = height - m - top_reserved
    return [
        _frame(m + i * (col_w + COLUMN_GAP), BODY_BOTTOM, col_w, top - BODY_BOTTOM, f"col{i}")
        for i in range(columns)
    ]


def _height(flowables: Sequence[Flowable], width: float, height: float, limit: float = float("inf")) -> float:
    """The stacked height of `flowables` at `width` (counting stops once past `limit`)."""
    total = 0.0
    for i, f in enumerate(flowables):
        total += f.wrap(width, height)[1] + f.getSpaceAfter() + (f.getSpaceBefore() if i else 0)
        if total > limit:
            break
    return total


def _fits_one_page(story: Sequence[Flowable], style: Style, columns: int, top_h: float) -> bool:
    """Whether `story` would fill less than the columns of one page (with room to spare)."""
    frame = body_frames(style, columns, top_reserved=top_h)[0]
    room = 0.92 * columns * frame._height
    return _height(story, frame._width, frame._height, limit=room) < room


PAGE, TURNED = "page", "turned"  # page templates: the style's own orientation, and turned sideways


def turned(style: Style) -> Style:
    """`style` with its paper turned the other way (portrait <-> landscape)."""
    return replace(style, landscape=not style.landscape)


class Turn(ActionFlowable):
    """Continue the story on a new page turned sideways (`turned`) or back upright.

    As the first item of a story it sets the first page's orientation instead
    (no page break). Each orientation has its own frames and footer.
    """

    def __init__(self, turned: bool):
        super().__init__()
        self.turned = turned

    def apply(self, doc) -> None:
        doc.handle_nextPageTemplate(TURNED if self.turned else PAGE)
        doc.handle_pageBreak()


def render_story(
    story: Sequence[Flowable],
    style: Style,
    info: DocInfo,
    *,
    footer: str = "",
    cites: bool = False,
    columns: int = 1,
    header: Sequence[Flowable] = (),
    balance: bool = True,
    first: bytes | None = None,
    head: RunningHead | None = None,
) -> bytes:
    """Lay out `story` on pages of `style`'s paper and return the PDF bytes.

    `footer` runs along the bottom of every page (with room for an answer-page
    citation if the pages `cites` one); `head` runs along the top of every page
    but the first, whose text starts lower to make room for it.
    `header` spans the full width at the top of the first page; `story` flows
    through `columns` columns below it and on the following pages. A `Turn`
    in the story switches page orientation (see `Turn`).
    The last page's columns are balanced unless `balance` is false; `first`, the
    same story already laid out unbalanced, saves laying it out again.
    """
    story = list(story)
    sideways = turned(style)
    start = sideways if story and isinstance(story[0], Turn) and story.pop(0).turned else style
    width, height = start.pagesize
    top_h = _height(header, text_width(start), height) if header else 0.0
    if top_h > 0.4 * (height - start.margin - BODY_BOTTOM):
        story, header, top_h = [*header, *story], (), 0.0  # too tall to sit above the columns
    balanced, set_in = False, columns
    if columns > 1 and len(story) > 1 and _fits_one_page(story, start, columns, top_h):
        # Short content: balance it across the columns rather than fill one and leave one empty.
        story = [BalancedColumns(list(story), nCols=columns, innerPadding=COLUMN_GAP)]
        columns, balanced = 1, True
    page = _Pages(style, start, sideways, info, footer, cites, columns, header, top_h, head, set_in=set_in)
    if columns == 1 or balanced or not balance or any(isinstance(f, Turn) for f in story):
        return first or page.render(story)
    # Columns over several pages: the last page's columns are made the same height by
    # shortening them until the content would no longer fit on it.
    first = first or page.render(copy.deepcopy(story))
    count, depths = _last_page(first)
    if count < 2:
        return first  # (one page: its columns were balanced above, if short)
    depths = (*depths, 0.0)[:2]  # one column used: the other is empty
    line = style.body.leading
    frame_h = page.frame_height()

    def level() -> bytes:
        """`first`, its last page's column feet brought level (`_level_feet`) if they are not."""
        if abs(depths[0] - depths[1]) <= 1 or min(depths) <= 0:
            return first
        return page.render(copy.deepcopy(story), last=(count, frame_h), level=True)

    if sum(depths) < 2 * 3 * line:
        return first  # too little to share between columns (see views.render_view)
    if abs(depths[0] - depths[1]) <= BALANCE:
        return level()  # balanced: only the feet made level

    def attempt(target: float) -> tuple[bytes, tuple[float, ...]] | None:
        """The pages with the last page's columns `target` tall, if its content still fits that page."""
        try:
            pdf = page.render(copy.deepcopy(story), last=(count, target))
        except LayoutError:  # something too tall for columns this short
            return None
        pages, now = _last_page(pdf)
        return (pdf, now) if pages == count else None

    # The shortest columns the last page's content fits in: found by doubling the step, then
    # halving it (a handful of renders however long the sheet, where a scan upward one step at a
    # time took up to a hundred, each laying out the whole sheet again).
    step = BALANCE / 4
    low, high, fits = sum(depths) / 2 + 2 - step, sum(depths) / 2 + 2, None
    while high < frame_h and (fits := attempt(high)) is None:
        low, high, step = high, min(high + 2 * step, frame_h), 2 * step
    if fits is None:
        return level()
    while high - low > BALANCE / 2:  # (columns of the last page within half a balance of the shortest)
        middle = (low + high) / 2
        if (tried := attempt(middle)) is None:
            low = middle
        else:
            high, fits = middle, tried
    pdf, now = fits
    if len(now) == 2 and abs(now[0] - now[1]) < abs(depths[0] - depths[1]) and min(now) >= 3 * line - 3:
        return page.render(copy.deepcopy(story), last=(count, high), level=True) if abs(now[0] - now[1]) > 1 else pdf
    return level()


BALANCE = 25.0  # points: a last page's columns within two lines of each other are balanced


def _last_page(pdf: bytes) -> tuple[int, tuple[float, ...]]:
    """The page count of `pdf` and the depth used in each column of its last page."""
    from revpack.makeup import page_columns

    return page_columns(pdf, -1)


class _Doc(BaseDocTemplate):
    """A document whose page `last[0]` (1-based) uses the template `last[1]`; if that
    template's columns are `_Level` ones, their feet are brought level as the page ends."""

    last: tuple[int, PageTemplate] | None = None

    def handle_pageBegin(self) -> None:  # noqa: N802 - ReportLab's name
        if self.last is not None and self.page + 1 == self.last[0]:
            self.pageTemplate = self.last[1]
        super().handle_pageBegin()

    def handle_pageEnd(self) -> None:  # noqa: N802 - ReportLab's name
        frames = [f for f in self.pageTemplate.frames if isinstance(f, _Level)]
        if frames:
            _level_feet(frames, self.canv)
        super().handle_pageEnd()


class _Level(Frame):
    """A column of a sheet's last page whose flowables are drawn when the page ends rather
    than as they are placed, so that its foot can be brought level with the other column's
    (`_level_feet`). Where things go is decided exactly as in any frame."""

    line = 12.5  # the body's leading: how far the gaps of a column may open (`LOOSEST`)

    def _reset(self) -> None:
        super()._reset()
        self.placed: list[tuple[Flowable, float, float, float]] = []

    def _add(self, flowable: Flowable, canv, trySplit: int = 0) -> int:  # noqa: N803 - ReportLab's name
        def place(canv, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
            self.placed.append((flowable, x, y, _sW))

        flowable.drawOn = place  # (an attribute of this flowable only, over its class's method)
        try:
            return super()._add(flowable, canv, trySplit)
        finally:
            flowable.__dict__.pop("drawOn", None)

    add = _add


LOOSEST = 0.5  # a gap between entries of a column opens by at most half a line to level its foot (between blocks, a line)
TALLEST = 14  # lines: a box is deepened by at most this much to end level with the other column


def _level_feet(frames: Sequence[_Level], canv) -> None:
    """Draw the columns of a last page with their feet level, as a publisher's make-up does:
    a shorter column's gaps (between its blocks and a block's entries) open a little, up to
    `LOOSEST` of a line each, and what is left deepens the box (a tinted panel) that ends it,
    so boxes side by side end together. A column ending in text whose gaps cannot take up the
    difference keeps its ragged foot. Nothing moves from one column to another."""
    from revpack.layout import Block

    feet = [min(y for _, _, y, _ in f.placed) for f in frames if f.placed]
    foot = min(feet, default=0.0)
    for frame in frames:
        placed, frame.placed = frame.placed, []
        drop = min((y for _, _, y, _ in placed), default=foot) - foot
        last = placed[-1][0] if placed else None
        panel = isinstance(last, Block) and last.kind == "panel"
        # (A gap between blocks, over a heading, opens twice as far as one between entries.)
        gaps = 2 * (len(placed) - 1) + sum(f.gaps() for f, *_ in placed if isinstance(f, Block))
        loose = min(drop / gaps, LOOSEST * frame.line) if gaps and drop > 0.5 else 0.0
        rest = drop - loose * gaps if panel else 0.0
        if rest > TALLEST * frame.line:
            loose = rest = 0.0  # too far apart to level: the column stays as it is
        lowered = 0.0
        for k, (flowable, x, y, width) in enumerate(placed):
            lowered += 2 * loose if k else 0.0
            if isinstance(flowable, Block):
                lowered += flowable.loosen(loose)
                if k == len(placed) - 1 and rest > 0.5:
                    lowered += flowable.deepen(rest)
            type(flowable).drawOn(flowable, canv, x, y - lowered, _sW=width)


@dataclass
class _Pages:
    """How `render_story` lays out pages: templates for the first, the rest and the turned."""

    style: Style
    start: Style
    sideways: Style
    info: DocInfo
    footer: str
    cites: bool
    columns: int
    header: Sequence[Flowable]
    top_h: float
    head: RunningHead | None = None
    set_in: int = 1  # the columns the story is set in (balanced ones included)

    @property
    def head_room(self) -> float:
        """How much lower than a first page's the text of a later page starts."""
        return head_place(self.style)[1] if self.head is not None else 0.0

    def frame_height(self) -> float:
        """The height of a later page's columns."""
        return body_frames(self.style, self.columns, top_reserved=self.head_room)[0]._height

    def on_page_of(self, page_style: Style):
        def on_page(canv, _doc):
            if canv.getPageNumber() == 1:
                prime_fonts(canv, self.style)
            # The page's grid for the make-up audit: its columns, and where its text frame starts.
            top = page_style.pagesize[1] - page_style.margin - (self.head_room if canv.getPageNumber() > 1 else 0)
            canv.addLiteral(f"{COLUMNS_TAG} <</N {self.set_in} /Top {top:.2f}>> DP")
            draw_page(canv, page_style)
            if canv.getPageNumber() > 1:
                draw_running_head(canv, page_style, self.head)
            draw_footer(canv, page_style, self.footer, self.cites)

        return on_page

    def render(self, story: Sequence[Flowable], last: tuple[int, float] | None = None, level: bool = False) -> bytes:
        """The PDF of `story`; with `last` = (page, height), that page's columns are only
        `height` points tall (see `render_story`), and with `level` their feet are level
        (`_level_feet`)."""
        style, start, info = self.style, self.start, self.info
        out = io.BytesIO()
        doc = _Doc(
            out,
            pagesize=style.pagesize,
            leftMargin=style.margin,
            rightMargin=style.margin,
            topMargin=style.margin,
            bottomMargin=BODY_BOTTOM,
            title=info.title,
            author=info.author,
            subject=info.subject,
            keywords=info.keywords,
            creator=f"revpack {__version__}",
            producer=f"revpack {__version__} (ReportLab)",
            invariant=1,
            pageCompression=1,
            # Otherwise every page names an unembedded Helvetica as its starting font.
            initialFontName=style.font,
            initialFontSize=10,
        )
        columns, header, top_h, room = self.columns, self.header, self.top_h, self.head_room
        width, height = start.pagesize
        # The first page has the header (if any) at its top; the later ones the running head.
        first = body_frames(start, columns, top_reserved=top_h)
        flow = list(story)
        if header:
            first.insert(0, _frame(start.margin, height - start.margin - top_h, text_width(start), top_h, "header"))
            flow = [*header, FrameBreak(), *flow]
        templates = [
            PageTemplate("first", frames=first, onPage=self.on_page_of(start), pagesize=start.pagesize,
                         autoNextPageTemplate=PAGE if start is style else TURNED),
            *(PageTemplate(name, frames=body_frames(s, columns, top_reserved=room), onPage=self.on_page_of(s),
                           pagesize=s.pagesize) for name, s in ((PAGE, style), (TURNED, self.sideways))),
        ]
        if last is not None:
            page, tall = last
            frames = [_frame(f._x1, f._y1 + f._height - tall, f._width, tall, f.id, level)  # noqa: SLF001
                      for f in body_frames(style, columns, top_reserved=room)]  # the same columns, their foot raised
            for frame in frames:
                frame.line = style.body.leading
            doc.last = (page, PageTemplate("last", frames=frames, onPage=self.on_page_of(style),
                                           pagesize=style.pagesize))
        doc.addPageTemplates(templates)
        doc.build(flow, canvasmaker=Canvas)
        return doc.canv.drawn(out.getvalue())  # (with its pages as drawn: see drawn.py)


def text_width(style: Style) -> float:
    """The width between the margins."""
    return style.pagesize[0] - 2 * style.margin
