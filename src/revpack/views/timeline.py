"""The timeline view: a topic's dated events drawn along a vertical spine.

Time runs down the page. Each year something happens in (an event starts, a bar
ends) is a band of the spine marked by a pill with its year; a single empty year
between two is a narrow band, and a longer run of empty years (even under a bar)
folds into a dashed break of fixed height. Events sit in cards on either side of
the spine, each joined to a dot at its start (`dates.parse_date`: a year's events
at its pill, a month's at the month), in `When.sort_key` order, events of one
date as written. An event dated inside its year (a month, a day, a season) keeps
its card above the next year's pill, so "Dec 1934" reads as 1934. Events lasting
longer than a year ("1931-33", "1930s") are also drawn as bars beside the spine,
each named along itself (its date and first words, in furniture type). A band is
stretched until its cards fit at their dates; where two events share a date a card
moves down and its leader bends. No card or label overlaps another, and the spine
stops at the last event.

The drawing is one flowable that splits between cards, so a long timeline
continues on further pages (marked "(cont.)" at the top of the spine) instead
of shrinking its type; a short one stretches its years to fill its page. A bar
still running where a page's spine ends is drawn to the end of the spine as an
arrow and resumes at the top of the next page's spine with a swallowtail, beside
a card repeating its date and text marked "(cont.)".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph

from revpack.dates import event_date, parse_date, year_name
from revpack.layout import Band, para, shorten
from revpack.markup import plain, to_para, typeset
from revpack.model import Event, Topic
from revpack.pdfmetrics_cache import text_width
from revpack.theme import TYPE, Style, mix
from revpack.views.cards import paginate

GAP = 6.0  # between cards on the same side
PAD = 5.0  # inside a card
EDGE = 2.5  # the accent edge on a card's spine side
PILL_H = 15.0
BAND_MIN = 24.0  # a year band's least height
BAND_MAX = 150.0  # a short timeline's years grow up to this to fill its page
BREAK_H = 26.0  # a run of empty years, squeezed
EMPTY_H = PILL_H + 5  # a single empty year between two busy ones: its marker and a little spine
CLEAR = 13.0  # from a year's pill to a dot dated inside that year or the one before
LANE = 12.5  # a span bar's lane: bar width plus the gap after it
BAR_W = 10.0  # wide enough to carry its name (its date, then its first words) in furniture type
CARD_MAX = 300.0  # a longer event continues in a further card, so every card fits a page
LABEL_LINES = 2  # a card naming a bar carried over from the page before repeats this much of its text
HEAD = 6.0  # a bar's arrowhead (it goes on over the page) and swallowtail notch (it came from there)
LEAD = 24.0  # room for the repeated year at the top of a continued part
ONE_SIDE_BELOW = 360.0  # narrower than this, every card goes on the right of the spine


@dataclass
class Card:
    """One event's card (or a piece of a long event's), and where it was placed (y down)."""

    event: int  # index into the events in date order
    start: float  # the event's dates, in years
    end: float
    paras: list[Flowable]
    height: float
    off: float  # from the card's top to the middle of its date line (where its leader arrives)
    first: bool = True  # the first piece of its event (only a first piece has a dot and a leader)
    carried: bool = False  # names a bar carried over from the page before: on its side, led from it
    side: int = 1  # -1 left of the spine, +1 right
    top: float = 0.0
    anchor: float = 0.0  # y of the event's date on the spine

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class Geometry:
    """Where things go across the width: the spine, the bar lanes, the cards."""

    width: float
    spine: float  # x of the spine
    inner: float  # from the spine to a card's inner edge
    card_w: float
    sides: tuple[int, ...]  # (-1, 1), or (1,) on a narrow page
    lanes: dict[int, int]  # event index -> bar lane, for events longer than a year
    lane0: float  # from the spine to the first lane


class Bar(NamedTuple):
    """A bar beside the spine for an event longer than a year (y down)."""

    event: int
    side: int
    lane: int
    top: float
    bottom: float
    from_before: bool = False  # carried over from the page before: a swallowtail top
    goes_on: bool = False  # runs on past the end of this page's spine: an arrowhead


class Carry(NamedTuple):
    """A bar carried over from the page before, and the card that names it at the head of
    this page (None where a piece of its event's own card does, or there is no room)."""

    event: int
    start: float
    end: float
    side: int
    label: Card | None


@dataclass
class Layout:
    """Cards placed along a spine: every mark's place, y measured down from the top."""

    geo: Geometry
    height: float = 0.0
    cards: list[Card] = field(default_factory=list)
    pills: list[tuple[float, str]] = field(default_factory=list)  # (y of the year's start, year)
    bars: list[Bar] = field(default_factory=list)
    breaks: list[tuple[float, float]] = field(default_factory=list)  # dashed stretches of spine
    spine_end: float = math.inf  # y where the spine stops (inf: the foot of the drawing)

    def card_box(self, card: Card) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of `card`."""
        g = self.geo
        x0 = g.spine + g.inner if card.side > 0 else g.spine - g.inner - g.card_w
        return x0, card.top, x0 + g.card_w, card.bottom

    def pill_box(self, y: float, label: str, style: Style) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of the year pill centred on the spine at `y`."""
        half = pill_width(label, style) / 2
        return self.geo.spine - half, y - PILL_H / 2, self.geo.spine + half, y + PILL_H / 2

    def label_boxes(self, style: Style) -> list[tuple[float, float, float, float]]:
        """Every box that holds text: the cards and the year pills."""
        return [self.card_box(c) for c in self.cards] + [self.pill_box(y, t, style) for y, t in self.pills]


def pill_width(label: str, style: Style) -> float:
    return text_width(label, style.bold, style.type.body) + 12


def placed(events: Sequence[Event]) -> list[tuple[float, float, Event]]:
    """(start, end, event) in date order (`dates.When.sort_key`: by start, the longer of two
    that start together first; events of the same date as written)."""
    out = []
    for e in events:
        when = parse_date(e.date)
        if when is None:  # the loader reports these with positions; a model built by hand may not
            raise ValueError(f"timeline date '{e.date}' cannot be placed")
        out.append((when, e))
    out.sort(key=lambda x: x[0].sort_key)  # stable: same dates keep their order
    return [(when.start, when.end, e) for when, e in out]


def busy_years(spans: Sequence[tuple[float, float]]) -> set[int]:
    """The years something happens in: each event's start, and the last year of a bar."""
    busy = {math.floor(start) for start, _ in spans}
    busy.update(math.ceil(end) - 1 for start, end in spans if end - start > 1.001)
    return busy


def years_shown(spans: Sequence[tuple[float, float]]) -> list[int]:
    """The years that get a band: the busy ones, and single empty years between them (one
    empty year is cheaper as a narrow band than as a break). Longer runs of empty years,
    even under a bar, fold into a break."""
    out: list[int] = []
    for year in sorted(busy_years(spans)):
        if out and year - out[-1] == 2:
            out.append(year - 1)
        out.append(year)
    return out


def pieces(years: Sequence[int], dates: Sequence[float]) -> list[tuple[float, float, int | None]]:
    """The stretches of time the spine is made of: each shown year cut at the `dates` inside
    it (so each stretch can grow on its own), and a break (year None) for each longer gap."""
    out: list[tuple[float, float, int | None]] = []
    for i, year in enumerate(years):
        if i and year != years[i - 1] + 1:
            out.append((years[i - 1] + 1.0, float(year), None))
        knots = sorted({float(year), year + 1.0, *(d for d in dates if year < d < year + 1)})
        out += [(a, b, year) for a, b in zip(knots, knots[1:])]
    return out


class Scale:
    """Date -> y: each stretch of time (or break) as tall as `heights` says."""

    def __init__(self, stretches: Sequence[tuple[float, float, int | None]], heights: Sequence[float], top: float):
        self.segments: list[tuple[float, float, float, float, int | None]] = []  # t0, t1, y0, y1, year
        y = top
        for (t0, t1, year), h in zip(stretches, heights):
            self.segments.append((t0, t1, y, y + h, year))
            y += h
        self.bottom = y

    def y(self, t: float) -> float:
        for t0, t1, y0, y1, _ in self.segments:
            if t <= t1:
                return y0 + (y1 - y0) * (max(t, t0) - t0) / (t1 - t0)
        return self.bottom

    def between(self, t0: float, t1: float) -> list[int]:
        """The stretches (indices) that lie between dates t0 and t1 and may grow (not breaks)."""
        return [i for i, (s0, s1, _, _, year) in enumerate(self.segments) if year is not None and t0 <= s0 and s1 <= t1]

    def years(self) -> list[tuple[float, int]]:
        """(y, year) where each shown year starts."""
        out: dict[int, float] = {}
        for _, _, y0, _, year in self.segments:
            if year is not None:
                out.setdefault(year, y0)
        return [(y, year) for year, y in out.items()]


def geometry(dated: Sequence[tuple[float, float, Event]], style: Style, width: float) -> Geometry:
    """The spine in the middle (at the left when narrow), bar lanes beside it, cards outside."""
    lanes = bar_lanes([(i, s, e) for i, (s, e, _) in enumerate(dated) if e - s > 1.001])
    sides = (-1, 1) if width >= ONE_SIDE_BELOW else (1,)
    lane0 = pill_width("0000", style) / 2 + 5
    inner = lane0 + LANE * min(len(set(lanes.values())), 4) + 10
    spine = width / 2 if len(sides) == 2 else lane0
    card_w = width / 2 - inner if len(sides) == 2 else width - spine - inner
    return Geometry(width, spine, inner, card_w, sides, lanes, lane0)


def make_cards(dated: Sequence[tuple[float, float, Event]], style: Style, geo: Geometry) -> list[Card]:
    """Each event's card: its date, then its text; a long one split into pieces of `CARD_MAX`."""
    date_style = style.para("tl-date", TYPE.body, fontName=style.bold, textColor=style.accent)
    inner = geo.card_w - 2 * PAD - EDGE
    cards: list[Card] = []
    for i, (start, end, event) in enumerate(dated):
        date = para(event_date(event, style.words.language), date_style)
        date_h = date.wrap(inner, 1e6)[1]
        texts = paginate([para(event.event, style.body)], inner, CARD_MAX - date_h - 2 * PAD - 2)
        for k, piece in enumerate(texts):
            head = date if k == 0 else continued(event, style)
            cards.append(card_of(i, start, end, [head, *piece], inner, first=k == 0))
    return cards


def bar_labels(dated: Sequence[tuple[float, float, Event]], style: Style, geo: Geometry) -> dict[int, Card]:
    """For each event drawn as a bar, the card that names its bar on a page it is carried
    over to: its date marked "(cont.)", then its text (plain, cut to `LABEL_LINES`)."""
    inner = geo.card_w - 2 * PAD - EDGE
    room = LABEL_LINES * style.body.leading + 0.01

    def text(words: str) -> Paragraph:
        return Paragraph(escape(words), style.body)

    out = {}
    for i in sorted(geo.lanes):
        start, end, event = dated[i]
        label = shorten(" ".join(plain(event.event).split()), lambda t: text(t).wrap(inner, 1e6)[1] <= room)
        items: list[Flowable] = [continued(event, style), text(label)]
        out[i] = card_of(i, start, end, items, inner, first=False, carried=True)
    return out


def continued(event: Event, style: Style) -> Paragraph:
    """The head of a card that continues `event` from an earlier card: its date, "(cont.)"."""
    cont_style = style.para("tl-cont", TYPE.body, fontName=style.bold, textColor=style.muted)
    return Paragraph(f"{to_para(event_date(event, style.words.language))} {escape(style.words('continued'))}",
                     cont_style)


def card_of(event: int, start: float, end: float, items: list[Flowable], inner: float, **flags: bool) -> Card:
    """A card holding `items` (a head line first) in a text column `inner` wide."""
    heights = [item.wrap(inner, 1e6)[1] for item in items]
    body = sum(heights) + len(items) - 1
    return Card(event, start, end, items, body + 2 * PAD, PAD + heights[0] / 2, **flags)


def place(cards: Sequence[Card], scale: Scale, sides: Sequence[int]) -> list[tuple[Card, Card, float]]:
    """Put every card at its date on the freer side; returns (card, blocker, push) for each
    card that had to move down below the card above it (`blocker`) on its side."""
    bottom = {s: -math.inf for s in sides}
    last: dict[int, Card] = {}
    previous: Card | None = None
    pushed = []
    for card in cards:
        card.anchor = scale.y(card.start)
        if previous is not None and not card.first and previous.event == card.event:
            card.side = previous.side  # a piece of a long event goes straight under the one before
            card.top = bottom[card.side] + 2
        elif card.carried:  # beside its bar, whose side was chosen on the page before
            card.top = max(card.anchor - card.off, bottom[card.side] + GAP)
        else:
            ideal = card.anchor - card.off
            push = {s: max(0.0, bottom[s] + GAP - ideal) for s in sides}
            # The side where it sits closest to its date; on a tie, not the side just used.
            used = previous.side if previous else sides[-1]
            card.side = min(sides, key=lambda s: (round(push[s], 3), s == used))
            card.top = ideal + push[card.side]
            if push[card.side] > 0.5:
                pushed.append((card, last[card.side], push[card.side]))
        bottom[card.side] = card.bottom
        last[card.side] = card
        previous = card
    return pushed


def overhang(cards: Sequence[Card], scale: Scale) -> tuple[list[int], float] | None:
    """The first card dated inside its year (a month, a day, a season) that runs down past the
    marker of the next year, as (the stretches of its year after its date, how much each must
    grow), or None: so a December event is read as its own year's, not the next."""
    for card in cards:
        if card.carried or not card.first or card.start == math.floor(card.start):
            continue  # a card dated by the year alone hangs from its own year's marker
        after = math.floor(card.start) + 1.0
        if after >= scale.segments[-1][1] - 1e-9:
            continue  # its year is the last on this spine: nothing below to run into
        marked = any(t0 == after and year is not None for t0, _, _, _, year in scale.segments)
        limit = scale.y(after) - (PILL_H / 2 if marked else 0) - 2  # above the next pill, or the break
        if card.bottom > limit + 0.01 and (between := scale.between(card.start, after)):
            return between, (card.bottom - limit) / len(between)
    return None


def arrange(cards: Sequence[Card], geo: Geometry, band: float, carried: Sequence[Carry] = (),
            until: float | None = None) -> Layout:
    """`cards` (copies) placed along a spine whose years are at least `band` tall.

    `carried` are the bars carried over from the page before: they resume at the top of
    the spine, their labels the first cards. `until` is where the next page takes over:
    bars are cut there (drawn to the foot of the spine) instead of stretching the spine
    to their ends.
    """
    own = [replace(c) for c in cards]
    since = min([c.start for c in own if not c.carried] or [c.start for c in own] or [0.0])
    spans = [(max(start, since), end if until is None else min(end, until))
             for start, end in [(c.start, c.end) for c in own] + [(k.start, k.end) for k in carried]]
    cards = [replace(k.label) for k in carried if k.label] + own
    ends = [e for s, e in spans if e - s > 1.001]
    stretches = pieces(years_shown(spans), [s for s, _ in spans] + ends)
    busy = busy_years(spans)
    # The spine stops at the last event (or the end of the last bar); on a page the next
    # takes over from, it runs on to the foot.
    stop = max([s for s, _ in spans] + ends) if until is None else math.inf
    # A break and an empty year take little room, whatever the page's scale. A stretch
    # between a pill and a date keeps that date's dot clear of the pill, so a December
    # event is not read as the next year's.
    pills = {float(year) for _, _, year in stretches if year is not None}
    heights = [0.0 if t0 >= stop - 1e-9 else BREAK_H if year is None else EMPTY_H if year not in busy
               else max(band * (t1 - t0), CLEAR if (t0 in pills) != (t1 in pills) else 0.0)
               for t0, t1, year in stretches]
    top = PILL_H / 2 + 1 + max((c.off for c in cards), default=0)
    # Stretch the spine between two dates until every card sits at its date, and each
    # card ends above the next year's marker; what cannot be helped (events on the same
    # date) moves down with a bent leader.
    for _ in range(8 * len(cards) + 10):
        scale = Scale(stretches, heights, top)
        grow = next(
            (
                (between, push / len(between))
                for card, blocker, push in place(cards, scale, geo.sides)
                if (between := scale.between(blocker.start, card.start))
            ),
            None,
        ) or overhang(cards, scale)
        if grow is None:
            break
        for i in grow[0]:
            heights[i] += grow[1] + 0.01
    layout = Layout(geo, cards=cards)
    layout.spine_end = scale.bottom if until is None else math.inf
    layout.pills = [(y, year_name(year)) for y, year in scale.years()]
    layout.breaks = [(y0, y1) for _, _, y0, y1, year in scale.segments if year is None]
    layout.height = max([scale.bottom, *(c.bottom for c in cards)]) + 4
    last = scale.segments[-1][1] if scale.segments else math.inf  # the date where this spine ends

    def bar(event: int, side: int, top: float, end: float, from_before: bool) -> Bar:
        goes_on = end > last + 1e-6
        bottom = layout.height - 4 if goes_on else scale.y(end)
        return Bar(event, side, geo.lanes[event] % 4, top, bottom, from_before, goes_on)

    layout.bars = [bar(k.event, k.side, scale.y(k.start) - PILL_H / 2, k.end, True) for k in carried] + [
        bar(c.event, c.side, c.anchor, c.end, False) for c in cards if c.first and c.event in geo.lanes
    ]
    return layout


def lay_out(cards: Sequence[Card], geo: Geometry, fill: float = 0.0, carried: Sequence[Carry] = (),
            until: float | None = None) -> Layout:
    """`cards` along a spine, its years as tall as they can be (from `BAND_MIN` up to
    `BAND_MAX`) while the whole stays within `fill`: a short timeline fills its page.
    `carried` and `until` as for `arrange`."""
    layout = arrange(cards, geo, BAND_MIN, carried, until)
    if layout.height >= fill:
        return layout
    low, high = BAND_MIN, BAND_MAX
    for _ in range(7):
        mid = (low + high) / 2
        low, high = (mid, high) if arrange(cards, geo, mid, carried, until).height <= fill else (low, mid)
    return arrange(cards, geo, low, carried, until) if low > BAND_MIN else layout


def carry_over(
    layout: Layout, labels: dict[int, Card], rest: Sequence[Card]
) -> tuple[list[Carry], list[Card]]:
    """The bars `layout`'s page leaves running, for the next page to carry on, each on its
    side and with its label (from `labels`); and `rest`, the next page's cards, where a
    piece of such an event's own card names its bar instead of a label."""
    rest = list(rest)
    carried = []
    for bar in layout.bars:
        if not bar.goes_on:
            continue
        label: Card | None = replace(labels[bar.event], side=bar.side)
        piece = next((k for k, c in enumerate(rest) if c.event == bar.event), None)
        if piece is not None:
            rest[piece] = replace(rest[piece], side=bar.side, carried=True)
            label = None
        carried.append(Carry(bar.event, labels[bar.event].start, labels[bar.event].end, bar.side, label))
    return carried, rest


def bar_lanes(spans: Sequence[tuple[int, float, float]]) -> dict[int, int]:
    """A lane for each long event, so bars that overlap in time sit side by side."""
    ends: list[float] = []  # the end of the last bar in each lane
    out = {}
    for i, start, end in spans:
        lane = next((k for k, last in enumerate(ends) if last <= start), len(ends))
        if lane == len(ends):
            ends.append(end)
        ends[lane] = end
        out[i] = lane
    return out


@dataclass(frozen=True)
class Part:
    """A run of a split timeline's cards, with what it needs from the parts around it."""

    geo: Geometry
    cards: list[Card]
    labels: dict[int, Card]  # `bar_labels`, for the bars it may pass on
    names: dict[int, str] = field(default_factory=dict)  # what each bar says along itself
    carried: list[Carry] = field(default_factory=list)  # the bars the part before passed on
    until: float | None = None  # where the next part takes over (None: the last part)


def longest_run(part: Part, room: float) -> int:
    """How many of `part`'s cards fit in `room` (at least-tall years), cut where the next begins."""

    def fits(k: int) -> bool:
        until = part.cards[k].start if k < len(part.cards) else part.until
        return arrange(part.cards[:k], part.geo, BAND_MIN, part.carried, until).height <= room

    # Halving works: adding a card never makes the drawing shorter.
    low, high = 0, len(part.cards)
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if fits(mid) else (low, mid - 1)
    return low


class Timeline(Flowable):
    """A drawn timeline of `events`; split, each part holds a run of their cards."""

    def __init__(self, events: Sequence[Event], style: Style, *, part: Part | None = None,
                 continued: bool = False):
        super().__init__()
        self.events = tuple(events)
        self.style = style
        self.part = part
        self.continued = continued  # a later part: "(cont.)" at its top
        self.layout: Layout | None = None

    @property
    def lead(self) -> float:
        return LEAD if self.continued else 0.0

    def _prepare(self, width: float) -> Part:
        if self.part is None or self.part.geo.width != width:
            dated = placed(self.events)
            geo = geometry(dated, self.style, width)
            names = {i: f"{event_date(e, self.style.words.language)} \u00b7 {typeset(' '.join(plain(e.event).split()))}"
                     for i, (_, _, e) in enumerate(dated) if i in geo.lanes}
            self.part = Part(geo, make_cards(dated, self.style, geo), bar_labels(dated, self.style, geo), names)
            self.layout = None
        return self.part

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        part = self._prepare(availWidth)
        if self.layout is None:
            # Laid out once, for the room left where it first lands (a short one fills it).
            self.layout = lay_out(part.cards, part.geo, availHeight - self.lead - 2, part.carried, part.until)
        self.width, self.height = availWidth, self.layout.height + self.lead
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        part = self._prepare(availWidth)
        cards, room = part.cards, availHeight - self.lead
        low = longest_run(part, room)
        at_top = getattr(getattr(self, "_frame", None), "_atTop", True)  # set by the frame asking
        if low == 0 and at_top and any(k.label for k in part.carried):
            # Even on a page of its own, their labels crowd out the first card: the bars
            # carried over go on unnamed rather than the page failing.
            part = self.part = replace(part, carried=[k._replace(label=None) for k in part.carried])
            self.layout = None
            low = longest_run(part, room)
        if low == 0:
            return []
        if low == len(cards):
            self.layout = arrange(cards, part.geo, BAND_MIN, part.carried, part.until)
            return [self]
        head = Timeline(self.events, self.style, continued=self.continued,
                        part=replace(part, cards=cards[:low], until=cards[low].start))
        # Laid out here, not in its wrap: the bars it leaves running are the next part's to carry on.
        head.layout = lay_out(head.part.cards, part.geo, room - 2, part.carried, head.part.until)
        carried, rest = carry_over(head.layout, part.labels, cards[low:])
        tail = Timeline(self.events, self.style, continued=True,
                        part=replace(part, cards=rest, carried=carried))
        return [head, tail]

    # drawing -----------------------------------------------------------------------
    def draw(self) -> None:
        layout, s, canv = self.layout, self.style, self.canv
        geo = layout.geo

        def Y(y: float) -> float:  # timeline y (down) -> canvas y (up)
            return self.height - self.lead - y

        x = geo.spine
        spine_colour = mix(s.accent, s.page, 0.45)
        canv.saveState()
        canv.setLineCap(1)
        # The spine, dashed through squeezed gaps.
        canv.setStrokeColor(spine_colour)
        canv.setLineWidth(2.2)
        canv.line(x, Y(layout.pills[0][0] if layout.pills else 0), x, Y(min(layout.spine_end, layout.height - 4)))
        for a, b in layout.breaks:
            canv.setStrokeColor(s.page)
            canv.setLineWidth(4)
            canv.line(x, Y(a), x, Y(b))
            canv.setStrokeColor(spine_colour)
            canv.setLineWidth(2.2)
            canv.setDash(2, 4)
            canv.line(x, Y(a), x, Y(b))
            canv.setDash()
            # An axis-break mark across the middle, so the skip reads at a glance.
            canv.setStrokeColor(s.accent)
            canv.setLineWidth(1)
            for dy in (-2.5, 2.5):
                canv.line(x - 6, Y((a + b) / 2) + dy - 3, x + 6, Y((a + b) / 2) + dy + 3)
        # Bars for events that last more than a year, each named along itself.
        fill, ink = s.band(mix(s.accent, s.page, 0.2), s.on_fill)
        for bar in layout.bars:
            canv.setFillColor(fill)
            canv.setStrokeColor(s.accent)
            canv.setLineWidth(0.8)
            self._bar(bar, Y, stroke=fill == s.page)
            self._bar_name(bar, Y, ink)
        # Leaders from each date on the spine to its card, then the dots.
        canv.setStrokeColor(s.accent)
        canv.setLineWidth(0.8)
        # A card naming a bar carried over from the page before is led from a dot on the bar.
        joints = [(self._lane_x(b.side, b.lane), c.top + c.off, c)
                  for c in layout.cards if c.carried for b in layout.bars if b.event == c.event]
        for bx, y, card in joints:
            canv.line(bx, Y(y), x + card.side * geo.inner, Y(y))
        firsts = [c for c in layout.cards if c.first]
        for card in firsts:
            edge = x + card.side * geo.inner
            arrive = card.top + card.off
            path = canv.beginPath()
            path.moveTo(x, Y(card.anchor))
            if arrive - card.anchor > 0.5:  # moved down: bend just before the card
                bend = edge - card.side * 6
                path.lineTo(bend, Y(card.anchor))
                path.lineTo(bend, Y(arrive))
            path.lineTo(edge, Y(arrive))
            canv.drawPath(path, stroke=1, fill=0)
        canv.setFillColor(s.accent)
        canv.setStrokeColor(s.page)
        canv.setLineWidth(1.2)
        for card in firsts:
            canv.circle(x, Y(card.anchor), 3.6, stroke=1, fill=1)
        for bx, y, _ in joints:
            canv.circle(bx, Y(y), 2.6, stroke=1, fill=1)
        # Year pills on the spine, over the dots of events dated by the year alone.
        for y, label in layout.pills:
            self._pill(x, Y(y), label, s.fill, s.on_fill)
        if self.continued:
            self._pill(x, self.height - LEAD / 2, s.words("continued"), s.page, s.muted)
        for card in layout.cards:
            self._card(card, Y)
        canv.restoreState()

    def _lane_x(self, side: int, lane: int) -> float:
        """x of the middle of a bar in `lane` on `side` of the spine."""
        geo = self.layout.geo
        return geo.spine + side * (geo.lane0 + lane * LANE + BAR_W / 2)

    def _bar_name(self, bar: Bar, Y, ink) -> None:
        """The bar's date and as many of its event's first words as fit, down its middle, in
        furniture type (the card beside it prints them in full): which bar is which at a glance."""
        name = self.part.names.get(bar.event, "")
        date = name.split(" \u00b7 ")[0]
        room = bar.bottom - bar.top - BAR_W - (HEAD if bar.goes_on or bar.from_before else 0) - 2
        size = self.style.type.furniture

        def fits(text: str) -> bool:
            return text_width(text, self.style.font, size) <= room

        if not name or not fits(date):
            return
        shown = shorten(name, fits)
        if len(shown) < len(date) or not shown.startswith(date):
            shown = date
        canv = self.canv
        canv.saveState()
        canv.addLiteral("/Artifact <</Type /Layout>> BDC")  # a key to the card beside it, not content
        canv.setFillColor(ink)
        canv.setFont(self.style.font, size)
        top = bar.top + BAR_W / 2 + 1 + (HEAD if bar.from_before else 0)
        canv.translate(self._lane_x(bar.side, bar.lane), Y(top))
        canv.rotate(-90)
        canv.drawString(0, -size * 0.35, shown)
        canv.addLiteral("EMC")
        canv.restoreState()

    def _bar(self, bar: Bar, Y, stroke: bool = False) -> None:
        """`bar` in its lane: round ends where it starts and ends on this page, an arrowhead
        where it goes on over the page, a swallowtail where it came from the page before."""
        r = BAR_W / 2
        mid = self._lane_x(bar.side, bar.lane)
        x0, x1, top, bottom = mid - r, mid + r, Y(bar.top), Y(bar.bottom)
        path = self.canv.beginPath()
        if bar.from_before:
            path.moveTo(x1, top)
            path.lineTo(mid, top - HEAD * 0.75)
            path.lineTo(x0, top)
        else:
            path.moveTo(x1, top - r)
            path.arcTo(x0, top - BAR_W, x1, top, 0, 180)
        if bar.goes_on:  # wider than the bar, so it reads as an arrow in any lane
            path.lineTo(x0, bottom + HEAD)
            path.lineTo(x0 - 1, bottom + HEAD)
            path.lineTo(mid, bottom)
            path.lineTo(x1 + 1, bottom + HEAD)
            path.lineTo(x1, bottom + HEAD)
        else:
            path.lineTo(x0, bottom + r)
            path.arcTo(x0, bottom, x1, bottom + BAR_W, 180, 180)
        path.close()
        self.canv.drawPath(path, stroke=1 if stroke else 0, fill=1)

    def _pill(self, x: float, y: float, label: str, fill, text) -> None:
        canv, s = self.canv, self.style
        w = pill_width(label, s)
        canv.setFillColor(fill)
        canv.setStrokeColor(s.accent)
        canv.setLineWidth(0.8)
        outline = fill == s.page or s.outline > 0
        canv.roundRect(x - w / 2, y - PILL_H / 2, w, PILL_H, PILL_H / 2, stroke=1 if outline else 0, fill=1)
        canv.setFillColor(text)
        size = s.type.body
        canv.setFont(s.bold, size)
        canv.drawCentredString(x, y - size * 0.36, label)

    def _card(self, card: Card, Y) -> None:
        canv, s, layout = self.canv, self.style, self.layout
        x0, top, x1, bottom = layout.card_box(card)
        canv.setFillColor(s.tint)
        canv.setStrokeColor(s.rule)
        canv.setLineWidth(0.5)
        canv.roundRect(x0, Y(bottom), x1 - x0, bottom - top, 3, stroke=1, fill=1)
        # An accent edge on the spine's side ties the card to its leader, in greyscale too.
        canv.setFillColor(s.accent)
        edge = x0 if card.side > 0 else x1 - EDGE
        canv.rect(edge, Y(bottom) + 1, EDGE, bottom - top - 2, stroke=0, fill=1)
        y = top + PAD
        for item in card.paras:
            h = item.wrap(layout.geo.card_w - 2 * PAD - EDGE, 1e6)[1]
            item.drawOn(canv, x0 + PAD + (EDGE if card.side > 0 else 0), Y(y + h))
            y += h + 1


def timeline_sheet(topic: Topic, style: Style, kicker: str = "") -> list[Flowable]:
    """The timeline pages of `topic`: its band, a line on how to read it, the drawing."""
    story: list[Flowable] = [Band(topic.title, style, kicker=kicker, period=topic.period)]
    if not topic.timeline:  # the pack leaves this view out; a sheet asked for by name says why it is empty
        why = style.words("timeline_empty")
        return story + [para(why, style.body)]
    spans = any(e - s > 1.001 for s, e, _ in placed(topic.timeline))
    how = style.words("timeline_how")
    if spans:
        how += " " + style.words("timeline_bars")
    note = para(how, style.small)
    note.spaceAfter = 10
    return story + [note, Timeline(topic.timeline, style)]
