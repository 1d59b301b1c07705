"""Paper, fonts, colours and paragraph styles: how every view looks.

Views ask the `Style` for what they need instead of hard-coding sizes, so a
theme (a different accent, paper or face) changes every view at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Content streams as plain Flate, without ReportLab's default ASCII85 layer on top:
# 1% smaller files, and faster to write and to read back (make bench).
rl_config.useA85 = 0

from revpack import FONT_DIR  # noqa: F401 - the bundled fonts, imported from here by the rest
from revpack.labels import Words
from revpack.model import Theme

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
    # Debian's fonts-opendyslexic as TrueType, gaps filled from DejaVu (fonts/make-opendyslexic.py).
    "opendyslexic": ("OpenDyslexic-Regular", "OpenDyslexic-Bold", "OpenDyslexic-Italic", "OpenDyslexic-BoldItalic"),
}

# Sizes in points. Sheets never go below 10 pt, cards never below 9 pt.
SHEET_MIN = 10.0
CARD_MIN = 9.0


@dataclass(frozen=True)
class TypeScale:
    """The type scale: every size a sheet sets, by name, in points as the default theme prints
    them (a theme's `Look.scale` enlarges them all: the dyslexia theme's are 1.2 times these).

    Views set type in these names, never in numbers of their own, so the steps stay clear:
    a title well over a section head, a head over a sub-head, a sub-head over the body. The
    body is the sheet floor, and so is `small` (secondary content: muted, not smaller, since
    no content goes below the floor); only page furniture, drawn as /Artifact marked content
    that the preflight tells from content, is set smaller.
    """

    cover: float = 32.0  # the pack's title on the cover
    title: float = 21.0  # a view's title, in its band
    subtitle: float = 16.0  # the cover's subtitle, a period beside a title, a page's large heading
    head: float = 13.0  # a section head
    subhead: float = 11.0  # a box's title, a table's head row, a contents line
    lead: float = 11.0  # text set a step above the body: a topic's summary, a question, a cloze passage
    body: float = SHEET_MIN  # the notes
    small: float = SHEET_MIN  # secondary content: a period, a source, the topics an entry comes from
    furniture: float = 8.0  # footers, running heads, captions, a blank page's note: never content

    def scaled(self, k: float) -> TypeScale:
        """The scale with every size multiplied by `k` (a theme's)."""
        from dataclasses import fields

        return TypeScale(**{f.name: round(getattr(self, f.name) * k, 2) for f in fields(self)})


TYPE = TypeScale()
FURNITURE_SIZE = TYPE.furniture  # the smallest furniture any theme sets: the preflight's floor for it
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


# The families every face falls back to, per character, unless a theme lists others.
FALLBACK: tuple[str, ...] = ("dejavu",)


@lru_cache(maxsize=None)
def register_family(family: str, fallback: tuple[str, ...] = FALLBACK) -> tuple[str, str, str, str]:
    """Register a bundled font family with ReportLab once, each face falling back per
    character to the same style of the `fallback` families (see faces.py); return its four names."""
    from reportlab.lib.fonts import addMapping

    from revpack.faces import register_chain

    others = [register_family(f) for f in fallback if f != family]
    stems = FAMILIES[family]
    # A face has one chain: the same file with another fallback list is another face.
    suffix = "" if fallback == FALLBACK else "~" + "~".join(fallback)
    names = tuple(stem + suffix for stem in stems)
    register_chain([(name, str(FONT_DIR / f"{stem}.ttf")) for name, stem in zip(names, stems)], others)
    regular, bold, italic, bold_italic = names
    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, italic)
    addMapping(regular, 1, 1, bold_italic)
    return names  # type: ignore[return-value]


def mix(colour: colors.Color, other: colors.Color, amount: float) -> colors.Color:
    """`amount` of `other` blended into `colour` (0 keeps `colour`)."""
    return colors.Color(
        colour.red + (other.red - colour.red) * amount,
        colour.green + (other.green - colour.green) * amount,
        colour.blue + (other.blue - colour.blue) * amount,
    )


@dataclass(frozen=True)
class Look:
    """A named theme (`--theme`): face, type size, spacing, page colour and fills.

    Themes are data: `Style` reads these fields and every view asks the `Style`,
    so no view ever branches on a theme's name.
    """

    font: str = ""  # a FAMILIES key; '' = the pack's own font
    scale: float = 1.0  # every type size (and the floors with it) is multiplied by this
    leading: float = 1.25  # line height as a multiple of the type size
    page: str = ""  # page colour '#rrggbb'; '' = the paper's own white
    tints: bool = True  # pale washes behind panels and every other table row
    fills: bool = True  # solid accent bands and title bars; off = outlined, accent text
    fallback: tuple[str, ...] = FALLBACK  # FAMILIES drawing, per character, what the face lacks


THEMES: dict[str, Look] = {
    "default": Look(),
    # Larger type, 1.5 line spacing and a cream page, as the BDA style guide advises.
    "dyslexia": Look(font="opendyslexic", scale=1.2, leading=1.5, page="#fbf5e1"),
    # No washes or solid bands: cheap, clean mono printing.
    "print-saver": Look(tints=False, fills=False),
}


def look_for(name: str) -> Look:
    """The theme called `name` ('' = default); `ValueError` naming the choices otherwise."""
    try:
        return THEMES[name or "default"]
    except KeyError:
        raise ValueError(f"unknown theme '{name}'; choose from {', '.join(THEMES)}") from None


@dataclass(frozen=True)
class Style:
    """The resolved look of one rendering: paper, fonts, colours, paragraph styles."""

    theme: Theme = Theme()
    paper: str = ""  # overrides theme.paper when set
    landscape: bool = False
    charset: str = BASE_CHARSET  # characters every font subset is primed with
    look: Look = Look()
    words: Words = Words()  # the pack's language: its labels, A-Z order and hyphenation
    # Fit before flow: 0 as designed; 1 and 2 set a sheet that overflows its last page by
    # a little tighter (spacing, padding, then display sizes toward the floor). See views.render_view.
    tight: int = 0

    def space(self, points: float) -> float:
        """A vertical space or padding of `points`, as tight as the sheet is set."""
        return points * (1.0, 0.65, 0.4)[self.tight]

    # --- paper ---------------------------------------------------------------
    @property
    def paper_name(self) -> str:
        """The paper printed on: the override, else the theme's ("a4", "letter")."""
        return self.paper or self.theme.paper

    @cached_property
    def pagesize(self) -> tuple[float, float]:
        w, h = PAPERS[self.paper_name]
        return (h, w) if self.landscape else (w, h)

    margin: float = MARGIN

    # --- fonts ---------------------------------------------------------------
    @cached_property
    def fonts(self) -> tuple[str, str, str, str]:
        return register_family(self.look.font or self.theme.font, self.look.fallback)

    @property
    def font(self) -> str:
        return self.fonts[0]

    @property
    def bold(self) -> str:
        return self.fonts[1]

    @property
    def italic(self) -> str:
        return self.fonts[2]

    @cached_property
    def type(self) -> TypeScale:
        """The type scale as this theme prints it, for text drawn straight on the canvas
        (paragraph styles take `TYPE`'s sizes and scale them themselves, see `para`)."""
        return TYPE.scaled(self.look.scale)

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
        """A pale wash of the accent for panels: reads as light grey in mono (the page colour if no tints)."""
        return mix(self.accent, colors.white, 0.91) if self.look.tints else self.page

    @cached_property
    def tint_strong(self) -> colors.Color:
        return mix(self.accent, colors.white, 0.78) if self.look.tints else self.page

    @cached_property
    def page(self) -> colors.Color:
        """The page colour (white unless the theme tints the page)."""
        return colors.HexColor(self.look.page) if self.look.page else colors.white

    @cached_property
    def fill(self) -> colors.Color:
        """The colour of solid bands and title bars: the accent, or the page when the theme has no fills."""
        return self.accent if self.look.fills else self.page

    @cached_property
    def on_fill(self) -> colors.Color:
        """Text on a band: white on the accent, or the accent itself on an unfilled band."""
        return colors.white if self.look.fills else self.accent

    @property
    def outline(self) -> float:
        """Line width that outlines an unfilled band (0 when bands are filled)."""
        return 0 if self.look.fills else 1.0

    def band(self, fill: colors.Color, text: colors.Color) -> tuple[colors.Color, colors.Color]:
        """A coloured band's (fill, text) as this theme prints it: unchanged, or page and ink."""
        return (fill, text) if self.look.fills else (self.page, self.ink)

    # --- paragraph styles ----------------------------------------------------
    def para(self, name: str, size: float = TYPE.body, **kw) -> ParagraphStyle:
        """A paragraph style in this theme's font; `kw` overrides attributes.

        `size` is one of `TYPE`'s, as for the default theme: the theme's scale enlarges it and its
        leading factor widens every line height (given or default) in proportion.
        """
        line = self.look.leading - (0.0, 0.06, 0.1)[self.tight]
        k, spread = self.look.scale, line / 1.25
        if self.tight and size > SHEET_MIN:  # display sizes step down, never below the floor
            size = max(SHEET_MIN, size - 0.5 * self.tight)
        if "leading" in kw:
            kw["leading"] = round(kw["leading"] * k * spread, 2)
        for key in ("spaceBefore", "spaceAfter"):
            if key in kw:
                kw[key] = self.space(kw[key])
        size = round(size * k, 2)
        base = dict(
            **self.words.hyphenation(),
            fontName=self.font,
            fontSize=size,
            leading=round(size * line, 2),
            textColor=self.ink,
            alignment=TA_LEFT,
            spaceBefore=0,
            spaceAfter=0,
            # A paragraph split between columns leaves at least two lines on each side.
            allowWidows=0,
            allowOrphans=0,
        )
        base.update(kw)
        return ParagraphStyle(name, **base)

    @cached_property
    def body(self) -> ParagraphStyle:
        return self.para("body", TYPE.body)

    @cached_property
    def small(self) -> ParagraphStyle:
        return self.para("small", TYPE.small, textColor=self.muted)

    @cached_property
    def heading(self) -> ParagraphStyle:
        return self.para("heading", TYPE.head, fontName=self.bold, textColor=self.accent, leading=16)

    @cached_property
    def box_title(self) -> ParagraphStyle:
        return self.para("box-title", TYPE.subhead, fontName=self.bold, textColor=self.on_fill, leading=13.5)

    @cached_property
    def title(self) -> ParagraphStyle:
        return self.para("title", TYPE.title, fontName=self.bold, textColor=self.on_fill, leading=25)

    @cached_property
    def band_meta(self) -> ParagraphStyle:
        return self.para("band-meta", TYPE.small, textColor=mix(self.on_fill, self.accent, 0.15), leading=12.5)

    @cached_property
    def summary(self) -> ParagraphStyle:
        return self.para("summary", TYPE.lead, fontName=self.italic, leading=14.5, textColor=self.ink)

    def bullet(self, depth: int = 0, size: float = TYPE.body) -> ParagraphStyle:
        """A bulleted point at `depth`; indents and spacing scale with `size`."""
        k = size * self.look.scale / 10
        indent = (10 + 11 * depth) * k
        return self.para(
            f"bullet{depth}",
            size,
            leftIndent=indent,
            bulletIndent=indent - 9 * k,
            bulletFontName=self.font,
            bulletFontSize=size * self.look.scale,
            bulletColor=self.accent if depth == 0 else self.muted,
            spaceBefore=(2 if depth == 0 else 1) * k,
        )
