"""`revpack watch`: one rebuild step per set of changed paths, tested without a watcher loop."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

from revpack.build import BuildOptions
from revpack.watch import Rebuilder, watch


def rebuilder(pack: Path, out: Path) -> tuple[Rebuilder, list[str], list[str]]:
    said: list[str] = []
    steps: list[str] = []
    return Rebuilder(pack, out, BuildOptions(jobs=1), said.append, steps.append), said, steps


def test_an_edit_rebuilds_only_the_topic_that_changed(mini_pack, tmp_path):
    r, said, steps = rebuilder(mini_pack, tmp_path / "out")
    assert r.step() is True
    # The first pass renders every fragment (later passes: worksheets naming their key's page).
    done, total = map(int, re.fullmatch(r"rendering (\d+) of (\d+) fragments", steps[0]).groups())
    assert done == total
    alpha = mini_pack / "topics" / "alpha.yaml"
    alpha.write_text(alpha.read_text("utf-8").replace("Alpha topic", "Alpha topic, edited"), "utf-8")
    steps.clear()
    assert r.step({alpha}) is True
    # Only alpha's fragments: the untouched beta's come from the cache.
    again = re.fullmatch(r"rendering (\d+) of (\d+) fragments", steps[0])
    assert again and int(again.group(2)) == total and 0 < int(again.group(1)) < total
    assert said[-2] == "changed: topics/alpha.yaml"
    assert said[-1].startswith(f"built {tmp_path / 'out' / 'mini.pdf'}")


def test_a_bad_save_prints_positioned_problems_and_the_next_good_save_builds(mini_pack, tmp_path):
    r, said, _ = rebuilder(mini_pack, tmp_path / "out")
    assert r.step() is True
    pdf = tmp_path / "out" / "mini.pdf"
    before = pdf.read_bytes()
    beta = mini_pack / "topics" / "beta.yaml"
    good = beta.read_text("utf-8")
    beta.write_text(good.replace("title:", "titel:", 1), "utf-8")
    assert r.step({beta}) is False
    problems = "\n".join(said)
    assert "beta.yaml:1:1: unknown key 'titel'; did you mean 'title'?" in problems
    assert said[-1] == "waiting for the next save..."
    assert pdf.read_bytes() == before  # the last good PDF is untouched
    beta.write_text(good, "utf-8")
    assert r.step({beta}) is True


def test_changes_a_build_does_not_read_are_ignored(mini_pack, tmp_path):
    r, said, _ = rebuilder(mini_pack, tmp_path / "out")
    noise = {mini_pack / "notes.txt", mini_pack / "topics" / ".alpha.yaml.swp",
             mini_pack / "topics" / "alpha.yaml~", tmp_path / "elsewhere.yaml"}
    assert r.step(noise) is None and said == []
    assert r.relevant({mini_pack / "pack.yaml", mini_pack / "topics" / "beta.yaml"}) == sorted(
        [(mini_pack / "pack.yaml").resolve(), (mini_pack / "topics" / "beta.yaml").resolve()])


def test_the_watch_loop_builds_then_stops_when_asked(mini_pack, tmp_path):
    r, said, _ = rebuilder(mini_pack, tmp_path / "out")
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(r, stop))
    thread.start()
    try:
        for _ in range(200):
            if any(s.startswith("watching") for s in said):
                break
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    assert said[0].startswith("built ") and (tmp_path / "out" / "mini.pdf").is_file()


def test_build_progress_is_quiet_when_stderr_is_not_a_terminal(mini_pack, tmp_path):
    from click.testing import CliRunner

    from revpack.cli import cli

    result = CliRunner().invoke(cli, ["build", str(mini_pack), "-o", str(tmp_path / "b"), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "rendering" not in result.output and "assembling" not in result.output
    assert str(tmp_path / "b" / "mini.pdf") in result.output  # the files written are still listed


def test_build_progress_lines_on_a_terminal(monkeypatch):
    import sys

    import click

    from revpack.cli import _say

    class Tty:
        def isatty(self) -> bool:
            return True

    lines: list[str] = []
    monkeypatch.setattr(sys, "stderr", Tty())
    monkeypatch.setattr(click, "echo", lambda msg, err=False: lines.append(msg))
    _say(False)("rendering 2 of 2 fragments")
    _say(True)("assembling the pack")
    assert lines == ["  rendering 2 of 2 fragments..."]


def test_an_edit_writes_the_topics_own_sheets_before_the_pack(mini_pack, tmp_path, monkeypatch):
    import revpack.build
    from conftest import pdf_text

    r, said, _ = rebuilder(mini_pack, tmp_path / "out")
    assert r.step() is True
    alpha = mini_pack / "topics" / "alpha.yaml"
    alpha.write_text(alpha.read_text("utf-8").replace("Alpha topic", "Alpha topic, edited"), "utf-8")
    sheet = tmp_path / "out" / "topics" / "alpha-summary.pdf"
    seen: list[str] = []  # the summary sheet's text when the pack's assembly starts
    write_pack = revpack.build.write_pack

    def assembling(*args, **kwargs):
        seen.append(pdf_text(sheet.read_bytes()))
        return write_pack(*args, **kwargs)

    monkeypatch.setattr(revpack.build, "write_pack", assembling)
    assert r.step({alpha}) is True
    assert len(seen) == 1 and "Alpha topic, edited" in seen[0]
    assert "Alpha topic, edited" in pdf_text((tmp_path / "out" / "mini.pdf").read_bytes())
