"""Cloze sheets and their answer keys: the topic's notes with key words blanked.

Both print the same `gaps.Cloze`, so a key always matches its sheet: the
sheet shows a gap as underscores in proportion to the answer, with a word
bank above; the key shows the full text with each answer filled in, bold and
underlined.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph

from revpack.gaps import Cloze, Line, Piece, cloze
from revpack.layout import BULLETS, Band, Block, para
from revpack.markup import plain
from revpack.model import Topic
from revpack.theme import Style

UNDERSCORES_PER_CHAR = 1.4  # handwriting is wider than print
MIN_UNDERSCORES = 6


def blank(answer: str) -> str:
    """The gap printed for `answer`: underscores in proportion to its length."""
    return "_" * max(MIN_UNDERSCORES, round(len(answer) * UNDERSCORES_PER_CHAR))


def _markup(piece: Piece, text: str) -> str:
    out = escape(text)
    if piece.italic:
        out = f"<i>{out}</i>"
    if piece.bold:
        out = f"<b>{out}</b>"
    return out


def line_markup(line: Line, filled: bool, style: Style) -> str:
    """Paragraph markup of a gapped line: gaps as underscores, or (`filled`) as the answer
    in bold, underlined and in the accent colour."""
    out = []
    for piece in line:
        if not piece.gap:
            out.append(_markup(piece, piece.text))
        elif filled:
            out.append(f"<u><font color='{style.accent_hex}'><b>{_markup(piece, piece.text)}</b></font></u>")
        else:
            out.append(f"<font color='{style.muted.hexval().replace('0x', '#')}'>{blank(piece.text)}</font>")
    return "".join(out)


def word_bank(made: Cloze, style: Style) -> Flowable:
    """The shuffled answers in a panel; a word that fills several gaps says how many."""
    counts: dict[str, int] = {}
    for answer in made.answers():
        counts[answer] = counts.get(answer, 0) + 1
    # Non-breaking spaces keep an entry and its count on one line.
    words = [escape(w + (f" (\u00d7{counts[w]})" if counts[w] > 1 else "")).replace(" ", "&nbsp;") for w in made.bank]
    bank = Paragraph("&nbsp;&nbsp;\u00b7&nbsp;&nbsp; ".join(words), style.para("bank", 10.5, leading=16))
    return Block("Word bank", [bank], style, "panel", space_after=10)


def cloze_sheet(topic: Topic, style: Style, kicker: str = "", filled: bool = False, keyed: bool = True) -> list[Flowable]:
    """`topic`'s cloze sheet (word bank, gapped text) or, `filled`, its answer key.

    A sheet printed without its key (not `keyed`) does not send the reader to one."""
    made = cloze(topic)
    # Room above each gap for a handwritten word: wide line spacing on the sheet.
    leading = 15 if filled else 21
    text = style.para("cloze", 10.5, leading=leading)
    if filled:
        intro = "**Answer key.** The words that fill the gaps on the cloze sheet are underlined."
    else:
        intro = "**Fill the gaps.** Use each word in the bank once (or as often as it says)."
        if keyed:
            intro += f" Answers: the answer key for \u201c{plain(topic.title)}\u201d."
    story: list[Flowable] = [
        Band(topic.title, style, kicker=" \u00b7 ".join(x for x in (kicker, "Cloze answer key" if filled else "Cloze") if x),
             period=topic.period),
        para(intro, style.para("cloze-intro", 10.5, leading=14, spaceAfter=8)),
    ]
    if not filled and made.bank:
        story.append(word_bank(made, style))
    if made.summary:
        story.append(Paragraph(line_markup(made.summary, filled, style), style.para("cloze-summary", 10.5, leading=leading, spaceAfter=8)))
    for section in made.sections:
        items = [
            Paragraph(line_markup(line, filled, style), style.para(f"cloze{depth}", 10.5, leading=leading,
                      parent=style.bullet(depth, 10.5)), bulletText=BULLETS[min(depth, 2)])
            for depth, line in section.points
        ]
        story.append(Block(section.heading, items, style))
    return story
