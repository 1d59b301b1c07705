"""Paper, fonts, colours and paragraph styles: how every view looks.

Views ask the `Style` for what they need instead of hard-coding sizes, so a
theme (a different accent, paper or face) changes every view at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from revpack.model import Theme

FONT_DIR = Path(__file__).resolve().parents[2] / "fonts"

PAPERS: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}

# Regular, bold, italic, bold italic file stems of each family we bundle.
FAMILIES: dict[str, tuple[str, str, str, str]] = {
    "dejavu": ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"),
    "dejavu-condensed": (
        "DejaVuSansCondensed",
        "DejaVuSansCondensed-Bold",
        "DejaVuSans-Oblique",
        "DejaVuSans-BoldOblique",
    ),
}

# Sizes in points. Sheets never go below 10 pt, cards never below 9 pt.
SHEET_MIN = 10.0
CARD_MIN = 9.0
MARGIN = 14 * mm  # page margin: printers cannot print the outer ~5 mm

# Every fragment's font subsets are primed with the same characters in the same
# order, so the subsets come out byte-identical and a merged pack can keep one
# copy of each face (see render.prime_fonts and assemble).
BASE_CHARSET = (
    "".join(chr(c) for c in range(32, 127))
    + "\u00a0\u00b7\u00a9\u00e9\u00e8\u00e0\u00fc\u00f6\u00e4\u00ef"
    + "\u2018\u2019\u201c\u201d\u2013\u2014\u2022\u2026\u25a0\u25e6\u2192\u2713\u00d7"
)


def charset_for(texts) -> str:
    """BASE_CHARSET followed by every other character of `texts`, in code point order."""
    extra = set("".join(texts)) - set(BASE_CHARSET) - {"\n"}
    return BASE_CHARSET + "".join(sorted(extra))


@lru_cache(maxsize=None)
def register_family(family: str) -> tuple[str, str, str, str]:
    """Register a bundled font family with ReportLab once; return its four names."""
    from reportlab.lib.fonts import addMapping

    names = FAMILIES[family]
    for stem in names:
        if stem not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(stem, str(FONT_DIR / f"{stem}.ttf")))
    regular, bold, italic, bold_italic = names
    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, italic)
    addMapping(regular, 1, 1, bold_italic)
    return names


def mix(colour: colors.Color, other: colors.Color, amount: float) -> colors.Color:
    """`amount` of `other` blended into `colour` (0 keeps `colour`)."""
    return colors.Color(
        colour.red + (other.red - colour.red) * amount,
        colour.green + (other.green - colour.green) * amount,
        colour.blue + (other.blue - colour.blue) * amount,
    )


@dataclass(frozen=True)
class Style:
    """The resolved look of one rendering: paper, fonts, colours, paragraph styles."""

    theme: Theme = Theme()
    paper: str = ""  # overrides theme.paper when set
    landscape: bool = False
    charset: str = BASE_CHARSET  # characters every font subset is primed with

    # --- paper ---------------------------------------------------------------
    @cached_property
    def pagesize(self) -> tuple[float, float]:
        w, h = PAPERS[self.paper or self.theme.paper]
        return (h, w) if self.landscape else (w, h)

    margin: float = MARGIN

    # --- fonts ---------------------------------------------------------------
    @cached_property
    def fonts(self) -> tuple[str, str, str, str]:
        return register_family(self.theme.font)

    @property
    def font(self) -> str:
        return self.fonts[0]

    @property
    def bold(self) -> str:
        return self.fonts[1]

    @property
    def italic(self) -> str:
        return self.fonts[2]

    # --- colours -------------------------------------------------------------
    @cached_property
    def accent(self) -> colors.Color:
        return colors.HexColor(self.theme.accent)

    @property
    def accent_hex(self) -> str:
        return "#" + self.accent.hexval()[2:]

    @cached_property
    def ink(self) -> colors.Color:
        return colors.HexColor("#1a1a1a")

    @cached_property
    def muted(self) -> colors.Color:
        return colors.HexColor("#555555")

    @cached_property
    def rule(self) -> colors.Color:
        return colors.HexColor("#b8b8b8")

    @cached_property
    def tint(self) -> colors.Color:
        """A pale wash of the accent for panels: reads as light grey in mono."""
        return mix(self.accent, colors.white, 0.91)

    @cached_property
    def tint_strong(self) -> colors.Color:
        return mix(self.accent, colors.white, 0.78)

    # --- paragraph styles ----------------------------------------------------
    def para(self, name: str, size: float = SHEET_MIN, **kw) -> ParagraphStyle:
        """A paragraph style in this theme's font; `kw` overrides attributes."""
        base = dict(
            fontName=self.font,
            fontSize=size,
            leading=round(size * 1.25, 2),
            textColor=self.ink,
            alignment=TA_LEFT,
            spaceBefore=0,
            spaceAfter=0,
        )
        base.update(kw)
        return ParagraphStyle(name, **base)

    @cached_property
    def body(self) -> ParagraphStyle:
        return self.para("body", 10)

    @cached_property
    def small(self) -> ParagraphStyle:
        return self.para("small", 10, textColor=self.muted)

    @cached_property
    def heading(self) -> ParagraphStyle:
        return self.para("heading", 12, fontName=self.bold, textColor=self.accent, leading=15)

    @cached_property
    def box_title(self) -> ParagraphStyle:
        return self.para("box-title", 10.5, fontName=self.bold, textColor=colors.white, leading=13)

    @cached_property
    def title(self) -> ParagraphStyle:
        return self.para("title", 21, fontName=self.bold, textColor=colors.white, leading=25)

    @cached_property
    def band_meta(self) -> ParagraphStyle:
        return self.para("band-meta", 10, textColor=mix(colors.white, self.accent, 0.15), leading=12.5)

    @cached_property
    def summary(self) -> ParagraphStyle:
        return self.para("summary", 10.5, fontName=self.italic, leading=14, textColor=self.ink)

    def bullet(self, depth: int = 0, size: float = 10) -> ParagraphStyle:
        """A bulleted point at `depth`; indents and spacing scale with `size`."""
        k = size / 10
        indent = (10 + 11 * depth) * k
        return self.para(
            f"bullet{depth}",
            size,
            leftIndent=indent,
            bulletIndent=indent - 9 * k,
            bulletFontName=self.font,
            bulletFontSize=size,
            bulletColor=self.accent if depth == 0 else self.muted,
            spaceBefore=(2 if depth == 0 else 1) * k,
        )
