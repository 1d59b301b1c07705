"""Which cards a topic yields: explicit questions plus cards derived from its notes.

Pure data, no ReportLab. A topic's explicit `cards` (question -> answer) come
first, then the derived ones, kind by kind: a section's heading -> its points,
a term -> its definition, a date -> its event (events of one date share a
card; a date other topics' cards also show names the topic on the front), a
person -> their role and points. Every card keeps a stable id (``<topic>-<kind>-<n>``, for exports
and warnings) and where it came from, so a card that overflows can be reported as ``file:line``;
its face prints a short label instead ("T8 \u00b7 Q1": topic 8's first question card).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from revpack.dates import event_date
from revpack.markup import plain
from revpack.model import Image, Point, Topic, Where

# Option name -> (id stem, the prompt printed above the front).
KINDS: dict[str, tuple[str, str]] = {
    "qa": ("qa", "Question"),
    "sections": ("section", "Recall the key points"),
    "terms": ("term", "Key term: what does it mean?"),
    "dates": ("date", "Key date: what happened?"),
    "people": ("person", "Key person: who were they?"),
}
# The letter of each kind in a card's printed label ("T8 \u00b7 Q1": topic 8, question 1).
LETTERS = {"qa": "Q", "sections": "S", "terms": "K", "dates": "D", "people": "P"}


@dataclass(frozen=True)
class FlashCard:
    """One card as written: a front and a back, before it is fitted to a card size.

    ``lead`` is a plain paragraph printed first on the back (a definition, an
    event, a role); ``answer`` holds bulleted points. ``path`` is the key path
    of the YAML value the card came from, e.g. ``cards[2]``.
    """

    id: str
    kind: str
    topic_id: str
    topic_title: str
    topic_number: int
    prompt: str
    front: str
    lead: str = ""
    answer: tuple[Point, ...] = ()
    where: Where = Where()
    path: str = ""
    name: str = ""  # the author's own `id:` for the card, if any: its identity in exports
    label: str = ""  # printed on the card: topic number, kind letter, number ("T8 \u00b7 Q1")
    image: Image | None = None  # printed on the back (the answer) unless the image says `side: front`

    def image_on(self, side: str) -> Image | None:
        """The card's image if it prints on `side` ('front' or 'back')."""
        return self.image if self.image is not None and self.image.side == side else None


def parse_kinds(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """``"qa,terms"`` (or a sequence of names) -> the kinds in canonical order.

    Empty or None means every kind. Raises ``ValueError`` naming an unknown kind.
    """
    if text is None:
        return tuple(KINDS)
    names = text.split(",") if isinstance(text, str) else list(text)
    wanted = {n.strip().lower() for n in names if n.strip()}
    unknown = sorted(wanted - set(KINDS))
    if unknown:
        raise ValueError(f"unknown card kind {', '.join(unknown)}; choose from {','.join(KINDS)}")
    return tuple(k for k in KINDS if k in wanted) or tuple(KINDS)


def date_fronts(topics: Iterable[Topic], lang: str = "en") -> dict[str, frozenset[str]]:
    """For each topic id, the dates (as printed in `lang`) that date cards of the *other* `topics`
    also have on their fronts: `topic_cards` names the topic beside them, so no two fronts match."""
    dates = {t.id: {event_date(e, lang) for e in t.timeline} for t in topics}
    return {tid: frozenset(d for other, ds in dates.items() if other != tid for d in ds & mine)
            for tid, mine in dates.items()}


def _date_sources(topic: Topic, elsewhere: frozenset[str], lang: str = "en"
                  ) -> list[tuple[str, str, tuple[Point, ...], Where, str, str, Image | None]]:
    """One card per date as printed: events of the same date share a card, their texts as
    points in source order; a date that other topics' cards also front names the topic."""
    same: dict[str, list[int]] = {}
    for i, e in enumerate(topic.timeline):
        same.setdefault(event_date(e, lang), []).append(i)
    out = []
    for date, found in same.items():
        first = topic.timeline[found[0]]
        front = f"{date} ({plain(topic.title)})" if date in elsewhere else date
        if len(found) == 1:
            out.append((front, first.event, (), first.where, f"timeline[{found[0]}]", "", None))
        else:
            points = tuple(Point(text=topic.timeline[i].event, where=topic.timeline[i].where) for i in found)
            out.append((front, "", points, first.where, f"timeline[{found[0]}]", "", None))
    return out


def _sources(topic: Topic, kind: str, elsewhere: frozenset[str] = frozenset(), lang: str = "en"
             ) -> list[tuple[str, str, tuple[Point, ...], Where, str, str, Image | None]]:
    """(front, lead, answer points, where, key path, the author's card id, image) of each card of one kind."""
    if kind == "qa":
        return [(c.question, "", c.answer, c.where, f"cards[{i}]", c.id, c.image) for i, c in enumerate(topic.cards)]
    if kind == "sections":
        return [(s.heading, "", s.points, s.where, f"sections[{i}]", "", s.image)
                for i, s in enumerate(topic.sections)]
    if kind == "terms":
        return [(t.term, t.definition, (), t.where, f"terms[{i}]", "", t.image) for i, t in enumerate(topic.terms)]
    if kind == "dates":
        return _date_sources(topic, elsewhere, lang)
    if kind == "people":
        return [(p.name, p.role, p.points, p.where, f"people[{i}]", "", p.image) for i, p in enumerate(topic.people)]
    raise ValueError(kind)


def topic_cards(topic: Topic, number: int = 1, kinds: Sequence[str] = tuple(KINDS),
                elsewhere: frozenset[str] = frozenset(), lang: str = "en") -> list[FlashCard]:
    """The cards of `topic`, explicit ones first, then derived ones kind by kind.

    `number` is the topic's position in its pack (printed on the colour band); `elsewhere`
    the dates other topics' date cards front too (`date_fronts`); `lang` the pack's
    language, in which date fronts print ("14 juil. 1789").
    """
    out: list[FlashCard] = []
    for kind in KINDS:
        if kind not in kinds:
            continue
        stem, prompt = KINDS[kind]
        for n, (front, lead, answer, where, path, name, image) in enumerate(_sources(topic, kind, elsewhere, lang), 1):
            out.append(
                FlashCard(
                    id=f"{topic.id}-{stem}-{n}",
                    kind=kind,
                    topic_id=topic.id,
                    topic_title=topic.title,
                    topic_number=number,
                    prompt=prompt,
                    front=front,
                    lead=lead,
                    answer=answer,
                    where=where,
                    path=path,
                    name=name,
                    label=f"T{number} \u00b7 {LETTERS[kind]}{n}",
                    image=image,
                )
            )
    return out


def topic_numbers(topic_ids: Sequence[str], order: Sequence[str]) -> dict[str, int]:
    """Each topic's 1-based number: its place in the pack's declared order, else in `topic_ids`.

    So ``--only`` one topic still prints the number it has in the whole pack.
    """
    listed = [t for t in order if t in topic_ids] if order else []
    if len(listed) == len(topic_ids):
        return {t: order.index(t) + 1 for t in topic_ids}
    return {t: i for i, t in enumerate(topic_ids, 1)}
