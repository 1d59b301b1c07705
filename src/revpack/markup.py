"""Inline markup: ``**bold**``, ``*italic*`` and ``[[gap]]``; every other character is text.

``[[word]]`` marks a word the teacher wants gapped on the cloze sheet (see `gaps.py`);
the brackets never print: every view and export gets its text from the three
converters here (`to_para`, `plain`, `styled_chars`), and each removes them.

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
# A chosen gap: "[[" before a non-space, "]]" after one, on one line ("[[ x ]]" and a lone "[[" stay literal).
_GAP = re.compile(r"\[\[(?=[^\s\]])([^\n]+?)(?<=[^\s\[])\]\]")
# Stand-ins for a gap's brackets while bold and italics are read: neither a word character,
# nor a space, nor "*", so the bold and italic rules read "**[[x]]**" as they read "**x**".
_GAP_OPEN, _GAP_CLOSE = "\x03", "\x04"


def _staged(text: str) -> str:
    return _GAP.sub(lambda m: _GAP_OPEN + m.group(1) + _GAP_CLOSE, text)


def _unstaged(text: str) -> str:
    return text.replace(_GAP_OPEN, "").replace(_GAP_CLOSE, "")


@lru_cache(maxsize=65536)
def to_para(text: str) -> str:
    """Text with inline markup -> ReportLab paragraph markup (escaped)."""
    out = escape(_staged(text))
    out = _BOLD.sub(r"<b>\1</b>", out)
    out = _ITALIC.sub(_italic, out)
    return _unstaged(out).replace("\n", "<br/>")


def _italic(match: re.Match) -> str:
    # An italic span may cross a bold tag ("***both***" is <b>*both</b>* by then):
    # close and reopen it there, so the tags nest as the paragraph parser requires.
    inner = match.group(1).replace("<b>", "</i><b><i>").replace("</b>", "</i></b><i>")
    return f"<i>{inner}</i>"


@lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """The words as printed: markup markers removed, nothing else changed."""
    out = _BOLD.sub(r"\1", _staged(text))
    return _unstaged(_ITALIC.sub(r"\1", out))


def lead(text: str) -> str:
    """The bold lead of a point ('**1928**: ...' -> '1928'), or ''."""
    match = _BOLD.match(_staged(text))
    return _unstaged(match.group(1)) if match else ""


# Stand-ins for the <b> and </b> tags `to_para` inserts before it looks for italics:
# neither a word character, nor a space, nor "*", exactly as the tags' "<" and ">" are.
_OPEN, _CLOSE = "\x01", "\x02"


def styled_chars(text: str) -> list[tuple[str, bool, bool]]:
    """Each printed character of `text` with its (bold, italic) flags, markers removed.

    Follows `to_para` step by step (bold first, then italics over the result), so the
    flags are exactly what the paragraph parser will print.
    """
    return [(ch, bold, italic) for ch, bold, italic, _ in marked_chars(text)]


def has_gaps(text: str) -> bool:
    """True if `text` marks a chosen gap (``[[word]]``)."""
    return bool(_GAP.search(text))


def marked_chars(text: str) -> list[tuple[str, bool, bool, bool]]:
    """`styled_chars` with a fourth flag: the character is inside a chosen gap."""
    staged = _BOLD.sub(lambda m: _OPEN + m.group(1) + _CLOSE, _staged(text))
    italic = [False] * len(staged)
    drop = set()
    for m in _ITALIC.finditer(staged):
        drop.update((m.start(), m.end() - 1))
        italic[m.start(1) : m.end(1)] = [True] * (m.end(1) - m.start(1))
    out: list[tuple[str, bool, bool, bool]] = []
    bold = gap = False
    for i, ch in enumerate(staged):
        if ch in (_OPEN, _CLOSE):
            bold = ch == _OPEN
        elif ch in (_GAP_OPEN, _GAP_CLOSE):
            gap = ch == _GAP_OPEN
        elif i not in drop:
            out.append((ch, bold, italic[i], gap))
    return out
