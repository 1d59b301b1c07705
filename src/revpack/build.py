"""The build pipeline: which fragments, rendered how, written where.

Stages, in order: load the pack (every problem reported before anything is
written); render each (topic, view) fragment; assemble; write each output to a
temporary file in its folder and `os.replace` it into place, so a failed or
interrupted build leaves every previous PDF intact.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from pypdf import PdfReader

from revpack.assemble import Fragment, Part, finish_single, front_matter, page_plan, parts_outline, write_pack
from revpack.cache import Cache, TornEntry
from revpack.cards import date_fronts, topic_numbers
from revpack.dates import human_date
from revpack.errors import OutputError
from revpack.expectations import printable_pieces, sheet_expectations
from revpack.files import copy_if_changed, write_if_changed
from revpack.fragments import CUTOUTS, SHARED, Job, render_all, rendered_key
from revpack.labels import Words
from revpack.markup import plain
from revpack.model import Pack, Topic, iter_text
from revpack.outdir import OutputFolder
from revpack.pack_views import heads_printed, locate, pack_parts
from revpack.preflight import Expectations, preflight
from revpack.render import DocInfo
from revpack.theme import Style, charset_for, look_for
from revpack.views import SHORT, VIEWS, Context, render_view, shareable, used

Progress = Callable[[str], None]

# The full pack prints the explicit question cards and the key terms; `revpack cards`
# prints every kind (sections, dates and people too) for a set of its own.
PACK_CARD_KINDS = ("qa", "terms")


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how."""

    paper: str = ""  # '' = the pack theme's paper
    only: tuple[str, ...] = ()
    views: tuple[str, ...] = ()  # '' = every view that applies
    extra: tuple[tuple[str, str], ...] = field(default=())  # view options, e.g. recall level
    cache: bool = True  # reuse fragments whose content has not changed
    jobs: int = 0  # worker processes; 0 = the cores available
    theme: str = ""  # a theme.THEMES name ('' = default): face, size, spacing, fills
    preflight: bool = True  # check every new PDF (sizes, fonts, edges, floor, words) before writing
    answers: str = ""  # cloze answer keys: "inline" after each cloze sheet, at the "end", or "none"; '' = the pack's
    sides: int = 2  # the pack printed on both sides (parts on right-hand pages, keys on their own sheets) or 1


def settled(pack: Pack, options: BuildOptions) -> BuildOptions:
    """`options` with what they leave open taken from the pack's theme (pack.yaml), else the defaults:
    the look, the cloze answer keys and the recall level. What the command line gave wins."""
    chosen = pack.info.theme
    extra = options.extra
    if chosen.recall_level and not any(name == "recall-level" for name, _ in extra):
        extra += (("recall-level", chosen.recall_level),)
    return replace(options, theme=options.theme or chosen.look, answers=options.answers or chosen.answers or "inline",
                   extra=extra)


def style_for(pack: Pack, options: BuildOptions) -> Style:
    words = words_for(pack)
    return Style(theme=pack.info.theme, paper=options.paper, charset=charset_for([*iter_text(pack), *words.printed(pack)]),
                 look=look_for(options.theme), words=words)


def words_for(pack: Pack) -> Words:
    """The words `pack` prints of revpack's own: its language's, with its own `labels:` on top."""
    labels = pack.info.labels
    overrides = tuple((f.name, getattr(labels, f.name)) for f in fields(labels)
                      if f.name != "where" and getattr(labels, f.name))
    return Words(pack.info.language, overrides)


def context_for(pack: Pack, options: BuildOptions, topic: str = ""):
    """What the views know beyond a topic; with a `topic` id, that topic's number in the pack too."""
    info = pack.info
    kicker = " \u00b7 ".join(plain(x) for x in (info.title, info.level) if x)
    extra = options.extra + ((("answers", "none"),) if options.answers == "none" else ())
    number = topic_numbers([t.id for t in pack.topics], info.topics).get(topic, 0) if topic else 0
    return Context(pack_title=plain(info.title), pack_kicker=kicker, author=info.author, options=extra, number=number)


def views_for(topic: Topic, options: BuildOptions) -> list:
    """The views of `topic` to print, in print order."""
    names = options.views or tuple(VIEWS)
    if options.answers == "none":
        names = tuple(n for n in names if n != ANSWERS)
    return [VIEWS[n] for n in names if n in VIEWS and VIEWS[n].applies(topic)]


ANSWERS = "answers"  # the cloze answer keys' view: after each cloze sheet, or gathered at the end


def doc_info(pack: Pack, title: str = "") -> DocInfo:
    info = pack.info
    subject = " \u00b7 ".join(plain(x) for x in (info.level, info.board, info.specification) if x)
    return DocInfo(title=title or plain(info.title), author=plain(info.author), subject=subject)


@dataclass
class BuildResult:
    """What a build wrote."""

    written: list[Path] = field(default_factory=list)
    pages: int = 0


def build_pack(
    pack: Pack,
    out_dir: Path,
    options: BuildOptions = BuildOptions(),
    progress: Progress = lambda msg: None,
    sheets_first: bool = False,
) -> BuildResult:
    """Render every topic's views, write the single-topic sheets and the full pack.

    Fragments come from the cache in ``out_dir/.revpack/cache`` when their content has
    not changed (``options.cache``), the rest are rendered in ``options.jobs``
    processes. Nothing is written until everything has been rendered. `out_dir` must be
    new, empty or revpack's already (`outdir`); one build at a time writes into it.

    `sheets_first` (`revpack watch`): the single-topic sheets are written as soon as every one
    is rendered and has passed preflight, before the cut-out cards and the pack are made; the
    pack follows (and if it fails, the sheets written stay: each is whole and checked).
    """
    options = settled(pack, options)
    folder = OutputFolder(out_dir)
    folder.claim()
    with folder.locked(waiting=progress), Cache(folder.cache if options.cache else None) as cache:
        folder.sweep()
        try:
            return _build(pack, folder, options, progress, cache, sheets_first)
        except TornEntry as torn:  # a crash left entries damaged behind good seals: make them again
            cache.torn.add(torn.path.stem)
            cache.find_torn()
        return _build(pack, folder, options, progress, cache, sheets_first)


def _write_sheets(folder: OutputFolder, sheets: Sequence[tuple[Path, object]], written: list[Path]) -> None:
    """Write each single-topic sheet (a `fragments.Rendered`'s) where it changed; list it in `written`."""
    folder.check_targets([path for path, _ in sheets])
    for path, made in sheets:
        write_if_changed(path, made.single)
        written.append(path)


def _build(pack: Pack, folder: OutputFolder, options: BuildOptions, progress: Progress, cache,
           sheets_first: bool = False) -> BuildResult:
    """`build_pack`, through `cache` (a `fragments.Cache`), into `folder` (locked)."""
    out_dir = folder.folder
    style = style_for(pack, options)
    ctx = context_for(pack, options)
    paper = style.paper_name
    topics = [t for t in pack.topics if not options.only or t.id in options.only]
    plan = [(topic, view) for topic in topics for view in views_for(topic, options)]
    numbers = topic_numbers([t.id for t in pack.topics], pack.info.topics)
    # Each job renders its fragment, finishes its single-topic PDF and preflights it, in a worker.
    jobs = [
        Job(topic, view.name, style, replace(ctx, number=numbers[topic.id]), single=doc_info(pack, f"{plain(topic.title)} \u2014 {view.title(style)}"),
            check=options.preflight)
        for topic, view in plan
    ]
    # The pack ends with each topic's cut-out cards: rendered, cached and run in parallel like the views.
    elsewhere = date_fronts(topics, style.words.language)  # part of each job's key: another topic's dates change its fronts
    card_jobs = [
        Job(t, CUTOUTS, style, ctx, (("number", str(numbers[t.id])), ("kinds", ",".join(PACK_CARD_KINDS)),
                                     ("elsewhere", "\n".join(sorted(elsewhere[t.id])))),
            check=options.preflight)
        for t in topics
    ]
    result = BuildResult()
    if sheets_first:  # the topics' own sheets as soon as they are made and checked; the pack after
        done = render_all(jobs, cache, options.jobs, progress)
        if not any(made.problems for made in done):
            sheets = [(out_dir / "topics" / f"{topic.id}-{view.name}.pdf", made) for (topic, view), made in zip(plan, done)]
            try:
                _write_sheets(folder, sheets, result.written)
            finally:
                folder.record(result.written)
            progress(f"{len(sheets)} topic sheets written")
        card_done = render_all(card_jobs, cache, options.jobs, progress)
    else:
        *done, = render_all(jobs + card_jobs, cache, options.jobs, progress)
        done, card_done = done[: len(jobs)], done[len(jobs) :]
    problems: list[str] = []  # preflight problems: reported together, and nothing is written
    shared = shared_pages(plan, done, style, ctx, options, cache, progress)

    parts: list[Part] = []
    singles: list[tuple[Path, object]] = []  # (path, fragments.Rendered): read and written last
    by_topic: dict[str, list[Fragment]] = {}
    answer_keys: list[Fragment] = []
    # The sheets that print a topic's terms and people: the glossary and key people cite their pages.
    citable: list[tuple[Topic, str, object]] = []
    for i, ((topic, view), made) in enumerate(zip(plan, done)):
        # In the pack, a worksheet's footers name the page of the sheet that answers it.
        cites = f"{topic.id}/{view.answered_by}" if view.answered_by else ""
        if view.name == ANSWERS and options.answers == "end":
            answer_keys.append(Fragment(plain(topic.title), made.source, f"{topic.id}/{view.name}",
                                        known_pages=made.facts.pages))
        elif i in shared:  # this view and the next on one page: one fragment, an entry for each
            _, after = plan[i + 1]
            by_topic.setdefault(topic.id, []).append(Fragment(
                view.title(style), shared[i].source, f"{topic.id}/{view.name}", own_sheet=view.own_sheet,
                shares=((after.title(style), f"{topic.id}/{after.name}"),), known_pages=shared[i].facts.pages))
        elif i - 1 not in shared:
            by_topic.setdefault(topic.id, []).append(Fragment(view.title(style), made.source, f"{topic.id}/{view.name}", cites,
                                                              view.own_sheet, known_pages=made.facts.pages))
        if {"terms", "people"} & set(view.prints):
            citable.append((topic, f"{topic.id}/{view.name}", made))
        path = out_dir / "topics" / f"{topic.id}-{view.name}.pdf"
        problems += [f"{path}: {p}" for p in made.problems]
        singles.append((path, made))
    pack_path = out_dir / f"{pack.id}.pdf"
    for topic, made in zip(topics, card_done):
        problems += [f"{pack_path}: cut-out cards of {topic.id}: {p}" for p in made.problems]
    for topic in topics:
        parts.append(Part(plain(topic.title), tuple(by_topic.get(topic.id, ())), human_date(topic.period, style.words.language)))
    pack_key = hashlib.sha256("\x1f".join([repr(pack.info), options.answers, str(options.preflight), str(options.sides),
                                           *(j.key for j in jobs + card_jobs)]).encode()).hexdigest()[:32]
    pack_entry = f"{pack_key}-pack"
    pack_file = cache.find(pack_entry)
    pages = 0
    if pack_file is None:
        progress("assembling the pack")
        sheets = tuple(Fragment(plain(t.title), made.source, known_pages=made.facts.pages)
                       for t, made in zip(topics, card_done) if made.facts.pages)
        cards = [Part(style.words("cut_out_cards"), sheets, recto=True)] if sheets else []
        keys = [Part(style.words("cloze_answer_keys"), tuple(answer_keys))] if answer_keys else []
        # The pages made here are checked here; the fragments were checked where they were made.
        found: list[str] = []

        def check(name: str, pdf: bytes, words: Sequence[str] = ()) -> bool:
            """Preflight a page made here; whether it passed (only then is it cached)."""
            if not options.preflight:
                return True
            more = [f"{pack_path}: {name}: {p}"
                    for p in preflight(pdf, Expectations.sheet(paper, printable_pieces(words, style.font)))]
            found.extend(more)
            return not more

        # Chronology, glossary, key people: of the topics built, after them, citing the topics' pages.
        topic_parts = [p for p in parts if p.fragments]
        anchors = page_plan(topic_parts, options.sides).anchors
        printed_at = locate((topic.id, heads_printed_cached(topic, made, cache), anchors[anchor])
                            for topic, anchor, made in citable if anchor in anchors)
        built = replace(pack, topics=tuple(topics))
        reference = pack_parts(built, style, ctx.pack_kicker, ctx.pack_title, doc_info(pack), cache, printed_at, check)
        every = topic_parts + reference + keys + cards
        front = front_cached(pack.info, every, style, doc_info(pack), options.sides, cache, check)
        # Written to the cache as it is assembled (a pack is never held whole in memory), then copied out.
        with cache.writing(pack_entry) as out:
            pages = write_pack(out, pack.info, every, style, doc_info(pack), sides=options.sides, front=front)
        pack_file = cache.path(pack_entry)
        problems += found
        if found:  # only what passed is cached
            cache.discard(pack_entry)
    if problems:
        raise OutputError("\n".join([*problems, "preflight failed; nothing was written."]))
    # Everything rendered and checked: only now touch the output folder, and only files revpack made.
    folder.check_targets([pack_path])
    try:
        if not result.written:  # (written already, if `sheets_first`)
            _write_sheets(folder, singles, result.written)
        copy_if_changed(pack_path, pack_file.payload)
        result.written.append(pack_path)
        result.pages = pages or _file_pages(pack_file)
    finally:
        folder.record(result.written)
    if not options.only:
        cache.prune()
    return result


def heads_printed_cached(topic: Topic, made, cache: Cache) -> list:
    """`pack_views.heads_printed` of a rendered fragment (a `fragments.Rendered`), kept in the
    cache beside the fragment (a function of its bytes, so of its key): an edit to one topic
    reads back that topic's pages only."""
    if not (topic.terms or topic.people):
        return []
    if made.failed:  # not cached (it failed its preflight, and the build will stop)
        return heads_printed(topic, made.pdf)
    key = f"{made.fragment_path.stem}-where"
    heads = cache.get_json(key)
    if heads is None:
        heads = heads_printed(topic, made.source)
        cache.put_json(key, heads)
    return heads


def front_cached(info, parts: Sequence[Part], style: Style, doc: DocInfo, sides: int, cache: Cache,
                 check: Callable[[str, bytes, Sequence[str]], bool]) -> tuple[bytes, bytes]:
    """`assemble.front_matter` (the cover and contents), from the cache when the parts' titles,
    order and page counts are as before (an edit that moves no page), else made, checked and
    kept if they pass."""
    counts = [[frag.pages for frag in part.fragments] for part in parts]
    key = rendered_key(style, "front", repr(info), repr(doc), repr(parts_outline(parts)), repr(counts), str(sides))
    cover, contents = cache.get(f"{key}-cover"), cache.get(f"{key}-contents")
    if cover is None or contents is None:
        passed = []
        cover, contents = front_matter(info, parts, style, doc, sides,
                                       lambda name, pdf, words: passed.append(check(name, pdf, words)))
        if all(passed):
            cache.put(f"{key}-cover", cover)
            cache.put(f"{key}-contents", contents)
    return cover, contents


def shared_pages(plan: Sequence[tuple[Topic, object]], done: Sequence, style: Style, ctx, options: BuildOptions,
                 cache, progress: Progress) -> dict[int, object]:
    """The views that share a page in the pack, by the index in `plan` of the first of the two,
    with the page they share (a `fragments.Rendered`).

    A topic's view whose sheet is one upright page less than `views.SHORT` used shares it
    with the topic's next view if that is one upright page too and the two fit on one page
    together (a timeline draws itself in the room it is given). Neither may be a worksheet
    or an answer key (`views.shareable`). The single-topic sheets are not changed."""

    def upright_page(made) -> bool:
        return made.facts.pages == 1 and made.facts.upright

    def made_used(made) -> float:
        return made.facts.used if made.facts.used is not None else used(made.pdf, style)

    pairs: list[int] = []
    i = 0
    while i + 1 < len(plan):
        (topic, view), (after_topic, after) = plan[i], plan[i + 1]
        if after_topic is topic and shareable(view) and shareable(after) and upright_page(done[i]) \
                and upright_page(done[i + 1]) and made_used(done[i]) < SHORT:
            pairs.append(i)
            i += 2
        else:
            i += 1
    jobs = [Job(plan[i][0], f"{plan[i][1].name}{SHARED}{plan[i + 1][1].name}", style, ctx, check=options.preflight)
            for i in pairs]
    made = render_all(jobs, cache, options.jobs, progress) if jobs else []
    # Set together, they must fit the page (and pass preflight), else each keeps its own.
    return {i: one for i, one in zip(pairs, made) if not one.problems and one.facts.pages == 1}


def _file_pages(path: Path) -> int:
    """The page count a PDF file's page tree gives, read from the file (not read whole, no page parsed)."""
    with path.open("rb") as fh:
        return int(PdfReader(fh).trailer["/Root"]["/Pages"]["/Count"])


def passes(pdf: bytes, expect, path: Path, options: BuildOptions, problems: list[str]) -> bool:
    """Preflight `pdf` (unless the options say not to); note its problems as `path: problem`."""
    if not options.preflight:
        return True
    found = preflight(pdf, expect)
    problems += [f"{path}: {p}" for p in found]
    return not found


def build_sheet(pack: Pack, topic_id: str, view_name: str, options: BuildOptions = BuildOptions()) -> bytes:
    """One topic's sheet of one view, numbered from 1, as PDF bytes."""
    topic = next(t for t in pack.topics if t.id == topic_id)
    view = VIEWS[view_name]
    options = settled(pack, options)
    style = style_for(pack, options)
    pdf = render_view(view, topic, style, context_for(pack, options, topic.id))
    out = finish_single(pdf, style, doc_info(pack, f"{plain(topic.title)} \u2014 {view.title(style)}"))
    problems: list[str] = []
    if not passes(out, sheet_expectations(style.paper_name, [(topic, view)], style.font, style.words.language), Path(f"{topic.id}-{view.name}"), options, problems):
        raise OutputError("\n".join([*problems, "preflight failed; nothing was written."]))
    return out


def with_paper(options: BuildOptions, paper: str | None) -> BuildOptions:
    return replace(options, paper=paper or "")


__all__: Sequence[str] = ("BuildOptions", "BuildResult", "build_pack", "build_sheet")
