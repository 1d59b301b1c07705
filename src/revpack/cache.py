"""The fragment cache: rendered PDFs on disk, one file per key, in an output folder's
``.revpack/cache`` (or a temporary folder with ``--no-cache``).

The cache lists every entry it may write in ``index.json`` before writing it, and
removes only listed entries with its own names: nothing else in the folder is touched.

Entries are written without waiting for the disk (no fsync: they can be made again),
so a crash may leave one empty, cut short or full of zeros under its final name. Each
entry therefore ends with a seal, a line holding a hash of what precedes it: an entry
whose seal is missing is not found (`_cached`, `get`), and one whose hash does not match
raises `TornEntry` when it is read (`Entry.read_bytes`), so it is made again, never used.
The index, which is what lets the cache remove files, is written to disk first.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from revpack.errors import OutputError
from revpack.files import atomic_file, atomic_write

ENTRY = re.compile(r"^[0-9a-f]{32}(-[a-z]+)?$")  # the names the cache gives its entries
INDEX = "index.json"
DATA = ("-where", "-facts")  # kinds of entry holding JSON (read-back facts), not a PDF

# An entry is its payload, then this, 32 hex digits of the payload's SHA-256 and a newline: a PDF
# comment after %%EOF, so an entry is still a PDF to any reader, but only its payload is ever used.
SEAL = b"\n%revpack-cache "
SEAL_SIZE = len(SEAL) + 33


def seal(payload: bytes) -> bytes:
    """`payload` as stored: with its seal."""
    return payload + SEAL + hashlib.sha256(payload).hexdigest()[:32].encode() + b"\n"


def unseal(stored: bytes) -> bytes | None:
    """The payload of a stored entry, or None if the entry is torn (its seal missing or not its hash)."""
    if len(stored) < SEAL_SIZE:
        return None
    payload, tail = stored[:-SEAL_SIZE], stored[-SEAL_SIZE:]
    if not tail.startswith(SEAL) or not tail.endswith(b"\n"):
        return None
    return payload if tail[len(SEAL):-1] == hashlib.sha256(payload).hexdigest()[:32].encode() else None


class _Hashing:
    """A file being written, hashing what is written to it (the rest of its interface as the file's)."""

    def __init__(self, fh: BinaryIO, digest):
        self._fh, self._digest = fh, digest

    def write(self, data) -> int:
        self._digest.update(data)
        return self._fh.write(data)

    def __getattr__(self, name: str):
        return getattr(self._fh, name)


class TornEntry(OutputError):
    """A cache entry whose bytes are not what was written (a crash while it was being written)."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(f"{path}: a damaged cache entry (left by a crash); build again to make it anew")


class _Payload(io.RawIOBase):
    """An entry's payload, read as a file: its bytes up to the seal, hashed as they are read; the
    read that reaches the end raises `TornEntry` if they are not the bytes sealed."""

    def __init__(self, entry: Path, fh: BinaryIO, size: int, sealed: bytes):
        super().__init__()
        self.entry, self.fh, self.left, self.sealed = entry, fh, size, sealed
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.left <= 0:
            return 0
        view = memoryview(buffer)[: self.left]
        got = self.fh.readinto(view)
        if not got:  # shorter than it says
            raise TornEntry(self.entry)
        self.digest.update(view[:got])
        self.left -= got
        if self.left == 0 and self.digest.hexdigest()[:32].encode() != self.sealed:
            raise TornEntry(self.entry)
        return got


class Entry(type(Path())):  # type: ignore[misc]  # the concrete Path class of this system
    """A cache entry's file. `read_bytes` gives its payload, checked against its seal (raising
    `TornEntry` if it does not match); its `name` is the key's, as the pack's ID hashes it."""

    def read_bytes(self) -> bytes:
        payload = unseal(super().read_bytes())
        if payload is None:
            raise TornEntry(self)
        return payload

    @contextlib.contextmanager
    def payload(self) -> Iterator[tuple[BinaryIO, int]]:
        """The entry's payload as a file, and its size: for an entry too large to read whole. Read to
        its end, it is checked against the seal (raising `TornEntry`): a copy that must be whole
        reads it to the end before keeping what it wrote."""
        with open(self, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size - SEAL_SIZE
            if size < 0:
                raise TornEntry(self)
            fh.seek(size)
            tail = fh.read()
            fh.seek(0)
            if not tail.startswith(SEAL) or not tail.endswith(b"\n"):
                raise TornEntry(self)
            yield _Payload(self, fh, size, tail[len(SEAL):-1]), size

    def sealed(self) -> bool:
        """Whether the entry exists and ends with a seal: cheap (the last bytes only), so a lookup
        misses an entry left empty or cut short; a seal that does not match is found on reading."""
        try:
            with open(self, "rb") as fh:
                fh.seek(-SEAL_SIZE, os.SEEK_END)
                tail = fh.read()
        except OSError:  # missing, or shorter than a seal
            return False
        return tail.startswith(SEAL) and tail.endswith(b"\n")


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
        self.torn: set[str] = set()  # keys whose entries were found damaged: missed until made again
        self._owner = os.getpid()  # only the process that made the cache lists entries
        self._listed: set[str] | None = None

    def __getstate__(self) -> dict:  # a worker writes into the folder; the owner alone removes it
        return {**self.__dict__, "_scratch": None}

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._scratch is not None:
            self._scratch.cleanup()

    def path(self, key: str) -> Entry:
        return Entry(self.folder / f"{key}{'.json' if key.endswith(DATA) else '.pdf'}")

    def has(self, key: str) -> bool:
        """Whether `key` has an entry to use (sealed, and not found torn in this build); marks it used."""
        self.used.add(key)
        return key not in self.torn and self.path(key).sealed()

    def get(self, key: str) -> bytes | None:
        """The payload of `key`'s entry; None if there is none, or it is torn (it is then made again)."""
        self.used.add(key)
        if key in self.torn:
            return None
        try:
            return self.path(key).read_bytes()
        except TornEntry:
            self.torn.add(key)
            return None
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        if os.getpid() == self._owner:
            self.claim([key])
        atomic_write(self.path(key), seal(data), durable=False)
        self.torn.discard(key)

    def find_torn(self) -> set[str]:
        """Read every entry this build has used and note those torn (`torn`): after one is found
        on reading, since the crash that tore it may have torn others."""
        for key in sorted(self.used - self.torn):
            try:
                self.path(key).read_bytes()
            except TornEntry:
                self.torn.add(key)
            except OSError:
                pass
        return self.torn

    def find(self, key: str) -> Entry | None:
        """The entry `key`'s file, if it is cached (for an entry too large to read whole: read it
        through `Entry.payload`)."""
        return self.path(key) if self.has(key) else None

    @contextlib.contextmanager
    def writing(self, key: str) -> Iterator[BinaryIO]:
        """A file to write the entry `key` into as it is made; the entry is there, sealed, when the block ends."""
        self.used.add(key)
        if os.getpid() == self._owner:
            self.claim([key])
        with atomic_file(self.path(key), durable=False) as fh:
            digest = hashlib.sha256()
            out = _Hashing(fh, digest)
            yield out
            fh.write(SEAL + digest.hexdigest()[:32].encode() + b"\n")
        self.torn.discard(key)

    def discard(self, key: str) -> None:
        """Remove the entry `key` (one found wanting after it was written)."""
        self.path(key).unlink(missing_ok=True)

    def get_json(self, key: str):
        """`get` for a data entry (a `DATA` kind): its value, or None."""
        data = self.get(key)
        try:
            return None if data is None else json.loads(data)
        except ValueError:
            return None

    def put_json(self, key: str, value) -> None:
        self.put(key, json.dumps(value, sort_keys=True, separators=(",", ":")).encode())

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
