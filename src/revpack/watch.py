"""`revpack watch`: rebuild on save, only what changed, and keep going after a bad save.

The work of one rebuild is `Rebuilder.step`, a plain function of the set of
changed paths, so it is tested without a file watcher; `watch` only feeds it
the changes watchfiles reports. The build's fragment cache (keyed by content)
is what makes a step cheap: an edit to one topic re-renders that topic's views,
and its sheets are written as soon as they pass preflight, before the pack is assembled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from revpack.build import BuildOptions, build_pack
from revpack.errors import RevpackError

Echo = Callable[[str], None]


@dataclass
class Rebuilder:
    """Rebuilds the pack in `folder` into `out_dir` when its YAML or an image in it changes."""

    folder: Path
    out_dir: Path | None = None  # None: build/<pack-id>/
    options: BuildOptions = field(default_factory=BuildOptions)
    echo: Echo = print
    progress: Echo = lambda msg: None

    def relevant(self, changed: Iterable[Path]) -> list[Path]:
        """The changed files a build reads: `pack.yaml`, the topic files and images anywhere in the
        pack folder (not editors' temp files, nor anything in a hidden folder or the output folder)."""
        from revpack.uptodate import IMAGE_SUFFIXES

        root = self.folder.resolve()
        out_dir = self.out_dir.resolve() if self.out_dir is not None else None
        out = []
        for path in changed:
            path = Path(path).resolve()
            if path.name.startswith("."):
                continue
            if path.suffix == ".yaml" and (path == root / "pack.yaml" or path.parent == root / "topics"):
                out.append(path)
            elif path.suffix.lower() in IMAGE_SUFFIXES and path.is_relative_to(root) and not (
                    out_dir is not None and path.is_relative_to(out_dir)) and not any(
                    part.startswith(".") for part in path.relative_to(root).parts):
                out.append(path)
        return sorted(out)

    def step(self, changed: Iterable[Path] | None = None) -> bool | None:
        """One rebuild for `changed` (None: build now). Returns None when nothing relevant changed,
        False when the pack has problems (printed, positioned, one a line), True when it built."""
        from revpack.glyphs import printable
        from revpack.load import load_pack

        if changed is not None:
            files = self.relevant(changed)
            if not files:
                return None
            self.echo("changed: " + ", ".join(_show(p, self.folder) for p in files))
        try:
            warnings: list = []
            pack = load_pack(self.folder, warnings=warnings)
            printable(pack, self.options.theme, warnings)
            for warning in warnings:
                self.echo(str(warning))
            out_dir = self.out_dir or Path("build") / pack.id
            # The topic sheets first (what the author is looking at), the pack after.
            result = build_pack(pack, out_dir, self.options, progress=self.progress, sheets_first=True)
        except RevpackError as exc:
            self.echo(exc.format_message())
            self.echo("waiting for the next save...")
            return False
        self.echo(f"built {out_dir / (pack.id + '.pdf')} ({len(result.written)} files up to date)")
        return True


def _show(path: Path, folder: Path) -> str:
    try:
        return str(path.relative_to(folder.resolve()))
    except ValueError:
        return str(path)


def watch(rebuilder: Rebuilder, stop_event=None) -> None:
    """Build once, then again after every save in the pack's folder, until interrupted."""
    import watchfiles

    rebuilder.step()
    rebuilder.echo(f"watching {rebuilder.folder} (Ctrl-C to stop)")
    for changes in watchfiles.watch(rebuilder.folder, stop_event=stop_event, raise_interrupt=False):
        rebuilder.step({Path(path) for _, path in changes})
