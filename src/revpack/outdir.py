"""The output folder: what revpack may write there, and what it may remove.

A folder is revpack's when it holds ``.revpack/owned.json`` (the marker), which
lists every file revpack wrote there with its size and modification time. The
rules that follow from it:

- a build writes only into a folder that does not exist yet, is empty, or is
  marked; it never overwrites a file the marker does not list, and never writes
  through a link out of the folder;
- ``revpack clean`` removes only listed files still as revpack left them, the
  cache's own listed entries and revpack's state, then the folders left empty;
  a folder without the marker is refused;
- every write goes through a temporary file named ``.<name>.revpack-<pid>-<random>.tmp``
  in the same folder and ``os.replace``; a later build removes such files whose
  process is gone (a build killed mid-write);
- one build at a time writes into a folder: ``.revpack/lock`` is held (flock) for
  the whole build; a second build waits for it;
- a file named with ``-o FILE`` (a sheet, cards, an export, a preview) is written
  only where no file is, or over a file revpack wrote there itself and nobody has
  changed since: those are listed, with their size and modification time, in
  ``$XDG_STATE_HOME/revpack/written.json`` (``~/.local/state/revpack/``), so no
  marker is left in the user's own folder. Any other file (``-o pack.yaml``, an
  essay) is refused, and nothing is written.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from revpack.cache import Cache
from revpack.errors import OutputError
from revpack.files import UMASK, atomic_write, sweep_temps, write_if_changed

STATE = ".revpack"  # revpack's own folder inside an output folder
OWNED = "owned.json"  # the marker: what revpack wrote here
LOCK = "lock"
CACHE = "cache"
MANIFEST = "manifest.json"  # uptodate's record of the last build


def _stamp(path: Path) -> list[int] | None:
    try:
        stat = path.lstat()
    except OSError:
        return None
    if not os.path.isfile(path) or os.path.islink(path):
        return None
    return [stat.st_size, stat.st_mtime_ns]


def _written_list() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "revpack" / "written.json"


def _written() -> dict[str, list[int]]:
    try:
        data = json.loads(_written_list().read_text(encoding="utf-8"))
        return {str(k): list(v) for k, v in data.items() if isinstance(v, list) and len(v) == 2}
    except (OSError, ValueError, AttributeError):
        return {}


def write_named(files: dict[Path, bytes]) -> None:
    """Write files the user named with ``-o`` (see the module's rules): refuse, one line per
    file and before writing any, to replace a file revpack did not write; then list them."""
    listed = _written()
    problems = []
    for path in files:
        key = str(path.absolute())
        if os.path.lexists(path) and (not path.is_file() or path.is_symlink() or _stamp(path) != listed.get(key)):
            problems.append(f"{path}: exists and revpack did not make it; choose another name or move it away")
    if problems:
        raise OutputError("\n".join([*problems, "nothing was written."]))
    try:
        for path, data in files.items():
            write_if_changed(path, data)
    finally:
        # Forget files that have gone or changed since; remember these.
        listed = {k: v for k, v in listed.items() if _stamp(Path(k)) == v}
        listed.update({str(p.absolute()): stamp for p in files if (stamp := _stamp(p)) is not None})
        with contextlib.suppress(OutputError):
            atomic_write(_written_list(), json.dumps(dict(sorted(listed.items())), indent=0).encode())


_held: dict[str, list] = {}  # resolved folder -> [fd, depth]: a process may lock a folder it holds again


class OutputFolder:
    """An output folder, as revpack may use it."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.state = self.folder / STATE
        self.cache = self.state / CACHE
        self.manifest = self.state / MANIFEST

    # --- whose folder ----------------------------------------------------------------

    def marked(self) -> bool:
        return (self.state / OWNED).is_file()

    def claim(self) -> None:
        """Make the folder revpack's, or refuse: it must be new, empty or marked already."""
        folder = self.folder
        if folder.is_symlink() and not folder.exists():
            raise OutputError(f"{folder}: a link to nothing; give a folder for the output")
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"{folder}: a file, not a folder; give a folder for the output")
        if folder.is_dir() and not self.marked():
            try:
                with os.scandir(folder) as entries:
                    foreign = next(entries, None)
            except OSError as exc:
                raise OutputError(f"{folder}: cannot read this folder: {exc.strerror or exc}") from None
            if foreign is not None:
                raise OutputError(
                    f"{folder}: holds files revpack did not make (it has no {STATE}/{OWNED}); "
                    "build into a new or empty folder"
                )
        if not self.marked():
            atomic_write(self.state / OWNED, json.dumps({"revpack": 1, "files": {}}).encode())

    def owned(self) -> dict[str, list[int]]:
        """The files revpack wrote here (relative POSIX path -> [size, mtime_ns] as written)."""
        try:
            data = json.loads((self.state / OWNED).read_text(encoding="utf-8"))
            files = data["files"]
            return {str(k): list(v) for k, v in files.items() if isinstance(v, list) and len(v) == 2}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def _relative(self, path: Path) -> str:
        """`path` as listed, after checking it lies inside the folder (no link leads out)."""
        root = self.folder.resolve()
        try:
            return path.parent.resolve().joinpath(path.name).relative_to(root).as_posix()
        except ValueError:
            raise OutputError(f"{path}: outside the output folder {self.folder} (a link leads out); "
                              "nothing was written") from None

    def check_targets(self, paths: Iterable[Path]) -> None:
        """Refuse (one line per file) to overwrite a file revpack did not write here."""
        owned = self.owned()
        problems = []
        for path in paths:
            rel = self._relative(path)
            if (os.path.lexists(path) and rel not in owned) or (path.exists() and not path.is_file()):
                problems.append(f"{path}: exists and revpack did not make it; move it away or build elsewhere")
        if problems:
            raise OutputError("\n".join([*problems, "nothing was written."]))

    def record(self, paths: Iterable[Path]) -> None:
        """Add `paths` (just written) to the marker's list."""
        owned = self.owned()
        for path in paths:
            stamp = _stamp(path)
            if stamp is not None:
                owned[self._relative(path)] = stamp
        atomic_write(self.state / OWNED, json.dumps({"revpack": 1, "files": dict(sorted(owned.items()))},
                                                    indent=0).encode())

    def retire(self, paths: Iterable[Path]) -> list[Path]:
        """Remove `paths`, outputs of an earlier build that this one no longer makes (a deleted
        topic's sheets): only those listed here and unchanged since revpack wrote them. Returns
        the files removed; the list forgets them."""
        owned = self.owned()
        removed = []
        for path in paths:
            try:
                rel = self._relative(path)
            except OutputError:
                continue
            if rel in owned and _stamp(path) == owned[rel]:
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
                    del owned[rel]
        if removed:
            atomic_write(self.state / OWNED, json.dumps({"revpack": 1, "files": dict(sorted(owned.items()))},
                                                        indent=0).encode())
        return removed

    def write(self, files: dict[Path, bytes]) -> None:
        """Write each file (only where it changed), after checking none is someone else's; list them."""
        self.claim()
        with self.locked():
            self.check_targets(files)
            try:
                for path, data in files.items():
                    write_if_changed(path, data)
            finally:
                self.record(files)

    # --- one writer at a time ----------------------------------------------------------

    @contextlib.contextmanager
    def locked(self, wait: bool = True, waiting: Callable[[str], None] = lambda msg: None) -> Iterator[None]:
        """Hold the folder's lock (a second build waits, or with wait=False is refused)."""
        try:
            import fcntl
        except ImportError:  # no flock (Windows): one writer is the user's business
            yield
            return
        key = str(self.folder.resolve())
        if key in _held:
            _held[key][1] += 1
            try:
                yield
            finally:
                _held[key][1] -= 1
            return
        self.state.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.state / LOCK, os.O_RDWR | os.O_CREAT, 0o666 & ~UMASK)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    raise OutputError(f"{self.folder}: a build is writing here; try again when it has finished") \
                        from None
                waiting(f"waiting for another build into {self.folder} to finish")
                fcntl.flock(fd, fcntl.LOCK_EX)
            _held[key] = [fd, 1]
            try:
                yield
            finally:
                del _held[key]
        finally:
            os.close(fd)  # closing releases the lock

    def sweep(self) -> None:
        """Remove temporary files left by killed revpack processes, in every folder revpack writes."""
        for folder in {self.folder, *(self.folder / rel for rel in _parents(self.owned())), self.state, self.cache}:
            sweep_temps(folder)

    # --- clean -------------------------------------------------------------------------

    def clean(self) -> tuple[list[Path], list[Path]]:
        """Remove what revpack made here; return (removed, kept because changed since)."""
        if not self.folder.exists():
            return [], []
        if not self.folder.is_dir() or not self.marked():
            raise OutputError(f"{self.folder}: not a revpack output folder (no {STATE}/{OWNED}); nothing removed")
        removed: list[Path] = []
        kept: list[Path] = []
        with self.locked(wait=False):
            owned = self.owned()
            for rel, stamp in owned.items():
                path = self.folder / rel
                try:
                    self._relative(path)
                except OutputError:
                    continue
                now = _stamp(path)
                if now is None:
                    continue
                if now != stamp:
                    kept.append(path)
                    continue
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
            removed += Cache(self.cache).clear()
            self.sweep()
            for name in (MANIFEST, LOCK, OWNED):
                path = self.state / name
                if path.is_file() and not path.is_symlink():
                    path.unlink()
        # Folders left empty go (rmdir fails on any that still hold something: it stays).
        for rel in sorted(_parents(owned), key=lambda r: -r.count("/")):
            _rmdir(self.folder / rel)
        for folder in (self.cache, self.state, self.folder):
            _rmdir(folder)
        return removed, kept


def _parents(owned: Iterable[str]) -> set[str]:
    """Every folder (relative, below the top) that holds a listed file."""
    parents = set()
    for rel in owned:
        parts = rel.split("/")[:-1]
        parents.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return parents


def _rmdir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        if not folder.is_symlink():
            folder.rmdir()
