"""The command line: parse options, call the library, print results.

Heavy modules (ReportLab, pypdf) are imported inside the commands that need
them, so `revpack --help` and `revpack check` start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from revpack import __version__

from revpack.model import ANSWERS, CARD_SIZES, LOOKS, PAPERS, RECALL_LEVELS

# Options a pack's theme (pack.yaml) may set too: left out here, the pack's value is used.
PAPER = click.Choice(PAPERS, case_sensitive=False)
# theme.THEMES's names (model.LOOKS), so `--help` needs no ReportLab (a test keeps them equal).
THEMES = LOOKS
theme_option = click.option(
    "--theme", type=click.Choice(THEMES),
    help="dyslexia: OpenDyslexic, larger type, wider lines, cream page; print-saver: no tints or solid fills "
         "[default: the pack's theme 'look', else default].",
)

class Number(click.FloatRange):
    """A float within a range; 'nan' is refused too (click's range lets it through)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


# A printer's front-to-back misregistration is a few mm (the calibration sheet reads +-5 mm);
# within 10 mm every card and cut mark stays on the sheet, so more is refused, never drawn off it.
OFFSET_MM = 10.0

recall_level_option = click.option(
    "--recall-level", type=click.Choice(RECALL_LEVELS),
    help="Blank recall sheets: 1 keeps each point's first words, 2 headings only, 3 a brain dump "
         "[default: the pack's theme, else 2].",
)

cloze_key_option = click.option(
    "--cloze-key", type=click.Choice(["list", "filled"]), default="list", show_default=True,
    help="Cloze answer keys: a numbered list of the answers (quick to mark), or the notes with the answers filled in.",
)


def _recall(level: str | None) -> tuple[tuple[str, str], ...]:
    return (("recall-level", level),) if level else ()


def _load(pack_arg: str | Path | None, only: tuple[str, ...] = (), *,
          warnings: list | None = None, theme: str | None = None):
    """Find and load a pack, printing warnings (and adding them to `warnings`); input errors,
    and text the `theme`'s faces cannot print in order (glyphs.py), propagate as InputError.
    `theme` None is the pack's own look (pack.yaml), else the default."""
    from revpack.load import find_pack, load_pack

    from revpack.glyphs import printable

    found: list = []
    pack = load_pack(find_pack(pack_arg), only=only, warnings=found)
    try:
        printable(pack, theme, found)
    finally:  # the load's warnings are printed even when the text cannot be printed
        if warnings is not None:
            warnings += found
        _warned(found)
    return pack


# Every command takes -q, -v and --strict (`_Command`); they are kept in the click context.
def _setting(name: str) -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get(f"revpack.{name}"))


def _keep(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[f"revpack.{param.name}"] = True


class _Command(click.Command):
    """A command with the options every command takes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.params += [
            click.Option(["-q", "--quiet"], is_flag=True, expose_value=False, callback=_keep,
                         help="Print nothing but problems (no progress, no summary)."),
            click.Option(["-v", "--verbose"], is_flag=True, expose_value=False, callback=_keep,
                         help="List every file written."),
            click.Option(["--strict"], is_flag=True, expose_value=False, callback=_keep,
                         help="Any warning fails the run (exit 1), after all are reported."),
        ]


def _done(line: str) -> None:
    """A line of what was done (stdout): left out with -q."""
    if not _setting("quiet"):
        click.echo(line)


def _warned(found: list) -> None:
    """Print warnings (stderr, even with -q: they are problems); with --strict, fail on any."""
    for w in found:
        click.echo(str(w), err=True)
    if found and _setting("strict"):
        from revpack.errors import RevpackError

        count = f"{len(found)} warning{'s' if len(found) != 1 else ''}"
        raise RevpackError(f"{count}; --strict fails the run on any warning, and nothing was written.")


def _pages(pdf: bytes | Path) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf).pages)


def _summary(path: Path | str, what: str, started: float) -> str:
    """The last line of an output: 'build/p/p.pdf: 156 pages, 8 topics, 9.8 s'."""
    import time

    return f"{path}: {what}, {time.monotonic() - started:.1f} s"


def _build_dir(pack_root: str | Path, pack_id: str) -> Path:
    """The default output folder: build/<pack-id>/ here, or in the pack's own folder when
    working inside it (so `revpack build` from a pack's topics/ folder writes where it does
    from the pack's top)."""
    import os

    root, here = Path(pack_root).resolve(), Path.cwd().resolve()
    if here == root or root in here.parents:
        return Path(os.path.relpath(root / "build", here)) / pack_id
    return Path("build") / pack_id


def _one(out_file: Path, data: bytes, folder: Path | None, what: str, started: float) -> None:
    """Write one output and report it ('FILE: what, 0.4 s'); `-o -` sends it to stdout instead."""
    if str(out_file) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    _write({out_file: data}, folder)
    _done(_summary(out_file, what, started))


def _write(files: dict[Path, bytes], folder: Path | None) -> None:
    """Write `files`: into revpack's output `folder` (the default build/<pack-id>/, marked and
    listed, never over a file revpack did not make), or, with no folder, where -o named them
    (never over a file revpack did not write there: `outdir.write_named`)."""
    from revpack.outdir import OutputFolder, write_named

    if folder is not None:
        OutputFolder(folder).write(files)
        return
    write_named(files)


class _Progress:
    """A build's progress on a terminal: a line per step, and a bar for a step that counts
    (`start`, `advance`: rendering fragments). Silent with -q or when stderr is not a terminal."""

    def __init__(self, quiet: bool = False):
        self.on = not quiet and not _setting("quiet") and sys.stderr.isatty()
        self.bar = None

    def __call__(self, msg: str) -> None:
        self.close()
        if self.on:
            click.echo(f"  {msg}...", err=True)

    def start(self, label: str, total: int) -> None:
        self.close()
        if self.on and total:
            self.bar = click.progressbar(length=total, label=f"  {label}", file=sys.stderr, show_eta=True)
            self.bar.__enter__()

    def advance(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _say(quiet: bool = False) -> _Progress:
    return _Progress(quiet)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="revpack")
def cli() -> None:
    """Turn revision notes written as YAML into printable revision packs.

    PACK is a folder holding pack.yaml, the name of a folder under packs/ or of a
    sample pack (gcse-stalin-ussr, alevel-soviet-russia); left out, it is the pack you
    are in: the nearest folder holding pack.yaml, this one or one above it.
    """


cli.command_class = _Command  # every command takes -q, -v and --strict


@cli.command()
@click.argument("pack", required=False)
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder [default: build/<pack-id>/].")
@click.option("--paper", type=PAPER, help="Paper size [default: the pack's theme, usually a4].")
@click.option("--only", multiple=True, metavar="TOPIC", help="Build only this topic (repeatable).")
@click.option("-j", "--jobs", type=click.IntRange(0), default=0, help="Worker processes [default and most: the cores available].")
@click.option("--no-cache", is_flag=True, help="Render everything again, ignoring cached fragments.")
@click.option("--no-preflight", is_flag=True, help="Skip checking each new PDF before it is written.")
@theme_option
@recall_level_option
@cloze_key_option
@click.option("--answers", type=click.Choice(ANSWERS),
              help="Cloze answer keys: after each cloze sheet, at the end of the pack, or left out "
                   "[default: the pack's theme, else inline].")
@click.option("--sides", type=click.Choice(["1", "2"]), default="2", show_default=True,
              help="Print the pack on both sides (each topic on a right-hand page, answer keys on their "
              "own sheets, blank pages marked) or on one side, with no blank pages.")
def build(
    pack: str | None,
    out_dir: Path | None,
    paper: str | None,
    only: tuple[str, ...],
    jobs: int,
    no_cache: bool,
    no_preflight: bool,
    theme: str,
    recall_level: str,
    cloze_key: str,
    answers: str,
    sides: str,
) -> None:
    """Build the full print pack and every topic's sheets."""
    import time

    from revpack import uptodate
    from revpack.load import find_pack, pack_id

    started = time.monotonic()
    folder = find_pack(pack)
    out_dir = out_dir or _build_dir(folder, pack_id(folder))
    settings = [str(out_dir), paper or "", *only, theme or "", recall_level or "", cloze_key, answers or "",
                str(no_preflight), sides]
    digest = uptodate.inputs_digest(folder, settings)
    done = None if no_cache else uptodate.unchanged(out_dir, digest)
    fresh = done is None
    if fresh:
        from revpack.build import BuildOptions, build_pack

        warnings: list = []  # printed now, and again by a later build that finds nothing to do
        loaded = _load(folder, only, warnings=warnings, theme=theme)
        options = BuildOptions(paper=paper or "", only=only, jobs=jobs, cache=not no_cache, theme=theme or "",
                               preflight=not no_preflight, answers=answers or "", sides=int(sides),
                               extra=_recall(recall_level) + (("cloze-key", cloze_key),))
        progress = _say()
        before = uptodate.last_outputs(out_dir)
        try:
            result = build_pack(loaded, out_dir, options, progress=progress)
        finally:
            progress.close()
        if not only:  # a topic gone from the pack: the sheets the last build made for it go too
            from revpack.outdir import OutputFolder

            made = set(map(str, result.written))
            for path in OutputFolder(out_dir).retire(Path(p) for p in before if p not in made):
                _done(f"removed {path}: no longer built")
        topics = len(only) if only else len(loaded.topics)
        summary = f"{result.pages} pages, {topics} topic{'s' if topics != 1 else ''}"
        done = uptodate.Record(digest, tuple(map(str, result.written)), tuple(map(str, warnings)), summary)
        uptodate.record(out_dir, done)
    else:  # nothing changed since the last build: the same report, no work
        _warned(list(done.warnings))
    if _setting("verbose"):
        for path in done.outputs:
            _done(path)
    if done.outputs:
        unchanged = "" if fresh else ", nothing changed"
        _done(_summary(done.outputs[-1], (done.summary or f"{len(done.outputs)} files") + unchanged, started))


@cli.command()
@click.argument("pack")
@click.argument("topic")
@click.option("--view", default="summary", show_default=True,
              help="Which view to print: summary, compare, timeline, recall, cloze, answers, ...")
@click.option("--paper", type=PAPER, help="Paper size [default: the pack's theme].")
@click.option("-o", "--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file [default: build/<pack-id>/topics/<topic>-<view>.pdf].")
@theme_option
@recall_level_option
@cloze_key_option
def sheet(pack: str, topic: str, view: str, paper: str | None, out_file: Path | None, theme: str,
          recall_level: str, cloze_key: str) -> None:
    """Build one topic's sheet (`-o -`: to standard output)."""
    import time

    from revpack.build import BuildOptions, build_sheet
    from revpack.views import VIEWS

    if view not in VIEWS:
        raise click.BadParameter(f"'{view}' is not a view; choose from {', '.join(VIEWS)}", param_hint="--view")
    started = time.monotonic()
    loaded = _load(pack, (topic,), theme=theme)
    folder = None if out_file else _build_dir(loaded.root, loaded.id)
    out_file = out_file or _build_dir(loaded.root, loaded.id) / "topics" / f"{topic}-{view}.pdf"
    options = BuildOptions(paper=paper or "", theme=theme or "",
                           extra=_recall(recall_level) + (("cloze-key", cloze_key),))
    pdf = build_sheet(loaded, topic, view, options)
    _one(out_file, pdf, folder, f"{_pages(pdf)} pages", started)


@cli.command()
@click.argument("pack", required=False)
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The build folder to clean [default: build/<pack-id>/].")
def clean(pack: str | None, out_dir: Path | None) -> None:
    """Remove what revpack built in a pack's build folder, cached fragments included.

    Only files revpack wrote there and lists in the folder's .revpack marker go (and
    only if unchanged since); a folder without the marker is refused.
    """
    from revpack.outdir import OutputFolder

    if out_dir is None:
        from revpack.load import find_pack, pack_id

        found = find_pack(pack)
        out_dir = _build_dir(found, pack_id(found))
    if not out_dir.exists():
        _done(f"nothing to clean: {out_dir} does not exist")
        return
    removed, kept = OutputFolder(out_dir).clean()
    _done(f"removed {len(removed)} file{'s' if len(removed) != 1 else ''} revpack made in {out_dir}")
    for path in kept:
        click.echo(f"kept {path}: changed since revpack wrote it", err=True)
    if out_dir.exists():
        click.echo(f"kept {out_dir}: it holds files revpack did not make", err=True)


@cli.command()
@click.argument("pack", required=False)
@click.option("--size", type=click.Choice(CARD_SIZES),
              help="Card size (landscape) [default: the pack's theme 'card_size', else a7].")
@click.option("--paper", type=PAPER, help="Sheet paper [default: the pack's theme].")
@click.option("--duplex", type=click.Choice(["long", "short", "none"]), default="long", show_default=True,
              help="How the printer turns the sheet; none = fronts, then backs for a manual second pass.")
@click.option("--fold", is_flag=True, help="Front and back side by side, to fold (no duplex printer).")
@click.option("--cards", "kinds", default="", metavar="KINDS", help="Which cards: qa,sections,terms,dates,people.")
@click.option("--only", multiple=True, metavar="TOPIC", help="Only this topic's cards (repeatable).")
@click.option("--leitner", is_flag=True, help="Leitner tick boxes on each back and a how-to page.")
@click.option("--outlines", is_flag=True,
              help="A thin line round every card on the fronts, to cut with scissors (off: cut on the marks).")
@click.option("--fill-sheets", is_flag=True,
              help="Run each topic's cards on onto the next topic's sheet, so every sheet is full "
              "(off: each topic starts a new sheet).")
@click.option("--calibration", is_flag=True, help="Write a two-sided printer test sheet instead.")
@click.option("--offset-x", type=Number(-OFFSET_MM, OFFSET_MM), default=0.0,
              help=f"Shift the backs right by this many mm (at most {OFFSET_MM:g} either way).")
@click.option("--offset-y", type=Number(-OFFSET_MM, OFFSET_MM), default=0.0,
              help=f"Shift the backs up by this many mm (at most {OFFSET_MM:g} either way).")
@click.option("-o", "--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Cut-out sheets file [default: build/<pack>/cards-<size>-on-<paper>.pdf].")
@theme_option
def cards(pack, size, paper, duplex, fold, kinds, only, leitner, outlines, fill_sheets, calibration, offset_x,
          offset_y, out_file, theme) -> None:
    """Cut-out cards: the imposed sheets, and the card-sized PDF beside them."""
    import time

    from revpack.cards import parse_kinds
    from revpack.cutouts import CardOptions, calibration_sheet, make_cards
    from revpack.theme import Style, look_for

    try:
        chosen = parse_kinds(kinds)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--cards") from None
    started = time.monotonic()
    from revpack.build import words_for

    loaded = _load(pack, only, theme=theme)
    set_in_pack = loaded.info.theme
    paper, size = paper or set_in_pack.paper, size or set_in_pack.card_size or "a7"
    style = Style(theme=set_in_pack, paper=paper, look=look_for(theme or set_in_pack.look),
                  words=words_for(loaded))
    folder = None if out_file else _build_dir(loaded.root, loaded.id)
    if calibration:
        out_file = out_file or _build_dir(loaded.root, loaded.id) / f"calibration-{paper}.pdf"
        _one(out_file, calibration_sheet(style, duplex, (offset_x, offset_y)), folder, "2 pages", started)
        return
    options = CardOptions(size=size, paper=paper, duplex=duplex, fold=fold, kinds=chosen, only=only,
                          leitner=leitner, offset_mm=(offset_x, offset_y), outlines=outlines, fill=fill_sheets)
    made = make_cards(loaded, style, options)
    _warned(list(made.warnings))
    if out_file is None:
        out_file = _build_dir(loaded.root, loaded.id) / f"cards-{size}-on-{paper}.pdf"
        beside = out_file.with_name(f"cards-{size}.pdf")
    elif str(out_file) == "-":
        raise click.BadParameter("cards writes two files (the sheets and the card-sized PDF); name one",
                                 param_hint="-o")
    else:  # named after the file asked for: -o DIR/x.pdf writes DIR/x-a7.pdf beside it
        beside = out_file.with_name(f"{out_file.stem}-{size}.pdf")
    _write({out_file: made.sheets, beside: made.cards}, folder)
    _done(_summary(out_file, f"{_pages(made.sheets)} pages, {made.count} cards, {made.per_sheet} a sheet", started))
    _done(_summary(beside, f"{_pages(made.cards)} pages, one card face a page", started))


@cli.command()
@click.argument("pack", required=False)
@theme_option
def check(pack: str | None, theme: str) -> None:
    """Report every problem in the pack (file:line:col), exit 1 if any; write nothing."""
    loaded = _load(pack, theme=theme)
    _done(f"{loaded.id}: {len(loaded.topics)} topics, no problems found.")


@cli.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--paper", type=click.Choice(["a4", "letter", "a7", "a6", "3x5", "4x6"]), default="a4",
              show_default=True, help="The page size every page must have (a card size: one card a page).")
@click.option("--floor", type=Number(1, 100), help="Smallest text allowed, in pt [default: 10; 9 for card sizes; "
              "use 9 for a pack with cut-out cards].")
@click.option("--landscape", is_flag=True, help="Pages may also be turned sideways.")
@click.option("--makeup", is_flag=True, help="Audit the page make-up instead: each page's use of its frame, "
              "orphaned headings, widowed continuations, unbalanced last pages (exit 1 if any).")
@click.option("--sides", type=click.Choice(["1", "2"]), default="2", show_default=True,
              help="With --makeup: the pack is printed on both sides (topics on right-hand pages, "
              "answer keys on their own sheets).")
def preflight(pdf: Path, paper: str, floor: float | None, landscape: bool, makeup: bool, sides: str) -> None:
    """Check a PDF before printing: page size, embedded fonts, the 8 mm edge, the text floor."""
    from dataclasses import replace

    if makeup:
        from revpack.makeup import audit, report

        result = audit(pdf, sides=int(sides))
        click.echo("\n".join(report(result)))
        if result.problems():
            raise SystemExit(1)
        return

    from revpack.errors import RevpackError
    from revpack.preflight import Expectations
    from revpack.preflight import preflight as run

    cards = paper not in ("a4", "letter")
    expect = Expectations.cards(paper) if cards else Expectations.sheet(paper, landscape=landscape)
    if floor is not None:
        expect = replace(expect, floor=floor)
    from pypdf import PdfReader

    try:
        problems = run(pdf, expect)
        pages = len(PdfReader(pdf).pages)
    except Exception as exc:  # any PDF may be checked: one this reader cannot follow is a one-line answer
        raise RevpackError(f"{pdf}: cannot read this PDF ({type(exc).__name__}: {exc}); nothing checked") from None
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found."
        raise RevpackError("\n".join([*(f"{pdf}: {p}" for p in problems), count]))
    _done(f"{pdf}: {pages} pages, no problems found.")


@cli.command(name="list")
@click.argument("pack", required=False)
def list_(pack: str | None) -> None:
    """List the topics with their sections, cards and other content counted."""
    loaded = _load(pack)
    counted = ("sections", "comparisons", "timeline", "terms", "people", "quotes", "cards", "questions")
    rows = [(t.id, t.title, *(str(len(getattr(t, name))) for name in counted)) for t in loaded.topics]
    header = ("id", "title", *counted)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    widths[1] = min(widths[1], 44)
    _done(f"{loaded.info.title} ({loaded.id}): {len(rows)} topics")
    for r in [header, *rows]:
        cells = [r[0].ljust(widths[0]), r[1][: widths[1]].ljust(widths[1])]
        cells += [c.rjust(max(widths[i + 2], 4)) for i, c in enumerate(r[2:])]
        click.echo("  ".join(cells))


@cli.command()
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("schema"),
              show_default=True, help="Folder for pack.schema.json and topic.schema.json.")
def schema(out_dir: Path) -> None:
    """Write the JSON Schemas of pack.yaml and topic files (for editors)."""
    from revpack.schema import write_schemas

    for path in write_schemas(out_dir):
        _done(str(path))


@cli.command()
@click.argument("pack")
@click.argument("topic")
@click.option("--view", default="summary", show_default=True, help="Which view to show.")
@click.option("--page", type=click.IntRange(1), default=1, show_default=True, help="Which page of the sheet.")
@click.option("--dpi", type=Number(10, 600), default=80, show_default=True, help="Resolution.")
@click.option("--paper", type=PAPER, help="Paper size [default: the pack's theme].")
@theme_option
@click.option("-o", "--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="PNG file [default: build/<pack-id>/preview/<topic>-<view>-<page>.png].")
def preview(pack: str, topic: str, view: str, page: int, dpi: float, paper: str | None, theme: str,
            out_file: Path | None) -> None:
    """A page of one topic's sheet as a PNG picture (`-o -`: to standard output)."""
    import time

    from revpack.build import BuildOptions
    from revpack.preview import preview as picture

    started = time.monotonic()
    loaded = _load(pack, (topic,), theme=theme)
    png = picture(loaded, topic, view, BuildOptions(paper=paper or "", theme=theme or ""), page, dpi)
    folder = None if out_file else _build_dir(loaded.root, loaded.id)
    out_file = out_file or _build_dir(loaded.root, loaded.id) / "preview" / f"{topic}-{view}-{page}.png"
    _one(out_file, png, folder, f"page {page} of the {view} sheet", started)


@cli.command()
@click.argument("fmt", metavar="anki|csv|quizlet", type=click.Choice(["anki", "csv", "quizlet"]))
@click.argument("pack", required=False)
@click.option("-o", "--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file [default: build/<pack-id>/<pack-id>.apkg, -anki.csv or -quizlet.txt].")
def export(fmt: str, pack: str | None, out_file: Path | None) -> None:
    """The pack's cards for flashcard apps: an Anki package, Anki CSV or Quizlet text.

    Re-importing an edited pack into Anki updates its notes instead of adding copies.
    """
    import time

    from revpack.export import anki_bytes, anki_csv, quizlet

    started = time.monotonic()
    loaded = _load(pack)
    suffix = {"anki": ".apkg", "csv": "-anki.csv", "quizlet": "-quizlet.txt"}[fmt]
    folder = None if out_file else _build_dir(loaded.root, loaded.id)
    out_file = out_file or _build_dir(loaded.root, loaded.id) / f"{loaded.id}{suffix}"
    if fmt == "anki":
        data, count = anki_bytes(loaded)
        _one(out_file, data, folder, f"{count} notes", started)
        return
    text = anki_csv(loaded) if fmt == "csv" else quizlet(loaded)
    _one(out_file, text.encode("utf-8"), folder, f"{len(loaded.topics)} topics", started)


@cli.command(name="import")
@click.argument("kind", metavar="quizlet|csv|anki", type=click.Choice(["quizlet", "csv", "anki"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", "pack_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The pack to add the topics to, made if new [default: the pack you are in, else a new "
                   "folder named after FILE].")
def import_(kind: str, file: Path, pack_dir: Path | None) -> None:
    """Cards you already have as topics: a Quizlet export (term TAB definition), Anki's CSV or an
    Anki package (.apkg). One topic per deck; lines that need a look are listed as warnings."""
    from revpack.importers import import_file, slug
    from revpack.load import enclosing_pack

    if pack_dir is None:
        pack_dir = enclosing_pack() or Path(slug(file.stem))
    written, warnings = import_file(kind, file, pack_dir)
    _warned(list(warnings))
    for path in written:
        _done(str(path))


@cli.command(name="watch")
@click.argument("pack", required=False)
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder [default: build/<pack-id>/].")
@click.option("--paper", type=PAPER, help="Paper size [default: the pack's theme].")
@theme_option
def watch_(pack: str | None, out_dir: Path | None, paper: str | None, theme: str) -> None:
    """Rebuild the pack on every save, only what changed; a bad save prints its problems and waits."""
    from revpack.build import BuildOptions
    from revpack.load import find_pack, pack_id
    from revpack.watch import Rebuilder, watch

    echo = lambda msg: click.echo(msg, err=True)  # noqa: E731
    folder = find_pack(pack)
    options = BuildOptions(paper=paper or "", theme=theme or "")
    rebuilder = Rebuilder(folder, out_dir or _build_dir(folder, pack_id(folder)), options, echo,
                          progress=_say())
    watch(rebuilder)


@cli.command(name="new")
@click.argument("words", nargs=-1, required=True, metavar="PACK | topic [PACK] NAME")
@click.option("--from", "sample", metavar="SAMPLE",
              help="Start the pack as a copy of a sample pack (gcse-stalin-ussr, alevel-soviet-russia).")
def new(words: tuple[str, ...], sample: str | None) -> None:
    """Start a pack (`new PACK`) or add a topic to one (`new topic PACK NAME`; PACK left out:
    the pack you are in).

    Every field is shown with a comment saying what it is; the files build as they are.
    """
    from revpack.load import find_pack
    from revpack.scaffold import copy_sample, new_pack, new_topic, pack_folder, topic_name

    if words[0] == "topic" and len(words) in (2, 3) and not sample:
        folder = pack_folder(words[1]) if len(words) == 3 else find_pack(None)
        tid, title = topic_name(folder, words[-1])
        written = new_topic(folder, tid, title=title)
        _done(f"new topic: id {tid}, title \"{title}\"")
    elif len(words) == 1:
        written = copy_sample(pack_folder(words[0]), sample) if sample else new_pack(pack_folder(words[0]))
    else:
        raise click.UsageError("use `revpack new PACK [--from SAMPLE]` or `revpack new topic [PACK] NAME`")
    for path in written:
        _done(str(path))


def _terminated(signum: int, frame: object) -> None:
    # SIGTERM unwinds like Ctrl-C: temporary files go, the lock is released, workers are killed.
    raise SystemExit(128 + signum)


def main() -> None:
    """Console entry point."""
    import signal

    signal.signal(signal.SIGTERM, _terminated)
    cli(prog_name="revpack")


if __name__ == "__main__":
    sys.exit(main())
