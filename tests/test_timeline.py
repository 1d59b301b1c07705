"""The drawn timeline: every event printed, placed by date, no label overlapping another, pages."""

from __future__ import annotations

import io
import math
import random

import pdfplumber
import pytest
from conftest import REPO, pdf_text

from revpack.build import build_sheet
from revpack.expectations import shown
from revpack.dates import event_date, human_date, parse_date
from revpack.load import load_pack
from revpack.markup import fold_typography, plain
from revpack.model import Event, Point, Section, Topic, iter_text
from revpack.preflight import Expectations, preflight
from revpack.theme import Style, mix
from revpack.views import VIEWS, Context, render_view
from revpack.views.timeline import (BAR_W, BREAK_H, CLEAR, PILL_H, Layout, arrange, bar_labels, carry_over, geometry,
                                    lay_out, make_cards, placed)

STYLE = Style()


def topic_with(events) -> Topic:
    return Topic(title="Test topic", period="1917-53", timeline=tuple(events),
                 sections=(Section(heading="Heading", points=(Point(text="A point"),)),))


def render(topic: Topic) -> bytes:
    return render_view(VIEWS["timeline"], topic, STYLE, Context(pack_title="Pack"))


def checked(pdf: bytes, topic: Topic) -> bytes:
    """`pdf` after preflight: A4 upright, 10 pt floor, edges, and every word of the events."""
    words = [w for text in iter_text(shown(topic.timeline)) for w in plain(text).split()]
    assert preflight(pdf, Expectations.sheet("a4", words)) == []
    return pdf


def layout_of(events, width: float = 515.9, band: float = 24.0) -> Layout:
    dated = placed(events)
    geo = geometry(dated, STYLE, width)
    return arrange(make_cards(dated, STYLE, geo), geo, band)


def overlaps(boxes) -> list:
    """Pairs of (x0, top, x1, bottom) boxes that overlap (touching is fine)."""
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[0] < b[2] - 0.01 and b[0] < a[2] - 0.01 and a[1] < b[3] - 0.01 and b[1] < a[3] - 0.01]


def random_events(seed: int, n: int = 60) -> list[Event]:
    """`n` events of every date form, several on the same dates, texts of 2 to 40 words."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        year = rng.randrange(1917, 1954)
        form = rng.random()
        if form < 0.3:
            date = str(year)
        elif form < 0.65:
            date = f"{year}-{rng.randint(1, 12):02d}"
        elif form < 0.85:
            date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        elif form < 0.95:
            date = f"{year}-{(year + rng.randint(1, 4)) % 100:02d}"
        else:
            date = f"{year // 10 * 10}s"
        out.append(Event(date=date, event=" ".join(f"e{i}w{j}" for j in range(rng.randint(2, 40)))))
    return out


@pytest.fixture(scope="module")
def packs():
    return [load_pack(REPO / "packs" / name) for name in ("gcse-stalin-ussr", "alevel-soviet-russia")]


def test_every_event_of_the_real_topics_is_printed_with_its_date(packs):
    for pack in packs:
        for topic in pack.topics:
            if not topic.timeline:
                continue
            text = pdf_text(build_sheet(pack, topic.id, "timeline"))
            for event in topic.timeline:
                assert fold_typography(event_date(event)) in text, (topic.id, event.date)
                assert " ".join(plain(event.event).split()) in text, (topic.id, event.event)


def test_no_two_label_boxes_overlap_in_the_real_topics(packs):
    for pack in packs:
        for topic in pack.topics:
            layout = layout_of(topic.timeline)
            assert not overlaps(layout.label_boxes(STYLE)), topic.id


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("width", [515.9, 300.0])
def test_no_two_label_boxes_overlap_in_dense_timelines(seed, width):
    layout = layout_of(random_events(seed), width)
    boxes = layout.label_boxes(STYLE)
    assert len(boxes) >= 60
    assert not overlaps(boxes)
    for x0, _, x1, _ in [layout.card_box(c) for c in layout.cards]:
        assert 0 <= x0 and x1 <= width + 0.01


def test_events_are_placed_by_date_and_spans_drawn_as_bars():
    events = [Event(date=d, event=f"event {d}") for d in
              ("1924-01-21", "1928", "1931-33", "1930s", "1929-11", "1929-04", "1934-12-01", "1924-05")]
    layout = layout_of(events)
    firsts = sorted((c for c in layout.cards if c.first), key=lambda c: (c.start, c.end))
    for a, b in zip(firsts, firsts[1:]):
        assert a.anchor <= b.anchor
        if b.start > a.start:
            assert b.anchor > a.anchor
    # Each card's date line is level with its dot (no clash here, so no card had to move).
    for card in firsts:
        assert abs(card.top + card.off - card.anchor) < 0.6
    # Year pills in order down the spine; the empty years 1925-27 squeezed into a break, and
    # 1935-38 too, though the 1930s' bar runs through them; the single empty year 1932 kept.
    years = [int(label) for _, label in layout.pills]
    assert years == [1924, 1928, 1929, 1930, 1931, 1932, 1933, 1934, 1939]
    assert len(layout.breaks) == 2
    # "1931-33" and "1930s" as bars from their start to their end, side by side.
    y = {label: top for top, label in layout.pills}
    bars = sorted((bar.top, bar.bottom, bar.lane) for bar in layout.bars)
    assert len(bars) == 2 and bars[0][2] != bars[1][2]
    assert bars[0][0] == pytest.approx(y["1930"]) and bars[1][0] == pytest.approx(y["1931"])
    assert bars[1][1] == pytest.approx(y["1934"])


def test_drawn_words_never_overlap_on_the_page():
    """Read back from the PDF: no two words on a page share any ink area."""
    topic = topic_with(random_events(11, 40))
    pdf = checked(render(topic), topic)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            boxes = [(w["x0"], w["top"], w["x1"], w["bottom"]) for w in page.extract_words()]
            shrunk = [(a + 0.3, b + 0.3, c - 0.3, d - 0.3) for a, b, c, d in boxes]
            assert not overlaps(shrunk), page.page_number


def test_many_events_continue_on_further_pages_at_full_size():
    topic = topic_with(random_events(3, 80))
    pdf = checked(render(topic), topic)  # every word, nothing under 10 pt
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 3
        # (A bar's name along it is furniture, an /Artifact: the card beside it holds its words.)
        sizes = {round(c["size"], 1) for page in doc.pages for c in page.chars if c.get("tag") != "Artifact"}
        assert min(sizes) >= 10
        # Each event's first word printed once across the pages (twice or more for a bar
        # carried over a page, named again where it resumes).
        text = " ".join(w["text"] for page in doc.pages for w in page.extract_words())
    for i, event in enumerate(topic.timeline):
        when = parse_date(event.date)
        start, end = when.start, when.end
        assert text.split().count(f"e{i}w0") == 1 or end - start > 1
    assert text.count("(cont.)") >= len(doc.pages) - 1


@pytest.mark.parametrize("seed", range(3))
def test_a_dot_dated_inside_a_year_keeps_clear_of_the_pills(seed):
    """A December or a March dot is never hidden under (or read as) a year's pill."""
    events = random_events(seed) + [Event(date=d, event=d) for d in ("1934-12-01", "1929-12", "1918-02")]
    layout = layout_of(events)
    pills = [y for y, _ in layout.pills]
    inside = [c for c in layout.cards if c.first and c.start != math.floor(c.start)]
    assert len(inside) >= 20
    for card in inside:
        assert min(abs(card.anchor - y) for y in pills) >= CLEAR - 0.01, card.start


def test_a_page_that_hands_over_cuts_its_bars_and_the_next_carries_them_on():
    events = [Event(date=d, event=f"event {d}") for d in ("1920", "1921-1930", "1922", "1925", "1927")]
    dated = placed(events)
    geo = geometry(dated, STYLE, 515.9)
    cards = make_cards(dated, STYLE, geo)
    # The first page ends where the next takes over (1925): its spine is not stretched
    # to the end of the span, whose bar runs to the foot of the spine instead.
    head = arrange(cards[:3], geo, 24.0, until=cards[3].start)
    assert [label for _, label in head.pills] == ["1920", "1921", "1922", "1923", "1924"]
    (cut,) = head.bars
    assert cut.goes_on and not cut.from_before and cut.bottom == pytest.approx(head.height - 4)
    # The next page names the bar at its head, on the bar's side, and runs it to its end.
    carried, rest = carry_over(head, bar_labels(dated, STYLE, geo), cards[3:])
    assert len(carried) == 1 and carried[0].side == cut.side and rest == cards[3:]
    tail = arrange(rest, geo, 24.0, carried)
    assert [label for _, label in tail.pills] == ["1925", "1926", "1927", "1930"]  # 1928-29 folded
    (resumed,) = tail.bars
    assert resumed.from_before and not resumed.goes_on and resumed.side == cut.side
    assert resumed.top == pytest.approx(tail.pills[0][0] - PILL_H / 2)
    label = tail.cards[0]
    assert label.carried and label.side == cut.side and label.top <= tail.pills[0][0]
    assert not overlaps(tail.label_boxes(STYLE))
    # Undivided, the spine runs to the span's end and nothing is cut.
    whole = arrange(cards, geo, 24.0)
    assert whole.pills[-1][1] == "1930" and not any(b.goes_on or b.from_before for b in whole.bars)


BAR_FILL = mix(STYLE.accent, STYLE.page, 0.2).rgb()
SPINE = mix(STYLE.accent, STYLE.page, 0.45).rgb()


def drawn(page) -> tuple[float, float, list[tuple[float, float, float, float]]]:
    """The spine's top and foot and the bars' boxes (x0, top, x1, bottom) on a timeline page."""

    def same(a, b) -> bool:
        return len(a) == len(b) and all(abs(x - y) < 1e-3 for x, y in zip(a, b))

    spine = [ln for ln in page.lines if ln["x0"] == ln["x1"] and same(ln["stroking_color"], SPINE)]
    bars = [(c["x0"], c["top"], c["x1"], c["bottom"]) for c in page.curves
            if c["fill"] and same(c["non_stroking_color"], BAR_FILL)]
    return min(ln["top"] for ln in spine), max(ln["bottom"] for ln in spine), bars


def labels_continued(page, lines: int = 1) -> list[tuple[str, str]]:
    """(date, the `lines` under it) for each card head "<date> (cont.)" on `page` (not the
    running head, page furniture in the top margin)."""
    words = [w for w in page.extract_words() if w["upright"] and w["top"] > 14 * 72 / 25.4]
    out = []
    for date, cont in zip(words, words[1:]):
        if cont["text"] == "(cont.)" and abs(cont["top"] - date["top"]) < 1:
            x, y = date["x0"], date["bottom"]
            under = page.crop((x - 1, y + 1, x + 190, y + 13 * lines))
            out.append((date["text"], " ".join(under.extract_text().split())))
    return out


def test_a_bar_crossing_a_page_break_runs_to_the_foot_and_resumes_at_the_head_named():
    events = [Event(date=f"{year}{month}", event=f"Event {year}{month}: " + "words to fill a card " * 5)
              for year in range(1920, 1945) for month in ("", "-06")]
    spans = {"1921-1939": "Between the wars", "1920s": "A decade of change", "1930s": "A decade of terror"}
    topic = topic_with(events + [Event(date=d, event=e) for d, e in spans.items()])
    pdf = checked(render(topic), topic)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        pages = [(drawn(page), dict(labels_continued(page))) for page in doc.pages]
    assert len(pages) >= 3
    handed = []
    for ((_, foot, bars), _), ((head, _, next_bars), labels) in zip(pages, pages[1:]):
        # Cut at the foot of the spine, with an arrowhead wider than the bar.
        going = [b for b in bars if abs(b[3] - foot) < 0.5]
        assert all(x1 - x0 > BAR_W + 1 for x0, _, x1, _ in going)
        # Resumed from just above the first year on the next page, in the same lanes.
        resumed = [b for b in next_bars if abs(b[1] - (head - PILL_H / 2)) < 0.5]
        assert sorted(round(b[0] + b[2], 1) for b in resumed) == sorted(round(b[0] + b[2], 1) for b in going)
        # Each named by a card at the head of the page: its date "(cont.)", then its text.
        named = [date for date, event in spans.items() if labels.get(human_date(date)) == event]
        assert len(named) == len(going), labels
        handed.append(len(going))
    assert max(handed) >= 2, handed
    # The first page has nothing carried in; the last hands nothing on.
    (head, _, bars), _ = pages[0]
    assert not [b for b in bars if b[1] < head - 1]
    (_, foot, bars), _ = pages[-1]
    assert all(x1 - x0 < BAR_W + 0.5 for x0, _, x1, _ in bars)


def test_a_carried_bar_is_named_in_a_line_or_two_and_too_many_go_on_unnamed():
    spans = [Event(date="1920-1950", event=f"**Span {i}** " + " ".join(f"s{i}w{j}" for j in range(30)))
             for i in range(30)]
    fillers = [Event(date=str(year), event=" ".join(f"f{year}w{j}" for j in range(40)))
               for year in range(1920, 1951)]
    few = topic_with(fillers + spans[:2])
    with pdfplumber.open(io.BytesIO(checked(render(few), few))) as doc:
        labels = labels_continued(doc.pages[1], lines=3)
        words = doc.pages[1].extract_words(extra_attrs=["fontname"])
        bold = {w["text"] for w in words if "Bold" in w["fontname"]}
    # Two lines of plain text cut with an ellipsis: a reminder of what the bar is, not a copy.
    assert [date for date, _ in labels] == ["1920\u201350"] * 2
    for i, (_, text) in enumerate(sorted(labels)):
        assert text.startswith(f"Span {i} s{i}w0 s{i}w1") and text.endswith("\u2026")
        assert f"s{i}w29" not in text
    assert "Span" not in bold
    # So many (15 a side) that even a page to themselves could not hold their labels and a card: the
    # bars still go on over the page, unnamed, and no word is lost.
    many = topic_with(fillers + spans)
    with pdfplumber.open(io.BytesIO(checked(render(many), many))) as doc:
        assert len(doc.pages) >= 3
        for page in doc.pages[1:]:
            head, _, bars = drawn(page)
            assert [b for b in bars if abs(b[1] - (head - PILL_H / 2)) < 0.5]
        assert any(not labels_continued(page) for page in doc.pages[1:])


def test_an_event_taller_than_a_page_continues_and_loses_no_word():
    long = " ".join(f"long{i}" for i in range(1500))
    topic = topic_with([Event(date="1937", event=long), Event(date="1936", event="before"),
                        Event(date="1938", event="after")])
    pdf = checked(render(topic), topic)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 2
        printed = [w["text"] for page in doc.pages for w in page.extract_words() if w["text"].startswith("long")]
    assert printed == long.split()


def test_a_short_timeline_fills_its_page_and_a_long_one_does_not_stretch():
    events = [Event(date=d, event="x") for d in ("1924", "1925", "1926")]
    dated = placed(events)
    geo = geometry(dated, STYLE, 500)
    cards = make_cards(dated, STYLE, geo)
    assert lay_out(cards, geo, fill=600).height > 2 * arrange(cards, geo, 24).height
    assert lay_out(cards, geo, fill=600).height <= 600
    assert lay_out(cards, geo, fill=10).height == arrange(cards, geo, 24).height


def test_markup_in_events_prints_as_text_and_bold():
    topic = topic_with([Event(date="1924-01", event="**Lenin** dies: a < b & c > d")])
    pdf = checked(render(topic), topic)
    assert "Lenin dies: a < b & c > d" in pdf_text(pdf)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        lenin = [w for w in doc.pages[0].extract_words(extra_attrs=["fontname"]) if w["text"] == "Lenin"]
    assert lenin and "Bold" in lenin[0]["fontname"]


def test_dates_every_accepted_form_is_placed():
    for date in ("1924", "1924-01", "1924-01-21", "1931-33", "1931-1933", "1930s"):
        assert parse_date(date) is not None
        assert layout_of([Event(date=date, event="e")]).cards


def test_same_input_same_bytes():
    topic = topic_with(random_events(5, 20))
    assert render(topic) == render(topic)


def test_a_topic_without_events_says_so_instead_of_drawing_a_bare_spine():
    pdf = render(topic_with([]))
    assert "This topic has no dated events to draw" in pdf_text(pdf)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        (page,) = doc.pages
        assert not [ln for ln in page.lines if ln["x0"] == ln["x1"]]


# --- dates placed as a reader reads them (positions read back from the PDF) ----------------


def spine_x(page) -> float:
    return next(ln["x0"] for ln in page.lines if ln["x0"] == ln["x1"])


def pills_on(page) -> dict[str, float]:
    """Each year marker's text -> the middle of its box (y down), read from the page."""
    x = spine_x(page)
    return {w["text"]: (w["top"] + w["bottom"]) / 2 for w in page.extract_words()
            if w["upright"] and w["x0"] < x < w["x1"] and w["text"][:1].isdigit()}


def heads_on(page, date: str) -> list[dict]:
    """The card heads printing `date` ("Dec 1934"): the box of its first word, extended to its last."""
    words = [w for w in page.extract_words() if w["upright"]]
    parts = date.split()
    out = []
    for i in range(len(words) - len(parts) + 1):
        run = words[i:i + len(parts)]
        if [w["text"] for w in run] == parts and abs(run[-1]["top"] - run[0]["top"]) < 1:
            out.append({**run[0], "x1": run[-1]["x1"]})
    return out


def test_a_month_sits_inside_its_year_nearer_the_next_marker_but_above_it():
    events = [Event(date=d, event=f"event {d}") for d in
              ("1933", "1934", "1934-12", "1935", "1939-08", "1940", "1922-12", "1923-03", "1941-06")]
    topic = topic_with(events)
    layout = layout_of(events)
    with pdfplumber.open(io.BytesIO(checked(render(topic), topic))) as doc:
        page = doc.pages[0]
        pills = pills_on(page)
        for date, year, after in (("Dec 1934", "1934", "1935"), ("Aug 1939", "1939", "1940"),
                                  ("Dec 1922", "1922", "1923")):
            (head,) = heads_on(page, date)
            y = (head["top"] + head["bottom"]) / 2
            assert pills[year] < y < pills[after], date
            assert pills[after] - y < y - pills[year], date  # nearer the next year's marker ...
            assert y < pills[after] - PILL_H / 2, date  # ... but above it
    # The whole card (not just its date line) ends above the next year's marker.
    pill_y = {label: y for y, label in layout.pills}
    for card in layout.cards:
        year = math.floor(card.start)
        if card.start != year and str(year + 1) in pill_y:
            assert card.bottom <= pill_y[str(year + 1)] - PILL_H / 2 + 0.01, card.start


def test_every_event_of_the_real_packs_lies_in_its_year_band():
    for pack in (load_pack(REPO / "packs" / name) for name in ("gcse-stalin-ussr", "alevel-soviet-russia")):
        for topic in pack.topics:
            if not topic.timeline:
                continue
            with pdfplumber.open(io.BytesIO(build_sheet(pack, topic.id, "timeline"))) as doc:
                page = doc.pages[0]
                pills = {int(t): y for t, y in pills_on(page).items() if t.isdigit()}
                for event in topic.timeline:
                    when = parse_date(event.date)
                    year = math.floor(when.start)
                    if when.start == year or year not in pills:
                        continue
                    later = [y for t, y in pills.items() if t > year]
                    for head in heads_on(page, event_date(event)):
                        y = (head["top"] + head["bottom"]) / 2
                        assert pills[year] < y and (not later or y < min(later) - PILL_H / 2), \
                            (topic.id, event.date)


def test_empty_years_fold_and_the_spine_stops_at_the_last_event():
    events = [Event(date=d, event=f"event {d}") for d in ("1920", "1921", "1930", "1941-06")]
    topic = topic_with(events)
    with pdfplumber.open(io.BytesIO(checked(render(topic), topic))) as doc:
        page = doc.pages[0]
        pills = pills_on(page)
        assert sorted(pills) == ["1920", "1921", "1930", "1941"]  # 1922-29 and 1931-40 folded
        busy = pills["1921"] - pills["1920"]
        # A folded run of years (8 or 10 of them) takes a break's room, whatever the page's scale.
        assert pills["1930"] - pills["1921"] - busy == pytest.approx(BREAK_H, abs=0.5)
        assert pills["1941"] - pills["1930"] - busy == pytest.approx(BREAK_H, abs=0.5)
        _, foot, _ = drawn(page)
        (head,) = heads_on(page, "Jun 1941")
        dots = [c for c in page.curves if c["fill"] and abs((c["top"] + c["bottom"]) / 2 - foot) < 1.5]
        assert dots, "the spine ends at the last event's dot"
        assert foot < head["bottom"] + 10


def test_span_bars_are_named_along_themselves():
    events = [Event(date="1931-33", event="Famine in the countryside"), Event(date="1930s", event="Decade of plans"),
              Event(date="1928", event="Plan"), Event(date="1941", event="War")]
    topic = topic_with(events)
    with pdfplumber.open(io.BytesIO(checked(render(topic), topic))) as doc:
        page = doc.pages[0]
        names = {}
        for c in page.chars:
            if not c["upright"] and c.get("tag") == "Artifact":
                names.setdefault(round(c["x0"], 1), []).append(c)
        texts = sorted("".join(c["text"] for c in sorted(cs, key=lambda c: c["top"])) for cs in names.values())
    assert len(texts) == 2
    assert texts[0].startswith("1930s \u00b7 Decade") and texts[1].startswith("1931\u201333 \u00b7 Famine")


def test_events_on_the_same_date_keep_their_order_and_never_overlap():
    events = [Event(date=d, event=f"{name} " + "words " * n) for d, name, n in
              (("1937", "First", 3), ("1937", "Second", 12), ("1937", "Third", 1), ("1937-06", "Fourth", 2),
               ("1937-06", "Fifth", 20), ("1937-06-12", "Sixth", 1), ("1937-06-12", "Seventh", 5))]
    topic = topic_with(events)
    with pdfplumber.open(io.BytesIO(checked(render(topic), topic))) as doc:
        words = [w for w in doc.pages[0].extract_words() if w["upright"]]
    tops = {w["text"]: round(w["top"], 1) for w in words}
    names = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh"]
    # Down the page in the order written (two on one level sit either side of the spine).
    assert [tops[n] for n in names] == sorted(tops[n] for n in names)
    assert tops["Third"] > tops["First"] and tops["Fourth"] > tops["Third"] and tops["Sixth"] > tops["Fifth"]
    layout = layout_of(events)
    assert not overlaps(layout.label_boxes(STYLE))
