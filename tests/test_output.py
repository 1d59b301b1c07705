"""Output a person reads: one last line per output naming the file, its pages and the time;
every file behind -v; -q on every command; --strict fails on any warning after reporting all;
a progress bar that counts; `-o -` to standard output; companions named after the file asked for."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from revpack.build import BuildOptions, build_pack
from revpack.cli import cli
from revpack.load import load_pack


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_a_build_ends_with_one_line_naming_the_pack_its_pages_topics_and_time(mini_pack, tmp_path):
    out = tmp_path / "out"
    done = run("build", mini_pack, "-o", out, "-j", "1")
    assert done.exit_code == 0, done.output
    pages = len(PdfReader(out / "mini.pdf").pages)
    assert re.fullmatch(rf"{re.escape(str(out / 'mini.pdf'))}: {pages} pages, 2 topics, [0-9]+\.[0-9] s\n", done.output)
    listed = run("build", mini_pack, "-o", out, "-v").output.splitlines()
    assert len(listed) > 5 and listed[-2] == str(out / "mini.pdf")
    assert all(Path(p).is_file() for p in listed[:-1])
    assert listed[-1].startswith(f"{out / 'mini.pdf'}: {pages} pages, 2 topics, nothing changed, ")
    assert run("build", mini_pack, "-o", out, "-q").output == ""


def test_every_command_takes_quiet_verbose_and_strict():
    for name, command in cli.commands.items():
        flags = {opt for param in command.params for opt in param.opts}
        assert {"-q", "--quiet", "-v", "--verbose", "--strict"} <= flags, name


def test_strict_fails_on_any_warning_after_reporting_all(mini_pack, tmp_path):
    (mini_pack / "topics" / "zeta.yml").write_text("title: Z\n")  # a warning: not read (.yml)
    (mini_pack / "topics" / "eta.yml").write_text("title: E\n")
    assert run("check", mini_pack).exit_code == 0
    done = run("check", mini_pack, "--strict")
    assert done.exit_code == 1
    lines = done.output.splitlines()
    assert sum(": warning: " in line for line in lines) == 2
    assert lines[-1] == "2 warnings; --strict fails the run on any warning, and nothing was written."
    assert run("build", mini_pack, "-o", tmp_path / "out", "--strict").exit_code == 1
    assert not (tmp_path / "out" / "mini.pdf").exists()


def test_the_progress_counts_every_fragment_rendered(mini_pack, tmp_path):
    class Recorder:
        def __init__(self):
            self.total, self.done, self.lines = 0, 0, []

        def __call__(self, msg):
            self.lines.append(msg)

        def start(self, label, total):
            self.total = total

        def advance(self, n=1):
            self.done += n

    seen = Recorder()
    build_pack(load_pack(mini_pack), tmp_path / "out", BuildOptions(jobs=1), progress=seen)
    assert seen.total > 5 and seen.done == seen.total


def test_dash_o_dash_writes_one_file_output_to_stdout(mini_pack):
    sheet = CliRunner().invoke(cli, ["sheet", str(mini_pack), "alpha", "-o", "-"])
    assert sheet.exit_code == 0 and sheet.stdout_bytes.startswith(b"%PDF-")
    csv = run("export", "csv", mini_pack, "-o", "-")
    assert csv.exit_code == 0 and csv.output.startswith("#separator:")
    assert run("cards", mini_pack, "-o", "-").exit_code == 2  # two files: name one


def test_the_card_sized_companion_is_named_after_the_file_asked_for(mini_pack, tmp_path):
    done = run("cards", mini_pack, "-o", tmp_path / "x.pdf")
    assert done.exit_code == 0, done.output
    assert (tmp_path / "x.pdf").is_file() and (tmp_path / "x-a7.pdf").is_file()
    assert not (tmp_path / "cards-a7.pdf").exists()
    first, second = done.output.splitlines()
    assert first.startswith(f"{tmp_path / 'x.pdf'}: ") and " cards, " in first
    assert second.startswith(f"{tmp_path / 'x-a7.pdf'}: ")


def test_a_build_removes_the_sheets_of_a_topic_that_no_longer_exists(mini_pack, tmp_path):
    out = tmp_path / "out"
    assert run("build", mini_pack, "-o", out, "-j", "1").exit_code == 0
    beta = sorted((out / "topics").glob("beta-*.pdf"))
    assert beta
    mine = out / "topics" / "beta-notes.pdf"
    mine.write_bytes(b"my own file")  # not revpack's: never touched
    changed = beta[0]
    changed.write_bytes(b"edited by hand")  # revpack's, but changed since: kept
    (mini_pack / "topics" / "beta.yaml").unlink()
    pack_yaml = mini_pack / "pack.yaml"
    pack_yaml.write_text(pack_yaml.read_text().replace("- beta\n", "").replace(", beta", ""))
    done = run("build", mini_pack, "-o", out, "-j", "1")
    assert done.exit_code == 0, done.output
    left = sorted((out / "topics").glob("beta-*.pdf"))
    assert left == sorted([mine, changed])
    assert sum(line.endswith(": no longer built") for line in done.output.splitlines()) == len(beta) - 1
    assert (out / "topics" / "alpha-summary.pdf").is_file()
    # An --only build removes nothing of the other topics.
    assert run("build", mini_pack, "-o", out, "-j", "1", "--only", "alpha", "--theme", "print-saver").exit_code == 0
    assert (out / "mini.pdf").is_file()
