"""Fuzzing: any topic file ends in correct PDFs or in positioned diagnostics, and no word is lost.

`make test` runs a short, derandomised pass (the "ci" profile); `make fuzz` runs
10,000 examples (``REVPACK_FUZZ_PROFILE=fuzz``), keeps what it finds in
Hypothesis's example database (.hypothesis/) and prints statistics.
"""

from __future__ import annotations

import os

from fuzz_strategies import topic_yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from revpack.build import BuildOptions, build_sheet
from revpack.expectations import printed_words
from revpack.errors import Diagnostic, InputError
from revpack.glyphs import printable
from revpack.load import load_topic_text
from revpack.model import Pack, PackInfo
from revpack.preflight import Expectations, preflight
from revpack.theme import THEMES, Style, look_for
from revpack.views import VIEWS

SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile("ci", max_examples=25, derandomize=True, database=None, deadline=None,
                          suppress_health_check=SLOW, print_blob=True)
settings.register_profile("fuzz", max_examples=int(os.environ.get("REVPACK_FUZZ_EXAMPLES", "10000")), deadline=None,
                          suppress_health_check=SLOW, print_blob=True)
PROFILE = settings.get_profile(os.environ.get("REVPACK_FUZZ_PROFILE", "ci"))


def load(text: str, theme: str = "default"):
    """The topic, or None when the loader or the glyph check (as every command runs them)
    refused it with diagnostics (and nothing else)."""
    warnings: list[Diagnostic] = []
    try:
        topic = load_topic_text(text, "fuzz.yaml", warnings)
        printable(Pack(PackInfo(title="Fuzz", id="fuzz"), (topic,)), theme, warnings)
    except InputError as exc:
        assert exc.diagnostics, "an InputError must carry its diagnostics"
        for d in exc.diagnostics:
            assert d.file == "fuzz.yaml" and d.line >= 1 and d.col >= 1, str(d)
            assert "\n" not in str(d) and "Traceback" not in str(d), str(d)
        event("refused: " + ("cannot be printed (right-to-left, surrogate)" if "topic" in locals() else "by the loader"))
        return None
    for w in warnings:
        assert w.severity == "warning" and w.line >= 1, str(w)
    if any("no bundled font can print" in w.message for w in warnings):
        event("built: characters no face has, warned, printed as boxes")
    return topic


@PROFILE
@given(topic_yaml(), st.sampled_from(list(THEMES)))
def test_any_topic_builds_or_fails_with_diagnostics_and_loses_no_word(text, theme):
    """In any theme: every word is found, but for characters no face has (warned about,
    printed as boxes), which split the words they are in (`printed_words` with a font)."""
    event(f"theme: {theme}")
    topic = load(text, theme)
    if topic is None:
        return
    pack = Pack(PackInfo(title="Fuzz", id="fuzz"), (topic,))
    font = Style(look=look_for(theme)).font
    for view in VIEWS.values():
        if not view.applies(topic):
            continue
        pdf = build_sheet(pack, topic.id, view.name, BuildOptions(preflight=False, theme=theme))
        expect = Expectations.sheet("a4", printed_words(topic, view, font))
        assert preflight(pdf, expect) == [], f"view {view.name}, theme {theme}"


@PROFILE
@given(st.text(max_size=300))
def test_any_text_at_all_is_a_topic_or_diagnostics(text):
    load(text)


@PROFILE
@given(st.binary(max_size=300))
def test_any_bytes_at_all_are_a_topic_or_diagnostics(data):
    load(data)


# --- options at their bounds and odd pack folders (issue #13): a correct PDF, or one clear error ------

import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

from click.testing import CliRunner  # noqa: E402
from fuzz_strategies import build_options, cards_options, pack_folder  # noqa: E402

from revpack.cli import cli  # noqa: E402

MINI = Path(__file__).parent / "fixtures" / "mini"
SRC = Path(__file__).resolve().parents[1] / "src"
# Each example runs a whole command: fewer of them (REVPACK_FUZZ_COMMANDS) than of topics.
COMMANDS = settings(PROFILE, max_examples=int(os.environ.get("REVPACK_FUZZ_COMMANDS", "4" if PROFILE.max_examples
                                                                                     <= 25 else "200")))


def clear_outcome(res, pdfs: list[Path], floor: str = "10", paper: str = "a4") -> None:
    """Exit 0 with PDFs that pass preflight, or exit 1/2 with one-line errors; never a traceback."""
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    if res.exit_code == 0:
        event("options: built")
        for pdf in pdfs:
            check = CliRunner().invoke(cli, ["preflight", str(pdf), "--floor", floor, "--paper", paper])
            assert check.exit_code == 0, check.output
    else:
        event(f"options: refused (exit {res.exit_code})")
        assert res.exit_code in (1, 2)
        if res.exit_code == 2:
            assert res.output.strip().splitlines()[-1].startswith("Error: ")


@COMMANDS
@given(cards_options())
def test_cards_options_at_their_bounds_build_or_are_one_error(args):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cards-on.pdf"
        res = CliRunner().invoke(cli, ["cards", str(MINI), *args, "-o", str(out)])
        made = sorted(Path(tmp).glob("*.pdf"))
        paper = args[args.index("--paper") + 1].lower()
        clear_outcome(res, [p for p in made if p.name == out.name], floor="9", paper=paper)


@COMMANDS
@given(build_options())
def test_build_options_at_their_bounds_build_or_are_one_error(args):
    with tempfile.TemporaryDirectory() as tmp:
        res = CliRunner().invoke(cli, ["build", str(MINI), "--only", "beta", "-q", *args, "-o", str(Path(tmp) / "o")])
        clear_outcome(res, [])  # the build preflights what it writes


def _nobody() -> list[str] | None:
    """The command prefix that runs as `nobody`, or None where that cannot be done."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return None
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def _make(root: Path, listed: list[str], entries: list[tuple[str, str]]) -> Path:
    pack = root / "pack"
    topics = pack / "topics"
    topics.mkdir(parents=True)
    (root / "outside.yaml").write_text("title: Outside\nsections:\n  - heading: H\n    points: [secret]\n")
    body = "title: T {name}\nsections:\n  - heading: H\n    points: [a point]\n"
    for kind, name in entries:
        path = topics / f"{name}.yaml"
        if kind in ("topic", "unreadable"):
            path.write_text(body.format(name=name.replace(":", " ").replace("#", " ")), encoding="utf-8")
            if kind == "unreadable":
                path.chmod(0)
        elif kind == "bad-yaml":
            path.write_bytes(b"title: [unclosed\n\t- tab\n\xff")
        elif kind == "folder":
            path.mkdir()
        elif kind == "pipe":
            os.mkfifo(path)
        elif kind == "link-in":
            (topics / "target.yaml").write_text(body.format(name="target"))
            path.symlink_to("target.yaml")
        elif kind == "link-out":
            path.symlink_to(root / "outside.yaml")
        elif kind == "dangling":
            path.symlink_to(root / "nowhere.yaml")
        elif kind == "hidden":
            (topics / f".{name}.yaml").write_text("not: [yaml")
        elif kind == "editor-lock":
            (topics / f".~lock.{name}.yaml#").write_text("lock")
        elif kind == "backup":
            (topics / f"{name}.yaml~").write_text("old")
        elif kind == "yml":
            (topics / f"{name}.yml").write_text(body.format(name=name))
    lines = "\n".join(f"  - {json_str(t)}" for t in listed)
    (pack / "pack.yaml").write_text("title: Odd\n" + (f"topics:\n{lines}\n" if listed else ""), encoding="utf-8")
    for path in root.rglob("*"):
        if not path.is_symlink() and path.exists() and not path.is_fifo() and os.stat(path).st_mode & 0o777:
            path.chmod(0o755 if path.is_dir() else 0o644)
    return pack


def json_str(text: str) -> str:
    import json

    return json.dumps(text)


@COMMANDS
@given(pack_folder())
def test_an_odd_pack_folder_checks_and_builds_or_is_positioned_lines(folder):
    """Run as nobody (so an unreadable file is unreadable): exit 0 with checked PDFs, or exit 1 with
    every line positioned (file:line:col) but the count; no traceback, no hang."""
    prefix = _nobody()
    if prefix is None:
        import pytest

        pytest.skip("needs root and setpriv to run as nobody")
    listed, entries = folder
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        os.chmod(tmp, 0o777)
        pack = _make(Path(tmp), listed, entries)
        for command in (["check", str(pack)], ["build", str(pack), "-j1", "-q", "-o", str(Path(tmp) / "out")]):
            res = subprocess.run([*prefix, sys.executable, "-m", "revpack", *command], capture_output=True, text=True,
                                 env={**os.environ, "PYTHONPATH": str(SRC)}, cwd=tmp, timeout=300)
            assert "Traceback" not in res.stderr, res.stderr
            event(f"odd folder: {command[0]} exit {res.returncode}")
            if res.returncode == 0:
                continue
            assert res.returncode == 1, res.stderr
            lines = res.stderr.strip().splitlines()
            assert lines[-1].endswith("nothing was written.") or len(lines) == 1, res.stderr
            for line in lines[:-1]:
                assert re.match(r"^.+:\d+:\d+: ", line) or "warning" in line, line
            break


import re  # noqa: E402
