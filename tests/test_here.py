"""Your folder first: with no PACK, revpack works on the pack you are in (the nearest folder
holding pack.yaml, as git finds its repository); with none, one line says how to start one."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from revpack.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def pack(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    assert run("new", "mine").exit_code == 0
    return tmp_path / "mine"


def test_check_in_the_pack_folder_and_in_a_subfolder_checks_that_pack(pack, monkeypatch):
    for where in (pack, pack / "topics"):
        monkeypatch.chdir(where)
        done = run("check")
        assert done.exit_code == 0, done.output
        assert done.output.startswith("mine: 1 topics, no problems found.")


def test_a_build_inside_the_pack_writes_to_the_pack_folders_build(pack, monkeypatch):
    monkeypatch.chdir(pack / "topics")
    done = run("build", "-q", "-j", "1")
    assert done.exit_code == 0, done.output
    assert (pack / "build" / "mine" / "mine.pdf").is_file()
    assert not (pack / "topics" / "build").exists()


def test_no_pack_here_says_how_to_start_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    done = run("check")
    assert done.exit_code == 1
    line, = done.output.splitlines()
    assert line == ("no pack here (no pack.yaml in this folder or any above it): start one with `revpack new NAME`, "
                    "or copy a sample with `revpack new NAME --from gcse-stalin-ussr` "
                    "(samples: alevel-soviet-russia, gcse-stalin-ussr)")


def test_samples_by_name_and_copied(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("check", "alevel-soviet-russia").exit_code == 0
    assert run("new", "stalin", "--from", "gcse-stalin-ussr").exit_code == 0
    monkeypatch.chdir(tmp_path / "stalin")
    done = run("check")
    assert done.exit_code == 0 and done.output.startswith("stalin: 8 topics"), done.output
    first = (tmp_path / "stalin/topics/01-death-of-lenin.yaml").read_text("utf-8").splitlines()[0]
    assert (tmp_path / "stalin/topics" / first.split("$schema=")[1]).resolve().is_file()


def test_new_topic_in_the_pack_you_are_in(pack, monkeypatch):
    monkeypatch.chdir(pack / "topics")
    assert run("new", "topic", "02-more").exit_code == 0
    assert (pack / "topics" / "02-more.yaml").is_file()
    assert "02-more" in (pack / "pack.yaml").read_text("utf-8")
