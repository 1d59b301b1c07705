"""Blank-recall worksheets: the topic with its content taken out and ruled space to write it back.

`recall_plan` decides what is kept and how much room each blank gets (pure,
no ReportLab, so tests can count the blanks); `recall_sheet` prints the plan.

Levels (the view option ``recall-level``):
1. each point's first words stay as a prompt, one blank per point;
2. (default) headings only, one blank per section with room for all its points;
3. brain dump: the topic title and how many points to find.
At levels 1 and 2 key terms, people and dates lose one side and comparison tables
keep their headers and row labels with every cell empty. At every level each exam
question gets answer lines, with the extracts it asks about printed above it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from revpack.layout import Band, Block, RuledLines, grid, label_widths, labelled_grid, para
from revpack.markup import lead, plain
from revpack.model import Comparison, Extract, Point, Question, Topic
from revpack.render import text_width as page_width
from revpack.theme import Style

LEVELS = ("1", "2", "3")
HANDWRITING = 2.3 * mm  # an average handwritten character, space included, written small as notes
PROMPT_WORDS = 3  # words kept of a point without a bold lead (level 1)
MARK_LINES = 2  # answer lines per mark of an exam question
MIN_ANSWER = 4  # answer lines for a question, at least (and without marks: 6)


@dataclass(frozen=True)
class Slot:
    """One blank to fill: what is printed beside it (model text, may be '') and its room."""

    given: str
    lines: int
    items: int = 1  # how many things were taken out into it
    depth: int = 0  # a sub-point's prompt is indented


@dataclass(frozen=True)
class Group:
    """A titled group of blanks, printed as one block or table."""

    kind: str  # section | points | terms | people | dates | comparison | questions | dump
    title: str
    slots: tuple[Slot, ...]
    hint: str = ""
    comparison: Comparison | None = None
    questions: tuple[Question, ...] = ()


def _flat(points: tuple[Point, ...], depth: int = 0) -> Iterator[tuple[int, Point]]:
    for point in points:
        yield depth, point
        yield from _flat(point.points, depth + 1)


def handwritten_lines(text: str, width: float) -> int:
    """Lines of `width` points for recalling `text` (model text) by hand: enough for
    all its characters, at least one."""
    per_line = max(int(width / HANDWRITING), 8)
    return max(1, math.ceil(len(plain(text)) / per_line))


def prompt(text: str) -> str:
    """The first words of a point, kept at level 1: its bold lead, or its first few words."""
    first = lead(text)
    if first and text.startswith(f"**{first}**"):
        return f"**{first}** \u2026"
    words = plain(text).split()
    return " ".join(words[:PROMPT_WORDS]) + (" \u2026" if len(words) > PROMPT_WORDS else "")


def count(n: int, thing: str) -> str:
    return f"{n} {thing}{'' if n == 1 else 's'}"


def _question_lines(marks: str) -> int:
    found = re.search(r"\d+", marks)
    return max(MIN_ANSWER, MARK_LINES * int(found.group())) if found else 6


def recall_plan(topic: Topic, level: str, width: float) -> list[Group]:
    """The blanks of `topic`'s recall sheet at `level` on a page `width` points wide.

    Every point, sub-point, term, person, date, comparison cell and question taken
    out is counted in exactly one slot's `items`.
    """
    groups: list[Group] = []
    points = [(s, d, p) for s, section in enumerate(topic.sections) for d, p in _flat(section.points)]
    if level == "3":
        lines = sum(handwritten_lines(p.text, width) for _, _, p in points)
        hint = f"{count(len(points), 'point')} to find, under {count(len(topic.sections), 'heading')}"
        return [Group("dump", "Brain dump", (Slot("", max(lines, 12), len(points)),), hint), *_exam_practice(topic)]
    for s, section in enumerate(topic.sections):
        mine = [(d, p) for s2, d, p in points if s2 == s]
        hint = count(len(mine), "point")
        if level == "1":
            slots = tuple(Slot(prompt(p.text), handwritten_lines(p.text, width), 1, d) for d, p in mine)
            groups.append(Group("points", section.heading, slots, hint))
        else:
            lines = sum(handwritten_lines(p.text, width) for _, p in mine)
            groups.append(Group("section", section.heading, (Slot("", lines, len(mine)),), hint))
    right = 0.7 * width  # the blank column of a two-column table
    if topic.terms:
        slots = tuple(Slot(t.term, handwritten_lines(t.definition, right)) for t in topic.terms)
        groups.append(Group("terms", "Key terms", slots, "Write what each term means"))
    if topic.people:
        slots = tuple(
            Slot(p.name, handwritten_lines(" ".join([p.role, *(q.text for _, q in _flat(p.points))]), right),
                 1 + len(list(_flat(p.points))))
            for p in topic.people
        )
        groups.append(Group("people", "Key people", slots, "Who were they, and what did they do?"))
    if topic.timeline:
        # Every other row gives the date and asks for the event, the rest the other way round.
        slots = tuple(
            Slot(e.date, handwritten_lines(e.event, right)) if i % 2 == 0 else Slot(e.event, 1)
            for i, e in enumerate(topic.timeline)
        )
        groups.append(Group("dates", "Key dates", slots, "Fill in the event or the date"))
    for comparison in topic.comparisons:
        cell_width = 0.78 * width / max(len(comparison.columns), 1)  # beside a label column of about 22%
        slots = tuple(
            Slot(row.label, max(2, sum(handwritten_lines(p.text, cell_width) for _, p in _flat(cell))),
                 len(list(_flat(cell))))
            for row in comparison.rows
            for cell in row.cells
        )
        groups.append(Group("comparison", comparison.title, slots, "Fill in every cell", comparison))
    groups += _exam_practice(topic)
    return groups


def _exam_practice(topic: Topic) -> list[Group]:
    """The exam questions, each with its answer lines, at every level."""
    if not topic.questions:
        return []
    slots = tuple(Slot(q.text + (f" [{q.marks} marks]" if q.marks else ""), _question_lines(q.marks))
                  for q in topic.questions)
    return [Group("questions", "Exam practice", slots, questions=topic.questions)]


def key_line(topic: Topic) -> str:
    """Where the answers are: the summary sheet (in a pack, the footer gives its page)."""
    return f"Check your answers against the summary sheet for \u201c{plain(topic.title)}\u201d."


def _hint(text: str, style: Style) -> Flowable:
    return para(f"*{text}*" if text else "", style.small)


def _two_columns(group: Group, heads: tuple[str, str], style: Style, width: float, given_left: list[bool]) -> Flowable:
    """A term/person/date table: the given side printed, the other side ruled."""
    given = style.para("recall-given", 10, fontName=style.bold)
    left = 0.3 * width
    rows = []
    for slot, on_left in zip(group.slots, given_left):
        text, blank = para(slot.given, given if on_left else style.body), RuledLines(slot.lines)
        rows.append([text, blank] if on_left else [blank, text])
    header_style = style.para("recall-head", 10.5, fontName=style.bold, textColor=style.on_fill, leading=13)
    table = grid(rows, [left, width - left], style, header=[para(h, header_style) for h in heads], zebra=False,
                 extra=[("LINEAFTER", (0, 1), (0, -1), 0.4, style.rule), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)])
    return Block(group.title, [_hint(group.hint, style), table], style)


def _comparison(group: Group, style: Style, width: float) -> Flowable:
    comparison = group.comparison
    assert comparison is not None
    n = len(comparison.columns)
    cells = iter(group.slots)
    rows = [(row.label, [[RuledLines(next(cells).lines)] for _ in row.cells]) for row in comparison.rows]
    widths = label_widths([r.label for r in comparison.rows], n, style, width)
    table = labelled_grid(comparison.columns, rows, widths, style, zebra=False)
    return Block(group.title, [_hint(group.hint, style), table], style, space_after=12)


def _points(group: Group, style: Style) -> list[Flowable]:
    out: list[Flowable] = [_hint(group.hint, style)]
    for slot in group.slots:
        out.append(RuledLines(slot.lines, prompt=para(slot.given, style.bullet(slot.depth)) if slot.given else None))
    return out


def extract_credit(extract: Extract) -> str:
    """Who an extract is from, and whether it is their words or a summary of them."""
    work = ", ".join(x for x in (f"*{extract.work}*" if extract.work else "", extract.year) if x)
    source = f"{extract.author}{f', {work}' if work else ''}"
    return f"A summary of the argument of {source}" if extract.paraphrase else f"{source} (quoted)"


def _extracts(question: Question, style: Style) -> list[Flowable]:
    """The passages a question is about, each in a tinted box above the answer lines."""
    out: list[Flowable] = []
    for extract in question.extracts:
        text = extract.text if extract.paraphrase else f"\u201c{extract.text}\u201d"
        box = grid([[para(f"**{extract.label}**", style.body)], [para(text, style.body)],
                    [para(extract_credit(extract), style.small)]],
                   [page_width(style)], style, zebra=False,
                   extra=[("BACKGROUND", (0, 0), (-1, -1), style.tint), ("LINEBELOW", (0, 0), (-1, -1), 0, style.tint),
                          ("BOX", (0, 0), (-1, -1), 0.6, style.accent)])
        box.spaceAfter = 4
        out.append(box)
    return out


def _questions(group: Group, style: Style) -> list[Flowable]:
    out: list[Flowable] = []
    for n, slot in enumerate(group.slots, 1):
        question = para(f"**{n}.** {slot.given}", style.para("recall-question", 10.5, spaceBefore=6, leading=14))
        extracts = _extracts(group.questions[n - 1], style) if group.questions else []
        out += [*extracts, question, RuledLines(slot.lines)]
    return out


def recall_sheet(topic: Topic, style: Style, kicker: str = "", level: str = "2") -> list[Flowable]:
    """`topic`'s recall worksheet at `level`: header, what to do, then each group of blanks."""
    level = level if level in LEVELS else "2"
    width = page_width(style)
    what = {
        "1": "Finish each point from its first words.",
        "2": "Write down everything you remember under each heading.",
        "3": "Write down everything you know about this topic.",
    }[level]
    story: list[Flowable] = [
        Band(topic.title, style, kicker=" \u00b7 ".join(x for x in (kicker, "Blank recall") if x), period=topic.period),
        para(f"**Blank recall, level {level}.** {what} {key_line(topic)}",
             style.para("recall-intro", 10.5, leading=14, spaceAfter=8)),
    ]
    for group in recall_plan(topic, level, width):
        if group.kind in ("section", "dump"):
            story.append(Block(group.title, [_hint(group.hint, style), RuledLines(group.slots[0].lines)], style))
        elif group.kind == "points":
            story.append(Block(group.title, _points(group, style), style))
        elif group.kind == "terms":
            story.append(_two_columns(group, ("Key term", "What it means"), style, width, [True] * len(group.slots)))
        elif group.kind == "people":
            story.append(_two_columns(group, ("Person", "Who they were"), style, width, [True] * len(group.slots)))
        elif group.kind == "dates":
            left = [i % 2 == 0 for i in range(len(group.slots))]
            story.append(_two_columns(group, ("Date", "Event"), style, width, left))
        elif group.kind == "comparison":
            story.append(_comparison(group, style, width))
        elif group.kind == "questions":
            story.append(Block(group.title, _questions(group, style), style))
    return story
