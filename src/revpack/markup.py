"""Inline markup: ``**bold**`` and ``*italic*``; every other character is text.

ReportLab's paragraph parser reads XML-ish tags and entities and silently drops
tags it does not know, so text is escaped *before* it reaches the parser: no
YAML value can read a file (``<img src>``), choose a font or make a link.
"""

from __future__ import annotations

import re
from functools import lru_cache
from xml.sax.saxutils import escape

# A marker opens only before a non-space and closes only after one, so
# "5 * 3 * 2" and a lone "*" stay literal.
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")


@lru_cache(maxsize=65536)
def to_para(text: str) -> str:
    """Text with inline markup -> ReportLab paragraph markup (escaped)."""
    out = escape(text)
    out = _BOLD.sub(r"<b>\1</b>", out)
    out = _ITALIC.sub(r"<i>\1</i>", out)
    return out.replace("\n", "<br/>")


@lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """The words as printed: markup markers removed, nothing else changed."""
    out = _BOLD.sub(r"\1", text)
    return _ITALIC.sub(r"\1", out)


def lead(text: str) -> str:
    """The bold lead of a point ('**1928**: ...' -> '1928'), or ''."""
    match = _BOLD.match(text)
    return match.group(1) if match else ""
