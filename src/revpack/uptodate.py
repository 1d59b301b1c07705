"""Knowing, before reading a topic, that a build would change nothing.

A build's outputs are a function of its inputs: the pack's YAML files and
image files, the fonts, the options and the code (`code_fingerprint`, which the fragment cache
keys use too). After each
build the CLI records a digest of those inputs, the outputs it wrote (size and
modification time) and the warnings it printed, in ``<out>/.revpack/manifest.json``.
The next build with the same digest, whose outputs are all still as written,
prints the same warnings and paths and stops: no YAML is parsed, no PDF read.
Anything else (an edited topic, a touched output, another option, a new
revpack) builds as usual, and the fragment cache does the rest.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from stat import S_ISREG
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from revpack import __version__
from revpack.errors import OutputError
from revpack.files import atomic_write
from revpack.outdir import OutputFolder



@functools.cache
def code_fingerprint() -> str:
    """A hash of what renders fragments: revpack's source files and the files that name
    ReportLab's and pypdf's versions. Upgrading either, or editing revpack, invalidates
    the cache. (Found without importing them: a no-change build needs neither.)"""
    from importlib.util import find_spec

    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    for library in ("reportlab", "pypdf"):
        init = Path(find_spec(library).origin)
        for path in (init, init.with_name("_version.py")):
            digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


@dataclass(frozen=True)
class Record:
    """What a finished build leaves for the next one to compare with."""

    digest: str
    outputs: tuple[str, ...]  # the paths written, as given to the CLI
    warnings: tuple[str, ...]  # the loader's and font warnings, one line each
    summary: str = ""  # what the pack is, for the build's last line: '156 pages, 8 topics'


def inputs_digest(pack_dir: Path, settings: Sequence[str]) -> str:
    """A hash of everything a build of `pack_dir` with `settings` (the options, as text) reads."""
    from revpack import FONT_DIR

    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update("\x1f".join(settings).encode())
    from revpack.load import topic_files

    # Exactly what the loader reads; anything it would not read (a folder, a pipe, an unreadable
    # file) is hashed as its kind, so a change of it is a change, and nothing here blocks.
    for path in [pack_dir / "pack.yaml", *topic_files(pack_dir).values()]:
        digest.update(f"\x1e{path.relative_to(pack_dir).as_posix()}\x1f".encode())
        try:
            mode = path.stat().st_mode
            digest.update(path.read_bytes() if S_ISREG(mode) else f"mode {mode}".encode())
        except OSError as exc:
            digest.update(f"error {exc.errno}".encode())
    # The images a topic may name are files anywhere in the pack folder: each one's size and time,
    # found without reading the YAML (an edited picture is a change; a build rereads its bytes).
    for path in image_files(pack_dir):
        try:
            stat = path.stat()
            digest.update(f"\x1e{path.relative_to(pack_dir).as_posix()} {stat.st_size} {stat.st_mtime_ns}".encode())
        except OSError as exc:
            digest.update(f"error {exc.errno}".encode())
    for font in sorted(FONT_DIR.glob("*.ttf")):
        stat = font.stat()
        digest.update(f"\x1e{font.name} {stat.st_size} {stat.st_mtime_ns}".encode())
    return digest.hexdigest()


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


def image_files(pack_dir: Path) -> list[Path]:
    """Every file in the pack folder (and its folders, links not followed, hidden ones left out)
    with an image's name: what a topic's `image:` may name."""
    out = []
    for folder, dirs, files in os.walk(pack_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out += [Path(folder) / f for f in sorted(files) if f.lower().endswith(IMAGE_SUFFIXES) and not f.startswith(".")]
    return out


def _stamp(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def unchanged(out_dir: Path, digest: str) -> Record | None:
    """The last build's record if it had `digest` and its outputs are untouched, else None."""
    try:
        data = json.loads(OutputFolder(out_dir).manifest.read_text(encoding="utf-8"))
        if data["digest"] != digest:
            return None
        if any(_stamp(Path(path)) != stamp for path, stamp in data["outputs"]):
            return None
        return Record(digest, tuple(path for path, _ in data["outputs"]), tuple(data["warnings"]),
                      str(data.get("summary", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def last_outputs(out_dir: Path) -> list[str]:
    """The outputs the last build of `out_dir` wrote (as recorded), whatever its inputs were."""
    try:
        data = json.loads(OutputFolder(out_dir).manifest.read_text(encoding="utf-8"))
        return [str(path) for path, _ in data["outputs"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def record(out_dir: Path, built: Record) -> None:
    """Remember a finished build (best effort: a build that cannot record is still a build)."""
    data = {
        "digest": built.digest,
        "outputs": [[path, _stamp(Path(path))] for path in built.outputs],
        "warnings": list(built.warnings),
        "summary": built.summary,
    }
    try:
        atomic_write(OutputFolder(out_dir).manifest, json.dumps(data).encode("utf-8"))
    except OutputError:
        pass
