"""Rendering fragments: one PDF per (topic, view), cached by content and run in parallel.

A fragment depends only on its topic's content, the view, the style (theme,
paper, font charset), the context (pack title, options) and the code that
renders it (revpack's own source, ReportLab's and pypdf's versions); its cache
key hashes exactly those, so an edit re-renders only the
topic that changed and a no-change build renders nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path

from revpack.model import Topic
from revpack.uptodate import code_fingerprint
from revpack.theme import Style


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
    context: object  # views.Context (kept loose so this module imports no ReportLab)
    extra: tuple[tuple[str, str], ...] = ()  # what else the fragment depends on (a topic's number)
    single: object = None  # render.DocInfo: also make the single-topic PDF (numbered, with metadata)
    check: bool = False  # preflight the PDF (against build.expectations_for) before it is cached

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


ENTRY = re.compile(r"^[0-9a-f]{32}(-[a-z]+)?$")  # the names the cache gives its entries
INDEX = "index.json"


class Cache:
    """Fragments on disk, one file per key, in `folder`; with no folder (``--no-cache``) a
    temporary one that lives as long as this object: nothing is reused, but the build
    still holds its fragments on disk rather than in memory.

    The cache lists in `folder`/index.json every entry it may write, before it is
    written (so a killed build leaves nothing unlisted), and removes only listed entries
    with its own names: nothing else in the folder is ever touched.
    """

    def __init__(self, folder: Path | None):
        self._scratch = tempfile.TemporaryDirectory(prefix="revpack-") if folder is None else None
        self.folder = Path(self._scratch.name) if self._scratch else folder
        self.used: set[str] = set()
        self._owner = os.getpid()  # only the process that made the cache lists entries
        self._listed: set[str] | None = None

    def __getstate__(self) -> dict:  # a worker writes into the folder; the owner alone removes it
        return {**self.__dict__, "_scratch": None}

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._scratch is not None:
            self._scratch.cleanup()

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def get(self, key: str) -> bytes | None:
        self.used.add(key)
        try:
            return self.path(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        from revpack.outdir import atomic_write

        if os.getpid() == self._owner:
            self.claim([key])
        atomic_write(self.path(key), data)

    def listed(self) -> set[str]:
        """The entries the cache has written (or was about to)."""
        if self._listed is None:
            try:
                names = json.loads((self.folder / INDEX).read_text(encoding="utf-8"))
                self._listed = {n for n in names if isinstance(n, str) and ENTRY.match(n)}
            except (OSError, ValueError, TypeError):
                self._listed = set()
        return self._listed

    def claim(self, keys: Iterable[str]) -> None:
        """List `keys` before their entries are written (by this process or its workers)."""
        if self._scratch is not None:
            return
        listed = self.listed()
        new = {k for k in keys if ENTRY.match(k)} - listed
        if new:
            listed |= new
            self._save()

    def _save(self) -> None:
        from revpack.outdir import atomic_write

        atomic_write(self.folder / INDEX, json.dumps(sorted(self.listed())).encode())

    def prune(self) -> None:
        """Remove listed entries this build did not use (after a full build only)."""
        if self._scratch is not None or not self.folder.is_dir():
            return
        stale = self.listed() - self.used
        for key in stale:
            self.path(key).unlink(missing_ok=True)
        if stale:
            self.listed().difference_update(stale)
            self._save()

    def clear(self) -> list[Path]:
        """Remove every listed entry and the index (`revpack clean`); returns what went."""
        removed = []
        for key in sorted(self.listed()):
            path = self.path(key)
            if path.is_file() and not path.is_symlink():
                path.unlink()
                removed.append(path)
        index = self.folder / INDEX
        if index.is_file() and not index.is_symlink():
            index.unlink()
        self._listed = set()
        return removed


CUTOUTS = "cutouts"  # the pseudo-view of a topic's cut-out card sheets


@dataclass(frozen=True)
class Rendered:
    """What a job made: the fragment for the pack, its single-topic PDF, preflight's verdict.

    A PDF that passed is in the cache, read when it is needed (a pack's worth of
    fragments is never in memory at once); one that failed is carried here, uncached.
    """

    fragment_path: Path
    single_path: Path | None = None
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
        from revpack.cutouts import CardOptions, topic_cutouts

        extra = dict(job.extra)
        options = CardOptions(kinds=tuple(extra["kinds"].split(",")))
        elsewhere = frozenset(extra.get("elsewhere", "").split("\n")) - {""}
        return topic_cutouts(job.topic, int(extra["number"]), job.style, options, elsewhere)

    from revpack.views import VIEWS, render_view

    return render_view(VIEWS[job.view], job.topic, job.style, job.context)


def _paths(job: Job, cache: Cache) -> tuple[Path, Path | None]:
    return cache.path(job.key), (cache.path(f"{job.key}-single") if job.single is not None else None)


def _render(job: Job, cache: Cache) -> Rendered:
    """Render, finish, check and cache one job: all of it in the worker, so all of it runs in parallel."""
    pdf = _fragment(job)
    single = None
    if job.single is not None:
        from revpack.assemble import finish_single

        single = finish_single(pdf, job.style, job.single)
    problems: tuple[str, ...] = ()
    if job.check and pdf:  # (a topic without cards has no cut-out sheets)
        from revpack.build import expectations_for
        from revpack.preflight import preflight

        problems = tuple(preflight(single or pdf, expectations_for(job)))
    fragment_path, single_path = _paths(job, cache)
    if problems:  # only what passed is cached, so a cached PDF needs no second check
        return Rendered(fragment_path, single_path, problems, (pdf, single))
    cache.put(job.key, pdf)
    if single is not None:
        cache.put(f"{job.key}-single", single)
    return Rendered(fragment_path, single_path)


def _cached(job: Job, cache: Cache) -> Rendered | None:
    fragment_path, single_path = _paths(job, cache)
    cache.used.update(p.stem for p in (fragment_path, single_path) if p)
    if not fragment_path.exists() or (single_path and not single_path.exists()):
        return None
    return Rendered(fragment_path, single_path)


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
    cache.claim(p.stem for i in todo for p in _paths(jobs[i], cache) if p)
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
