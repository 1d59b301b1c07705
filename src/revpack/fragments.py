"""Rendering fragments: one PDF per (topic, view), cached by content and run in parallel.

A fragment depends only on its topic's content, the view, the style (theme,
paper, font charset), the context (pack title, options) and the code that
renders it (revpack's own source, ReportLab's and pypdf's versions); its cache
key hashes exactly those, so an edit re-renders only the
topic that changed and a no-change build renders nothing.
"""

from __future__ import annotations

import hashlib
import io
import os
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import cached_property, partial
from pathlib import Path

from pypdf import PdfReader

from revpack.assemble import finish_single
from revpack.cache import Cache
from revpack.cutouts import CardOptions, topic_cutouts
from revpack.drawn import Drawn
from revpack.expectations import card_sheet_expectations, sheet_expectations
from revpack.model import Topic
from revpack.pdfmetrics_cache import forget
from revpack.preflight import preflight
from revpack.theme import Style
from revpack.uptodate import code_fingerprint
from revpack.views import VIEWS, render_shared, render_view, shareable, used


def rendered_key(style: Style, *parts: str) -> str:
    """A cache key for something rendered in `style` from `parts` (its content, as text):
    the code and every side of the style that changes output are hashed in."""
    fixed = (code_fingerprint(), repr(style.theme), repr(style.look), repr(style.words), style.paper, str(style.landscape), style.charset)
    return hashlib.sha256("\x1f".join((*fixed, *parts)).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Job:
    """One fragment to render."""

    topic: Topic
    view: str
    style: Style
    context: object  # views.Context
    extra: tuple[tuple[str, str], ...] = ()  # what else the fragment depends on (a topic's number)
    single: object = None  # render.DocInfo: also make the single-topic PDF (numbered, with metadata)
    check: bool = False  # preflight the PDF (against `_expectations`) before it is cached

    @cached_property
    def key(self) -> str:
        """A hash of everything the fragment's bytes depend on."""
        return rendered_key(
            self.style,
            self.view,
            repr(self.topic),  # dataclass repr: content only, positions excluded
            repr(self.context),
            repr(self.extra),
            repr(self.single),
            str(self.check),  # what it is checked against follows from the rest
        )


CUTOUTS = "cutouts"  # the pseudo-view of a topic's cut-out card sheets
SHARED = "+"  # joins the names of views set on the same pages: "compare+timeline"


@dataclass(frozen=True)
class Facts:
    """What the build asks of a fragment besides its bytes: found once, as it is made, and kept
    beside it in the cache, so a build that reuses the fragment does not parse it to learn them."""

    pages: int = 0
    upright: bool = False  # its first page is taller than wide
    used: float | None = None  # a one-page upright sheet that may share its page: the share of the body it fills


def facts_of(pdf: bytes, job: Job) -> Facts:
    if not pdf:
        return Facts()
    reader = PdfReader(io.BytesIO(pdf))
    pages = int(reader.trailer["/Root"]["/Pages"]["/Count"])
    box = reader.pages[0].mediabox
    upright = float(box.width) < float(box.height)
    views = [VIEWS.get(name) for name in job.view.split(SHARED)]
    may_share = len(views) == 1 and views[0] is not None and shareable(views[0])
    return Facts(pages, upright, used(pdf, job.style) if may_share and pages == 1 and upright else None)


@dataclass(frozen=True)
class Rendered:
    """What a job made: the fragment for the pack, its single-topic PDF, preflight's verdict.

    A PDF that passed is in the cache, read when it is needed (a pack's worth of
    fragments is never in memory at once); one that failed is carried here, uncached.
    """

    fragment_path: Path
    single_path: Path | None = None
    facts: Facts = Facts()
    problems: tuple[str, ...] = ()  # of the single (the fragment if there is none); () = passed
    failed: tuple[bytes, bytes | None] | None = None  # the PDFs, when they are not cached

    @property
    def pdf(self) -> bytes:
        return self.failed[0] if self.failed else self.fragment_path.read_bytes()

    @property
    def source(self) -> bytes | Path:
        """The fragment as `assemble.Fragment` takes it: its file, or its bytes if uncached."""
        return self.failed[0] if self.failed else self.fragment_path

    @property
    def single(self) -> bytes | None:
        if self.failed:
            return self.failed[1]
        return self.single_path.read_bytes() if self.single_path else None


def _fragment(job: Job) -> bytes:
    if job.view == CUTOUTS:
        extra = dict(job.extra)
        options = CardOptions(kinds=tuple(extra["kinds"].split(",")))
        elsewhere = frozenset(extra.get("elsewhere", "").split("\n")) - {""}
        # The pack's footer, as on every other page (the title is in the job's context, so in its key).
        return topic_cutouts(job.topic, int(extra["number"]), job.style, options, elsewhere,
                             footer=getattr(job.context, "pack_title", ""))

    if SHARED in job.view:  # views sharing their pages in the pack ("compare+timeline")
        return render_shared([VIEWS[name] for name in job.view.split(SHARED)], job.topic, job.style, job.context)
    return render_view(VIEWS[job.view], job.topic, job.style, job.context)


def _expectations(job: Job):
    """What a job's PDF must be (`preflight.Expectations`): a topic's sheet, or its cut-out card sheets."""
    paper = job.style.paper_name
    if job.view == CUTOUTS:
        return card_sheet_expectations(paper)
    printed = [(job.topic, VIEWS[name]) for name in job.view.split(SHARED)]
    return sheet_expectations(paper, printed, job.style.font, job.style.words.language)


def _paths(job: Job, cache: Cache) -> tuple[Path, Path | None]:
    return cache.path(job.key), (cache.path(f"{job.key}-single") if job.single is not None else None)


def _render(job: Job, cache: Cache) -> Rendered:
    """Render, finish, check and cache one job: all of it in the worker, so all of it runs in parallel."""
    forget()  # the paragraphs parsed and wrapped for the job before (pdfmetrics_cache)
    pdf = _fragment(job)
    single = None
    if job.single is not None:
        single = finish_single(pdf, job.style, job.single)
    problems: tuple[str, ...] = ()
    if job.check and pdf:  # (a topic without cards has no cut-out sheets)
        # A fragment drawn here is checked as drawn (drawn.py), not read back; its single
        # differs from it only by the page numbers stamped in the footer's furniture.
        checked = pdf if isinstance(pdf, Drawn) or single is None else single
        problems = tuple(preflight(checked, _expectations(job)))
    fragment_path, single_path = _paths(job, cache)
    facts = facts_of(pdf, job)
    if problems:  # only what passed is cached, so a cached PDF needs no second check
        return Rendered(fragment_path, single_path, facts, problems, (pdf, single))
    cache.put(job.key, pdf)
    if single is not None:
        cache.put(f"{job.key}-single", single)
    cache.put_json(f"{job.key}-facts", asdict(facts))
    return Rendered(fragment_path, single_path, facts)


def _cached(job: Job, cache: Cache) -> Rendered | None:
    fragment_path, single_path = _paths(job, cache)
    found = [cache.has(p.stem) for p in (fragment_path, single_path) if p]
    facts = cache.get_json(f"{job.key}-facts")
    if not all(found) or not isinstance(facts, dict):
        return None
    try:
        return Rendered(fragment_path, single_path, Facts(**facts))
    except TypeError:  # not the facts this code keeps
        return None


def _worker_init(parent: int) -> None:
    """A worker ends with its build: Ctrl-C is the parent's to handle (it kills the workers),
    SIGTERM ends a worker at once, and on Linux the kernel kills a worker whose parent died
    (even by SIGKILL), so no worker outlives the build."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def default_jobs() -> int:
    """The cores this process may use: also the most workers a build starts (`-j` above it is clamped)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def render_all(
    jobs: Sequence[Job],
    cache: Cache,
    workers: int = 0,
    progress: Callable[[str], None] = lambda msg: None,
) -> list[Rendered]:
    """Every job's PDFs, from the cache where possible, the rest rendered (and cached) in
    `workers` processes."""
    results: list[Rendered | None] = [_cached(job, cache) for job in jobs]
    todo = [i for i, r in enumerate(results) if r is None]
    # Listed before any worker writes, so a build killed midway leaves only listed entries.
    cache.claim([*(p.stem for i in todo for p in _paths(jobs[i], cache) if p), *(f"{jobs[i].key}-facts" for i in todo)])
    if todo:
        # A progress that counts (cli._Progress) shows a bar; a plain callable gets the line.
        start = getattr(progress, "start", None)
        message = f"rendering {len(todo)} of {len(jobs)} fragments"
        if start:
            start(message, len(todo))
        else:
            progress(message)
    advance = getattr(progress, "advance", lambda n=1: None)
    # More workers than cores only add memory and contention: -j is clamped to the cores.
    workers = min(workers or default_jobs(), default_jobs(), len(todo))
    if workers > 1:
        # Chunks keep each worker busy with a run of jobs rather than one IPC round trip each.
        chunk = max(1, len(todo) // (workers * 4))
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(os.getpid(),))
        try:
            rendered = []
            for one in pool.map(partial(_render, cache=cache), [jobs[i] for i in todo], chunksize=chunk):
                rendered.append(one)
                advance()
        except BaseException:
            # Interrupted (Ctrl-C, SIGTERM) or failed: end the workers now rather than let them finish
            # their queue. A worker killed mid-write leaves a temporary file the next build removes.
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.kill()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
    else:
        rendered = []
        for i in todo:
            rendered.append(_render(jobs[i], cache))
            advance()
    for i, done in zip(todo, rendered):
        results[i] = done
    return [r for r in results if r is not None]
