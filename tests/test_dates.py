"""Dates: every accepted form with its printed form and its place in time; the order rule;
what the loader says about a date it cannot place; the chronology's merging and warnings."""

from __future__ import annotations

import pytest

from revpack.chronology import entries, near_duplicates
from revpack.dates import WORDS, date_problem, event_date, human_date, parse_date, year_name
from revpack.errors import InputError
from revpack.load import load_topic_text
from revpack.model import Event, Point, Section, Topic

M = 1 / 12  # a month, in years


def day(year: int, doy: int, length: int = 365) -> tuple[float, float]:
    return (year + (doy - 1) / length, year + doy / length)


# written, printed, (start, end) in astronomical years (1 BC is 0)
FORMS = [
    ("1924", "1924", (1924, 1925)),
    ("1066", "1066", (1066, 1067)),
    ("800", "800", (800, 801)),
    ("AD 43", "AD 43", (43, 44)),
    ("43 AD", "AD 43", (43, 44)),
    ("43 CE", "43 CE", (43, 44)),
    ("44 BC", "44 BC", (-43, -42)),
    ("500 BCE", "500 BCE", (-499, -498)),
    ("1 BC", "1 BC", (0, 1)),
    ("5 bc", "5 BC", (-4, -3)),
    ("1924-01", "Jan 1924", (1924, 1924 + M)),
    ("1934-12", "Dec 1934", (1934 + 11 * M, 1935)),
    ("Oct 1917", "Oct 1917", (1917 + 9 * M, 1917 + 10 * M)),
    ("October 1917", "Oct 1917", (1917 + 9 * M, 1917 + 10 * M)),
    ("Sept 1939", "Sep 1939", (1939 + 8 * M, 1939 + 9 * M)),
    ("1924-01-21", "21 Jan 1924", day(1924, 21, 366)),
    ("21 January 1924", "21 Jan 1924", day(1924, 21, 366)),
    ("1 Sep 1939", "1 Sep 1939", day(1939, 244)),
    ("2000-02-29", "29 Feb 2000", day(2000, 60, 366)),
    ("1931-33", "1931\u201333", (1931, 1934)),
    ("1931\u201333", "1931\u201333", (1931, 1934)),
    ("1931-1933", "1931\u201333", (1931, 1934)),
    ("1918 - 21", "1918\u201321", (1918, 1922)),
    ("1911-1912", "1911\u201312", (1911, 1913)),
    ("1999-2001", "1999\u20132001", (1999, 2002)),
    ("200-100 BC", "200\u2013100 BC", (-199, -98)),
    ("50-40 BC", "50\u201340 BC", (-49, -38)),
    ("27 BC-14", "27\u201314 BC", (-26, -12)),
    ("27 BC-AD 14", "27 BC \u2013 AD 14", (-26, 15)),
    ("44 BC-14 CE", "44 BC \u2013 14 CE", (-43, 15)),
    ("AD 43-410", "AD 43\u2013410", (43, 411)),
    ("43-410 CE", "43\u2013410 CE", (43, 411)),
    ("1930s", "1930s", (1930, 1940)),
    ("1900s", "1900s", (1900, 1910)),
    ("early 1930s", "early 1930s", (1930, 1934)),
    ("mid-1930s", "mid-1930s", (1934, 1937)),
    ("Mid 1930s", "mid-1930s", (1934, 1937)),
    ("late 1930s", "late 1930s", (1937, 1940)),
    ("early 1941", "early 1941", (1941, 1941 + 4 * M)),
    ("mid-1941", "mid-1941", (1941 + 4 * M, 1941 + 8 * M)),
    ("late 1941", "late 1941", (1941 + 8 * M, 1942)),
    ("Spring 1941", "Spring 1941", (1941 + 2 * M, 1941 + 5 * M)),
    ("Summer 1941", "Summer 1941", (1941 + 5 * M, 1941 + 8 * M)),
    ("summer 1941", "Summer 1941", (1941 + 5 * M, 1941 + 8 * M)),
    ("Autumn 1941", "Autumn 1941", (1941 + 8 * M, 1941 + 11 * M)),
    ("Fall 1941", "Autumn 1941", (1941 + 8 * M, 1941 + 11 * M)),
    ("Winter 1941-42", "Winter 1941\u201342", (1941 + 11 * M, 1942 + 2 * M)),
    ("Winter 1941-1942", "Winter 1941\u201342", (1941 + 11 * M, 1942 + 2 * M)),
    ("c. 1779", "c. 1779", (1779, 1780)),
    ("c.1779", "c. 1779", (1779, 1780)),
    ("c 1779", "c. 1779", (1779, 1780)),
    ("ca. 1779", "c. 1779", (1779, 1780)),
    ("circa 1779", "c. 1779", (1779, 1780)),
    ("c. 500 BC", "c. 500 BC", (-499, -498)),
    ("c. 1924-01", "c. Jan 1924", (1924, 1924 + M)),
    ("c. 1931-33", "c. 1931\u201333", (1931, 1934)),
    ("c. 1930s", "c. 1930s", (1930, 1940)),
    ("c. Summer 1941", "c. Summer 1941", (1941 + 5 * M, 1941 + 8 * M)),
    ("  1924 ", "1924", (1924, 1925)),
]


@pytest.mark.parametrize(("written", "printed", "place"), FORMS)
def test_every_form_prints_and_places(written, printed, place):
    when = parse_date(written)
    assert when is not None
    assert (when.start, when.end) == pytest.approx(place, abs=1e-9)
    assert when.human() == human_date(written) == printed
    assert when.circa == written.strip().lower().startswith("c")
    # The printed form reads back to the same place (the human forms are input too).
    again = parse_date(printed)
    assert again is not None and (again.start, again.end) == pytest.approx(place, abs=1e-9)


@pytest.mark.parametrize(("written", "message"), [
    ("1924-13", "'1924-13' is neither a month (01-12) nor a span of years that ends after it starts"),
    ("1924-02-30", "'1924-02-30': there is no such day"),
    ("1900-02-29", "'1900-02-29': there is no such day"),
    ("31 Apr 1924", "'31 Apr 1924': there is no such day"),
    ("1933-1931", "'1933-1931' ends before it starts; write the earlier year first"),
    ("100-200 BC", "'100-200 BC' ends before it starts; write the earlier year first"),
    ("Winter 1941", "'Winter 1941': a winter runs over the new year; name both years, e.g. 'Winter 1941-42'"),
    ("43", "'43' is too short for a year; give an early year its era, e.g. 'AD 43' or '43 BC'"),
    ("about 1930", "'about 1930' is not a date revpack can place; write '1924'"),
    ("1935s", "'1935s' is not a date revpack can place; write '1924'"),
    ("Summer 1941-42", "'Summer 1941-42' is not a date revpack can place; write '1924'"),
    ("Winter 1941-43", "'Winter 1941-43' is not a date revpack can place; write '1924'"),
    ("0 BC", "'0 BC' is not a date revpack can place; write '1924'"),
    ("Smarch 1924", "'Smarch 1924' is not a date revpack can place; write '1924'"),
    ("", "'' is not a date revpack can place; write '1924'"),
])
def test_what_cannot_be_placed_is_refused_with_a_reason(written, message):
    assert parse_date(written) is None
    assert human_date(written) == written  # never guessed
    assert date_problem(written).startswith(message)


def test_the_loader_refuses_a_date_it_cannot_place_at_its_position():
    text = ("title: T\nsections:\n  - heading: H\n    points: [a]\ntimeline:\n"
            "  - {date: Winter 1941, event: x}\n  - {date: \"1941\", event: y}\n  - {date: 1924-00, event: z}\n")
    with pytest.raises(InputError) as caught:
        load_topic_text(text, "t.yaml")
    lines = caught.value.message.splitlines()
    assert lines[0] == ("t.yaml:6:12: timeline[0].date: 'Winter 1941': a winter runs over the new year; "
                        "name both years, e.g. 'Winter 1941-42'")
    assert lines[1].startswith("t.yaml:8:12: timeline[2].date: '1924-00' is neither a month")
    assert lines[2] == "2 problems found; nothing was written."


def test_a_label_overrides_what_the_page_prints_but_not_the_place():
    topic = load_topic_text("title: T\nsections:\n  - heading: H\n    points: [a]\ntimeline:\n"
                            "  - {date: 1941-12, label: Winter 1941-42, event: Battle of Moscow}\n", "t.yaml")
    event = topic.timeline[0]
    assert event.label == "Winter 1941-42"
    assert event_date(event) == "Winter 1941-42"
    assert event_date(Event(date="1941-12", event="x")) == "Dec 1941"


def test_order_rule_containing_dates_first_then_as_written():
    written = ["21 Jan 1924", "1924", "1924-02", "1923-24", "1924-01", "1920s", "early 1920s", "1924-01-21", "44 BC",
               "c. 1924", "AD 43", "Winter 1923-24"]
    order = sorted(range(len(written)), key=lambda i: parse_date(written[i]).sort_key)
    assert [written[i] for i in order] == [
        "44 BC", "AD 43", "1920s", "early 1920s", "1923-24", "Winter 1923-24", "1924", "c. 1924", "1924-01",
        "21 Jan 1924", "1924-01-21", "1924-02"]


def test_month_names_come_from_one_table_keyed_by_language():
    assert WORDS["en"]["months"][9] == "Oct"
    when = parse_date("1917-10-25")
    assert when.human("en") == "25 Oct 1917"
    assert when.human("xx") == "25 Oct 1917"  # an unknown language falls back to English
    assert [year_name(y) for y in (1924, 43, 1, 0, -43)] == ["1924", "AD 43", "AD 1", "1 BC", "44 BC"]


def topic(tid: str, *events: tuple[str, str]) -> Topic:
    return Topic(title=f"Topic {tid}", id=tid, sections=(Section(heading="H", points=(Point(text="p"),)),),
                 timeline=tuple(Event(date=d, event=e) for d, e in events))


def test_chronology_merges_same_date_same_text_and_keeps_near_duplicates_apart():
    one = topic("one", ("1921", "Lenin introduces the **NEP**"), ("1924-01-21", "Lenin dies"), ("1937", "Purge"))
    two = topic("two", ("1921", "Lenin introduces the NEP."), ("21 Jan 1924", "Lenin dies aged 53"),
                ("1937", "purge"), ("1938", "Purge"))
    three = topic("three", ("1921", "lenin  introduces the NEP"))
    rows = entries([one, two, three])
    texts = [(r.date, r.event.event, [t.id for t in r.topics]) for r in rows]
    assert texts == [
        ("1921", "Lenin introduces the **NEP**", ["one", "two", "three"]),
        ("21 Jan 1924", "Lenin dies", ["one"]),
        ("21 Jan 1924", "Lenin dies aged 53", ["two"]),
        ("1937", "Purge", ["one", "two"]),
        ("1938", "Purge", ["two"]),
    ]
    pairs = near_duplicates([one, two, three])
    assert [((a.id, i), (b.id, j)) for (a, i), (b, j) in pairs] == [(("one", 1), ("two", 1))]


def test_date_cards_print_human_dates_and_no_two_fronts_match():
    from revpack.cards import date_fronts, topic_cards
    from revpack.export import notes
    from revpack.model import Pack, PackInfo

    one = topic("one", ("1922", "Stalin becomes General Secretary"), ("1922", "Lenin writes his Testament"),
                ("1922-12", "The USSR is formed"), ("1924-01-21", "Lenin dies"))
    two = topic("two", ("1922", "The Cheka becomes the GPU"), ("1934-12-01", "Kirov is murdered"))
    elsewhere = date_fronts([one, two])
    cards = [c for t in (one, two) for c in topic_cards(t, kinds=("dates",), elsewhere=elsewhere[t.id])]
    fronts = [c.front for c in cards]
    assert fronts == ["1922 (Topic one)", "Dec 1922", "21 Jan 1924", "1922 (Topic two)", "1 Dec 1934"]
    assert len(set(fronts)) == len(fronts)
    # Two events of one date share a card: both on its back, as written.
    assert [p.text for p in cards[0].answer] == ["Stalin becomes General Secretary", "Lenin writes his Testament"]
    assert cards[1].lead == "The USSR is formed" and cards[0].path == "timeline[0]"
    # The exports print the same fronts.
    pack = Pack(PackInfo(title="P", id="p"), (one, two))
    exported = [n.front_text for n in notes(pack, ["dates"])]
    assert len(exported) == len(fronts) and len(set(exported)) == len(exported)
    assert exported == fronts
