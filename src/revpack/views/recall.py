"""Blank-recall worksheets: the topic with its content taken out and ruled space to write it back.

`recall_plan` decides what is kept and how much room each blank gets (pure,
no ReportLab, so tests can count the blanks); `recall_sheet` prints the plan.

Levels (the view option ``recall-level``):
1. each point's first words stay as a prompt, one blank per point;
2. (default) headings only, one blank per section with room for all its points;
3. brain dump: the topic title and how many points to find.
At levels 1 and 2 key terms, people and dates lose one side and comparison tables
keep their headers and row labels with every cell empty. The topic's exam questions are
a sheet of their own (`views.exam`), so the recall sheet is the knowledge alone.

Writing space is sized to the task, not to the length of the notes: every thing to
recall (a point or sub-point, a term's meaning, an event, a comparison cell's point)
gets `LINES_PER_POINT` ruled lines of the full text width, about 75 handwritten
characters, enough for a point in note form. A narrower blank (a table column) gets as
many of its lines as make up that length, rounded to the nearest line; every cell of a
comparison row gets the lines of the row's fullest cell. So a section hinted "4 points"
has 4 lines at level 2 on every sheet.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from revpack.dates import event_date
from revpack.layout import Answer, Band, Block, RuledLines, grid, label_widths, labelled_grid, para
from revpack.markup import lead, plain
from revpack.labels import Words
from revpack.model import Comparison, Point, Topic
from revpack.render import text_width as page_width
from revpack.theme import TYPE, Style

LEVELS = ("1", "2", "3")
PROMPT_WORDS = 3  # words kept of a point without a bold lead (level 1)
LINES_PER_POINT = 1  # full-width ruled lines for each thing to recall ...
PITCH = 7 * mm  # ... this far apart: narrow-ruled paper's spacing, roomy for notes in a student's hand
LEFT = 0.3  # the given column of a term, person or date table, as a share of the text width


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

    kind: str  # section | points | terms | people | dates | comparison | dump
    title: str
    slots: tuple[Slot, ...]
    hint: str = ""
    comparison: Comparison | None = None


def _flat(points: tuple[Point, ...], depth: int = 0) -> Iterator[tuple[int, Point]]:
    for point in points:
        yield depth, point
        yield from _flat(point.points, depth + 1)


def room(items: int, share: float = 1.0) -> int:
    """Ruled lines for recalling `items` things in a blank `share` of the text width wide:
    `LINES_PER_POINT` full-width lines each, in lines of the blank's width, at least one."""
    return max(1, math.floor(items * LINES_PER_POINT / share + 0.5))


def prompt(text: str) -> str:
    """The first words of a point, kept at level 1: its bold lead, or its first few words."""
    first = lead(text)
    if first and text.startswith(f"**{first}**"):
        return f"**{first}** \u2026"
    words = plain(text).split()
    return " ".join(words[:PROMPT_WORDS]) + (" \u2026" if len(words) > PROMPT_WORDS else "")


def count(n: int, thing: str, words: Words = Words()) -> str:
    """`n` of `thing` ("point", "heading", "mark") in the pack's language."""
    return words.count(f"{thing}s", n)


def recall_plan(topic: Topic, level: str, words: Words = Words()) -> list[Group]:
    """The blanks of `topic`'s recall sheet at `level`, with the ruled lines of each.

    Every point, sub-point, term, person, date and comparison cell taken out is
    counted in exactly one slot's `items`.
    """
    groups: list[Group] = []
    points = [(s, d, p) for s, section in enumerate(topic.sections) for d, p in _flat(section.points)]
    if level == "3" and points:  # a topic without notes has nothing to dump: its other blanks stay
        lines = room(len(points))
        hint = words("to_find", points=count(len(points), "point", words),
                     headings=count(len(topic.sections), "heading", words))
        return [Group("dump", words("brain_dump"), (Slot("", max(lines, 12), len(points)),), hint)]
    for s, section in enumerate(topic.sections):
        mine = [(d, p) for s2, d, p in points if s2 == s]
        hint = count(len(mine), "point", words)
        if level == "1":
            slots = tuple(Slot(prompt(p.text), room(1), 1, d) for d, p in mine)
            groups.append(Group("points", section.heading, slots, hint))
        else:
            lines = room(len(mine))
            groups.append(Group("section", section.heading, (Slot("", lines, len(mine)),), hint))
    right = 1 - LEFT  # the blank column of a two-column table
    if topic.terms:
        slots = tuple(Slot(t.term, room(1, right)) for t in topic.terms)
        groups.append(Group("terms", words("key_terms"), slots, words("terms_hint")))
    if topic.people:
        slots = tuple(
            Slot(p.name, room(1 + len(list(_flat(p.points))), right), 1 + len(list(_flat(p.points))))
            for p in topic.people
        )
        groups.append(Group("people", words("key_people"), slots, words("people_hint")))
    for comparison in topic.comparisons:
        share = 0.78 / max(len(comparison.columns), 1)  # beside a label column of about 22%
        slots = tuple(
            Slot(row.label, max(room(len(list(_flat(c))), share) for c in row.cells), len(list(_flat(cell))))
            for row in comparison.rows
            for cell in row.cells
        )
        groups.append(Group("comparison", comparison.title, slots, words("cells_hint"), comparison))
    if topic.timeline:
        # Last, as its rows split anywhere: they fill the foot of a page a table would leave empty.
        # Every other row gives the date and asks for the event, the rest the other way round.
        slots = tuple(
            Slot(event_date(e, words.language), room(1, right)) if i % 2 == 0 else Slot(e.event, 1)
            for i, e in enumerate(topic.timeline)
        )
        groups.append(Group("dates", words("key_dates"), slots, words("dates_hint")))
    return groups


def key_line(topic: Topic, words: Words = Words()) -> str:
    """Where the answers are: the summary sheet (in a pack, the footer gives its page)."""
    return words("check_answers", title=plain(topic.title))


def _hint(text: str, style: Style) -> Flowable:
    hint = para(f"*{text}*" if text else "", style.small)
    hint.keepWithNext = True  # never left at a column's foot without what it asks for
    return hint


def _two_columns(group: Group, heads: tuple[str, str], style: Style, width: float, given_left: list[bool]) -> Flowable:
    """A term/person/date table: the given side printed, the other side ruled."""
    given = style.para("recall-given", TYPE.body, fontName=style.bold)
    left = LEFT * width
    rows = []
    for slot, on_left in zip(group.slots, given_left):
        text, blank = para(slot.given, given if on_left else style.body), RuledLines(slot.lines, PITCH)
        rows.append([text, blank] if on_left else [blank, text])
    header_style = style.para("recall-head", TYPE.subhead, fontName=style.bold, textColor=style.on_fill, leading=13)
    table = grid(rows, [left, width - left], style, header=[para(h, header_style) for h in heads], zebra=False,
                 extra=[("LINEAFTER", (0, 1), (0, -1), 0.4, style.rule), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])
    return Block(group.title, [table], style, aside=group.hint)


def _comparison(group: Group, style: Style, width: float) -> Flowable:
    comparison = group.comparison
    assert comparison is not None
    n = len(comparison.columns)
    cells = iter(group.slots)
    rows = [(row.label, [[RuledLines(next(cells).lines, PITCH)] for _ in row.cells]) for row in comparison.rows]
    widths = label_widths([r.label for r in comparison.rows], n, style, width)
    table = labelled_grid(comparison.columns, rows, widths, style, zebra=False)
    return Block(group.title, [table], style, space_after=12, aside=group.hint)


def _points(group: Group, style: Style) -> list[Flowable]:
    out: list[Flowable] = []
    for slot in group.slots:
        out.append(RuledLines(slot.lines, PITCH, prompt=para(slot.given, style.bullet(slot.depth)) if slot.given else None))
    return out


def recall_sheet(topic: Topic, style: Style, kicker: str = "", level: str = "2") -> list[Flowable]:
    """`topic`'s recall worksheet at `level`: header, what to do, then each group of blanks."""
    level = level if level in LEVELS else "2"
    width = page_width(style)
    words = style.words
    what = words(f"recall_level_{level}")
    story: list[Flowable] = [
        Band(topic.title, style, kicker=" \u00b7 ".join(x for x in (kicker, words("blank_recall")) if x),
             period=topic.period),
        para(f"**{words('recall_level', level=level)}** {what} {key_line(topic, words)}",
             style.para("recall-intro", TYPE.lead, leading=14, spaceAfter=8)),
    ]
    for group in recall_plan(topic, level, words):
        if group.kind == "section":
            story.append(Block(group.title, [RuledLines(group.slots[0].lines, PITCH)], style, aside=group.hint))
        elif group.kind == "dump":  # the count to find is a sentence: a line of its own
            story.append(Block(group.title, [Answer([_hint(group.hint, style)], RuledLines(group.slots[0].lines, PITCH))],
                               style))
        elif group.kind == "points":
            story.append(Block(group.title, _points(group, style), style, aside=group.hint))
        elif group.kind == "terms":
            story.append(_two_columns(group, (words("key_term"), words("what_it_means")), style, width, [True] * len(group.slots)))
        elif group.kind == "people":
            story.append(_two_columns(group, (words("person"), words("who_they_were")), style, width, [True] * len(group.slots)))
        elif group.kind == "dates":
            left = [i % 2 == 0 for i in range(len(group.slots))]
            story.append(_two_columns(group, (words("date"), words("event")), style, width, left))
        elif group.kind == "comparison":
            story.append(_comparison(group, style, width))
    return story
