"""Cards: which cards a topic yields, and card faces fitted to the card (never clipped, never below 9 pt)."""

from __future__ import annotations

import io
import math

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import pdf_text, words
from revpack.cards import parse_kinds, topic_cards
from revpack.markup import plain
from revpack.model import Card, Event, Person, Point, Section, Term, Topic, Where
from revpack.theme import Style
from revpack.views.cards import CARD_SIZES, card_pdf, lay_out

LONG = " ".join(f"word{i}" for i in range(400))
LONG_QUESTION = " ".join(f"ask{i}" for i in range(250))  # more than one A7 front holds at 9 pt


def topic(long: bool = False, long_question: bool = False) -> Topic:
    where = Where("topics/t.yaml", 7, 5)
    return Topic(
        title="Purges & **terror**",
        id="purges",
        sections=(
            Section(heading="Show trials", points=(Point(text="Zinoviev and Kamenev, 1936"),), where=where),
            Section(heading="Yezhovshchina", points=(Point(text="1937-38", points=(Point(text="NKVD quotas"),)),)),
        ),
        timeline=(Event(date="1934-12", event="Kirov murdered"), Event(date="1936", event="First show trial")),
        terms=(Term(term="Gulag", definition="Labour camps <run> by the NKVD"),),
        people=(Person(name="Yezhov", role="NKVD chief 1936-38", points=(Point(text="Shot 1940"),)),),
        cards=(
            Card(
                question=LONG_QUESTION if long_question else "Why purge?",
                answer=(Point(text=LONG if long else "Fear of rivals"),),
                where=where,
            ),
        ),
    )


def test_card_counts_and_ids_follow_the_yaml() -> None:
    cards = topic_cards(topic())
    assert [c.id for c in cards] == [
        "purges-qa-1", "purges-section-1", "purges-section-2", "purges-term-1",
        "purges-date-1", "purges-date-2", "purges-person-1",
    ]
    assert len(topic_cards(topic(), kinds=parse_kinds("terms,dates"))) == 3
    assert cards[0].path == "cards[0]" and cards[0].where.line == 7
    with pytest.raises(ValueError, match="unknown card kind"):
        parse_kinds("qa,bogus")


@pytest.mark.parametrize("size", sorted(CARD_SIZES))
def test_card_pages_are_exactly_the_card_size(size: str) -> None:
    deck = lay_out(topic_cards(topic()), Style(), size)
    reader = PdfReader(io.BytesIO(card_pdf(deck, Style())))
    assert len(reader.pages) == 2 * 7
    w, h = CARD_SIZES[size]
    for page in reader.pages:
        assert math.isclose(float(page.mediabox.width), w, abs_tol=0.01)
        assert math.isclose(float(page.mediabox.height), h, abs_tol=0.01)


def test_every_word_prints_and_overflow_continues_with_a_warning() -> None:
    t = topic(long=True)
    deck = lay_out(topic_cards(t), Style(), "a7", leitner=True)
    pdf = card_pdf(deck, Style())
    text = pdf_text(pdf)
    for card in topic_cards(t):
        for piece in (card.front, card.lead, *(p.text for p in card.answer)):
            for word in words(plain(piece)):
                assert word in text, word
    assert "(cont.)" in text
    follow_ons = sum(1 for f, _ in deck.pairs if f.card.id == "purges-qa-1")
    assert follow_ons >= 2
    total = len(deck.pairs)
    assert f"{total} of {total}" in text and f"1 of {total}" in text
    (warning,) = deck.warnings
    assert warning.severity == "warning" and warning.line == 7 and warning.path == "cards[0]"
    assert "purges-qa-1" in str(warning) and str(warning).startswith("topics/t.yaml:7:5:")


def test_a_front_longer_than_a_card_continues_on_follow_on_fronts() -> None:
    from revpack.preflight import Expectations, page_texts, preflight

    deck = lay_out(topic_cards(topic(long=True, long_question=True), kinds=("qa",)), Style(), "a7")
    pdf = card_pdf(deck, Style())
    assert preflight(pdf, Expectations.cards("a7", [*LONG_QUESTION.split(), *LONG.split()])) == []
    pages = page_texts(pdf)
    fronts, backs = pages[::2], pages[1::2]
    assert len(pages) == 2 * len(deck.pairs)  # every printed card has a front and a back
    total = len(deck.pairs)
    # The question runs over the first fronts, in order; each later card says it continues.
    assert "ask0" in fronts[0] and "ask249" not in fronts[0]
    asked = [i for i, f in enumerate(fronts) if "ask249" in f]
    assert asked and all(f"{n + 1} of {total}" in fronts[n] for n in range(total))
    assert all("(cont.)" in f for f in fronts[1:]) and "(cont.)" not in fronts[0]
    # Where only the answer continues, the question is repeated, cut to one face, marked.
    for front in fronts[asked[0] + 1 :]:
        assert "ask0" in front and "\u2026" in front and "(cont.)" in front
    assert "word399" in backs[-1]
    (warning,) = deck.warnings
    assert f"continues on {total} cards" in warning.message


def test_type_never_below_nine_points() -> None:
    deck = lay_out(topic_cards(topic(long=True)), Style(), "a7", leitner=True)
    with pdfplumber.open(io.BytesIO(card_pdf(deck, Style()))) as doc:
        sizes = [round(c["size"], 2) for page in doc.pages for c in page.chars]
    assert sizes and min(sizes) >= 9


def test_same_input_same_bytes() -> None:
    make = lambda: card_pdf(lay_out(topic_cards(topic()), Style(), "3x5"), Style())  # noqa: E731
    assert make() == make()
