"""Images on the page: a flowable that fits a PNG, JPEG or SVG to its column, with its caption.

Every view shows images through `figure` (or `Picture`), so the rules are the same everywhere:

- An image never overflows its frame: it prints at its `width:` (a share of the column or
  card, or millimetres) or the column's width, and shrinks, keeping its shape, to the width
  available and to the height it is allowed (a share of the frame, so text keeps room).
- Its caption prints under it at the body size (never below the floor); alt text is not
  printed (exports carry it).
- Embedded once per PDF: a raster image is prepared once for the PDF's largest frame, so
  every use of it draws the same pixels and ReportLab writes one image XObject (it names
  images by a hash of their pixels); an SVG is drawn once into a form XObject named by its
  digest and placed by reference wherever it appears.
- Photos are downsampled to `PRINT_DPI` at the largest size revpack prints an image (the page's
  text frame, `sheet_frame`; cards use the same pixels, so a pack embeds each picture once):
  sharp on paper, no 12-megapixel JPEG in every pack. A JPEG that
  needs no downsampling is embedded as it is (no recompression).
- SVG is drawn as vectors (svglib), its text in the sheet's own font, so it prints sharp and
  reads back as text. Text inside a diagram is the author's drawing: it scales with the image
  and is marked (`FIGURE_TAG`) so the type floor, which governs revpack's own type, leaves it
  alone.
"""

from __future__ import annotations

import io
import math
import re
from functools import lru_cache
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Paragraph

from revpack.markup import to_para
from revpack.model import Image
from revpack.theme import TYPE, Style

PRINT_DPI = 300  # pixels per inch at the largest printed size: what a laser printer resolves
FIGURE_TAG = "/RevpackFigure"  # marked content round an SVG's drawing (preflight: the author's own type)
JPEG_QUALITY = 90  # for a JPEG that had to be downsampled or turned upright


def _px(points: float) -> int:
    return max(1, math.ceil(points / 72 * PRINT_DPI))


@lru_cache(maxsize=32)
def _pixels(source: str, digest: str) -> tuple[int, int]:
    """A raster image's (width, height) in pixels, upright (EXIF orientation applied)."""
    from PIL import Image as PILImage

    with PILImage.open(source) as im:
        w, h = im.size
        return (h, w) if im.getexif().get(0x0112, 1) in (5, 6, 7, 8) else (w, h)


@lru_cache(maxsize=32)
def raster(source: str, digest: str, most_w: float, most_h: float) -> ImageReader:
    """The image at `source` ready to embed: at most `PRINT_DPI` at `most_w` x `most_h` points,
    upright, in a colour mode PDF takes. The same arguments give the same object, and the
    same pixels, so a PDF embeds it once."""
    from PIL import Image as PILImage
    from PIL import ImageOps

    data = Path(source).read_bytes()
    with PILImage.open(io.BytesIO(data)) as im:
        upright = im.getexif().get(0x0112, 1) == 1
        scale = min(1.0, _px(most_w) / im.width, _px(most_h) / im.height)
        if im.format == "JPEG" and upright and scale >= 1.0 and im.mode in ("RGB", "L"):
            return ImageReader(io.BytesIO(data))  # embedded as it is: the JPEG's own bytes
        out = ImageOps.exif_transpose(im)
        if scale < 1.0:
            size = (max(1, round(out.width * scale)), max(1, round(out.height * scale)))
            out = out.resize(size, PILImage.Resampling.LANCZOS)
        alpha = out.mode in ("RGBA", "LA", "PA") or (out.mode == "P" and "transparency" in out.info)
        out = out.convert("RGBA" if alpha else ("L" if out.mode in ("L", "1", "I;16", "I") else "RGB"))
        if im.format == "JPEG":
            buf = io.BytesIO()
            out.save(buf, "JPEG", quality=JPEG_QUALITY)
            return ImageReader(io.BytesIO(buf.getvalue()))
        return ImageReader(out)


@lru_cache(maxsize=32)
def _svg(source: str, digest: str):
    """The SVG at `source` as a ReportLab drawing (svglib), external references kept to its folder."""
    import logging
    import os

    from svglib.svglib import svg2rlg

    logging.getLogger("svglib").setLevel(logging.CRITICAL)  # unsupported features are skipped quietly
    drawing = svg2rlg(source, external_reference_root=os.path.dirname(source))
    if drawing is None or not drawing.width or not drawing.height:
        raise ValueError(f"{source}: this SVG cannot be drawn")
    return drawing


@lru_cache(maxsize=32)
def svg_drawing(source: str, digest: str, font: str, bold: str):
    """The SVG at `source` with its labels in `font` (`bold`), and its extent (x0, y0, x1, y1):
    its own box grown to hold everything drawn, so a label set wider than the author's font
    is never clipped; the picture is fitted to its column by this extent."""
    import copy

    drawing = copy.deepcopy(_svg(source, digest))
    for node in _walk(drawing):  # the diagram's labels in the sheet's own (embedded) face
        if getattr(node, "fontName", None):
            node.fontName = bold if "Bold" in node.fontName else font
    drawing.initialFontName = font
    x0, y0, x1, y1 = drawing.getBounds()
    extent = (min(0.0, x0), min(0.0, y0), max(float(drawing.width), x1), max(float(drawing.height), y1))
    return drawing, extent


def aspect(image: Image, style: Style | None = None) -> float:
    """Width over height of `image` (an SVG's as drawn in `style`'s faces)."""
    if _is_svg(image):
        style = style or Style()
        _, (x0, y0, x1, y1) = svg_drawing(image.source, image.digest, style.font, style.bold)
        return (x1 - x0) / (y1 - y0)
    w, h = _pixels(image.source, image.digest)
    return w / h


@lru_cache(maxsize=64)
def _is_svg_file(source: str) -> bool:
    from revpack.images import _looks_like_svg

    with open(source, "rb") as fh:
        return _looks_like_svg(fh.read(65536))


def _is_svg(image: Image) -> bool:
    return _is_svg_file(image.source)


_WIDTH = re.compile(r"^\s*([0-9.]+)\s*(%|mm)\s*$")


def asked_width(image: Image, avail: float) -> float:
    """The width `image` asks for in a column `avail` points wide (all of it by default)."""
    m = _WIDTH.match(image.width)
    if not m:
        return avail
    value, unit = float(m[1]), m[2]
    return min(avail, avail * value / 100 if unit == "%" else value * mm)


def _walk(node):
    yield node
    for child in getattr(node, "contents", ()) or ():
        yield from _walk(child)


class Picture(Flowable):
    """One image, centred in the width it is given, never larger than the room allowed.

    `most_h`: the tallest it may print (a share of its frame); `frame`: the largest (width,
    height) any image can print at in this PDF, which fixes the pixels embedded."""

    def __init__(self, image: Image, style: Style, most_h: float, frame: tuple[float, float], share: float = 1.0):
        super().__init__()
        self.image, self.style, self.most_h, self.frame, self.share = image, style, most_h, frame, share
        self.svg = _is_svg(image)
        self.ratio = aspect(image, style)

    def size(self, avail: float) -> tuple[float, float]:
        """The printed (width, height) in a column `avail` points wide."""
        w = asked_width(self.image, avail) if self.image.width else avail * self.share
        h = w / self.ratio
        if h > self.most_h:
            w, h = self.most_h * self.ratio, self.most_h
        return w, h

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.w, self.h = self.size(availWidth)
        self.height = self.h
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []  # an image moves whole to the next column (it is never taller than one)

    def draw(self) -> None:
        canv, x = self.canv, (self.width - self.w) / 2
        if self.svg:
            self._draw_svg(canv, x)
        else:
            reader = raster(self.image.source, self.image.digest, *self.frame)
            canv.drawImage(reader, x, 0, self.w, self.h, mask="auto")

    def _draw_svg(self, canv, x: float) -> None:
        from reportlab.graphics import renderPDF

        drawing, (x0, y0, x1, y1) = svg_drawing(self.image.source, self.image.digest, self.style.font,
                                                self.style.bold)
        name = f"revpackSvg{self.image.digest[:20]}"
        if not canv.hasForm(name):
            canv.beginForm(name, x0, y0, x1, y1)
            canv.addLiteral(f"{FIGURE_TAG} BMC")
            renderPDF.draw(drawing, canv, 0, 0)
            canv.addLiteral("EMC")
            canv.endForm()
        canv.saveState()
        sx, sy = self.w / (x1 - x0), self.h / (y1 - y0)
        canv.translate(x - x0 * sx, -y0 * sy)
        canv.scale(sx, sy)
        canv.doForm(name)
        canv.restoreState()


def sheet_frame(style: Style) -> tuple[float, float]:
    """The largest (width, height) an image prints at on `style`'s paper: the page's text frame.
    Every view prepares pixels for it, so a picture is the same image object everywhere."""
    from revpack.render import body_frames

    frame = body_frames(style)[0]
    return frame._width, frame._height  # noqa: SLF001


def caption_style(style: Style, size: float = TYPE.small):
    """Captions: centred italic at the body size (content, so never under the floor)."""
    return style.para("caption", size, fontName=style.italic, textColor=style.muted, alignment=TA_CENTER,
                      spaceBefore=2)


def figure(image: Image, style: Style, most_h: float, frame: tuple[float, float], *, size: float = TYPE.small,
           caption: str | None = None, share: float = 1.0) -> list[Flowable]:
    """`image` and its caption under it (`caption` overrides the image's own, e.g. numbered)."""
    from revpack.layout import Stack

    text = image.caption if caption is None else caption
    items: list[Flowable] = [Picture(image, style, most_h, frame, share)]
    if text:
        items.append(Paragraph(to_para(text), caption_style(style, size)))
    return [Stack(items)]
