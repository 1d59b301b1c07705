"""Font faces that fall back per character: no character is dropped because one face lacks it.

Every face revpack draws with is a `FallbackFont`: a ReportLab TrueType font that,
for each character its own file has no glyph for, draws the glyph of the first face
in its *chain* that has one (DejaVu Sans by default, or the families a theme lists).
The fallback lives in the font object itself, so every way text reaches the page
(paragraphs, table cells, canvas strings in bands, cards, footers and timelines, and
every width measured for layout) gets it, with no markup and no per-view code.

A chain tries the face's own style first in every family, then the nearer styles
(bold italic -> bold -> italic -> regular): DejaVu Sans Oblique has no Arabic, so
Arabic inside ``*italic*`` prints upright rather than as boxes.

Each run drawn in a fallback face is written as a subset of that face, with its
own ToUnicode map, so text extraction (and preflight's word check) reads it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

from reportlab.lib.rl_accel import instanceStringWidthTTF
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Style index: regular, bold, italic, bold italic (the order of a family's four faces).
REGULAR, BOLD, ITALIC, BOLD_ITALIC = range(4)
# The styles a face of each style falls back to, nearest first.
STYLE_ORDER: tuple[tuple[int, ...], ...] = (
    (REGULAR,),
    (BOLD, REGULAR),
    (ITALIC, REGULAR),
    (BOLD_ITALIC, BOLD, ITALIC, REGULAR),
)
# Subset numbers of the k-th face of a chain are offset by k * _SPAN, so the text
# object sees a change of subset (and sets the font) whenever the face changes.
_SPAN = 1 << 20


class _FlateOnce(pdfdoc.PDFStreamFilterZCompress):
    """ReportLab's Flate filter, remembering what it compressed: a font subset (the same
    bytes in every fragment, primed with the pack's characters) is compressed once."""

    def __init__(self) -> None:
        self._made: dict[bytes, bytes] = {}

    def encode(self, text):
        packed = self._made.get(text)
        if packed is None:
            if len(self._made) >= 64:
                self._made.clear()
            packed = self._made[text] = super().encode(text)
        return packed


_FLATE_ONCE = _FlateOnce()


def _subset_once(face) -> None:
    """Make each subset of `face` (a ReportLab `TTFontFace`) once per process.

    Every fragment primes its subsets with the pack's characters, so every fragment
    asks for the same subset programs: building one (ReportLab parses and rewrites the
    font's tables) and compressing it are done for the first fragment only; the
    bytes written are the same."""
    if getattr(face, "_subsets", None) is not None:
        return
    face._subsets = made = {}
    make, add = face.makeSubset, face.addSubsetObjects

    def make_subset(subset):
        key = tuple(subset)
        found = made.get(key)
        if found is None:
            if len(made) >= 64:
                made.clear()
            found = made[key] = make(subset)
        return found

    def add_subset_objects(doc, fontname, subset):
        ref = add(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{face.filename}({fontname})")
        if stream is not None and stream.filters == [pdfdoc.PDFZCompress]:
            stream.filters = [_FLATE_ONCE]
        return ref

    face.makeSubset, face.addSubsetObjects = make_subset, add_subset_objects


class FallbackFont(TTFont):
    """A TrueType face whose missing characters are drawn from the faces of `chain`.

    `chain` lists other registered `FallbackFont`s; their own glyphs are used (never
    their chains), so the first face holding a character draws it, and a character
    no face holds stays with this one (its .notdef box: `glyphs` warns about those).
    """

    def __init__(self, name: str, filename: str, chain: Sequence[FallbackFont] = ()):
        super().__init__(name, filename)
        _subset_once(self.face)
        self.shapable = False  # no HarfBuzz: runs are split per face, not shaped
        self.chain: tuple[TTFont, ...] = (self, *(f for f in chain if f is not self))
        self._face_of: dict[int, int] = {}
        widths: dict[int, float] = {}
        for k, font in reversed(list(enumerate(self.chain))):  # nearest face wins
            for code in font.face.charToGlyph:
                self._face_of[code] = k
                widths[code] = font.face.charWidths.get(code, font.face.defaultWidth)
        for code, k in list(self._face_of.items()):
            if k == 0:
                del self._face_of[code]  # this face's own characters: the common case, looked up by absence
        # ReportLab's accelerated width sum reads `.face.charWidths` and `.face.defaultWidth`.
        self._metrics = SimpleNamespace(face=SimpleNamespace(charWidths=widths, defaultWidth=self.face.defaultWidth))

    def covers(self, code: int) -> bool:
        """Whether some face of the chain has a glyph for code point `code`."""
        return code in self.face.charToGlyph or code in self._face_of

    def face_for(self, code: int) -> TTFont:
        """The face that draws code point `code`."""
        return self.chain[self._face_of.get(code, 0)]

    def stringWidth(self, text, size, encoding="utf8"):  # noqa: N802 - ReportLab's name
        return instanceStringWidthTTF(self._metrics, text, size, encoding)

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802 - ReportLab's name
        """(subset, bytes) chunks as `TTFont.splitString` gives, each run of characters
        in the face that has them; subsets of the k-th face are numbered from k * _SPAN."""
        if isinstance(text, bytes):
            text = text.decode(encoding)
        face_of = self._face_of
        if face_of and not face_of.keys().isdisjoint(map(ord, text)):
            out = []
            start, k = 0, face_of.get(ord(text[0]), 0) if text else 0
            for i, ch in enumerate(text):
                j = face_of.get(ord(ch), 0)
                if j != k:
                    out += self._run(text[start:i], k, doc)
                    start, k = i, j
            out += self._run(text[start:], k, doc)
            return out
        return TTFont.splitString(self, text, doc, encoding)

    def _run(self, text: str, k: int, doc) -> list[tuple[int, bytes]]:
        return [(k * _SPAN + subset, chunk) for subset, chunk in TTFont.splitString(self.chain[k], text, doc)]

    def getSubsetInternalName(self, subset, doc):  # noqa: N802 - ReportLab's name
        k, n = divmod(subset, _SPAN)
        return TTFont.getSubsetInternalName(self.chain[k], n, doc)


def register_chain(names: Sequence[tuple[str, str]], fallbacks: Sequence[Sequence[str]] = ()) -> None:
    """Register faces (name, file) of one family's four styles, in style order, each falling
    back to the registered faces `fallbacks[s]` (names) for style s, then to its nearer styles.

    A name already registered is left as it is (a face has one chain per process).
    """
    own = [name for name, _ in names]
    for style, (name, path) in enumerate(names):
        if name in pdfmetrics.getRegisteredFontNames():
            continue
        chain: list[TTFont] = []
        for s in STYLE_ORDER[style]:
            for candidate in (own[s], *(f[s] for f in fallbacks)):
                if candidate != name and candidate in pdfmetrics.getRegisteredFontNames():
                    chain.append(pdfmetrics.getFont(candidate))
        font = FallbackFont(name, path, chain)
        pdfmetrics.registerFont(font)
        if pdfmetrics.getFont(name) is not font:
            # ReportLab files a second font of one face (file) under the first: this name has its own chain.
            pdfmetrics._fonts[name] = font  # noqa: SLF001
