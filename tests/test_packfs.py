"""Odd entries in a pack folder (issue #13 item 7): each is one positioned line or is read as it should be;
nothing blocks (a pipe), nothing outside the pack is printed (a link out), editors' files are left alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from revpack.cli import cli

SRC = Path(__file__).resolve().parents[1] / "src"


def unlisted(pack: Path) -> Path:
    """The pack with no topics list: every topics/*.yaml is a topic."""
    info = pack / "pack.yaml"
    info.write_text("".join(line for line in info.read_text().splitlines(True) if not line.startswith("topics:")))
    return pack


@pytest.mark.parametrize(("make", "message"), [
    (lambda t: (t / "dir.yaml").mkdir(), "this is a folder, not a file"),
    (lambda t: os.mkfifo(t / "pipe.yaml"), "not a regular file (a pipe, socket or device); revpack reads only files"),
    (lambda t: (t / "gone.yaml").symlink_to(t / "nowhere.yaml"), "a link to nothing (its target is gone)"),
    (lambda t: (t / "out.yaml").symlink_to(Path(os.path.abspath(t)).parents[2] / "outside.yaml"),
     "a link to {outside}, outside the pack; copy the file into the pack instead"),
])
def test_an_odd_topic_entry_is_one_positioned_line(mini_pack, make, message):
    pack = unlisted(mini_pack)
    outside = pack.parent.parent / "outside.yaml"
    outside.write_text("title: Secret\nsections:\n  - heading: H\n    points: [the reader's own file]\n")
    make(pack / "topics")
    res = CliRunner().invoke(cli, ["check", str(pack)])
    assert res.exit_code == 1
    (line, summary) = res.output.splitlines()
    assert line.endswith(":1:1: " + message.format(outside=outside.resolve()))
    assert summary == "1 problem found; nothing was written."


def test_links_inside_the_pack_and_editors_files(mini_pack):
    pack = unlisted(mini_pack)
    topics = pack / "topics"
    (topics / "again.yaml").symlink_to("alpha.yaml")  # a link inside the pack: read, named as itself
    for name in (".#alpha.yaml", ".alpha.yaml.swp", ".~lock.alpha.yaml#", "alpha.yaml~", "#alpha.yaml#"):
        (topics / name).write_text("not: [yaml")
    (topics / ".#beta.yaml").symlink_to("user@host.1234")  # emacs's lock: a dangling link
    res = CliRunner().invoke(cli, ["check", str(pack)])
    assert res.exit_code == 0, res.output
    assert res.output.strip().splitlines()[-1].endswith("3 topics, no problems found.")


def test_an_unreadable_topic_is_one_line_for_a_user_who_cannot_read_it(mini_pack, tmp_path):
    """Run as nobody (root reads everything); skipped where that cannot be done."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root to switch to nobody with setpriv")
    work = Path("/tmp") / f"revpack-unreadable-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(mini_pack, work)
    try:
        os.chmod(work / "topics" / "beta.yaml", 0)
        for p in [work, *work.rglob("*")]:
            if p.name != "beta.yaml":
                os.chmod(p, 0o755 if p.is_dir() else 0o644)
        cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, "-m", "revpack",
               "check", str(work)]
        res = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(SRC)}, cwd=str(work))
        if "Permission denied" in res.stderr and "beta.yaml" not in res.stderr:
            pytest.skip(f"nobody cannot run this Python: {res.stderr.strip()[:200]}")
        assert res.returncode == 1
        assert res.stderr.splitlines() == ["topics/beta.yaml:1:1: cannot read the file: Permission denied",
                                           "1 problem found; nothing was written."]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_a_pipe_beside_the_topics_blocks_neither_the_build_nor_the_up_to_date_check(mini_pack, tmp_path):
    os.mkfifo(mini_pack / "topics" / "extra.yaml")  # not in pack.yaml's list: never read
    out = tmp_path / "out"
    for _ in range(2):  # the second build reads the digest of the inputs, pipe included, and does nothing
        res = CliRunner().invoke(cli, ["build", str(mini_pack), "-o", str(out), "-j1"])
        assert res.exit_code == 0, res.output
        assert "extra.yaml:1:1: warning: this topic is not listed in pack.yaml 'topics'" in res.output


def test_a_file_name_with_a_control_character_is_named_on_one_line(mini_pack):
    pack = unlisted(mini_pack)
    (pack / "topics" / "\r0.yaml").write_text("title: [unclosed\n")
    res = CliRunner().invoke(cli, ["check", str(pack)])
    assert res.exit_code == 1
    line, summary = res.output.splitlines()
    assert "topics/\\r0.yaml:" in line and summary == "1 problem found; nothing was written."
