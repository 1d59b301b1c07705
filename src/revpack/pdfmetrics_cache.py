"""Measuring text once: cached string widths, and each paragraph wrapped once per width.

Layout asks for the same words' widths many times, and platypus wraps the same
paragraph at the same width again and again (a table wraps its cells to size its rows,
then again to draw them; a card is measured, then drawn). Both answers depend only on
what is measured, so each is worked out once.
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
    made = _wrap(self, availWidth, availHeight)
    if memo is None:
        memo = self.__dict__["_wraps"] = {}
    memo[availWidth] = (self.style, {name: self.__dict__[name] for name in _WRAPPED if name in self.__dict__}, made)
    return made


Paragraph.wrap = _wrap_once
