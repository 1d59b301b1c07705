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
from collections.abc import Iterator
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
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A new file to write `path` through, in the same folder (named as `TEMP`): it replaces
    `path` when the block ends, and is removed instead if the block fails."""
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


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder (see `atomic_file`)."""
    with atomic_file(path) as fh:
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


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        with a.open("rb") as fa, b.open("rb") as fb:
            while True:
                chunk = fa.read(CHUNK)
                if chunk != fb.read(CHUNK):
                    return False
                if not chunk:
                    return True
    except OSError:
        return False


def copy_if_changed(path: Path, source: Path) -> None:
    """`path` made a copy of the file `source` (as `atomic_file` writes), unless it holds the same bytes already."""
    if _same_bytes(path, source):
        return
    with atomic_file(path) as fh, source.open("rb") as src:
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
