"""A build that would change nothing stops before reading a topic, and says what it always says."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import revpack.build
from revpack.cli import cli


def same_report(a: str, b: str) -> bool:
    """The same report but for the last line's time and 'nothing changed'."""
    def bare(text: str) -> str:
        return re.sub(r"(, nothing changed)?, [0-9.]+ s$", "", text, flags=re.M)
    return bare(a) == bare(b)


@pytest.fixture
def built(mini_pack: Path, tmp_path: Path):
    """The mini pack built once through the CLI; returns a function that builds it again."""
    out = tmp_path / "out"

    def build(*extra: str):
        result = CliRunner().invoke(cli, ["build", str(mini_pack), "-o", str(out), *extra])
        assert result.exit_code == 0, result.output
        return result

    first = build()
    return build, first, out


@pytest.fixture
def renders(monkeypatch):
    """Counts calls of build_pack: whether a build did any work at all."""
    calls = []
    real = revpack.build.build_pack

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(revpack.build, "build_pack", counting)
    return calls


def test_nothing_changed_means_no_work_and_the_same_report(built, renders):
    build, first, out = built
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf") if ".revpack" not in p.parts}
    again = build()
    assert renders == []
    assert same_report(again.output, first.output)  # the same paths (and warnings), in the same order
    assert again.output.endswith(", nothing changed, 0.0 s\n")
    assert {p: p.stat().st_mtime_ns for p in before} == before


def test_an_edited_topic_builds_again(built, renders, mini_pack):
    build, _, out = built
    topic = next((mini_pack / "topics").glob("*.yaml"))
    topic.write_text(topic.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
    build()
    assert renders == [1]


@pytest.mark.parametrize("change", ["edited", "touched", "deleted"])
def test_an_output_changed_since_builds_again(built, renders, change):
    build, _, out = built
    pdf = next(out.glob("*.pdf"))
    good = pdf.read_bytes()
    if change == "deleted":
        pdf.unlink()
    elif change == "edited":
        pdf.write_bytes(good + b"% scribbled on\n")
    else:
        os.utime(pdf, ns=(0, 0))
    build()
    assert renders == [1]
    assert pdf.read_bytes() == good  # put back as the build makes it
    build()
    assert renders == [1]  # and recorded again: the next build has nothing to do


@pytest.mark.parametrize("options", [["--paper", "letter"], ["--theme", "print-saver"], ["--answers", "end"],
                                     ["--recall-level", "3"], ["--no-cache"]])
def test_other_options_build_again(built, renders, options):
    build, _, _ = built
    build(*options)
    assert renders == [1]


def test_warnings_are_printed_again_when_nothing_changed(mini_pack, tmp_path, renders):
    topic = next((mini_pack / "topics").glob("*.yaml"))
    topic.write_text(topic.read_text(encoding="utf-8").replace("title: ", "title: \u2603\U0001F600 ", 1),
                     encoding="utf-8")
    args = ["build", str(mini_pack), "-o", str(tmp_path / "out")]
    first = CliRunner().invoke(cli, args)
    second = CliRunner().invoke(cli, args)
    assert first.exit_code == second.exit_code == 0
    assert "warning" in first.output and same_report(second.output, first.output)
    assert renders == [1]
