"""Preflight: check a finished PDF before anyone prints it.

`preflight` reads a PDF back and returns its problems, one line each (an empty
list means it passed):

- every page has one of the sizes asked for (turned to landscape only where allowed);
- every font is embedded (no standard-14 Helvetica a printer would substitute);
- nothing but cut marks lies within `Expectations.edge` of the paper edge, since
  printers cannot print there (text by its glyph boxes, drawings by their
  path bounding boxes, both after clipping);
- no text is smaller than the floor (10 pt on sheets, 9 pt on cards); page furniture
  (footers, running heads, drawn as ``/Artifact`` marked content) may go down to 8 pt; the
  labels inside an author's SVG diagram (marked ``/RevpackFigure``) scale with the drawing;
- every expected string (the words of the source) is in the page text.

Cut marks are exempt when drawn as page artifacts, the PDF way of saying
"production aid, not content" (``/Artifact <</Type /Page>> BDC ... EMC``, or a
plain ``/CutMarks BMC ... EMC``), or when they lie in one of
`Expectations.allowed`'s rectangles.

It runs after every build, so it is a small content-stream interpreter of its
own rather than pypdf's text extraction (three times slower) or pdfplumber
(slower still): one regular expression tokenises a stream, and only the
operators that place text and paint paths are followed. A PDF revpack has just
drawn (`drawn.Drawn`) is not read back at all: the interpreter runs on its pages'
content as the canvas wrote it, with the fonts' widths from ReportLab (`pages_of`).
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject
from reportlab.lib.pagesizes import A4, A6, A7, LETTER
from reportlab.lib.units import inch, mm

# Text inside an author's SVG diagram (marked so by `pictures.py`): part of the drawing, scaled
# with it; the type floor is for revpack's own type. (Kept here, not imported: no cycle.)
FIGURE_TAG = "/RevpackFigure"

from revpack.markup import SCRIPT_SIZE, fold_typography
from revpack.theme import CARD_MIN, FURNITURE_SIZE, SHEET_MIN

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in points
Matrix = tuple[float, float, float, float, float, float]

# Page sizes by name, portrait, in points.
SIZES: dict[str, tuple[float, float]] = {
    "a4": A4,
    "letter": LETTER,
    "a6": A6,
    "a7": A7,
    "3x5": (5 * inch, 3 * inch),
    "4x6": (6 * inch, 4 * inch),
}
SIZE_NAMES = {"a4": "A4", "letter": "Letter", "a6": "A6", "a7": "A7", "3x5": "3x5 in", "4x6": "4x6 in"}
EDGE = 8 * mm  # printers cannot print nearer the paper edge than this
SIZE_TOLERANCE = 1.0  # points: PDF writers round page sizes
MAX_MISSING = 12  # missing strings listed one by one; the rest are counted


@dataclass(frozen=True)
class Expectations:
    """What a PDF must be: see the module docstring."""

    sizes: tuple[str, ...] = ("a4",)  # names from SIZES; a page must be one of them
    landscape: bool = False  # pages may also be the sizes turned sideways
    edge: float = EDGE  # 0 = no edge check (card-sized pages are trimmed, not printed to)
    floor: float = SHEET_MIN
    text: tuple[str, ...] = ()  # strings that must appear (whitespace-folded)
    allowed: tuple[Rect, ...] = ()  # regions where marks may come near the edge
    # (page, floor): from that page (1-based) on, a different floor, e.g. the
    # 9 pt cut-out cards at the end of a pack of 10 pt sheets.
    floors: tuple[tuple[int, float], ...] = ()

    def floor_of(self, page: int) -> float:
        """The smallest text size allowed on page `page` (1-based)."""
        floor = self.floor
        for first, value in sorted(self.floors):
            if page >= first:
                floor = value
        return floor

    @classmethod
    def sheet(cls, paper: str, text: Iterable[str] = (), landscape: bool = False) -> Expectations:
        """A sheet on `paper`, with the 10 pt floor."""
        return cls((paper,), landscape, EDGE, SHEET_MIN, tuple(text))

    @classmethod
    def cards(cls, size: str, text: Iterable[str] = ()) -> Expectations:
        """Card-sized pages (one card a page), with the 9 pt floor and no edge rule."""
        return cls((size,), True, 0.0, CARD_MIN, tuple(text))


def preflight(pdf: bytes | Path, expect: Expectations) -> list[str]:
    """The problems of `pdf` against `expect`, one line each; empty when it passes.

    A PDF drawn in this process (`drawn.Drawn`) is checked from what was drawn; any other
    is read back. A file that cannot be read as a PDF is one problem, not an exception.
    """
    try:
        pages = pages_of(pdf)
    except Exception as exc:  # noqa: BLE001 - any parse failure means "not a PDF we can check"
        return [f"not a readable PDF: {exc}"]
    problems: list[str] = []
    fonts = _FontCache()
    texts: list[str] = []
    for number, page in enumerate(pages, 1):
        box = page.box
        problems += [f"page {number}: {p}" for p in _size_problems(box, expect)]
        scan = _PageScan(box, expect, fonts, expect.floor_of(number))
        page.scan(scan)
        problems += [f"page {number}: {p}" for p in scan.problems()]
        texts.append(scan.text())
    problems += fonts.problems()
    problems += missing_text(" ".join(texts), expect.text)
    return problems


def page_texts(pdf: bytes | Path) -> list[str]:
    """The text of each page, as preflight reads it (runs joined, spaces between words)."""
    fonts = _FontCache()
    out = []
    for page in pages_of(pdf):
        scan = _PageScan(page.box, Expectations(edge=0), fonts, 0.0)
        page.scan(scan)
        out.append(scan.text())
    return out


class _ReadPage:
    """A page read back from a PDF with pypdf, as the scanner takes it."""

    def __init__(self, page) -> None:
        self.page = page
        self.box: Rect = tuple(float(v) for v in page.mediabox)  # type: ignore[assignment]

    def scan(self, scan: _PageScan) -> None:
        contents = self.page.get_contents()
        if contents is None:
            return
        resources = self.page.get("/Resources")
        resources = resources.get_object() if resources is not None else None
        scan.run(contents.get_data(), _PdfResources(resources, scan.fonts))


def pages_of(pdf: bytes | Path) -> Sequence:
    """The pages of `pdf` as the scanner takes them (each with a `box` and a `scan(scan)`):
    as drawn, for a PDF drawn in this process (`drawn.Drawn`, which has them); else read back."""
    drawn = getattr(pdf, "drawn_pages", None)
    if drawn is not None:
        return drawn
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    return [_ReadPage(page) for page in PdfReader(io.BytesIO(data)).pages]


def normalise(text: str) -> str:
    """Text as compared: compatibility forms (ligatures) unfolded, soft hyphens gone, typographic quotes
    and en dashes folded to the typed forms (`markup.typeset` sets them when text is laid out), spaces folded."""
    text = fold_typography(unicodedata.normalize("NFKC", text).replace("\u00ad", ""))
    return " ".join(text.split())


def missing_text(haystack: str, expected: Sequence[str]) -> list[str]:
    """A problem line for each expected string not in `haystack` (capped, then counted)."""
    missing = absent(haystack, expected)
    lines = [f"text not found: {w!r}" for w in missing[:MAX_MISSING]]
    if len(missing) > MAX_MISSING:
        lines.append(f"text not found: {len(missing) - MAX_MISSING} more strings")
    return lines


def absent(haystack: str, expected: Sequence[str]) -> list[str]:
    """The expected strings (normalised, each once) not in `haystack`.

    A string counts as present when it appears with its whitespace folded, or
    with all whitespace removed: a word too long for its line is split over
    two lines, and table cells side by side interleave their lines.
    """
    if not expected:
        return []
    folded = normalise(haystack)
    tokens = set(folded.split())
    solid = folded.replace(" ", "")
    # A long word hyphenated at a line's end ("Geschwindigkeits- begrenzung") read whole again.
    joined = re.sub(r"(?<=\w)- (?=\w)", "", folded)
    missing = []
    for want in dict.fromkeys(expected):  # each string once, in order
        w = normalise(want)
        if not w or w in tokens or w in folded or w.replace(" ", "") in solid or w in joined \
                or w.replace(" ", "") in joined.replace(" ", ""):
            continue
        missing.append(w)
    return missing


def _size_problems(box: Rect, expect: Expectations) -> list[str]:
    width, height = box[2] - box[0], box[3] - box[1]
    for name in expect.sizes:
        w, h = SIZES[name]
        turns = ((w, h), (h, w)) if expect.landscape else ((w, h),)
        if any(abs(width - a) <= SIZE_TOLERANCE and abs(height - b) <= SIZE_TOLERANCE for a, b in turns):
            return []
    asked = " or ".join(SIZE_NAMES[n] for n in expect.sizes)
    return [f"page size {width:.0f} x {height:.0f} pt is not {asked}{' (either way up)' if expect.landscape else ''}"]


# --- fonts ---------------------------------------------------------------------------


@dataclass
class _Font:
    """What the scanner needs of a font: glyph widths, codes -> text, vertical extent."""

    name: str
    widths: dict[int, float]  # code -> width in text space units / 1000
    default_width: float
    to_text: dict[int, str]
    two_byte: bool
    ascent: float = 0.8
    descent: float = -0.2
    embedded: bool = True

    def __post_init__(self) -> None:
        if not self.two_byte:  # one byte a glyph: tables indexed by byte, for speed
            self._width_of = [self.widths.get(c, self.default_width) for c in range(256)]
            self._text_of = {c: t for c, t in self.to_text.items() if c < 256}

    def measure(self, raw: bytes) -> tuple[str, float, int, int]:
        """(text, width in units of the font size, word spaces, glyphs) of a shown string."""
        if not self.two_byte:
            text = raw.decode("latin-1").translate(self._text_of)
            return text, sum(map(self._width_of.__getitem__, raw)), raw.count(b" "), len(raw)
        codes = [raw[i] << 8 | raw[i + 1] for i in range(0, len(raw) - 1, 2)]
        text = "".join(self.to_text.get(c, "") for c in codes)
        return text, sum(self.widths.get(c, self.default_width) for c in codes), 0, len(codes)


class _FontCache:
    """Fonts read once per PDF (an assembled pack shares them between pages)."""

    def __init__(self) -> None:
        self._fonts: dict[object, _Font] = {}
        self._unembedded: dict[str, None] = {}

    def get(self, ref) -> _Font:
        key = (ref.idnum, ref.generation) if isinstance(ref, IndirectObject) else id(ref)
        font = self._fonts.get(key)
        if font is None:
            font = self._fonts[key] = _read_font(ref.get_object())
            if not font.embedded:
                self._unembedded[font.name] = None
        return font

    def check_resources(self, resources: DictionaryObject | None) -> None:
        """Read every font a resource dictionary names, used or not (pdffonts lists them all)."""
        if resources is None:
            return
        fonts = resources.get("/Font")
        if fonts is not None:
            for ref in fonts.get_object().values():
                self.get(ref)

    def problems(self) -> list[str]:
        return [f"font {name} is not embedded" for name in self._unembedded]


IMAGE = "image"  # what `xobject` says of an image


@dataclass(frozen=True)
class Form:
    """A form XObject as the scanner runs it: its content, matrix, box and resources."""

    key: object  # what identifies it (a form that draws itself is stopped)
    content: Callable[[], bytes]
    matrix: Matrix | None
    bbox: Rect | None
    resources: object  # a resources object like `_PdfResources`


class _PdfResources:
    """A page's (or form's) resource dictionary read with pypdf, as the scanner asks it:
    `font(name)`, `check_fonts()`, `xobject(name)` (IMAGE, a `Form` or None) and
    `property_type(name)` (the /Type of a named marked-content property list)."""

    def __init__(self, resources: DictionaryObject | None, fonts: _FontCache) -> None:
        self.resources = resources
        self.fonts = fonts

    def _table(self, kind: str):
        table = self.resources.get(kind) if self.resources is not None else None
        return table.get_object() if table is not None else None

    def font(self, key: str) -> _Font | None:
        table = self._table("/Font")
        ref = table.get(key) if table is not None else None
        return self.fonts.get(ref) if ref is not None else None

    def check_fonts(self) -> None:
        self.fonts.check_resources(self.resources)

    def xobject(self, key: str):
        table = self._table("/XObject")
        ref = table.get(key) if table is not None else None
        if ref is None:
            return None
        xobj = ref.get_object()
        if not isinstance(xobj, StreamObject):
            return None
        subtype = xobj.get("/Subtype")
        if subtype == "/Image":
            return IMAGE
        if subtype != "/Form":
            return None
        own = xobj.get("/Resources")
        return Form(
            (ref.idnum, ref.generation) if isinstance(ref, IndirectObject) else id(xobj),
            xobj.get_data,
            tuple(float(v) for v in xobj["/Matrix"]) if "/Matrix" in xobj else None,  # type: ignore[arg-type]
            tuple(float(v) for v in xobj["/BBox"]) if "/BBox" in xobj else None,  # type: ignore[arg-type]
            _PdfResources(own.get_object(), self.fonts) if own is not None else self,
        )

    def property_type(self, key: str):
        table = self._table("/Properties")
        props = table.get(key) if table is not None else None
        return props.get_object().get("/Type") if props is not None else None


def _read_font(font: DictionaryObject) -> _Font:
    subtype = font.get("/Subtype")
    name = str(font.get("/BaseFont", "(unnamed)")).lstrip("/")
    to_text = _read_cmap(font["/ToUnicode"].get_object().get_data()) if "/ToUnicode" in font else {}
    if subtype == "/Type0":
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant.get("/FontDescriptor")
        widths = _cid_widths(descendant.get("/W"))
        default = float(descendant.get("/DW", 1000)) / 1000
        two_byte = True
    else:
        descriptor = font.get("/FontDescriptor")
        first = int(font.get("/FirstChar", 0))
        widths = {first + i: float(w) / 1000 for i, w in enumerate(font.get("/Widths", ()))}
        default = 0.5  # standard-14 fonts carry no widths: a fair guess for their extent
        two_byte = False
        if not to_text:
            to_text = {c: chr(c) for c in range(32, 256)}
    embedded = subtype == "/Type3"  # drawn glyphs, nothing to embed
    ascent, descent = 0.8, -0.2
    if descriptor is not None:
        desc = descriptor.get_object()
        embedded = embedded or any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        ascent = float(desc.get("/Ascent", 800)) / 1000 or 0.8
        descent = float(desc.get("/Descent", -200)) / 1000
    return _Font(name, widths, default, to_text, two_byte, ascent, min(descent, 0.0), embedded)


def _cid_widths(w) -> dict[int, float]:
    out: dict[int, float] = {}
    if w is None:
        return out
    items = list(w.get_object())
    i = 0
    while i < len(items):
        first = int(items[i])
        nxt = items[i + 1].get_object() if i + 1 < len(items) else None
        if isinstance(nxt, ArrayObject):
            for k, v in enumerate(nxt):
                out[first + k] = float(v) / 1000
            i += 2
        else:
            last, width = int(items[i + 1]), float(items[i + 2]) / 1000
            for c in range(first, last + 1):
                out[c] = width
            i += 3
    return out


_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def _unhex_text(h: bytes) -> str:
    """A CMap destination: UTF-16BE, or (as ReportLab writes a character beyond the BMP,
    e.g. <1f600>) a bare code point in an odd number of digits."""
    if len(h) % 2:
        value = int(h, 16)
        return chr(value) if value <= 0x10FFFF else "\ufffd"
    return bytes.fromhex(h.decode("ascii")).decode("utf-16-be", errors="replace")


def _read_cmap(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries (enough for the PDFs we write)."""
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        vals = _HEX.findall(block)
        for src, dst in zip(vals[::2], vals[1::2]):
            out[int(src, 16)] = _unhex_text(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for m in re.finditer(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", block):
            lo, hi, dst = int(m.group(1), 16), int(m.group(2), 16), m.group(3)
            if dst.startswith(b"["):
                for k, h in enumerate(_HEX.findall(dst)):
                    out[lo + k] = _unhex_text(h)
            else:
                base = _unhex_text(dst[1:-1])
                for k in range(hi - lo + 1):
                    out[lo + k] = base[:-1] + chr(ord(base[-1]) + k) if base else ""
    return out


# --- content streams -------------------------------------------------------------------

# One token: a literal string (one level of nested brackets), a dictionary bracket, a hex
# string, an array bracket, a name, a number, an operator or keyword, or a comment.
_TOKEN = re.compile(
    rb"\((?:[^()\\]|\\[\s\S]|\((?:[^()\\]|\\[\s\S])*\))*\)|<<|>>|<[0-9A-Fa-f\s]*>|[\[\]]"
    rb"|/[^\s/\[\]()<>{}%]*|[+-]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'\"*][A-Za-z0-9'\"*]*|%[^\r\n]*"
)
_OPERATOR_START = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'\"*")
_KEYWORDS = frozenset({b"true", b"false", b"null"})
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|[\s\S])")
_PAINT = frozenset({b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"})
_SHOW = frozenset({b"Tj", b"TJ", b"'", b'"'})


def _unescape(s: bytes) -> bytes:
    def sub(m: re.Match) -> bytes:
        c = m.group(1)
        if c[:1].isdigit():
            return bytes([int(c, 8) & 0xFF])
        if c in (b"\r", b"\n"):
            return b""
        return _ESCAPES.get(c, c)

    return _ESCAPE.sub(sub, s) if b"\\" in s else s


def string(token: bytes) -> bytes:
    """The bytes of a string token, ``(literal)`` or ``<hex>``."""
    if token[:1] == b"(":
        return _unescape(token[1:-1])
    h = re.sub(rb"\s", b"", token[1:-1])
    return bytes.fromhex((h + b"0" * (len(h) % 2)).decode("ascii"))


def name(token: bytes) -> str:
    """A name token as pypdf spells dictionary keys ('/F1+0'), #xx escapes resolved."""
    if b"#" in token:
        token = re.sub(rb"#([0-9A-Fa-f]{2})", lambda h: bytes([int(h.group(1), 16)]), token)
    return token.decode("latin-1")


def operations(data: bytes) -> Iterator[tuple[bytes, list[bytes]]]:
    """(operator, operand tokens) of a content stream, in order.

    Operands stay raw tokens (arrays and dictionaries flattened, brackets
    included) and are converted only by the operators that need them: most
    operators (colours, line styles) are never looked at.
    """
    operands: list[bytes] = []
    in_image = False
    for tok in _TOKEN.findall(data):
        if in_image:  # inline image data: skip to its end
            in_image = tok != b"EI"
        elif tok[0] in _OPERATOR_START and tok not in _KEYWORDS:
            if tok == b"ID":
                in_image = True
            else:
                yield tok, operands
            operands = []
        elif tok[0] != 37:  # '%' starts a comment
            operands.append(tok)


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF convention: a point is a row vector, p' = p x m x n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _bbox(m: Matrix, x0: float, y0: float, x1: float, y1: float) -> Rect:
    a, b, c, d, e, f = m
    xs = (a * x0 + c * y0 + e, a * x1 + c * y0 + e, a * x0 + c * y1 + e, a * x1 + c * y1 + e)
    ys = (b * x0 + d * y0 + f, b * x1 + d * y0 + f, b * x0 + d * y1 + f, b * x1 + d * y1 + f)
    return min(xs), min(ys), max(xs), max(ys)


def _intersect(r: Rect, clip: Rect | None) -> Rect | None:
    if clip is None:
        return r
    x0, y0, x1, y1 = max(r[0], clip[0]), max(r[1], clip[1]), min(r[2], clip[2]), min(r[3], clip[3])
    return (x0, y0, x1, y1) if x0 <= x1 and y0 <= y1 else None


IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    clip: Rect | None = None
    font: _Font | None = None
    size: float = 0.0
    char_space: float = 0.0
    word_space: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    mode: int = 0

    def copy(self) -> _State:
        return _State(**self.__dict__)


@dataclass
class _PageScan:
    """Follows one page's content: where text and drawings land, how big the text is."""

    box: Rect
    expect: Expectations
    fonts: _FontCache
    floor: float
    near_edge: dict[str, tuple[str, Rect]] = field(default_factory=dict)  # text|drawing -> (what, box)
    small: dict[float, str] = field(default_factory=dict)  # size -> sample text
    runs: list[str] = field(default_factory=list)
    cut: str | None = None  # the first text run that is clipped or runs off the page
    # When a list: every text run and painted path placed, for the make-up audit (makeup.py):
    # (kind, box, text, size, marks) with kind "text" or "drawing", marks the open marked-content tags.
    placed: list | None = None

    def run_page(self, page) -> None:
        """Scan a page read with pypdf."""
        _ReadPage(page).scan(self)

    def run(self, data: bytes, resources) -> None:
        """Scan a page's content stream `data`, its names looked up in `resources`
        (see `_PdfResources`)."""
        resources.check_fonts()
        self._last: tuple[float, float, float] | None = None  # where the previous run ended, and its size
        self._run(data, resources, _State(), set())

    # -- the interpreter --------------------------------------------------------
    def _run(self, data: bytes, resources, gs: _State, forms: set) -> None:
        stack: list[_State] = []
        marks: list[bool] = []  # per open marked-content section: is it a cut-mark artifact?
        tags: list[str] = []  # the open marked-content sections' tags (for `placed`)
        exempt = 0
        path: list[float] = []  # x0, y0, x1, y1 of the current path in user space
        clip_next = False
        tm = lm = IDENTITY
        extend = self._extend
        for op, args in operations(data):
            if op in _SHOW:
                if gs.font is None or gs.mode in (3, 7):  # no font, or invisible text
                    continue
                if op == b"'" or op == b'"':
                    if op == b'"':
                        gs.word_space, gs.char_space = float(args[0]), float(args[1])
                    lm = tm = _mul((1, 0, 0, 1, 0, -gs.leading), lm)
                tm = self._show(args if op == b"TJ" else args[-1:], tm, gs, exempt > 0, tags)
            elif op == b"re":
                x, y, w, h = map(float, args)
                extend(path, x, y)
                extend(path, x + w, y + h)
            elif op == b"m" or op == b"l":
                extend(path, float(args[0]), float(args[1]))
            elif op == b"c" or op == b"v" or op == b"y":
                for i in range(0, len(args) - 1, 2):
                    extend(path, float(args[i]), float(args[i + 1]))
            elif op in _PAINT or op == b"n":
                if path:
                    r = _bbox(gs.ctm, *path)
                    if clip_next:
                        gs.clip = _intersect(r, gs.clip) or (0.0, 0.0, 0.0, 0.0)
                    if op != b"n" and not exempt:
                        seen = _intersect(r, gs.clip)
                        self._place("drawing", seen)
                        if self.placed is not None and seen is not None:
                            self.placed.append(("drawing", seen, "", 0.0, tuple(tags)))
                path = []
                clip_next = False
            elif op == b"W" or op == b"W*":
                clip_next = True
            elif op == b"cm":
                gs.ctm = _mul(tuple(map(float, args)), gs.ctm)  # type: ignore[arg-type]
            elif op == b"q":
                stack.append(gs.copy())
            elif op == b"Q":
                if stack:
                    gs = stack.pop()
            elif op == b"BT":
                tm = lm = IDENTITY
            elif op == b"Tf":
                gs.font = resources.font(name(args[0]))
                gs.size = float(args[1])
            elif op == b"Tm":
                tm = lm = tuple(map(float, args))  # type: ignore[assignment]
            elif op == b"Td" or op == b"TD":
                tx, ty = float(args[0]), float(args[1])
                if op == b"TD":
                    gs.leading = -ty
                lm = tm = _mul((1, 0, 0, 1, tx, ty), lm)
            elif op == b"T*":
                lm = tm = _mul((1, 0, 0, 1, 0, -gs.leading), lm)
            elif op == b"TL":
                gs.leading = float(args[0])
            elif op == b"Tc":
                gs.char_space = float(args[0])
            elif op == b"Tw":
                gs.word_space = float(args[0])
            elif op == b"Tz":
                gs.scale = float(args[0]) / 100
            elif op == b"Ts":
                gs.rise = float(args[0])
            elif op == b"Tr":
                gs.mode = int(float(args[0]))
            elif op == b"BMC" or op == b"BDC":
                cut = _is_cut_mark(args, resources)
                marks.append(cut)
                tags.append(name(args[0]) if args else "")
                exempt += cut
                if cut and self.placed is not None:  # printer's marks: the page is a sheet of cards
                    self.placed.append(("marks", self.box, "", 0.0, ()))
            elif op == b"DP" or op == b"MP":  # a marked-content point: the audit may read it
                if self.placed is not None and args:
                    self.placed.append(("point", self.box, b" ".join(args[1:]).decode("latin-1"), 0.0,
                                        (name(args[0]),)))
            elif op == b"EMC":
                if marks:
                    exempt -= marks.pop()
                    tags.pop()
            elif op == b"Do":
                self._do(name(args[0]), resources, gs, forms, exempt > 0)

    @staticmethod
    def _extend(path: list[float], x: float, y: float) -> None:
        if path:
            if x < path[0]:
                path[0] = x
            elif x > path[2]:
                path[2] = x
            if y < path[1]:
                path[1] = y
            elif y > path[3]:
                path[3] = y
        else:
            path[:] = [x, y, x, y]

    def _show(self, items: list[bytes], tm: Matrix, gs: _State, exempt: bool, tags: list[str] = ()) -> Matrix:
        """Lay out one text-showing operation (its string and kerning tokens); return the new text matrix."""
        font = gs.font
        assert font is not None
        size, th = gs.size, gs.scale
        advance = 0.0
        parts: list[str] = []
        for item in items:
            first = item[0]
            if first == 40 or first == 60:  # '(' or '<': a string
                raw = string(item)
                text, width, spaces, count = font.measure(raw)
                advance += (width * size + count * gs.char_space + spaces * gs.word_space) * th
                parts.append(text)
            elif first != 91 and first != 93:  # not '[' or ']': a kerning number
                k = float(item)
                advance -= k / 1000 * size * th
                if k < -250:  # a gap this wide reads as a space
                    parts.append(" ")
        text = "".join(parts)
        trm = _mul((1, 0, 0, 1, 0, gs.rise), _mul(tm, gs.ctm))
        end_tm = _mul((1, 0, 0, 1, advance, 0), tm)
        end = _mul(end_tm, gs.ctm)
        shown = text.strip()
        if shown and not exempt:
            # The glyphs' box: from the start to the advance, descender to ascender.
            seen = _intersect(_bbox(trm, 0, font.descent * size, advance, font.ascent * size), gs.clip)
            self._place(f"text {shown[:40]!r}", seen, text=True)
            if self.placed is not None and seen is not None:
                self.placed.append(("text", seen, text, size * math.hypot(trm[2], trm[3]), tuple(tags)))
            if self.cut is None and not (self._shows(trm[4], trm[5], gs.clip) and self._shows(end[4], end[5], gs.clip)):
                self.cut = shown[:40]
            height = size * math.hypot(trm[2], trm[3])
            # Page furniture (footers, running heads: marked as /Artifact) has a floor of its own.
            floor = min(self.floor, FURNITURE_SIZE) if "/Artifact" in tags else self.floor
            if gs.rise:  # a sub- or superscript (H_2O, x^2) is a fixed fraction of its line's size
                floor *= SCRIPT_SIZE
            if seen is not None and height < floor - 0.01 and FIGURE_TAG not in tags:
                self.small.setdefault(round(height, 2), shown[:40])
        # Joined from the baseline (not raised or lowered): "H", a subscript "2" and "O" read "H2O".
        base = _mul(tm, gs.ctm)
        self._join(text, (base[4], base[5]), (end[4], end[5]), size)
        return end_tm

    def _join(self, text: str, start: tuple[float, float], end: tuple[float, float], size: float) -> None:
        """Append a run to the page text, with a space where it does not continue the last run."""
        if self._last is not None:
            x, y, last_size = self._last
            gap = start[0] - x
            if abs(start[1] - y) > 0.3 * max(size, last_size) or not -0.5 * size < gap < 0.15 * size:
                self.runs.append(" ")
        self.runs.append(text)
        self._last = (end[0], end[1], size)

    def _shows(self, x: float, y: float, clip: Rect | None, slack: float = 0.5) -> bool:
        """Whether the point (x, y) of a baseline is on the page and inside the clip."""
        for x0, y0, x1, y1 in (self.box, clip) if clip is not None else (self.box,):
            if not (x0 - slack <= x <= x1 + slack and y0 - slack <= y <= y1 + slack):
                return False
        return True

    def _place(self, what: str, r: Rect | None, text: bool = False) -> None:
        """Note `what` if its box `r` comes within the edge distance of the paper edge."""
        if r is None or not self.expect.edge:
            return
        x0, y0, x1, y1 = self.box
        e = self.expect.edge - 0.01
        if r[0] >= x0 + e and r[1] >= y0 + e and r[2] <= x1 - e and r[3] <= y1 - e:
            return
        if r[2] <= x0 or r[0] >= x1 or r[3] <= y0 or r[1] >= y1:
            return  # wholly off the page: never printed
        if any(r[0] >= a[0] and r[1] >= a[1] and r[2] <= a[2] and r[3] <= a[3] for a in self.expect.allowed):
            return
        self.near_edge.setdefault("text" if text else "drawing", (what, r))

    def _do(self, name, resources, gs: _State, forms: set, exempt: bool) -> None:
        xobj = resources.xobject(name)
        if xobj is None:
            return
        if xobj == IMAGE:
            if not exempt:
                self._place("image", _intersect(_bbox(gs.ctm, 0, 0, 1, 1), gs.clip))
            return
        if xobj.key in forms:  # a form that draws itself: stop
            return
        inner = gs.copy()
        if xobj.matrix is not None:
            inner.ctm = _mul(xobj.matrix, inner.ctm)
        if xobj.bbox is not None:
            inner.clip = _intersect(_bbox(inner.ctm, *xobj.bbox), inner.clip)
        xobj.resources.check_fonts()
        if exempt:
            return
        self._run(xobj.content(), xobj.resources, inner, forms | {xobj.key})

    # -- results ----------------------------------------------------------------
    def problems(self) -> list[str]:
        out = []
        for what, (x0, y0, x1, y1) in self.near_edge.values():
            bx0, by0, bx1, by1 = self.box
            gap = max(0.0, min(x0 - bx0, y0 - by0, bx1 - x1, by1 - y1))
            out.append(f"{what} is {gap / mm:.1f} mm from the paper edge (at least "
                       f"{self.expect.edge / mm:.0f} mm needed)")
        if self.cut is not None:
            out.append(f"text {self.cut!r} is cut off (outside the page or its clipping)")
        for size, sample in sorted(self.small.items()):
            out.append(f"text {sample!r} is {size:g} pt, below the {self.floor:g} pt floor")
        return out

    def text(self) -> str:
        return "".join(self.runs)


def _is_cut_mark(args: list[bytes], resources) -> bool:
    """Whether a marked-content section holds printer's marks (a page artifact, or /CutMarks)."""
    if not args:
        return False
    if args[0] == b"/CutMarks":
        return True
    if args[0] != b"/Artifact" or len(args) < 2:
        return False
    if args[1][:1] == b"/":  # properties named in the resources' /Properties
        return resources.property_type(name(args[1])) == "/Page"
    inline = args[1:]
    return any(k == b"/Type" and v == b"/Page" for k, v in zip(inline, inline[1:]))


__all__ = ["EDGE", "SIZES", "Expectations", "missing_text", "normalise", "page_texts", "preflight"]
