"""Pack-level pages, printed after the topics: the chronology, the glossary, the key people.

Each is a function of the whole `Pack`: the chronology merges every topic's
events in true order (`chronology.entries`), the glossary lists every key term
A-Z, and the key people are merged by name across topics, each with the role
they play in each topic. `pack_parts` renders them as parts of the pack, each
with its own bookmark and contents entry.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from reportlab.platypus import Flowable, Paragraph

from revpack.assemble import Fragment, Part
from revpack.chronology import entries
from revpack.dates import year_name
from revpack.fragments import rendered_key
from revpack.labels import Words
from revpack.layout import Band, Block, grid, para
from revpack.markup import plain, to_para
from revpack.model import Pack
from revpack.pdfmetrics_cache import text_width
from revpack.render import DocInfo, render_story
from revpack.render import text_width as page_width
from revpack.theme import Style


def sort_key(text: str) -> tuple:
    """A-Z order for names and terms in English (markup, accents, case and leading punctuation ignored)."""
    return Words().sort_key(text)


def a_to_z(entries: Sequence[tuple[str, str, list[Flowable]]], style: Style) -> list[Flowable]:
    """Entries (filed as, tie-break, flowables) in the pack language's A-Z order
    (`labels.Words.sort_key`), under a heading for each initial letter."""
    words = style.words
    blocks: list[Flowable] = []
    items: list[Flowable] = []
    letter = None
    for filed, _, flowables in sorted(entries, key=lambda e: (words.sort_key(e[0]), e[1])):
        if words.initial(filed) != letter:
            if items:
                blocks.append(Block(letter, items, style))
            letter, items = words.initial(filed), []
        items += flowables
    if items:
        blocks.append(Block(letter, items, style))
    return blocks


def entry(lines: Sequence[tuple[str, Sequence[str]]], style: Style, lead: str = "") -> Paragraph:
    """An A-Z entry as one paragraph, so a column never splits a short one: a bold `lead`
    line (if any), then each text line followed by the topics it comes from, muted."""
    muted = "#" + style.muted.hexval()[2:]
    parts = [f"<b>{to_para(plain(lead))}</b>"] if lead else []
    for text, titles in lines:
        topics = to_para(" \u00b7 ".join(plain(t) for t in titles))
        parts.append(f"{to_para(text)}<br/><font color='{muted}'><i>{topics}</i></font>")
    # No single line left alone at a column's foot or head; continuation lines indented.
    return Paragraph("<br/>".join(parts), style.para("entry", 10, spaceBefore=6, leftIndent=10, firstLineIndent=-10,
                                                     allowOrphans=0, allowWidows=0))


def chronology(pack: Pack, style: Style) -> list[Flowable]:
    """Every event of every topic in true order (`chronology.entries`: by start, a containing
    date before the dates inside it, ties in pack order), an event told alike by several topics
    once, naming them all: a ruled table (date, event, topics) under each year's heading."""
    date_style = style.para("chrono-date", 10, fontName=style.bold, textColor=style.accent)
    rows = entries(pack.topics, style.words.language)
    width = page_width(style)
    # The date column as wide as its widest date ("25 Nov 1917" on one line), within reason.
    widest = max((text_width(row.date, style.bold, date_style.fontSize) for row in rows), default=0.0)
    first = min(max(0.15 * width, widest + 9), 0.3 * width)
    widths = [first, (width - first) * 0.67, (width - first) * 0.33]
    years: dict[str, list[list[Flowable]]] = {}
    for row in rows:
        topics = " \u00b7 ".join(plain(t.title) for t in row.topics)
        years.setdefault(year_name(math.floor(row.when.start), style.words.language), []).append(
            [para(row.date, date_style), para(row.event.event, style.body), para(topics, style.small)]
        )
    return [Block(year, [grid(rows, widths, style)], style, space_after=10) for year, rows in years.items()]


def glossary(pack: Pack, style: Style) -> list[Flowable]:
    """Every key term A-Z with its definition and topic; a term defined alike in several
    topics is one entry naming them all."""
    merged: dict[str, dict[str, list[str]]] = {}  # key -> definition -> topic titles
    shown: dict[str, str] = {}
    for topic in pack.topics:
        for term in topic.terms:
            key = " ".join(plain(term.term).casefold().split())
            shown.setdefault(key, term.term)
            merged.setdefault(key, {}).setdefault(term.definition, []).append(topic.title)
    entries = []
    for key, definitions in merged.items():
        (first, titles), *more = definitions.items()
        lines = [(f"**{plain(shown[key])}**: {first}", titles), *more]
        entries.append((plain(shown[key]), key, [entry(lines, style)]))
    return a_to_z(entries, style)


def key_people(pack: Pack, style: Style) -> list[Flowable]:
    """Every key person once (matched by name across topics), A-Z by surname: their role in
    each topic, with the topics named."""
    merged: dict[str, dict[str, list[str]]] = {}  # name -> role -> topic titles
    shown: dict[str, str] = {}
    for topic in pack.topics:
        for person in topic.people:
            name = " ".join(plain(person.name).casefold().split())
            shown.setdefault(name, person.name)
            merged.setdefault(name, {}).setdefault(person.role, []).append(topic.title)
    entries = []
    for name, roles in merged.items():
        flowables = [entry(list(roles.items()), style, lead=shown[name])]
        words = plain(shown[name]).split()  # filed by surname: "Trotsky Leon"
        entries.append((" ".join(words[-1:] + words[:-1]), name, flowables))
    return a_to_z(entries, style)


@dataclass(frozen=True)
class PackPage:
    """A pack-level page: its title, what it says under the title, how it is made."""

    title: str  # keys of `labels.LABELS`: the page's title and the line under it
    blurb: str
    story: Callable[[Pack, Style], list[Flowable]]
    uses: tuple[str, ...]  # the Topic fields it reads: its cache key hashes just those
    columns: int = 1


PACK_PAGES: tuple[PackPage, ...] = (
    PackPage("chronology", "chronology_blurb", chronology, ("title", "timeline")),
    PackPage("glossary", "glossary_blurb", glossary, ("title", "terms"), columns=2),
    PackPage("key_people", "people_blurb", key_people, ("title", "people"), columns=2),
)


def render_pack_page(page: PackPage, pack: Pack, style: Style, kicker: str, pack_title: str, info: DocInfo) -> bytes | None:
    """One pack-level page as PDF bytes (None when the pack has nothing for it)."""
    story = page.story(pack, style)
    if not story:
        return None
    title = style.words(page.title)
    header = [Band(title, style, kicker=kicker, below=[style.words(page.blurb)])]
    footer = " \u00b7 ".join(x for x in (pack_title, title) if x)
    return render_story(story, style, info, footer=footer, columns=page.columns, header=header)


def page_key(page: PackPage, pack: Pack, style: Style, *context: object) -> str:
    """A hash of everything `page` is made from: the fields it reads of every topic, the
    style, the context (kicker, titles, metadata) and the code."""
    shown = [[getattr(topic, name) for name in page.uses] for topic in pack.topics]
    return rendered_key(style, page.title, repr(context), repr(shown)) + "-page"


def pack_parts(pack: Pack, style: Style, kicker: str, pack_title: str, info: DocInfo, cache=None) -> list:
    """The pack-level pages as `assemble.Part`s, one bookmark each, in `PACK_PAGES` order.

    With a `fragments.Cache`, a page none of whose inputs changed is not rendered again
    (editing a topic's notes leaves the chronology as it was)."""
    parts = []
    for page in PACK_PAGES:
        title = style.words(page.title)
        doc = replace(info, title=f"{info.title} \u2014 {title}")
        key = page_key(page, pack, style, kicker, pack_title, doc)
        pdf = cache.get(key) if cache is not None else None
        if pdf is None:
            pdf = render_pack_page(page, pack, style, kicker, pack_title, doc) or b""  # b"": nothing to print
            if cache is not None:
                cache.put(key, pdf)
        if pdf:
            parts.append(Part(title, (Fragment(title, pdf),)))
    return parts
