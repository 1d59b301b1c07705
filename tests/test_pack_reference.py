"""The default packs read back: their glossary and key people give each term and person once, lose
no word of any topic's definition or role, and cite pages that hold what they cite; short views
share pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from revpack.load import load_pack
from revpack.markup import plain
from revpack.pack_views import match_key
from revpack.preflight import absent, normalise

from conftest import REPO

GCSE = REPO / "packs" / "gcse-stalin-ussr"
PACKS = {"gcse_pack_build": "gcse-stalin-ussr", "alevel_pack_build": "alevel-soviet-russia"}


@pytest.fixture(params=list(PACKS))
def built(request) -> tuple[Path, PdfReader]:
    """Each default pack's folder and its pack PDF (the session's one build of it)."""
    name = PACKS[request.param]
    folder = request.getfixturevalue(request.param)
    return REPO / "packs" / name, PdfReader(folder / f"{name}.pdf")


@pytest.fixture
def pack_pdf(gcse_pack_build: Path) -> PdfReader:
    return PdfReader(gcse_pack_build / "gcse-stalin-ussr.pdf")


def part_pages(reader: PdfReader, title: str) -> range:
    """The page indexes of the top-level part `title`."""
    top = [item for item in reader.outline[1] if not isinstance(item, list)]
    starts = [reader.get_destination_page_number(item) for item in top]
    i = next(i for i, item in enumerate(top) if item.title == title)
    return range(starts[i], starts[i + 1] if i + 1 < len(starts) else len(reader.pages))


def part_text(reader: PdfReader, title: str) -> str:
    # The blank page after a part says so; its own text is all that is read.
    return "\n".join(reader.pages[i].extract_text() or "" for i in part_pages(reader, title))


def entries(text: str, heads: list[str]) -> dict[str, str]:
    """Each head's entry in an A-Z page's `text` (from the head to the next head), by `match_key`."""
    folded = normalise(text)
    found = sorted((m.start(), -m.end(), head) for head in heads
                   for m in re.finditer(rf"(?<!\w){re.escape(normalise(plain(head)))}(?=:| Topic)", folded))
    where: list[tuple[int, str]] = []
    reach = -1
    for start, end, head in found:  # a head inside a longer one ("SRs" in "Left SRs:") is not a head
        if start >= reach:
            where.append((start, head))
            reach = -end
    return {match_key(head): folded[start:end] for (start, head), (end, _) in zip(where, [*where[1:], (None, "")])}


@pytest.mark.parametrize("part, kind", [("Glossary", "terms"), ("Key people", "people")])
def test_each_term_and_person_is_one_entry_and_every_word_is_printed(built, part, kind):
    folder, pack_pdf = built
    pack = load_pack(folder)
    text = part_text(pack_pdf, part)
    if kind == "terms":
        said = [(t.term, t.definition) for topic in pack.topics for t in topic.terms]
    else:
        said = [(p.name, p.role) for topic in pack.topics for p in topic.people]
    heads = list(dict.fromkeys(plain(head) for head, _ in said))
    found = entries(text, heads)
    # One entry each, however often the topics define it ("Censorship", "NEP", "Propaganda": twice).
    assert sorted(found) == sorted({match_key(h) for h in heads})
    for head in {match_key(h) for h in heads}:
        inside = [h for h in heads if head in match_key(h) and head != match_key(h)]  # "SRs", "Left SRs"
        count = len(re.findall(rf"(?<!\w){re.escape(head)}(?=:| topic)", normalise(text).casefold()))
        assert count == 1 + sum(match_key(h).endswith(head) for h in inside), head
    # Every word of every definition or role, in the entry of its head.
    for head, what in said:
        assert absent(found[match_key(head)], plain(what).split()) == [], head
    # Defined differently in two topics: both definitions, each after its topic's number.
    twice = {("gcse-stalin-ussr", "terms"): ("censorship", "propaganda", "nep"),
             ("alevel-soviet-russia", "terms"): ("nepmen", "gosplan", "intentionalist")}.get((folder.name, kind),
                                                                                          ("nikolai bukharin", "leon trotsky"))
    for head in twice:
        assert len(re.findall(r"Topic \d", found[head])) >= 2, found[head]


@pytest.mark.parametrize("part, kind", [("Glossary", "terms"), ("Key people", "people")])
def test_the_pages_an_entry_cites_hold_its_term(built, part, kind):
    folder, pack_pdf = built
    pack = load_pack(folder)
    heads = list(dict.fromkeys(plain(t.term if kind == "terms" else t.name) for topic in pack.topics
                               for t in (topic.terms if kind == "terms" else topic.people)))
    labels = pack_pdf.page_labels
    index = {label: i for i, label in enumerate(labels)}
    cited = 0
    for key, entry in entries(part_text(pack_pdf, part), heads).items():
        pages = [int(n) for refs in re.findall(r"pp?\. (\d+(?:, \d+)*)", entry) for n in refs.split(",")]
        assert pages, entry  # every topic's summary is in the pack: a page, never only a topic number
        for number in pages:
            page = normalise(pack_pdf.pages[index[str(number)]].extract_text() or "").casefold()
            assert key in page, (key, number)
            cited += 1
    assert cited >= len(heads)


def test_short_views_share_a_page(pack_pdf, gcse_pack_build):
    pack = load_pack(GCSE)
    top = pack_pdf.outline[1]
    shared = []
    for i, item in enumerate(top[:-1]):
        if isinstance(item, list) or not isinstance(top[i + 1], list):
            continue
        views = {child.title: pack_pdf.get_destination_page_number(child) for child in top[i + 1]}
        if "Comparisons" in views and views["Comparisons"] == views.get("Timeline"):
            shared.append((item.title, views["Timeline"]))
    assert shared  # some of the GCSE topics' comparisons are short enough to share their page
    by_title = {plain(topic.title): topic for topic in pack.topics}
    for title, index in shared:
        topic = by_title[title]
        page = normalise(pack_pdf.pages[index].extract_text() or "")
        # The whole of both: every comparison title and every event, on the one page.
        words = [w for c in topic.comparisons for w in plain(c.title).split()]
        words += [w for e in topic.timeline for w in plain(e.event).split()]
        assert absent(page, words) == [], title
        # Printed alone, each is a page of its own (the single-topic sheets are as they were).
        for view in ("compare", "timeline"):
            assert len(PdfReader(gcse_pack_build / "topics" / f"{topic.id}-{view}.pdf").pages) == 1
