"""The pack's chronology as data: every topic's events in true order, repeats merged.

Pure (no ReportLab), so the loader can warn about near-duplicates without drawing
anything. The order is `dates.When.sort_key` (by start; of two that start together the
longer first, so "1924" comes before "Jan 1924", which comes before "21 Jan 1924"), then
pack order (topic, then place in its timeline). Events with the same place in time and
the same text (markup, case, punctuation and spacing ignored) are one row naming every
topic they come from; two with the same place where one's words run inside the other's
("Lenin dies" and "Lenin dies aged 53") are near-duplicates an author should merge.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from revpack.dates import When, event_date, parse_date
from revpack.markup import plain
from revpack.model import Event, Topic


@dataclass(frozen=True)
class Entry:
    """One row of the chronology: a date, what happened, and every topic that says so."""

    when: When
    date: str  # as printed ("Jan 1924", or the event's label)
    event: Event  # the first one, in pack order
    topics: tuple[Topic, ...]
    sources: tuple[Event, ...]  # every event merged into this row, in pack order


def words(text: str) -> tuple[str, ...]:
    """The words of `text` as compared: markup, case, punctuation and spacing ignored."""
    return tuple(re.sub(r"[^\w\s]", " ", plain(text).casefold()).split())


def _place(when: When) -> tuple[float, float, bool]:
    return (round(when.start, 6), round(when.end, 6), when.circa)


def _dated(topics: Sequence[Topic]) -> list[tuple[When, Topic, Event]]:
    """Every event that has a place, in chronology order (stable: pack order on ties)."""
    out = [(when, topic, event) for topic in topics for event in topic.timeline
           if (when := parse_date(event.date)) is not None]  # the loader refuses the rest
    return sorted(out, key=lambda d: d[0].sort_key)


def entries(topics: Sequence[Topic], lang: str = "en") -> list[Entry]:
    """The chronology's rows, in order, with events of the same place and text merged."""
    rows: dict[tuple, list[tuple[When, Topic, Event]]] = {}
    for when, topic, event in _dated(topics):
        rows.setdefault((_place(when), words(event.event)), []).append((when, topic, event))
    out = []
    for found in rows.values():  # insertion order is chronology order
        when, _, event = found[0]
        seen: dict[int, Topic] = {}
        for _, topic, _ in found:
            seen.setdefault(id(topic), topic)
        out.append(Entry(when, event_date(event, lang), event, tuple(seen.values()), tuple(e for _, _, e in found)))
    return out


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    n = len(short)
    return 0 < n < len(long) and any(long[i:i + n] == short for i in range(len(long) - n + 1))


def near_duplicates(topics: Sequence[Topic]) -> list[tuple[tuple[Topic, int], tuple[Topic, int]]]:
    """Pairs ((topic, index in its timeline) of the first, of the second) in pack order: the
    same place in time, and one's words run inside the other's. Exact repeats are not
    listed (the chronology merges them)."""
    by_place: dict[tuple, list[tuple[Topic, int]]] = {}
    for topic in topics:
        for i, event in enumerate(topic.timeline):
            if (when := parse_date(event.date)) is not None:
                by_place.setdefault(_place(when), []).append((topic, i))
    pairs = []
    for found in by_place.values():
        for k, (ta, ia) in enumerate(found):
            for tb, ib in found[k + 1:]:
                wa, wb = words(ta.timeline[ia].event), words(tb.timeline[ib].event)
                if _inside(wa, wb) or _inside(wb, wa):
                    pairs.append(((ta, ia), (tb, ib)))
    return pairs
