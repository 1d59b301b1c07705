"""Pack-level pages, printed after the topics: the chronology, the glossary, the key people.

Each is a function of the whole `Pack`: the chronology merges every topic's
events in true order (`chronology.entries`), the glossary lists every key term
A-Z once, and the key people are merged by name across topics. A glossary or
people entry ends with the pack pages where its topics print it (`locate` reads
them back from the topics' rendered pages), so the pages are made once the
topics' pages are known. `pack_parts` renders them as parts of the pack, each
with its own bookmark and contents entry.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.platypus import Flowable, Paragraph

from revpack.assemble import Fragment, Part
from revpack.chronology import entries
from revpack.dates import year_name
from revpack.fragments import rendered_key
from revpack.labels import Words
from revpack.layout import Band, Block, grid, para
from revpack.markup import fold_typography, plain, to_para
from revpack.model import Pack, Topic
from revpack.pdfmetrics_cache import text_width
from revpack.preflight import normalise, page_texts
from revpack.render import DocInfo, RunningHead, render_story
from revpack.render import text_width as page_width
from revpack.theme import TYPE, Style
from revpack.views import fit_before_flow


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


def chronology(pack: Pack, style: Style) -> list[Flowable]:
    """Every event of every topic in true order (`chronology.entries`: by start, a containing
    date before the dates inside it, ties in pack order), an event told alike by several topics
    once, naming them all: a ruled table (date, event, topics) under each year's heading."""
    date_style = style.para("chrono-date", TYPE.body, fontName=style.bold, textColor=style.accent)
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


# Where each topic's terms and people are printed in the pack: (topic id, "terms" or
# "people", `match_key` of the term or name) -> the pack's page numbers.
Found = Mapping[tuple[str, str, str], tuple[int, ...]]


def match_key(text: str) -> str:
    """A term or name as entries are matched: markup, case, typography (quotes, dashes,
    ligatures) and spacing ignored ("**NEP**", "nep" and "NEP " are one term)."""
    return " ".join(fold_typography(unicodedata.normalize("NFKC", plain(text))).casefold().split())


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", match_key(text))


def _says_no_more(short: str, long: str) -> bool:
    """Whether `long` says everything `short` does: its words, in order, case, punctuation
    and typography aside ("Head of the NKVD 1934-36; tried in 1938 and shot" within "...;
    dismissed, tried in March 1938 and shot")."""
    rest = iter(_words(long))
    return all(word in rest for word in _words(short))


def merged(said: Sequence[tuple[str, str]]) -> list[tuple[str, tuple[str, ...]]]:
    """(text, topic id) pairs as the lines of one entry, each with the topics that say it:
    a text another says no more than (`_says_no_more`) is one line, printed in its fuller
    form, so every word of every topic's text is printed once."""
    lines: list[tuple[str, tuple[str, ...]]] = []
    for text, topic in said:
        for i, (line, topics) in enumerate(lines):
            if _says_no_more(text, line) or _says_no_more(line, text):
                fuller = line if _says_no_more(text, line) else text
                lines[i] = (fuller, topics if topic in topics else (*topics, topic))
                break
        else:
            lines.append((text, (topic,)))
    return lines


_WORDS_AND_COLONS = re.compile(r"[^\w:]+")


def heads_printed(topic: Topic, pdf: bytes | Path) -> list[tuple[str, str, list[int]]]:
    """Where `pdf` (a view of `topic` that prints its terms or people) explains each of them:
    (kind, `match_key` of the term or name, the pages counted from 0) for each found leading a
    line ("Term: definition", "Name: role", a point "**Term**: ..."), read back from the PDF.
    A function of the fragment alone, so the build keeps it beside the fragment in its cache."""
    heads = [("terms", t.term) for t in topic.terms] + [("people", p.name) for p in topic.people]
    if not heads:
        return []
    # Words and colons only: the search is blind to markup, quotes and dashes as printed.
    texts = [_WORDS_AND_COLONS.sub(" ", normalise(text).casefold()) for text in page_texts(pdf)]
    out = []
    for kind, head in heads:
        # The head and its colon, as whole words: "Plan:" is not found in "Five-Year Plan:".
        words = _WORDS_AND_COLONS.sub(" ", normalise(plain(head)).casefold()).split()
        pattern = re.compile(r"(?<!\w)" + r"\s*".join(map(re.escape, words)) + r"\s*:")
        pages = [i for i, text in enumerate(texts) if pattern.search(text)]
        if pages:
            out.append((kind, match_key(head), pages))
    return out


def locate(printed: Iterable[tuple[str, Iterable[tuple[str, str, Sequence[int]]], int]]) -> dict[tuple[str, str, str], tuple[int, ...]]:
    """Where each term and person is explained in the pack: for each (topic id, `heads_printed` of
    a view of it, the pack page its first page is), the pack pages of each head."""
    found: dict[tuple[str, str, str], tuple[int, ...]] = {}
    for topic, heads, first in printed:
        for kind, key, pages in heads:
            found[topic, kind, key] = tuple(sorted({*found.get((topic, kind, key), ()), *(first + i for i in pages)}))
    return found


def entry(lead: str, lines: Sequence[tuple[str, tuple[str, ...]]], where: Callable[[tuple[str, ...]], str],
          style: Style, mark: Callable[[tuple[str, ...]], str] | None = None) -> Paragraph:
    """An A-Z entry as one paragraph, so a column never splits a short one: the bold `lead`,
    then each line followed by where it is printed (`where` its topics print it), muted. With
    one line, the line follows the lead ("**NEP**: ..."); with several, each starts a line of
    its own, after its topics' `mark` ("Topic 2") if given."""
    muted = "#" + style.muted.hexval()[2:]

    def line(text: str, topics: tuple[str, ...], number: str = "") -> str:
        ref = where(topics)
        if number and mark and ref == mark(topics):  # no pages to cite: the number says it already
            return f"{number}{to_para(text)}"
        ref = ref.replace(" ", "\u00a0")  # "p. 12": the reference never breaks
        return f"{number}{to_para(text)}\u2002<font color='{muted}'>{to_para(ref)}</font>"

    head = f"<b>{to_para(plain(lead))}</b>"
    if len(lines) == 1:
        (text, topics), = lines
        body = f"{head}: {line(text, topics)}"
    else:
        shown = []
        for text, topics in lines:
            number = f"<font color='{style.accent_hex}'><b>{to_para(mark(topics))}</b></font>\u2002" if mark else ""
            shown.append(line(text, topics, number))
        body = "<br/>".join([head, *shown])
    # No single line left alone at a column's foot or head; continuation lines indented.
    return Paragraph(body, style.para("entry", TYPE.body, spaceBefore=style.space(6), leftIndent=10, firstLineIndent=-10,
                                      allowOrphans=0, allowWidows=0))


def numbered(pack: Pack, style: Style) -> Callable[[tuple[str, ...]], str]:
    """Topics (ids) by their numbers in `pack`, as the cover and contents number them: "Topic 2", "Topics 2, 5"."""
    numbers = {topic.id: n for n, topic in enumerate(pack.topics, 1)}
    return lambda topics: style.words.count("topic_ref", len(topics), ", ".join(str(numbers[t]) for t in topics))


def _where(kind: str, key: str, found: Found, mark: Callable[[tuple[str, ...]], str],
           style: Style) -> Callable[[tuple[str, ...]], str]:
    """The reference printed after an entry's line: the pack pages where its topics print it
    ("p. 12", "pp. 12, 31"), else (a pack built without the view that prints it) the topics' numbers."""

    def where(topics: tuple[str, ...]) -> str:
        pages = sorted({page for topic in topics for page in found.get((topic, kind, key), ())})
        if not pages or any((topic, kind, key) not in found for topic in topics):
            return mark(topics)
        return style.words.count("page_ref", len(pages), ", ".join(map(str, pages)))

    return where


def glossary(pack: Pack, style: Style, found: Found | None = None) -> list[Flowable]:
    """Every key term once, A-Z, matched across topics by `match_key`: its definition, or
    each topic's where they say different things (each after its topic's number), and the
    pages where the topics define it (`found`)."""
    said: dict[str, list[tuple[str, str]]] = {}  # key -> (definition, topic id)
    shown: dict[str, str] = {}
    for topic in pack.topics:
        for term in topic.terms:
            key = match_key(term.term)
            shown.setdefault(key, term.term)
            said.setdefault(key, []).append((term.definition, topic.id))
    mark = numbered(pack, style)
    entries = []
    for key, definitions in said.items():
        where = _where("terms", key, found or {}, mark, style)
        entries.append((plain(shown[key]), key, [entry(shown[key], merged(definitions), where, style, mark)]))
    return a_to_z(entries, style)


def key_people(pack: Pack, style: Style, found: Found | None = None) -> list[Flowable]:
    """Every key person once (matched across topics by `match_key` of the name), A-Z by surname:
    who they were, a role said alike in several topics once, each with the pages where the
    topics name them (`found`); several roles, each after its topic's number."""
    said: dict[str, list[tuple[str, str]]] = {}  # name -> (role, topic id)
    shown: dict[str, str] = {}
    for topic in pack.topics:
        for person in topic.people:
            name = match_key(person.name)
            shown.setdefault(name, person.name)
            said.setdefault(name, []).append((person.role, topic.id))
    mark = numbered(pack, style)
    entries = []
    for name, roles in said.items():
        flowables = [entry(shown[name], merged(roles), _where("people", name, found or {}, mark, style), style, mark)]
        words = plain(shown[name]).split()  # filed by surname: "Trotsky Leon"
        entries.append((" ".join(words[-1:] + words[:-1]), name, flowables))
    return a_to_z(entries, style)


@dataclass(frozen=True)
class PackPage:
    """A pack-level page: its title, what it says under the title, how it is made."""

    title: str  # keys of `labels.LABELS`: the page's title and the line under it
    blurb: str
    story: Callable[..., list[Flowable]]  # (pack, style, found) -> flowables
    uses: tuple[str, ...]  # the Topic fields it reads: its cache key hashes just those
    columns: int = 1
    cites: str = ""  # the kind of `Found` entries whose pages it prints ("terms", "people")
    # The texts of a topic it prints in full: every word of them must be in its PDF (preflight checks).
    prints: Callable[[Topic], Iterable[str]] = lambda topic: ()


PACK_PAGES: tuple[PackPage, ...] = (
    PackPage("chronology", "chronology_blurb", lambda pack, style, found=None: chronology(pack, style),
             ("title", "timeline"), prints=lambda topic: [e.event for e in topic.timeline]),
    # (Topic numbers follow the topics' order, which their ids give.)
    PackPage("glossary", "glossary_blurb", glossary, ("id", "terms"), columns=2, cites="terms",
             prints=lambda topic: [text for t in topic.terms for text in (t.term, t.definition)]),
    PackPage("key_people", "people_blurb", key_people, ("id", "people"), columns=2, cites="people",
             prints=lambda topic: [text for p in topic.people for text in (p.name, p.role)]),
)


def page_words(page: PackPage, pack: Pack) -> list[str]:
    """Every word `page` prints of `pack`'s topics (markup removed): its PDF must hold them all."""
    return [word for topic in pack.topics for text in page.prints(topic) for word in plain(text).split()]


def render_pack_page(page: PackPage, pack: Pack, style: Style, kicker: str, pack_title: str, info: DocInfo,
                     found: Found | None = None) -> bytes | None:
    """One pack-level page as PDF bytes (None when the pack has nothing for it)."""
    if not page.story(pack, style, found):
        return None
    title = style.words(page.title)

    def render(style: Style, balance: bool = True, first: bytes | None = None) -> bytes:
        header = [Band(title, style, kicker=kicker, below=[style.words(page.blurb)])]
        return render_story(page.story(pack, style, found), style, info, footer=pack_title, columns=page.columns,
                            header=header, balance=balance, first=first, head=RunningHead(title))

    # A page that runs on by a few lines is set tighter to fit, as every sheet is.
    return fit_before_flow(render, style, page.columns)


def page_key(page: PackPage, pack: Pack, style: Style, *context: object, found: Found | None = None) -> str:
    """A hash of everything `page` is made from: the fields it reads of every topic, the
    pages it cites (`found`), the style, the context (kicker, titles, metadata) and the code."""
    shown = [[getattr(topic, name) for name in page.uses] for topic in pack.topics]
    cited = sorted((k, v) for k, v in (found or {}).items() if k[1] == page.cites)
    return rendered_key(style, page.title, repr(context), repr(shown), repr(cited)) + "-page"


def pack_parts(pack: Pack, style: Style, kicker: str, pack_title: str, info: DocInfo, cache=None,
               found: Found | None = None,
               check: Callable[[str, bytes, Sequence[str]], bool] = lambda title, pdf, words: True) -> list:
    """The pack-level pages as `assemble.Part`s, one bookmark each, in `PACK_PAGES` order;
    `found` (`locate`) says on which pack pages the topics print each term and person.
    `check(title, pdf, words)` preflights a page as it is made, with every word of the topics
    it must print, and says whether it passed.

    With a `fragments.Cache`, a page none of whose inputs changed is not rendered (nor checked)
    again: only a page that passed is kept (editing a topic's notes leaves the chronology as it was)."""
    parts = []
    for page in PACK_PAGES:
        title = style.words(page.title)
        doc = replace(info, title=f"{info.title} \u2014 {title}")
        key = page_key(page, pack, style, kicker, pack_title, doc, found=found)
        pdf = cache.get(key) if cache is not None else None
        if pdf is None:
            pdf = render_pack_page(page, pack, style, kicker, pack_title, doc, found) or b""  # b"": nothing to print
            if (not pdf or check(title, pdf, page_words(page, pack))) and cache is not None:
                cache.put(key, pdf)
        if pdf:
            parts.append(Part(title, (Fragment(title, pdf),)))
    return parts
