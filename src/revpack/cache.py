"""The fragment cache: rendered PDFs on disk, one file per key, in an output folder's
``.revpack/cache`` (or a temporary folder with ``--no-cache``).

The cache lists every entry it may write in ``index.json`` before writing it, and
removes only listed entries with its own names: nothing else in the folder is touched.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from revpack.files import atomic_file, atomic_write

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
        if os.getpid() == self._owner:
            self.claim([key])
        atomic_write(self.path(key), data)

    def find(self, key: str) -> Path | None:
        """The entry `key`'s file, if it is cached (for an entry too large to read whole)."""
        self.used.add(key)
        path = self.path(key)
        return path if path.is_file() else None

    @contextlib.contextmanager
    def writing(self, key: str) -> Iterator[BinaryIO]:
        """A file to write the entry `key` into as it is made; the entry is there when the block ends."""
        self.used.add(key)
        if os.getpid() == self._owner:
            self.claim([key])
        with atomic_file(self.path(key)) as fh:
            yield fh

    def discard(self, key: str) -> None:
        """Remove the entry `key` (one found wanting after it was written)."""
        self.path(key).unlink(missing_ok=True)

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
