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

Writing space is sized to the task, not to the length of the notes, with two fixed
allowances, ruled `PITCH` (6 mm) apart as on narrow-ruled paper:

- a point (a section's point or sub-point, a point about a person, a point of a comparison
  cell) gets `LINES_PER_POINT` (two thirds) of a line of the full text width, about 50
  handwritten characters, enough for a point in note form; in a narrower blank, as many of
  the blank's lines as make up that length; rounded to the nearest line. So a section hinted
  "3 points" has 2 lines, "6 points" 4;
- a short answer (a term's meaning, a person's role, an event or its date) gets
  `LINES_PER_ANSWER` line of its blank, a phrase in a student's hand.

Every blank of a table row gets the lines of the row's fullest blank (so the cells of a
comparison row, or the two people side by side, get the same room). Key terms, key people
and key dates are set two to a row (given | blank, given | blank), since a given side and
a one-line blank need half the page's width, not all of it; people one to a row if any
has points to recall, so those are written across the page. A blank's lines sit at the
foot of its row.

So sized, the median topic of both default packs takes one sheet of paper, two sides (7 of 8
GCSE topics, 8 of 14 A-level topics, with 40-55 points; the rest 3 pages). A full line a
point would put the A-level median at 3 pages: its 40-55 points alone fill a page.
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
LINES_PER_POINT = 2 / 3  # full-width ruled lines for each point to recall (two for three points) ...
LINES_PER_ANSWER = 1  # ... lines of its blank for a short answer (a meaning, a role, an event or a date) ...
PITCH = 6 * mm  # ... this far apart: narrow-ruled paper's spacing (6-6.35 mm), for notes in a student's hand
PAIRS = 2  # term, person and date tables set two given | blank pairs to a row (one if a person has points) ...
GIVEN = {"terms": 0.4, "people": 0.4, "dates": 0.3}  # ... the given column this share of its pair (a date is short) ...
GIVEN_ALONE = 0.25  # ... or of the text width, one to a row
SPACE_AFTER = 4  # points under each group of blanks (its heading's rule sets it off from the next)


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
    across: int = 1  # entries set side by side in a row of a term, person or date table


def _flat(points: tuple[Point, ...], depth: int = 0) -> Iterator[tuple[int, Point]]:
    for point in points:
        yield depth, point
        yield from _flat(point.points, depth + 1)


def given_share(kind: str, across: int) -> float:
    """The given column of a term, person or date table, as a share of its pair's width."""
    return GIVEN[kind] if across > 1 else GIVEN_ALONE


def blank_share(kind: str, across: int) -> float:
    """The blank of a term, person or date, `across` entries to a row, as a share of the text width."""
    return (1 - given_share(kind, across)) / across


def _paired(slots: tuple[Slot, ...], across: int) -> tuple[Slot, ...]:
    """`slots` set `across` to a table row, each with the lines of its row's fullest."""
    out: list[Slot] = []
    for r in range(0, len(slots), across):
        row = slots[r : r + across]
        lines = max(slot.lines for slot in row)
        out += [Slot(slot.given, lines, slot.items, slot.depth) for slot in row]
    return tuple(out)


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
    if topic.terms:
        slots = tuple(Slot(t.term, LINES_PER_ANSWER) for t in topic.terms)
        groups.append(Group("terms", words("key_terms"), _paired(slots, PAIRS), words("terms_hint"), across=PAIRS))
    if topic.people:
        # A person's role is a short answer; what to remember about them, points: one person to a row if
        # anyone has points, so they are written across the page.
        across = 1 if any(p.points for p in topic.people) else PAIRS
        slots = tuple(Slot(p.name, LINES_PER_ANSWER + (room(len(known), blank_share("people", across)) if known else 0),
                           1 + len(known))
                      for p in topic.people for known in [list(_flat(p.points))])
        groups.append(Group("people", words("key_people"), _paired(slots, across), words("people_hint"), across=across))
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
        # Every other entry gives the date and asks for the event, the rest the other way round.
        slots = tuple(
            Slot(event_date(e, words.language), LINES_PER_ANSWER) if i % 2 == 0 else Slot(e.event, LINES_PER_ANSWER)
            for i, e in enumerate(topic.timeline)
        )
        groups.append(Group("dates", words("key_dates"), _paired(slots, PAIRS), words("dates_hint"), across=PAIRS))
    return groups


def key_line(topic: Topic, words: Words = Words()) -> str:
    """Where the answers are: the summary sheet (in a pack, the footer gives its page)."""
    return words("check_answers", title=plain(topic.title))


def _hint(text: str, style: Style) -> Flowable:
    hint = para(f"*{text}*" if text else "", style.small)
    hint.keepWithNext = True  # never left at a column's foot without what it asks for
    return hint


def _pairs(group: Group, heads: tuple[str, str], style: Style, width: float, given_left: list[bool]) -> Flowable:
    """A term/person/date table, `group.across` entries to a row: each entry's given side printed
    and its other side ruled (the given side on the left where `given_left`, else on the right)."""
    given = style.para("recall-given", TYPE.body, fontName=style.bold)
    across = group.across
    pair = width / across
    cells: list[Flowable | str] = []
    for slot, on_left in zip(group.slots, given_left):
        text, blank = para(slot.given, given if on_left else style.body), RuledLines(slot.lines, PITCH)
        cells += [text, blank] if on_left else [blank, text]
    cells += [""] * (-len(cells) % (2 * across))  # an odd last entry: the row's other pair left empty
    rows = [cells[r : r + 2 * across] for r in range(0, len(cells), 2 * across)]
    # A blank's lines sit at the foot of its row (a given side on two lines leaves room above them).
    low = [("VALIGN", (c, r + 1), (c, r + 1), "BOTTOM")
           for r, row in enumerate(rows) for c, cell in enumerate(row) if isinstance(cell, RuledLines)]
    header_style = style.para("recall-head", TYPE.subhead, fontName=style.bold, textColor=style.on_fill, leading=13)
    between = [("LINEAFTER", (2 * k + 1, 0), (2 * k + 1, -1), 0.8, style.accent) for k in range(across - 1)]
    inside = [("LINEAFTER", (2 * k, 1), (2 * k, -1), 0.4, style.rule) for k in range(across)]
    given_w = given_share(group.kind, across) * pair
    table = grid(rows, [given_w, pair - given_w] * across, style,
                 header=[para(h, header_style) for _ in range(across) for h in heads], zebra=False,
                 extra=[*inside, *between, *low, ("TOPPADDING", (0, 1), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])
    return Block(group.title, [table], style, space_after=SPACE_AFTER, aside=group.hint)


def _comparison(group: Group, style: Style, width: float) -> Flowable:
    comparison = group.comparison
    assert comparison is not None
    n = len(comparison.columns)
    cells = iter(group.slots)
    rows = [(row.label, [[RuledLines(next(cells).lines, PITCH)] for _ in row.cells]) for row in comparison.rows]
    widths = label_widths([r.label for r in comparison.rows], n, style, width)
    table = labelled_grid(comparison.columns, rows, widths, style, zebra=False)
    table.setStyle([("TOPPADDING", (0, 1), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])  # lines fill the cells
    return Block(group.title, [table], style, space_after=SPACE_AFTER + 4, aside=group.hint)


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
             style.para("recall-intro", TYPE.lead, leading=14, spaceAfter=4)),
    ]
    for group in recall_plan(topic, level, words):
        if group.kind == "section":
            story.append(Block(group.title, [RuledLines(group.slots[0].lines, PITCH)], style, space_after=SPACE_AFTER,
                               aside=group.hint))
        elif group.kind == "dump":  # the count to find is a sentence: a line of its own
            story.append(Block(group.title, [Answer([_hint(group.hint, style)], RuledLines(group.slots[0].lines, PITCH))],
                               style))
        elif group.kind == "points":
            story.append(Block(group.title, _points(group, style), style, aside=group.hint))
        elif group.kind == "terms":
            story.append(_pairs(group, (words("key_term"), words("what_it_means")), style, width, [True] * len(group.slots)))
        elif group.kind == "people":
            story.append(_pairs(group, (words("person"), words("who_they_were")), style, width, [True] * len(group.slots)))
        elif group.kind == "dates":
            left = [i % 2 == 0 for i in range(len(group.slots))]
            story.append(_pairs(group, (words("date"), words("event")), style, width, left))
        elif group.kind == "comparison":
            story.append(_comparison(group, style, width))
    return story
