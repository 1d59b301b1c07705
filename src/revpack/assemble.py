"""Assembly: the fragments streamed into one file after a cover and contents; outline, labels, numbers.

Fragments are rendered first, so page counts are known; the cover and the
contents are rendered last, with real page numbers. Body pages are labelled
1, 2, 3 ... (the front matter i, ii ...), and the stamped numbers match the
labels, so "page 7" in the contents is page 7 in a PDF viewer too.
"""

from __future__ import annotations

import hashlib
import io
import os
import time
import unicodedata
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, ByteStringObject, DecodedStreamObject, DictionaryObject, NameObject,
                           NumberObject, TextStringObject, create_string_object)
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from revpack import __version__
from revpack.layout import Band, _frame_room, grid, para
from revpack.markup import plain, to_para
from revpack.pdfmetrics_cache import text_width
from revpack.pdfstream import PdfStream, Ref, Source, pdf_dict
from revpack.model import PackInfo
from revpack.render import CITE_GAP, COLUMN_GAP, FOOTER_BASELINE, FURNITURE, DocInfo, RunningHead, render_story
from revpack.theme import TYPE, Style


@dataclass(frozen=True)
class Fragment:
    """One rendered (topic, view): its PDF bytes and what to call it."""

    label: str  # the bookmark and contents title, e.g. "Summary sheet"
    source: bytes | Path  # the PDF, or the file holding it (read when needed, not kept)
    anchor: str = ""  # a name other fragments may cite, e.g. "t01/summary"
    cites: str = ""  # the anchor whose page this fragment's footers name: "Answers: page 12"
    own_sheet: bool = False  # printed on both sides, it starts on the front of a sheet (a handout of its own)
    # Further views set on this fragment's first page, as (label, anchor): each its own entry.
    shares: tuple[tuple[str, str], ...] = ()
    known_pages: int = 0  # its page count if the caller knows it (0: read from the PDF)

    @property
    def pdf(self) -> bytes:
        return self.source if isinstance(self.source, bytes) else self.source.read_bytes()

    @property
    def identity(self) -> bytes:
        """What the pack's ID hashes for this fragment: its bytes, or its file's name (a cache
        key, a hash of everything the bytes are made from)."""
        return self.source if isinstance(self.source, bytes) else self.source.name.encode()

    @cached_property
    def pages(self) -> int:
        if self.known_pages:
            return self.known_pages
        # The page tree's /Count: two objects read, not every page parsed (and the reader not kept).
        return int(PdfReader(io.BytesIO(self.pdf)).trailer["/Root"]["/Pages"]["/Count"])


@dataclass(frozen=True)
class Part:
    """A top-level entry of the pack: a topic (or a pack-level page) and its fragments."""

    title: str
    fragments: tuple[Fragment, ...]
    period: str = ""
    # Each fragment starts on the front of a sheet (cut-out fronts and backs must pair up).
    recto: bool = False


def answers(a: Fragment, b: Fragment) -> bool:
    """Whether one of the two fragments is the answer key of the other (a worksheet cites its key)."""
    return bool(a.cites and a.cites == b.anchor or b.cites and b.cites == a.anchor)


def blank_page(style: Style) -> bytes:
    """A left-hand page left blank for two-sided printing, saying so in small type."""
    from revpack.render import draw_page, prime_fonts

    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=style.pagesize, invariant=1, pageCompression=1, initialFontName=style.font,
                  initialFontSize=10)
    prime_fonts(canv, style)
    draw_page(canv, style)
    width, height = style.pagesize
    canv.addLiteral(f"{FURNITURE} BDC")
    canv.setFillColor(style.muted)
    canv.setFont(style.italic, style.type.furniture)
    canv.drawCentredString(width / 2, height / 2, style.words("blank_page"))
    canv.addLiteral("EMC")
    canv.showPage()
    canv.save()
    return buf.getvalue()


def pdf_date() -> str:
    """A PDF date string fixed by ``SOURCE_DATE_EPOCH`` (2000-01-01 if unset)."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "946684800"))
    return time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(epoch))


def metadata(info: DocInfo) -> dict[str, str]:
    """The /Info dictionary for a document we write."""
    meta = {
        "/Title": info.title,
        "/Author": info.author,
        "/Subject": info.subject,
        "/Keywords": info.keywords,
        "/Creator": f"revpack {__version__}",
        "/Producer": f"revpack {__version__} (ReportLab, pypdf)",
        "/CreationDate": pdf_date(),
        "/ModDate": pdf_date(),
    }
    return {k: v for k, v in meta.items() if v}


def document_id(*sources: bytes | str) -> bytes:
    """A document's ID, hashed from `sources`, everything the document was made from (same
    input, same bytes; not the clock, and no second serialisation)."""
    md5 = hashlib.md5(usedforsecurity=False)
    for source in sources:
        md5.update(source if isinstance(source, bytes) else source.encode("utf-8"))
        md5.update(b"\x1f")
    return md5.digest()


def write_pdf(writer: PdfWriter, *sources: bytes | str) -> bytes:
    """Serialise `writer` with its `document_id` hashed from `sources`."""
    digest = document_id(*sources)
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])  # noqa: SLF001
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


STAMP_FONT = "/RevpackStamp"


def _stamp_font_pdf(face: str) -> bytes:
    """A one-page PDF whose one font is a subset of `face` holding printable ASCII."""
    buf = io.BytesIO()
    canv = Canvas(buf, invariant=1, pageCompression=1, initialFontName=face, initialFontSize=10)
    canv.drawString(0, 0, "".join(map(chr, range(33, 127))))
    canv.showPage()
    canv.save()
    return buf.getvalue()


def _stamp_font(style: Style, face: str, writer: PdfWriter):
    """An embedded subset of `face` holding printable ASCII, added to `writer`: only for a
    page that carries no primed copy of the face (see `_page_font`)."""
    (font,) = PdfReader(io.BytesIO(_stamp_font_pdf(face))).pages[0]["/Resources"]["/Font"].values()
    return font.get_object().clone(writer).indirect_reference


def _page_font(page, base_font: str) -> str | None:
    """The name under which `page` holds subset 0 of the face `base_font` (e.g. 'DejaVuSans-Bold').

    Every page our renderer makes primes each face (render.prime_fonts), and ReportLab
    keeps ASCII at its own codes in subset 0, so a stamp in ASCII can reuse the page's
    font: no extra copy of the face in the pack.
    """
    fonts = page.get("/Resources", {}).get("/Font", {})
    for name, ref in fonts.items():
        if name.endswith("+0") and str(ref.get_object().get("/BaseFont", "")).endswith(f"+{base_font}"):
            return name
    return None


def _shown(note: str, style: Style) -> str:
    """`note` as a PDF string in subset 0 of the page's face: ASCII as itself; other characters
    (a translated "Réponses : page 12", "Ответы: с. 12") at the codes every primed page gives
    them (`render.prime_fonts`: `style.charset` first, in order), when subset 0 holds them all."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.pdfdoc import PDFDocument

    if note.isascii():
        return f"({note})"
    doc = PDFDocument()
    font = pdfmetrics.getFont(style.font)
    font.splitString(style.charset, doc)
    if set(note) <= set(style.charset):
        pieces = font.splitString(note, doc)
        if all(subset == 0 for subset, _ in pieces):
            return "<" + b"".join(data for _, data in pieces).hex() + ">"
    folded = unicodedata.normalize("NFKD", note).encode("ascii", "ignore").decode()
    return f"({folded})"


class Footers:
    """The page numbers (and "Answers: page N" notes) stamped into pages' footers.

    Each page gets two small content streams around its own (``q`` before, ``Q`` and the
    stamp after), drawn in the page's own fonts: much cheaper than merging an overlay page,
    which re-parses every content stream. The stamp is page furniture like the footer line
    it completes: the same type, marked as an artifact. A page without a primed copy of a
    face (see `_page_font`) gets a spare subset of it, added once to the document
    (`spare_font(face)` adds it and returns its reference).
    """

    def __init__(self, style: Style, spare_font: Callable[[str], object]):
        from reportlab.pdfbase import pdfmetrics

        self.style = style
        self.faces = {font: pdfmetrics.getFont(font).face.name.decode("latin-1") for font in (style.font, style.bold)}
        self._spare_font = spare_font
        self.spare: dict[str, object] = {}  # face -> the spare subset added for it

    def stamp(self, page, number: str, note: str | None = None) -> tuple[bytes, dict[str, object]]:
        """The stream that ends `page`'s content with its `number` (and `note`) stamped, and the
        fonts (name -> reference) the page's font resources must gain for it."""
        style = self.style
        added: dict[str, object] = {}

        def font_for(face: str) -> str:
            name = _page_font(page, self.faces[face])
            if name is None:
                name = f"{STAMP_FONT}{'Bold' if face == style.bold else ''}"
                if face not in self.spare:
                    self.spare[face] = self._spare_font(face)
                added[name] = self.spare[face]
            return name

        size = style.type.furniture
        grey = style.muted
        colour = f"{grey.red:.3f} {grey.green:.3f} {grey.blue:.3f} rg"
        x = float(page.mediabox.right) - style.margin - text_width(number, style.bold, size)
        y = float(page.mediabox.bottom) + FOOTER_BASELINE
        ops = f"Q q {FURNITURE} BDC"
        if note:
            at = x - CITE_GAP - text_width(note, style.font, size)
            ops += f" BT {font_for(style.font)} {size:g} Tf {colour} 1 0 0 1 {at:.2f} {y:.2f} Tm " \
                   f"{_shown(note, style)} Tj ET"
        ops += f" BT {font_for(style.bold)} {size:g} Tf {colour} 1 0 0 1 {x:.2f} {y:.2f} Tm ({number}) Tj ET EMC"
        return f"{ops} Q\n".encode("ascii"), added


def stamp_footers(writer: PdfWriter, start: int, style: Style, first: int = 1, skip: set[int] = frozenset(),
                  notes: dict[int, str] | None = None, end: int | None = None, roman: bool = False) -> None:
    """Stamp page numbers first, first+1, ... (`roman`: i, ii, ...) at the footer's right, on
    pages from index `start` up to `end`, and the `notes` (by page index) to the number's left
    (see `Footers`)."""
    notes = notes or {}
    footers = Footers(style, lambda face: _stamp_font(style, face, writer))
    open_stream = writer._add_object(_stream(b"q\n"))  # noqa: SLF001
    for i, page in enumerate(writer.pages[start:end]):
        index = start + i
        if index in skip:  # a blank page left for two-sided printing carries no number
            continue
        resources = page["/Resources"].get_object()
        fonts = resources.get("/Font")
        fonts = fonts.get_object() if fonts is not None else DictionaryObject()
        number = _roman(first + i) if roman else str(first + i)
        stamp, added = footers.stamp(page, number, notes.get(index))
        fonts.update({NameObject(name): ref for name, ref in added.items()})
        contents = page.get("/Contents")
        existing = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject(
            [open_stream, *existing, writer._add_object(_stream(stamp))]  # noqa: SLF001
        )
        resources[NameObject("/Font")] = fonts


def _roman(n: int) -> str:
    """`n` in lower-case roman numerals, as PDF page labels print the front matter's (/r)."""
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        count, n = divmod(n, value)
        out += numeral * count
    return out


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


# Cover layouts, roomiest first: the first whose page the topic list fits is used.
# (columns, number size, topic title size, row padding, band height, gap above the list, pack title size)
COVER_LAYOUTS = (
    (1, TYPE.subtitle, TYPE.head, 3.5, 95 * mm, 14 * mm, TYPE.cover),
    (1, TYPE.head, TYPE.subhead, 2, 80 * mm, 8 * mm, TYPE.cover),
    (2, TYPE.head, TYPE.subhead, 2, 80 * mm, 8 * mm, TYPE.cover),
    (2, TYPE.subhead, TYPE.body, 1.5, 60 * mm, 5 * mm, TYPE.title),
    (2, TYPE.body, TYPE.body, 0.5, 0, 3 * mm, TYPE.title),
)


def _page_count(pdf: bytes) -> int:
    return int(PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Pages"]["/Count"])


def cover_pdf(info: PackInfo, parts: Sequence[Part], style: Style, doc: DocInfo) -> bytes:
    """The cover, one page whatever the number of topics: the topic list tightens, then
    takes two columns, in the first of `COVER_LAYOUTS` whose page it fits (else the last,
    which moves on to a second page row by row rather than lose a topic)."""
    for layout in COVER_LAYOUTS:
        pdf = render_story(cover_story(info, parts, style, layout), style, doc)
        if _page_count(pdf) == 1:
            break
    return pdf


def cover_story(info: PackInfo, parts: Sequence[Part], style: Style,
                layout: tuple = COVER_LAYOUTS[-1]) -> list[Flowable]:
    """The cover in one of `COVER_LAYOUTS`: a large band (level, board, title, subtitle),
    the specification, the numbered topics."""
    return _cover(info, parts, style, *layout)


def _cover(info: PackInfo, parts: Sequence[Part], style: Style, columns: int, number_size: float,
           title_size: float, pad: float, band_height: float, gap: float, cover_title: float) -> list[Flowable]:
    width = style.pagesize[0] - 2 * style.margin
    kicker = " \u00b7 ".join(x for x in (info.level, info.board) if x)
    band = Band(
        info.title,
        style,
        kicker=kicker.upper(),
        below=[info.subtitle] if info.subtitle else [],
        title_style=style.para("cover-title", cover_title, fontName=style.bold, leading=cover_title * 1.19,
                               textColor=style.on_fill),
        below_style=style.para("cover-sub", TYPE.subtitle, leading=21, textColor=style.on_fill),
        pad=22 if band_height else 14,
        min_height=band_height,
    )
    story: list[Flowable] = [band, Spacer(1, 6)]
    if info.specification:
        story.append(para(info.specification, style.para("cover-spec", TYPE.head, leading=17, textColor=style.muted)))
    story.append(Spacer(1, gap))
    story.append(para(style.words("in_this_pack"), style.heading))
    story.append(Spacer(1, 6))
    if parts:
        story.append(_cover_topics(parts, style, width, columns, number_size, title_size, pad))
    if info.author:
        story += [Spacer(1, min(gap, 10 * mm)), para(style.words("notes_by", author=info.author), style.small)]
    return story


def _cover_topics(parts: Sequence[Part], style: Style, width: float, columns: int, number_size: float,
                  title_size: float, pad: float) -> Table:
    """The numbered topic list, in `columns` columns read down then across."""
    number = style.para("cover-num", number_size, fontName=style.bold, leading=number_size * 1.15,
                        textColor=style.accent)
    name = style.para("cover-topic", title_size, fontName=style.bold, leading=title_size * 1.25)
    gutter = 6 * mm
    column = (width - gutter * (columns - 1)) / columns
    number_w = text_width(str(len(parts)), style.bold, number.fontSize) + 3 * mm
    periods = [text_width(p.period, style.small.fontName, style.small.fontSize) for p in parts if p.period]
    period_w = min(max(periods) + 3 * mm, column / 3) if periods else 0
    cells = [[para(str(i), number), para(part.title, name), para(part.period, style.small) if part.period else ""]
             for i, part in enumerate(parts, 1)]
    per_column = -(-len(cells) // columns)
    rows = []
    for r in range(per_column):
        row: list = []
        for c in range(columns):
            i = c * per_column + r
            row += (cells[i] if i < len(cells) else ["", "", ""]) + ([""] if c < columns - 1 else [])
        rows.append(row)
    widths: list[float] = []
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), style.font),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 1),
    ]
    for c in range(columns):
        first = c * 4
        widths += [number_w, column - number_w - period_w, period_w] + ([gutter] if c < columns - 1 else [])
        last = first + 2
        filled = sum(1 for i in range(c * per_column, min(len(cells), (c + 1) * per_column)))
        if filled:
            commands.append(("LINEBELOW", (first, 0), (last, filled - 1), 0.4, style.rule))
    table = Table(rows, colWidths=widths, style=TableStyle(commands), hAlign="LEFT", splitByRow=1)
    # A list longer than the page moves on row by row: a number never parts from its title.
    table.splitInRow = 0
    return table


class Leader(Flowable):
    """A contents entry: its text (wrapping if long), a row of dots, the page number flush right.

    The dots sit on a fixed pitch from the left of the page, so the dots of entries one
    above the other line up; they are marked as an artifact (layout, not content).
    """

    PITCH = 4.5  # points from dot to dot

    def __init__(self, text: str, page: int, pstyle: ParagraphStyle, number_style: ParagraphStyle):
        super().__init__()
        self.text = text
        self.page = str(page)
        self.pstyle = pstyle
        self.number_style = number_style
        self.number_w = text_width(self.page, number_style.fontName, number_style.fontSize)

    @property
    def para(self) -> Paragraph:
        """The entry's text as a paragraph: made when the entry is laid out, let go once it is
        drawn, so a contents of thousands of entries holds only the page's in memory."""
        if "_para" not in self.__dict__:
            body = _leader_style(self.pstyle, self.number_w + 2 * self.PITCH)
            self._para = Paragraph(f'{to_para(self.text)}<onDraw name="revpack_leader" label=""/>', body)
        return self._para

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        _, self.height = self.para.wrap(avail_width, avail_height)
        return avail_width, self.height

    def draw(self) -> None:
        # The paragraph says where its text ends; the dots and number follow it in the page's
        # content (so text copied from the PDF reads "Timeline ........ 7").
        self.canv.setNamedCB("revpack_leader", self._end)
        self.para.drawOn(self.canv, 0, 0)
        self.__dict__.pop("_para", None)
        self._dots(self.canv, *self.end)

    def _end(self, canv, _kind, _label) -> None:
        self.end = canv._curr_tx_info["cur_x"], canv._curr_tx_info["cur_y"]  # noqa: SLF001 (as ReportLab's TOC)

    def _dots(self, canv, x: float, y: float) -> None:
        s = self.number_style
        right = self.width - self.number_w
        canv.saveState()
        canv.addLiteral("/Artifact BMC")
        canv.setFillColor(s.textColor)
        canv.setFont(s.fontName, s.fontSize)
        absolute = canv.absolutePosition(0, 0)[0]
        first = self.PITCH * -(-(absolute + x + self.PITCH * 0.8) // self.PITCH)  # on the page-wide pitch
        count = int((right - self.PITCH - (first - absolute)) // self.PITCH) + 1
        if count > 0:  # one string of dots, spaced to the pitch (copied from the PDF as "....")
            gap = self.PITCH - text_width(".", s.fontName, s.fontSize)
            canv.drawString(first - absolute, y, "." * count, charSpace=gap)
        canv.addLiteral("EMC")
        canv.drawString(right, y, self.page)
        canv.restoreState()


@lru_cache(maxsize=64)
def _leader_style(pstyle: ParagraphStyle, room: float) -> ParagraphStyle:
    """A contents entry's style: `pstyle`, leaving `room` at the right for the dots and number
    (one per style and number width, however many entries)."""
    return ParagraphStyle(f"{pstyle.name}-leader", parent=pstyle, rightIndent=room)


class _Whole(Table):
    """A table that moves on to the next column or page whole, unless it is taller than a
    whole frame (then it splits between rows, as any table)."""

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self._height <= _frame_room(self, 0):
            return []
        return super().split(avail_width, avail_height)


def contents_pdf(entries: Sequence[tuple[int, str, int]], style: Style, doc: DocInfo, footer: str) -> bytes:
    """The contents on one page if it fits, else in two columns if that takes fewer pages."""
    running = RunningHead(style.words("contents"))
    one = render_story(contents_story(entries, style), style, doc, footer=footer, head=running)
    if _page_count(one) == 1:
        return one
    width = (style.pagesize[0] - 2 * style.margin - COLUMN_GAP) / 2
    title, *groups = contents_story(entries, style, width)
    two = render_story(groups, style, doc, footer=footer, columns=2, header=[title], head=running)
    return two if _page_count(two) < _page_count(one) else one


def contents_story(entries: Sequence[tuple[int, str, int]], style: Style, width: float = 0) -> list[Flowable]:
    """The contents: its title, then each topic numbered as on the cover with its views
    below it in columns, `width` wide (default: the page's).

    Every entry has dot leaders to its page number; a topic's entries are kept together
    on one page.
    """
    width = width or style.pagesize[0] - 2 * style.margin
    story: list[Flowable] = [para(style.words("contents"), style.para(
        "contents-title", 22, fontName=style.bold, leading=28, textColor=style.accent, spaceAfter=4))]
    number = style.para("toc-n", TYPE.subhead, fontName=style.bold, leading=15, textColor=style.accent)
    top = style.para("toc-top", TYPE.subhead, fontName=style.bold, leading=15)
    sub = style.para("toc-sub", TYPE.body, leading=13)
    number_sub = style.para("toc-num-sub", TYPE.body, leading=13, textColor=style.muted)
    groups: list[tuple[tuple[str, int], list[tuple[str, int]]]] = []
    for level, title, page in entries:
        if level == 0 or not groups:
            groups.append(((title, page), []))
        else:
            groups[-1][1].append((title, page))
    number_w = text_width(str(len(groups)), style.bold, number.fontSize) + 2 * mm
    inner = width - number_w
    gutter = 3 * mm
    # As many columns of views as their longest entry allows (at most three).
    longest = max((text_width(t, sub.fontName, sub.fontSize) + text_width(str(p), sub.fontName, sub.fontSize)
                   for _, views in groups for t, p in views), default=0)
    columns = next((n for n in (3, 2) if (inner - gutter * (n - 1)) / n >= longest + 2 * Leader.PITCH), 1)
    column = (inner - gutter * (columns - 1)) / columns
    for n, ((title, page), views) in enumerate(groups, 1):
        rows: list[list] = [[para(str(n), number), Leader(title, page, top, top)] + [""] * (2 * columns - 2)]
        per_column = -(-len(views) // columns)
        for r in range(per_column):
            row: list = [""]
            for c in range(columns):
                i = c * per_column + r
                row.append(Leader(*views[i], sub, number_sub) if i < len(views) else "")
                if c < columns - 1:
                    row.append("")
            rows.append(row)
        widths = [number_w] + [w for c in range(columns) for w in ([column] + ([gutter] if c < columns - 1 else []))]
        table = _Whole(rows, colWidths=widths, hAlign="LEFT", style=TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), style.font),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("VALIGN", (0, 0), (0, 0), "TOP"),  # the number beside a long title's first line
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("SPAN", (1, 0), (-1, 0)),
            ("TOPPADDING", (0, 0), (-1, 0), 7),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 2),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, style.accent),
            ("TOPPADDING", (0, 1), (-1, 1), 3),
        ]))
        story.append(table)
    return story


@dataclass(frozen=True)
class PagePlan:
    """Where each part and fragment of a pack starts, counting body pages from 1 (the page
    numbers the pack prints), and where a blank page goes before a fragment."""

    entries: list[tuple[int, str, int]]  # the contents: (level, title, page)
    starts: list[tuple[int, list[int]]]  # each part's first page, and each of its fragments'
    blanks_before: dict[tuple[int, int], bool]  # (part, fragment) indexes with a blank page before
    anchors: dict[str, int]  # a fragment's anchor -> its first page


def page_plan(parts: Sequence[Part], sides: int = 2) -> PagePlan:
    """Where each of `parts`' fragments lands in the pack (`assemble_pack`'s rules): known
    before anything is merged, so pages printed after the topics can cite the topics' pages."""
    # The front matter has an even number of pages, so odd body pages are fronts of sheets.
    entries: list[tuple[int, str, int]] = []
    starts: list[tuple[int, list[int]]] = []
    blanks_before: dict[tuple[int, int], bool] = {}
    anchors: dict[str, int] = {}
    page = 1
    previous: Fragment | None = None  # the fragment on the page before
    for p, part in enumerate(parts):
        frag_starts = []
        for f, frag in enumerate(part.fragments):
            back = page % 2 == 0  # this page would be the back of the previous page's sheet
            if sides == 2 and back and (part.recto or f == 0 or frag.own_sheet
                                        or previous is not None and answers(previous, frag)):
                blanks_before[p, f] = True
                page += 1
            previous = frag
            if f == 0:
                entries.append((0, part.title, page))
                part_start = page
            if len(part.fragments) > 1 or frag.label != part.title or frag.shares:
                entries += [(1, label, page) for label in (frag.label, *(label for label, _ in frag.shares))]
            frag_starts.append(page)
            for anchor in (frag.anchor, *(anchor for _, anchor in frag.shares)):
                if anchor:
                    anchors[anchor] = page
            page += frag.pages
        starts.append((part_start, frag_starts))
    return PagePlan(entries, starts, blanks_before, anchors)


def assemble_pack(info: PackInfo, parts: Sequence[Part], style: Style, doc: DocInfo,
                  check: Callable[[str, bytes, Sequence[str]], object] | None = None, sides: int = 2) -> bytes:
    """The pack `write_pack` writes, as bytes."""
    out = io.BytesIO()
    write_pack(out, info, parts, style, doc, check, sides)
    return out.getvalue()


def front_matter(info: PackInfo, parts: Sequence[Part], style: Style, doc: DocInfo, sides: int = 2,
                 check: Callable[[str, bytes, Sequence[str]], object] | None = None) -> tuple[bytes, bytes]:
    """The pack's cover and contents. They are made from `parts_outline(parts)` and each
    fragment's page count alone, never from the fragments' bytes (so a build may keep them while
    those stay the same). `check(name, pdf, words)`, if given, preflights each with the words it must hold."""
    entries = page_plan(parts, sides).entries
    cover = cover_pdf(info, parts, style, doc)
    contents = contents_pdf(entries, style, doc, footer=plain(info.title))
    if check is not None:
        check("cover", cover, plain(info.title).split())
        check("contents", contents, [plain(title) for _, title, _ in entries])
    return cover, contents


def write_pack(out: BinaryIO, info: PackInfo, parts: Sequence[Part], style: Style, doc: DocInfo,
               check: Callable[[str, bytes, Sequence[str]], object] | None = None, sides: int = 2,
               front: tuple[bytes, bytes] | None = None) -> int:
    """Write to `out` the parts after a cover and contents; outline, page labels, numbers,
    metadata. Returns the number of pages.

    Printed on both sides (`sides=2`), every part (and every fragment that asks for a
    sheet of its own) starts on a right-hand page and no answer key shares a sheet with
    the worksheet it answers: a left-hand page left blank for that says so. One-sided
    (`sides=1`), the pages follow on without gaps. The cover and contents are `front`, if
    given, else made here (`front_matter`, which preflights them with `check`).

    The pack is written as it is made (`pdfstream`): each fragment is read, its pages
    numbered and written, and let go before the next is read, so a pack of any size takes
    about the memory of its largest fragment. What is held to the end is small: each
    page's object number, the outline's titles and pages, the shared objects' digests.
    """
    plan = page_plan(parts, sides)
    entries, starts, blanks_before, anchors = plan.entries, plan.starts, plan.blanks_before, plan.anchors

    cover, contents = front or front_matter(info, parts, style, doc, sides, check)

    stream = PdfStream(out)
    tree = stream.reserve()  # the page tree's root, written last with every page's number
    kids = array("q")  # each page's object number, in order
    footers = Footers(style, lambda face: _spare_font(stream, face))
    opening = stream.put(_stream(b"q\n"))  # before every stamped page's own content (the stamp ends it)
    blank_pages: set[int] = set()
    notes: dict[int, str] = {}

    def add(pdf: bytes, number: Callable[[int], str | None] = lambda i: None, note: str | None = None) -> None:
        """Append `pdf`'s pages; `number(i)` is what its page i is numbered (None: not numbered)."""
        source = Source(stream, pdf)
        for i, page in enumerate(source.pages):
            label = number(i)
            if label is None:
                kids.append(source.add_page(page, tree))
                continue
            if note:
                notes[len(kids)] = note
            stamp, fonts = footers.stamp(page, label, note)
            kids.append(source.add_page(page, tree, before=[opening], after=[stream.put(_stream(stamp))], fonts=fonts))
        source.close()

    add(cover)
    cover_pages = len(kids)  # the contents' first page follows the cover's
    # The contents' pages are numbered too, as their labels say (i, ii): the same footer on every page.
    add(contents, lambda i: _roman(1 + i))
    blank = blank_page(style) if sides == 2 else None
    if len(kids) % 2 and blank is not None:
        add(blank)
    front = len(kids)
    for p, part in enumerate(parts):
        for f, frag in enumerate(part.fragments):
            if blanks_before.get((p, f)) and blank is not None:
                blank_pages.add(len(kids))  # a blank page left for two-sided printing carries no number
                add(blank)
            first = len(kids) - front + 1
            cited = style.words("answers_page", page=anchors[frag.cites]) if frag.cites in anchors else None
            add(frag.pdf, lambda i: str(first + i), cited)

    stream.put(pdf_dict(Type="/Pages", Count=len(kids), Kids=ArrayObject(map(Ref, kids))), tree)
    outline = Outline(plain(info.title), 0)
    outline.add(style.words("contents"), cover_pages)
    for part, (part_start, frag_starts) in zip(parts, starts):
        item = outline.add(plain(part.title), front + part_start - 1)
        if len(part.fragments) > 1 or part.fragments[0].label != part.title or part.fragments[0].shares:
            for frag, start in zip(part.fragments, frag_starts):
                for label in (frag.label, *(label for label, _ in frag.shares)):
                    item.add(plain(label), front + start - 1)
    # The cover says so; the front matter is numbered i, ii ...; the body 1, 2 ... as its pages are stamped.
    labels = ArrayObject([NumberObject(0), pdf_dict(P=TextStringObject(style.words("cover"))),
                          NumberObject(cover_pages), pdf_dict(S="/r", St=1),
                          NumberObject(front), pdf_dict(S="/D", St=1)])
    root = stream.put(pdf_dict(Type="/Catalog", Pages=tree, Outlines=outline.write(stream, kids),
                               PageLabels=pdf_dict(Nums=labels), PageMode="/UseOutlines"))
    info_ref = stream.put(DictionaryObject({NameObject(k): create_string_object(v) for k, v in metadata(doc).items()}))
    made_from = [frag.identity for part in parts for frag in part.fragments]
    stream.finish(root, info_ref, document_id(
        __version__, repr(info), repr(doc), repr(entries), repr(parts_outline(parts)), repr(sorted(notes.items())),
        repr(sorted(blank_pages)), str(sides), cover, contents, *made_from))
    return len(kids)


def _spare_font(stream: PdfStream, face: str) -> Ref:
    """A subset of `face` holding printable ASCII, written to `stream` (see `Footers`)."""
    source = Source(stream, _stamp_font_pdf(face))
    (font,) = (source.pages[0]["/Resources"]["/Font"].raw_get(name) for name in source.pages[0]["/Resources"]["/Font"])
    ref = source.ref(font)
    source.close()
    return ref


class Outline:
    """A bookmark and those under it, all open; written (`write`) once every page is, as each
    refers to its page's object. Each holds a title and a page index: nothing of the pages."""

    def __init__(self, title: str, page: int):
        self.title, self.page = title, page
        self.children: list[Outline] = []

    def add(self, title: str, page: int) -> Outline:
        child = Outline(title, page)
        self.children.append(child)
        return child

    def count(self) -> int:
        """The bookmarks below this one (all open, so all shown)."""
        return sum(1 + child.count() for child in self.children)

    def write(self, stream: PdfStream, kids: Sequence[int]) -> Ref:
        """Write the outline with this bookmark at its top; returns the outline dictionary."""
        top = stream.reserve()
        (first,) = self._write_items([self], top, stream, kids)
        stream.put(pdf_dict(Type="/Outlines", Count=1 + self.count(), First=first, Last=first), top)
        return top

    @staticmethod
    def _write_items(items: Sequence[Outline], parent: Ref, stream: PdfStream, kids: Sequence[int]) -> list[Ref]:
        """Write `items`, siblings under `parent`, and theirs; returns their numbers."""
        numbers = [stream.reserve() for _ in items]
        for i, (item, number) in enumerate(zip(items, numbers)):
            entry = pdf_dict(Title=TextStringObject(item.title), Parent=parent,
                             Dest=ArrayObject([Ref(kids[item.page]), NameObject("/Fit")]))
            if i:
                entry.update(pdf_dict(Prev=numbers[i - 1]))
            if i + 1 < len(items):
                entry.update(pdf_dict(Next=numbers[i + 1]))
            if item.children:
                below = Outline._write_items(item.children, number, stream, kids)
                entry.update(pdf_dict(First=below[0], Last=below[-1], Count=item.count()))
            stream.put(entry, number)
        return numbers


def parts_outline(parts: Sequence[Part]) -> list:
    """What the outline and layout take from `parts` besides the fragments' bytes."""
    return [(p.title, p.period, p.recto, [(f.label, f.anchor, f.cites, f.own_sheet, f.shares) for f in p.fragments])
            for p in parts]


def finish_single(pdf: bytes, style: Style, doc: DocInfo) -> bytes:
    """A single-topic sheet on its own: page numbers stamped from 1, metadata kept."""
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf)), import_outline=False)
    stamp_footers(writer, 0, style)
    writer.add_metadata(metadata(doc))
    return write_pdf(writer, __version__, repr(doc), repr(style.look), pdf)
