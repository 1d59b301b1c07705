"""What was drawn: a PDF's pages as our canvas wrote them, kept beside its bytes.

Every PDF revpack lays out is read again at once: the make-up audit measures its last
page's columns (to balance them, or to see whether a tighter set saves a page) and
preflight checks every page. Reading it back with pypdf meant parsing the file, inflating
its streams and re-reading its fonts' dictionaries, each time. A PDF drawn on `Canvas`
instead carries its pages as drawn (`Drawn.drawn_pages`): each page's content stream as the
canvas wrote it, before compression, and its fonts' widths and text taken from ReportLab's
own font objects. Preflight's interpreter runs on those just as on a page read back, so the
checks and their messages are the same; a PDF from anywhere else (a file handed to
`revpack preflight`, a fragment from the cache) is read back as before.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFFormXObject, PDFImageXObject, fp_str, pdfdocEnc
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas as _Canvas

from revpack.preflight import IMAGE, Form, Rect, _Font, _PageScan, _unhex_text


class Drawn(bytes):
    """A PDF's bytes, with its pages as drawn (`drawn_pages`). Pickled, cached or copied,
    it is plain bytes again (and is read back when checked)."""

    drawn_pages: tuple[Page, ...]

    def __new__(cls, data: bytes, pages: Sequence[Page]) -> Drawn:
        out = super().__new__(cls, data)
        out.drawn_pages = tuple(pages)
        return out

    def __reduce__(self):
        return bytes, (bytes(self),)


def _number(value: float) -> float:
    """`value` as the PDF writes it (ReportLab's number format), so what is checked is what was written."""
    return float(fp_str(value))


class _Resources:
    """A drawn document's fonts and forms, as preflight's scanner asks a page's resources
    (see `preflight._PdfResources`). ReportLab gives every page the document's fonts."""

    def __init__(self, fonts: dict[str, _Font], xobjects: dict[str, object]) -> None:
        self.fonts = fonts
        self.xobjects = xobjects

    def font(self, key: str) -> _Font | None:
        return self.fonts.get(key)

    def check_fonts(self) -> None:
        """Nothing to note: only documents whose fonts are all embedded TrueType are kept as drawn."""

    def xobject(self, key: str):
        return self.xobjects.get(key)

    def property_type(self, key: str) -> None:
        return None  # ReportLab names no marked-content property lists


@dataclass(frozen=True)
class Page:
    """One page as drawn: its media box, its content stream and the document's resources."""

    box: Rect
    content: bytes
    resources: _Resources

    def scan(self, scan: _PageScan) -> None:
        scan.run(self.content, self.resources)


# Subsets read once per process: every fragment primes the same ones (`render.prime_fonts`).
_SUBSETS: dict[tuple[str, int, tuple[int, ...]], _Font] = {}
_SUBSETS_KEPT = 64  # those beyond the primed ones differ from fragment to fragment: a few are kept


def _subset_font(font: TTFont, number: int, subset: tuple[int, ...]) -> _Font:
    """Subset `number` of `font`, as its PDF font dictionary and ToUnicode map describe it."""
    key = (font.fontName, number, subset)
    found = _SUBSETS.get(key)
    if found is None:
        face = font.face
        widths = {code: _number(face.getCharWidth(char)) / 1000 for code, char in enumerate(subset)}
        to_text = {code: _unhex_text(b"%04X" % char) for code, char in enumerate(subset)}
        ascent = _number(face.ascent) / 1000 or 0.8
        descent = min(_number(face.descent) / 1000, 0.0)
        name = f"{number}+{face.name.decode('latin-1')}"
        if len(_SUBSETS) >= _SUBSETS_KEPT:
            _SUBSETS.clear()
        found = _SUBSETS[key] = _Font(name, widths, 0.5, to_text, False, ascent, descent, True)
    return found


def _resources(doc) -> _Resources | None:
    """The fonts and forms of ReportLab document `doc`, read before it is saved (saving
    forgets the fonts' subsets); None if a font is not an embedded TrueType subset (a
    standard font: preflight reads that document back, and names the font)."""
    fonts: dict[str, _Font] = {}
    for face_name, internal in doc.fontMapping.items():
        font = pdfmetrics.getFont(face_name)
        state = getattr(font, "state", {}).get(doc) if isinstance(font, TTFont) else None
        if state is None:
            return None
        for number, subset in enumerate(state.subsets):
            fonts[f"{internal}+{number}"] = _subset_font(font, number, tuple(subset))
    resources = _Resources(fonts, {})
    for key, obj in doc.idToObject.items():
        if isinstance(obj, PDFImageXObject):
            resources.xobjects[f"/{key}"] = IMAGE
        elif isinstance(obj, PDFFormXObject):
            box = tuple(_number(v) for v in obj.BBoxList())
            stream = obj.stream
            resources.xobjects[f"/{key}"] = Form(key, lambda stream=stream: stream, None, box, resources)  # type: ignore[arg-type]
    return resources


class Canvas(_Canvas):
    """A ReportLab canvas that keeps what it drew: `drawn(data)` is the saved PDF's bytes
    with its pages as drawn (`Drawn`)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._drawn: list[tuple[float, float, str]] = []
        self._drawn_resources: _Resources | None = None

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        super().showPage()
        page = self._doc.Pages.pages[-1]
        self._drawn.append((page.pagewidth, page.pageheight, page.stream))

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        self._drawn_resources = _resources(self._doc)
        super().save()

    def drawn(self, data: bytes) -> bytes:
        """`data`, the PDF this canvas saved, with its pages as drawn (plain bytes if it could not keep them)."""
        resources = self._drawn_resources
        if resources is None:
            return data
        return Drawn(data, [Page((0.0, 0.0, _number(w), _number(h)), pdfdocEnc(stream), resources)
                            for w, h, stream in self._drawn])


def canvas_pdf(draw, *args, **kwargs) -> bytes:
    """The PDF `draw(canvas)` makes on a `Canvas(buffer, *args, **kwargs)`, as drawn."""
    out = io.BytesIO()
    canv = Canvas(out, *args, **kwargs)
    draw(canv)
    canv.save()
    return canv.drawn(out.getvalue())


__all__ = ["Canvas", "Drawn", "Page", "canvas_pdf"]
