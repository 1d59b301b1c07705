"""Cloze sheets and their answer keys: the topic's notes with key words blanked.

Both print the same `gaps.Cloze`, so a key always matches its sheet. On the sheet
every gap is numbered in reading order and drawn the same length, long enough to
handwrite the topic's longest answer (and never shorter than `MIN_GAP`), so a
gap's length gives nothing away; a word bank sits above. The key is a compact
numbered list of the answers (a teacher marks down it), or, with the view option
``cloze-key=filled``, the full text with each answer filled in, bold and underlined.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from revpack.gaps import Cloze, Line, Piece, bank_counts, cloze
from revpack.layout import BULLETS, Band, Block, grid, para, paragraphs
from revpack.markup import plain, scripted
from revpack.model import Topic
from revpack.pdfmetrics_cache import text_width
from revpack.theme import TYPE, Style

SIZE = TYPE.lead  # the gapped text: a step above the body, to read and write in
MIN_GAP = 25 * mm  # a gap is never shorter: room to write a date such as "1922-23" by hand
HANDWRITTEN = 1.25  # handwriting is about this much wider than the sheet's print: a gap fits the longest answer
KEY_COLUMNS = 3  # the numbered answers of a key, in columns read downwards
KEY_STYLES = ("list", "filled")  # the view option cloze-key: a numbered list, or the text filled in


def gap_width(made: Cloze, style: Style) -> float:
    """The length of every gap of a cloze sheet, in points: the longest answer, handwritten."""
    longest = max((text_width(a, style.font, SIZE) for a in made.answers()), default=0.0)
    return max(MIN_GAP, HANDWRITTEN * longest)


def blank(width: float, style: Style) -> str:
    """A gap of `width` points: underscores in the sheet's face."""
    return "_" * math.ceil(width / text_width("_", style.font, SIZE))


def _markup(piece: Piece, text: str) -> str:
    out = escape(text)
    out = scripted(out, piece.script)
    if piece.italic:
        out = f"<i>{out}</i>"
    if piece.bold:
        out = f"<b>{out}</b>"
    return out


def line_markup(line: Line, numbers: list[int], filled: bool, style: Style, gap: str = "") -> str:
    """Paragraph markup of a gapped line: each gap as its number (taken from `numbers` in
    reading order) and the `gap` underscores, or (`filled`) as the number and the answer in
    bold, underlined and in the accent colour. The number stays on the line of its gap."""
    out = []
    muted = style.muted.hexval().replace("0x", "#")
    for piece in line:
        if not piece.gap:
            out.append(_markup(piece, piece.text))
            continue
        n = numbers.pop(0)
        number = f"<font color='{muted}'><b>({n})</b></font>&nbsp;"
        if filled:
            out.append(f"{number}<u><font color='{style.accent_hex}'><b>{_markup(piece, piece.text)}</b></font></u>")
        else:
            out.append(f"{number}<font color='{muted}'>{gap}</font>")
    return "".join(out)


def word_bank(made: Cloze, style: Style) -> Flowable:
    """The shuffled answers in a panel; a word that fills several gaps says how many."""
    # Non-breaking spaces keep an entry and its count on one line.
    words = [escape(w + (f" (\u00d7{n})" if n > 1 else "")).replace(" ", "&nbsp;") for w, n in bank_counts(made)]
    bank = Paragraph("&nbsp;&nbsp;\u00b7&nbsp;&nbsp; ".join(words), style.para("bank", SIZE, leading=16))
    return Block(style.words("word_bank"), [bank], style, "panel", space_after=10)


def answer_list(made: Cloze, style: Style, width: float) -> Flowable:
    """Every gap's answer after its number, in `KEY_COLUMNS` columns read downwards."""
    answers = made.answers()
    rows = math.ceil(len(answers) / KEY_COLUMNS)
    text = style.para("key-answer", SIZE, leading=13)
    cells = [para(f"**{n}.** {answer}", text) for n, answer in enumerate(answers, 1)]
    cells += [para("", text)] * (rows * KEY_COLUMNS - len(cells))
    table = grid([[cells[c * rows + r] for c in range(KEY_COLUMNS)] for r in range(rows)],
                 [width / KEY_COLUMNS] * KEY_COLUMNS, style, zebra=True,
                 extra=[("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])
    return table


def cloze_sheet(topic: Topic, style: Style, kicker: str = "", filled: bool = False, keyed: bool = True,
                key: str = "list") -> list[Flowable]:
    """`topic`'s cloze sheet (word bank, numbered gaps) or, `filled`, its answer key: a
    numbered list of the answers, or (`key` "filled") the text with the answers filled in.

    A sheet printed without its key (not `keyed`) does not send the reader to one."""
    from revpack.render import text_width as page_width

    made = cloze(topic)
    listed = filled and key != "filled"
    # Room above each gap for a handwritten word: wide line spacing on the sheet.
    leading = 15 if filled else 21
    if listed:
        intro = style.words("key_list_intro")
    elif filled:
        intro = style.words("key_filled_intro")
    else:
        intro = style.words("cloze_intro")
        if keyed:
            intro += " " + style.words("cloze_intro_keyed", title=plain(topic.title))
    story: list[Flowable] = [
        Band(topic.title, style, kicker=" \u00b7 ".join(x for x in (kicker, style.words("cloze_answer_key" if filled else "cloze")) if x),
             period=topic.period),
        para(intro, style.para("cloze-intro", SIZE, leading=14, spaceAfter=8)),
    ]
    if listed:
        if made.answers():
            story.append(answer_list(made, style, page_width(style)))
        return story
    if not filled and made.bank:
        story.append(word_bank(made, style))
    gap = blank(gap_width(made, style), style)
    numbers = list(range(1, len(made.answers()) + 1))
    if made.summary:
        story.append(Paragraph(line_markup(made.summary, numbers, filled, style, gap),
                               style.para("cloze-summary", SIZE, leading=leading, spaceAfter=8)))
    for section in made.sections:
        items = [
            piece
            for depth, line in section.points
            for piece in paragraphs(line_markup(line, numbers, filled, style, gap),
                                    style.para(f"cloze{depth}", SIZE, leading=leading, parent=style.bullet(depth, SIZE)),
                                    BULLETS[min(depth, 2)])
        ]
        story.append(Block(section.heading, items, style))
    return story
