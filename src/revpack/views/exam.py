"""Exam practice: a topic's exam-style questions, each with the extracts it asks about and
ruled lines to answer it, as a sheet of its own.

It follows the blank-recall sheet (which is the knowledge alone, so it stays short) and,
printed on both sides, starts on a sheet of its own, so a teacher can hand out either.

An answer gets `LINES_PER_MARK` lines a mark, between `MIN_ANSWER` and `MAX_ANSWER`: a
long essay gets room to plan it (and says so), not pages of lines. Where a question's
lines run on to the next page, the page repeats the question, marked "(cont.)". The last
question's lines run on to the foot of its page (`ToTheFoot`), so the sheet never ends on a
page holding a few lines and a lot of white: the room is the answer's, not a blank.
"""

from __future__ import annotations

import math
import re

from reportlab.platypus import Flowable

from revpack.labels import Words
from revpack.layout import WRITING_PITCH, Answer, Band, RuledLines, grid, para
from revpack.markup import bolded
from revpack.model import Extract, Question, Topic
from revpack.render import text_width as page_width
from revpack.theme import TYPE, Style

LINES_PER_MARK = 1  # answer lines per mark of an exam question ...
MIN_ANSWER = 4  # ... at least this many (and this many for a question without marks) ...
MAX_ANSWER = 12  # ... and at most this many: room to plan an essay; write it on lined paper


def marks_of(question: Question) -> int:
    """A question's marks as a number (0 if it gives none)."""
    found = re.search(r"\d+", question.marks)
    return int(found.group()) if found else 0


def answer_lines(question: Question) -> int:
    """Answer lines for an exam question: `LINES_PER_MARK` a mark, within `MIN_ANSWER`..`MAX_ANSWER`."""
    return min(MAX_ANSWER, max(MIN_ANSWER, math.ceil(LINES_PER_MARK * marks_of(question))))


def plan_only(question: Question) -> bool:
    """True if the question is worth more marks than its lines can answer: they are for a plan."""
    return LINES_PER_MARK * marks_of(question) > MAX_ANSWER


def asked(question: Question, words: Words = Words()) -> str:
    """The question as printed: its text and its marks ("[8 marks]") in the pack's language."""
    return question.text + (" " + words.count("marks", marks_of(question), question.marks) if question.marks else "")


def extract_credit(extract: Extract, words: Words = Words()) -> str:
    """Who an extract is from, and whether it is their words or a summary of them."""
    work = ", ".join(x for x in (f"*{extract.work}*" if extract.work else "", extract.year) if x)
    source = f"{extract.author}{f', {work}' if work else ''}"
    return words("extract_summary" if extract.paraphrase else "extract_quoted", source=source)


def _extracts(question: Question, style: Style) -> list[Flowable]:
    """The passages a question is about, each in a tinted box above the answer lines."""
    out: list[Flowable] = []
    for extract in question.extracts:
        text = extract.text if extract.paraphrase else f"\u201c{extract.text}\u201d"
        box = grid([[para(bolded(extract.label), style.body)], [para(text, style.body)],
                    [para(extract_credit(extract, style.words), style.small)]],
                   [page_width(style)], style, zebra=False,
                   extra=[("BACKGROUND", (0, 0), (-1, -1), style.tint), ("LINEBELOW", (0, 0), (-1, -1), 0, style.tint),
                          ("BOX", (0, 0), (-1, -1), 0.6, style.accent)])
        box.spaceAfter = 4
        out.append(box)
    return out


class ToTheFoot(RuledLines):
    """The last answer's lines carried on to the foot of its page: as many more lines,
    `WRITING_PITCH` apart under the answer's last one, as the page has room for (none if it is full)."""

    fills_page = True  # (left out while `views.fit_before_flow` measures the sheet)

    def __init__(self) -> None:
        super().__init__(1)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.count = max(0, int((availHeight + 0.01) // self.pitch))
        self.width, self.height = availWidth, self.count * self.pitch
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return [self]  # it is as tall as the room left, so it never runs on


def questions(topic: Topic, style: Style) -> list[Flowable]:
    """Each question with its extracts above it and its answer lines below."""
    ask = style.para("recall-question", TYPE.lead, spaceBefore=6, leading=14, spaceAfter=2)

    def head(n: int, question: Question, continued: bool = False) -> list[Flowable]:
        out: list[Flowable] = [para(f"**{n}.** {asked(question, style.words)}"
                                    + (" " + style.words("continued") if continued else ""), ask)]
        if plan_only(question) and not continued:
            out.append(para(f"*{style.words('plan_hint')}*", style.small))
        out[-1].keepWithNext = True
        return out

    out: list[Flowable] = []
    shown: tuple[Extract, ...] = ()
    for n, q in enumerate(topic.questions, 1):
        # Questions on the same extracts (Interpretations A and B, asked three ways) follow
        # them once, as on the exam paper, rather than reprinting them above each question.
        extracts = _extracts(q, style) if q.extracts and q.extracts != shown else []
        shown = q.extracts or shown
        out.append(Answer([*extracts, *head(n, q)], RuledLines(answer_lines(q)), lambda n=n, q=q: head(n, q, True)))
    return [*out, ToTheFoot()] if out else out


def exam_sheet(topic: Topic, style: Style, kicker: str = "") -> list[Flowable]:
    """`topic`'s exam practice sheet: header, what to do, then each question and its lines."""
    words = style.words
    return [
        Band(topic.title, style, kicker=" \u00b7 ".join(x for x in (kicker, words("exam_practice")) if x),
             period=topic.period),
        para(f"**{words('exam_practice')}.** {words('exam_intro')}",
             style.para("exam-intro", TYPE.lead, leading=14, spaceAfter=4)),
        *questions(topic, style),
    ]
