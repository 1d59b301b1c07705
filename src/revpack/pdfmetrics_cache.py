"""Measuring text once: cached string widths, each paragraph's markup parsed once, and each
paragraph wrapped once per width.

Layout asks for the same words' widths many times, and platypus wraps the same
paragraph at the same width again and again (a table wraps its cells to size its rows,
then again to draw them; a card is measured, then drawn). A view's story is built anew
for each time it is laid out (unbalanced, then balanced; then tighter if that saves a
page), so the same markup in the same style would be parsed again each time. Every
answer depends only on what is measured or parsed, so each is worked out once.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import Paragraph


@lru_cache(maxsize=65536)
def text_width(text: str, font: str, size: float) -> float:
    """Width in points of `text` set in `font` at `size`."""
    return stringWidth(text, font, size)


# What `Paragraph.wrap` leaves on the paragraph (breakLines sets the last four).
_WRAPPED = ("width", "height", "blPara", "_wrapWidths", "frags", "_width_max", "_splitLongWordCount", "_hyphenations")
_wrap = Paragraph.wrap


def _wrap_once(self: Paragraph, availWidth: float, availHeight: float):  # noqa: N803 - ReportLab's names
    """`Paragraph.wrap`, remembered per paragraph for each width and style: a paragraph's
    lines depend on nothing else (its height is all lines, whatever room is offered), so a
    second wrap at the same width restores the first one's lines instead of breaking them again."""
    memo = self.__dict__.get("_wraps")
    found = memo.get(availWidth) if memo is not None else None
    if found is not None and found[0] is self.style:
        self.__dict__.update(found[1])
        return found[2]
    shared = _shared_key(self, availWidth)
    found = _WRAPS.get(shared) if shared is not None else None
    if found is not None:  # the same markup in the same style, wrapped at this width by an earlier copy
        self.__dict__.update(found[0])
        made = found[1]
    else:
        made = _wrap(self, availWidth, availHeight)
    if memo is None:
        memo = self.__dict__["_wraps"] = {}
    state = {name: self.__dict__[name] for name in _WRAPPED if name in self.__dict__}
    memo[availWidth] = (self.style, state, made)
    if shared is not None and found is None:
        if len(_WRAPS) >= _PARSED_KEPT:
            _WRAPS.clear()
        _WRAPS[shared] = (state, made)
    return made


# Wraps shared between paragraphs made from the same markup (see `_setup_once`), by their
# markup, bullet, class, every attribute of their style and the width.
_WRAPS: dict[tuple, tuple] = {}


def _shared_key(para: Paragraph, width: float) -> tuple | None:
    parsed = para.__dict__.get("_parsed")
    if parsed is None or not isinstance(para.bulletText, (str, type(None))):
        return None
    try:
        key = (parsed, para.bulletText, type(para), width,
               tuple(v for k, v in sorted(para.style.__dict__.items()) if k not in ("name", "parent")))
        hash(key)
    except TypeError:  # a style attribute that cannot be a key: not shared
        return None
    return key


Paragraph.wrap = _wrap_once


# What ReportLab's paragraph parser reads of a style (paraparser `_initial_frag`, and
# `textTransformFrags` after it): a paragraph's fragments depend on its markup and these alone.
_PARSED_BY = ("fontName", "fontSize", "textColor", "bulletFontName", "bulletFontSize", "bulletColor",
              "underlineWidth", "underlineColor", "underlineOffset", "underlineGap", "strikeWidth",
              "strikeColor", "strikeOffset", "strikeGap", "linkUnderline", "textTransform")
_setup = Paragraph._setup
_PARSED: dict[tuple, tuple] = {}
_PARSED_KEPT = 20000  # markup parsed this process; past this many, forgotten and parsed again


def _setup_once(self: Paragraph, text, style, bulletText, frags, cleaner) -> None:  # noqa: N803 - ReportLab's names
    """`Paragraph._setup` (the markup parsed into fragments), remembered per markup and the
    style attributes the parser reads: the same markup again gets copies of the same fragments."""
    if frags is not None or not isinstance(text, str):
        return _setup(self, text, style, bulletText, frags, cleaner)
    try:
        key = (text, cleaner, self.caseSensitive, *(getattr(style, name, None) for name in _PARSED_BY))
        found = _PARSED.get(key)
    except TypeError:  # an attribute that cannot be a key: parse as ReportLab does
        return _setup(self, text, style, bulletText, frags, cleaner)
    if found is None:
        _setup(self, text, style, bulletText, frags, cleaner)
        if self.style is not style:  # <para> attributes made a style of its own: not shared
            return None
        if len(_PARSED) >= _PARSED_KEPT:
            _PARSED.clear()
        parsed = self.bulletText if self.bulletText is not bulletText else None  # a <bullet> in the markup
        _PARSED[key] = (self.text, _copies(self.frags), _copies(parsed) if parsed is not None else None)
        self._parsed = key
        return None
    self.text, kept, parsed = found
    self.frags = _copies(kept)
    self.style = style
    self.bulletText = _copies(parsed) if parsed is not None else bulletText
    self.debug = 0
    self._parsed = key
    return None


def forget() -> None:
    """Forget the parsed markup and the shared wraps: a fragment's views reuse them, the next
    topic's hardly ever, so each fragment starts afresh and memory stays flat however large the pack."""
    _PARSED.clear()
    _WRAPS.clear()


def _copies(frags: list) -> list:
    return [f.clone() for f in frags]


Paragraph._setup = _setup_once
