"""The default packs as a student reads them: human dates on every page, the chronology in
true order with repeated events merged (read back from the built PDFs)."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from conftest import REPO

from revpack.chronology import entries
from revpack.dates import event_date, parse_date
from revpack.load import load_pack
from revpack.markup import plain
from revpack.model import iter_text
from revpack.preflight import page_texts

PACKS = ("gcse-stalin-ussr", "alevel-soviet-russia")
ISO = re.compile(r"\d{4}-\d{2}")


@pytest.fixture(scope="module", params=PACKS)
def built(request, default_pack_build) -> tuple:
    pack = load_pack(REPO / "packs" / request.param)
    return pack, default_pack_build(request.param) / f"{pack.id}.pdf"


def test_no_machine_date_is_printed_anywhere(built):
    """Every page of the pack (summaries, timelines, recall and cloze sheets, chronology, cards,
    contents): a "1917-10" or a "1924-41" is printed only where an author typed it in running
    text (text prints as typed; dates and periods print in human form)."""
    pack, pdf = built
    typed = [plain(text) for topic in pack.topics for name in ("title", "summary", "sections", "comparisons",
                                                              "terms", "people", "quotes", "interpretations",
                                                              "stats", "cards", "questions")
             for text in iter_text(getattr(topic, name))] + [plain(t) for t in iter_text(pack.info)]
    typed += [plain(e.event) for topic in pack.topics for e in topic.timeline]
    found = [(n, m) for n, text in enumerate(page_texts(pdf), 1) for m in ISO.findall(text)]
    assert found  # the packs' running text does hold ranges like "1928-32": the check reads them
    stray = [(n, m) for n, m in found if not any(m in t for t in typed)]
    assert stray == []
    # And no event's date or topic's period is printed in its machine form.
    machine = {e.date for t in pack.topics for e in t.timeline if event_date(e) != e.date}
    machine |= {t.period for t in pack.topics if ISO.search(t.period)}
    text = " ".join(page_texts(pdf))
    leaked = [m for m in machine if m in text and not any(m in t for t in typed)]
    assert leaked == []


def chronology_rows(pdf: Path) -> list[tuple[str, str]]:
    """(date, first words of the event) of each row of the chronology, in page order."""
    rows = []
    with pdfplumber.open(pdf) as doc:
        first = next(i for i, page in enumerate(doc.pages)
                     if "Every event of every topic" in (page.extract_text() or ""))
        for page in doc.pages[first:]:
            text = page.extract_text() or ""
            if rows and "Chronology (cont.)" not in text.splitlines()[0]:
                break  # past the chronology's pages (their running head names it)
            words = page.extract_words(extra_attrs=["size", "fontname"])
            width = page.width
            column = [w for w in words if w["x0"] < 0.25 * width and abs(w["size"] - 10) < 0.1
                      and "Bold" in w["fontname"] and w["top"] < page.height - 60 and w["text"] != "(cont.)"]
            lines: dict[int, list] = {}
            for w in column:
                lines.setdefault(round(w["top"]), []).append(w)
            for top in sorted(lines):
                date = " ".join(w["text"] for w in sorted(lines[top], key=lambda w: w["x0"]))
                event = [w["text"] for w in words if 0.25 * width <= w["x0"] < 0.7 * width and abs(w["top"] - top) < 2]
                rows.append((date, " ".join(event)))
    return rows


def test_the_chronology_is_in_true_order_and_merges_repeats(built):
    pack, pdf = built
    rows = chronology_rows(pdf)
    expected = entries(pack.topics)
    # One printed row per merged entry, read back with the dates as printed.
    assert [date for date, _ in rows] == [e.date for e in expected]
    keys = [parse_date(date).sort_key for date, _ in rows]
    assert keys == sorted(keys)
    # Merged: every event the pack tells more than once (same date, same words) is one row.
    told = {}
    for topic in pack.topics:
        for e in topic.timeline:
            when = parse_date(e.date)
            told.setdefault((when.start, when.end, tuple(re.findall(r"\w+", plain(e.event).casefold()))), set()).add(topic.id)
    repeated = sum(1 for topics in told.values() if len(topics) > 1)
    assert len(rows) == len(told)
    assert sum(1 for e in expected if len(e.topics) > 1) == repeated
    assert sum(len(t.timeline) for t in pack.topics) > len(rows)  # something was merged
