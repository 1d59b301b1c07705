"""Writing files safely: every write goes through a temporary file in the same folder and
`os.replace`, so a reader sees the old file or the new one, never half of either.

The temporary file is named ``.<name>.revpack-<pid>-<random>.tmp``; `sweep_temps` removes
such files whose process has gone (a build killed mid-write). `outdir` decides where
revpack may write; this module only knows how.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import BinaryIO

from revpack.errors import OutputError

# ".<name>.revpack-<pid>-<mkstemp's random letters>.tmp": a temporary file revpack made.
TEMP = re.compile(r"^\..*\.revpack-(\d+)-[A-Za-z0-9_]+\.tmp$")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


UMASK = _umask()


@contextlib.contextmanager
def atomic_file(path: Path, durable: bool = True) -> Iterator[BinaryIO]:
    """A new file to write `path` through, in the same folder (named as `TEMP`): it replaces
    `path` when the block ends, and is removed instead if the block fails.

    `durable`: the data reaches the disk (fsync) before the file takes the name, so a crash leaves
    the old file or the new one whole. Files that can be made again (the fragment cache's entries,
    which check themselves when read) skip that wait."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The name is cut so the temporary file's name stays within the file system's limit.
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:80]}.revpack-{os.getpid()}-", suffix=".tmp",
                                   dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path.parent}: cannot write here: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~UMASK)  # mkstemp makes files private; outputs are ordinary files
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: bytes, durable: bool = True) -> None:
    """Write `data` to `path` through a temporary file in the same folder (see `atomic_file`)."""
    with atomic_file(path, durable) as fh:
        fh.write(data)


def write_if_changed(path: Path, data: bytes) -> None:
    """`atomic_write`, skipped when the file already holds exactly `data`."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:
        pass
    atomic_write(path, data)


CHUNK = 1 << 20  # files are compared and copied a mebibyte at a time, never held whole


Opener = Callable[[], AbstractContextManager[tuple[BinaryIO, int]]]  # a source's bytes as a file, and their size


def plain_file(source: Path) -> Opener:
    """A file as `copy_if_changed` reads it."""

    @contextlib.contextmanager
    def opened() -> Iterator[tuple[BinaryIO, int]]:
        with source.open("rb") as fh:
            yield fh, os.fstat(fh.fileno()).st_size

    return opened


def _same_bytes(a: Path, source: Opener) -> bool:
    try:
        with a.open("rb") as fa, source() as (fb, size):
            if os.fstat(fa.fileno()).st_size != size:
                return False
            while True:
                chunk = fa.read(CHUNK)
                if chunk != fb.read(CHUNK):
                    return False
                if not chunk:
                    return True
    except OSError:
        return False


def copy_if_changed(path: Path, source: Path | Opener) -> None:
    """`path` made a copy of `source` (a file, or an `Opener`: a cache entry's payload) as
    `atomic_file` writes, unless it holds the same bytes already. `source` is read to its end
    before the copy takes `path`'s name (a cache entry checks itself there)."""
    source = plain_file(source) if isinstance(source, Path) else source
    if _same_bytes(path, source):
        return
    with atomic_file(path) as fh, source() as (src, _):
        shutil.copyfileobj(src, fh, CHUNK)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def sweep_temps(folder: Path) -> list[Path]:
    """Remove revpack's temporary files in `folder` whose writing process has gone."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = TEMP.match(entry.name)
        if found and entry.is_file(follow_symlinks=False) and not _alive(int(found.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed
