"""The timeline view: a topic's dated events drawn along a vertical spine.

Time runs down the page. Each year with events is a band of the spine marked
by a pill with its year; a run of two or more empty years is squeezed into a
dashed break. Events sit in cards on either side of the spine, each joined to
a dot at its date (`dates.parse_date`), and events lasting longer than a year
("1931-33", "1930s") are also drawn as bars beside the spine. A band is
stretched until its cards fit at their dates; where two events share a date
a card moves down and its leader bends. No card or label overlaps another.

The drawing is one flowable that splits between cards, so a long timeline
continues on further pages (marked "(cont.)" at the top of the spine) instead
of shrinking its type; a short one stretches its years to fill its page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from reportlab.platypus import Flowable, Paragraph

from revpack.dates import parse_date
from revpack.layout import Band, para
from revpack.markup import to_para
from revpack.model import Event, Topic
from revpack.pdfmetrics_cache import text_width
from revpack.theme import Style, mix
from revpack.views.cards import paginate

GAP = 6.0  # between cards on the same side
PAD = 5.0  # inside a card
EDGE = 2.5  # the accent edge on a card's spine side
PILL_H = 15.0
BAND_MIN = 24.0  # a year band's least height
BAND_MAX = 150.0  # a short timeline's years grow up to this to fill its page
BREAK_H = 30.0  # a run of empty years, squeezed
LANE = 7.0  # a span bar's lane: bar width plus the gap after it
BAR_W = 4.5
CARD_MAX = 300.0  # a longer event continues in a further card, so every card fits a page
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


@dataclass
class Layout:
    """Cards placed along a spine: every mark's place, y measured down from the top."""

    geo: Geometry
    height: float = 0.0
    cards: list[Card] = field(default_factory=list)
    pills: list[tuple[float, str]] = field(default_factory=list)  # (y of the year's start, year)
    bars: list[tuple[int, int, float, float]] = field(default_factory=list)  # (side, lane, y0, y1)
    breaks: list[tuple[float, float]] = field(default_factory=list)  # dashed stretches of spine

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
    return text_width(label, style.bold, 10 * style.look.scale) + 12


def placed(events: Sequence[Event]) -> list[tuple[float, float, Event]]:
    """(start, end, event) in date order (ties: shorter first, then as written)."""
    out = []
    for i, e in enumerate(events):
        span = parse_date(e.date)
        if span is None:  # the loader reports these with positions; a model built by hand may not
            raise ValueError(f"timeline date '{e.date}' cannot be placed")
        out.append((span[0], span[1], i, e))
    return [(s, t, e) for s, t, _, e in sorted(out, key=lambda x: x[:3])]


def years_shown(spans: Sequence[tuple[float, float]]) -> list[int]:
    """The years that get a band: every year an event touches, and single empty years between them."""
    touched: set[int] = set()
    for start, end in spans:
        touched.update(range(math.floor(start), max(math.ceil(end), math.floor(start) + 1)))
    out: list[int] = []
    for year in sorted(touched):
        if out and year - out[-1] == 2:
            out.append(year - 1)  # one empty year is cheaper as a band than as a break
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
    date_style = style.para("tl-date", 10, fontName=style.bold, textColor=style.accent)
    cont_style = style.para("tl-cont", 10, fontName=style.bold, textColor=style.muted)
    inner = geo.card_w - 2 * PAD - EDGE
    cards: list[Card] = []
    for i, (start, end, event) in enumerate(dated):
        date = para(event.date, date_style)
        date_h = date.wrap(inner, 1e6)[1]
        texts = paginate([para(event.event, style.body)], inner, CARD_MAX - date_h - 2 * PAD - 2)
        for k, piece in enumerate(texts):
            head = date if k == 0 else Paragraph(f"{to_para(event.date)} (cont.)", cont_style)
            items = [head, *piece]
            body = sum(item.wrap(inner, 1e6)[1] for item in items) + len(items) - 1
            cards.append(Card(i, start, end, items, body + 2 * PAD, PAD + date_h / 2, first=k == 0))
    return cards


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


def arrange(cards: Sequence[Card], geo: Geometry, band: float) -> Layout:
    """`cards` (copies) placed along a spine whose years are at least `band` tall."""
    cards = [replace(c) for c in cards]
    spans = [(c.start, c.end) for c in cards]
    stretches = pieces(years_shown(spans), [s for s, _ in spans])
    # A break grows with the years around it, so it still reads as a gap on a stretched spine.
    heights = [max(BREAK_H, band / 2) if year is None else band * (t1 - t0) for t0, t1, year in stretches]
    top = PILL_H / 2 + 1 + max((c.off for c in cards), default=0)
    # Stretch the spine between two dates until every card sits at its date; what
    # cannot be helped (events on the same date) moves down with a bent leader.
    for _ in range(4 * len(cards) + 10):
        scale = Scale(stretches, heights, top)
        grow = next(
            (
                (between, push / len(between))
                for card, blocker, push in place(cards, scale, geo.sides)
                if (between := scale.between(blocker.start, card.start))
            ),
            None,
        )
        if grow is None:
            break
        for i in grow[0]:
            heights[i] += grow[1] + 0.01
    layout = Layout(geo, cards=cards)
    layout.pills = [(y, str(year)) for y, year in scale.years()]
    layout.breaks = [(y0, y1) for _, _, y0, y1, year in scale.segments if year is None]
    layout.bars = [
        (c.side, geo.lanes[c.event] % 4, scale.y(c.start), scale.y(c.end))
        for c in cards
        if c.first and c.event in geo.lanes
    ]
    layout.height = max([scale.bottom, *(c.bottom for c in cards)]) + 4
    return layout


def lay_out(cards: Sequence[Card], geo: Geometry, fill: float = 0.0) -> Layout:
    """`cards` along a spine, its years as tall as they can be (from `BAND_MIN` up to
    `BAND_MAX`) while the whole stays within `fill`: a short timeline fills its page."""
    layout = arrange(cards, geo, BAND_MIN)
    if layout.height >= fill:
        return layout
    low, high = BAND_MIN, BAND_MAX
    for _ in range(7):
        mid = (low + high) / 2
        low, high = (mid, high) if arrange(cards, geo, mid).height <= fill else (low, mid)
    return arrange(cards, geo, low) if low > BAND_MIN else layout


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


class Timeline(Flowable):
    """A drawn timeline of `events`; split, each part holds a run of their cards."""

    def __init__(self, events: Sequence[Event], style: Style, *, part: tuple[Geometry, list[Card]] | None = None,
                 continued: bool = False):
        super().__init__()
        self.events = tuple(events)
        self.style = style
        self.geo, self.cards = part if part else (None, [])
        self.continued = continued  # a later part: "(cont.)" at its top
        self.layout: Layout | None = None

    @property
    def lead(self) -> float:
        return LEAD if self.continued else 0.0

    def _prepare(self, width: float) -> Geometry:
        if self.geo is None or self.geo.width != width:
            dated = placed(self.events)
            self.geo = geometry(dated, self.style, width)
            self.cards = make_cards(dated, self.style, self.geo)
            self.layout = None
        return self.geo

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        geo = self._prepare(availWidth)
        if self.layout is None:
            # Laid out once, for the room left where it first lands (a short one fills it).
            self.layout = lay_out(self.cards, geo, fill=availHeight - self.lead - 2)
        self.width, self.height = availWidth, self.layout.height + self.lead
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        geo = self._prepare(availWidth)
        room = availHeight - self.lead

        def fits(k: int) -> bool:
            return arrange(self.cards[:k], geo, BAND_MIN).height <= room

        # The longest run of cards that fits (adding a card never makes the drawing shorter).
        low, high = 0, len(self.cards)
        while low < high:
            mid = (low + high + 1) // 2
            low, high = (mid, high) if fits(mid) else (low, mid - 1)
        if low == 0:
            return []
        if low == len(self.cards):
            self.layout = arrange(self.cards, geo, BAND_MIN)
            return [self]
        return [
            Timeline(self.events, self.style, part=(geo, self.cards[:low]), continued=self.continued),
            Timeline(self.events, self.style, part=(geo, self.cards[low:]), continued=True),
        ]

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
        canv.line(x, Y(layout.pills[0][0] if layout.pills else 0), x, Y(layout.height - 4))
        for a, b in layout.breaks:
            canv.setStrokeColor(s.page)
            canv.setLineWidth(4)
            canv.line(x, Y(a), x, Y(b))
            canv.setStrokeColor(spine_colour)
            canv.setLineWidth(2.2)
            canv.setDash(2, 4)
            canv.line(x, Y(a), x, Y(b))
            canv.setDash()
        # Bars for events that last more than a year.
        canv.setFillColor(mix(s.accent, s.page, 0.35))
        for side, lane, a, b in layout.bars:
            bx = x + side * (geo.lane0 + lane * LANE) - (BAR_W if side < 0 else 0)
            canv.roundRect(bx, Y(b), BAR_W, b - a, BAR_W / 2, stroke=0, fill=1)
        # Leaders from each date on the spine to its card, then the dots.
        canv.setStrokeColor(s.accent)
        canv.setLineWidth(0.8)
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
        # Year pills on the spine, over the dots of events dated by the year alone.
        for y, label in layout.pills:
            self._pill(x, Y(y), label, s.fill, s.on_fill)
        if self.continued:
            self._pill(x, self.height - LEAD / 2, "(cont.)", s.page, s.muted)
        for card in layout.cards:
            self._card(card, Y)
        canv.restoreState()

    def _pill(self, x: float, y: float, label: str, fill, text) -> None:
        canv, s = self.canv, self.style
        w = pill_width(label, s)
        canv.setFillColor(fill)
        canv.setStrokeColor(s.accent)
        canv.setLineWidth(0.8)
        outline = fill == s.page or s.outline > 0
        canv.roundRect(x - w / 2, y - PILL_H / 2, w, PILL_H, PILL_H / 2, stroke=1 if outline else 0, fill=1)
        canv.setFillColor(text)
        size = 10 * s.look.scale
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
    spans = any(e - s > 1.001 for s, e, _ in placed(topic.timeline))
    how = "Time runs down the page; a dashed spine skips years with no events."
    if spans:
        how += " Bars beside the spine show events that lasted longer than a year."
    note = para(how, style.small)
    note.spaceAfter = 10
    return story + [note, Timeline(topic.timeline, style)]
