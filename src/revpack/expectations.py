"""What a printed sheet must be: its paper, its smallest text, and every word it must hold.

`preflight` checks a PDF against these; the build, the single-sheet commands and the
tests ask here what a (topic, view) prints, so the rule lives in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reportlab.pdfbase import pdfmetrics

from revpack.dates import event_date, human_date
from revpack.markup import plain
from revpack.model import Event, Topic, iter_text
from revpack.preflight import EDGE, Expectations
from revpack.theme import CARD_MIN


def shown(value, name: str = "", lang: str = "en"):
    """`value` (a topic's field `name`) as pages print it: dates in human form (an event's
    label where it has one), the rest as it is."""
    if isinstance(value, tuple) and value and isinstance(value[0], Event):
        return tuple((event_date(e, lang), e.event) for e in value)
    return human_date(value, lang) if name == "period" else value


def printed_words(topic: Topic, view, font: str = "", lang: str = "en") -> list[str]:
    """Every word of the fields `view` prints of `topic` (markup removed): its PDF must hold them all.

    With a `font`, the words are split at characters it cannot draw (`printable_pieces`).
    """
    words = [word for name in view.prints for text in iter_text(shown(getattr(topic, name), name, lang))
             for word in plain(text).split()]
    return printable_pieces(words, font) if font else words


def printable_pieces(texts: Iterable[str], font: str) -> list[str]:
    """`texts` split at every character `font` (a registered face) cannot draw, even from its
    fallback faces: `glyphs` has warned about those, and they print as boxes text extraction
    may drop or keep, so only the pieces between them can be looked for."""
    covers = pdfmetrics.getFont(font).covers
    out = []
    for text in texts:
        if text.isascii() or all(map(covers, map(ord, text))):
            out.append(text)
        else:
            out += "".join(c if covers(ord(c)) else " " for c in text).split()
    return out


def sheet_expectations(paper: str, printed: Sequence[tuple[Topic, object]], font: str = "", lang: str = "en") -> Expectations:
    """What a sheet of the (topic, view) pairs must be: `paper` (either way up if a view
    turns pages), 10 pt, the views' words."""
    words = [w for topic, view in printed for w in printed_words(topic, view, font, lang)]
    return Expectations.sheet(paper, words, landscape=any(getattr(view, "landscape", False) for _, view in printed))


def card_sheet_expectations(paper: str) -> Expectations:
    """Cut-out card sheets: `paper`, cards' 9 pt floor, cut marks (artifacts) let near the edge."""
    return Expectations((paper,), False, EDGE, CARD_MIN)
