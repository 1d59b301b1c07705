"""revpack touches only what it made (issue #13, items 1, 2 and 6).

The output folder carries a marker listing what revpack wrote; `clean` removes only
listed files, the cache only its listed entries; a build refuses a folder holding
files it did not make; two builds into one folder take turns; temporary files of a
killed build are removed by the next.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from revpack.cli import cli
from revpack.outdir import OWNED, STATE, OutputFolder

SRC = Path(__file__).resolve().parents[1] / "src"



def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_clean_refuses_a_folder_revpack_did_not_make(tmp_path, monkeypatch):
    """The issue's case: `revpack new p && echo essay > mywork.txt && revpack clean p -o .`."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["new", "p"]).exit_code == 0
    Path("mywork.txt").write_text("essay\n")
    before = files(tmp_path)
    res = CliRunner().invoke(cli, ["clean", "p", "-o", "."])
    assert res.exit_code == 1
    assert res.output.splitlines() == [f".: not a revpack output folder (no {STATE}/{OWNED}); nothing removed"]
    assert files(tmp_path) == before


def test_clean_removes_what_the_build_wrote_and_nothing_else(mini_pack, tmp_path):
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(mini_pack), "-o", str(out), "-q", "-j1"]).exit_code == 0
    (out / "topics" / "my-notes.txt").write_text("mine")  # the user's, beside the outputs
    (out / STATE / "cache" / ("0" * 32 + ".pdf")).write_bytes(b"%PDF not the cache's: unlisted")
    res = CliRunner().invoke(cli, ["clean", str(mini_pack), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert files(out) == {"topics/my-notes.txt", f"{STATE}/cache/{'0' * 32}.pdf"}
    assert f"kept {out}: it holds files revpack did not make" in res.output
    # A clean folder holding only what revpack made goes entirely.
    out2 = tmp_path / "out2"
    assert CliRunner().invoke(cli, ["build", str(mini_pack), "-o", str(out2), "-q", "-j1"]).exit_code == 0
    res = CliRunner().invoke(cli, ["clean", "-o", str(out2)])
    assert res.exit_code == 0 and not out2.exists(), res.output


def test_clean_keeps_an_output_the_user_changed(mini_pack, tmp_path):
    out = tmp_path / "out"
    CliRunner().invoke(cli, ["build", str(mini_pack), "-o", str(out), "-q", "-j1"])
    mine = out / "topics" / "alpha-summary.pdf"
    mine.write_bytes(b"my own edit")
    res = CliRunner().invoke(cli, ["clean", "-o", str(out)])
    assert res.exit_code == 0
    assert mine.read_bytes() == b"my own edit"
    assert f"kept {mine}: changed since revpack wrote it" in res.output


@pytest.mark.parametrize("where", ["home-like", "pack", "root"])
def test_a_build_refuses_a_folder_holding_files_it_did_not_make(mini_pack, tmp_path, where):
    if where == "home-like":  # `revpack build -o ~`: ~/.cache's PDFs are not revpack's
        out = tmp_path / "home"
        (out / ".cache").mkdir(parents=True)
        (out / ".cache" / "thumb.pdf").write_bytes(b"%PDF-1.4 someone's")
    else:
        out = mini_pack if where == "pack" else Path("/")
    before = files(out) if where != "root" else None
    res = CliRunner().invoke(cli, ["build", str(mini_pack), "-o", str(out), "-q"])
    assert res.exit_code == 1
    assert res.output.splitlines() == [
        f"{out}: holds files revpack did not make (it has no {STATE}/{OWNED}); build into a new or empty folder"]
    if before is not None:
        assert files(out) == before


def test_a_build_never_overwrites_a_file_it_did_not_write(mini_pack, tmp_path):
    out = tmp_path / "out"
    CliRunner().invoke(cli, ["build", str(mini_pack), "-o", str(out), "-q", "-j1"])
    owned = json.loads((out / STATE / OWNED).read_text())["files"]
    theirs = out / "topics" / "alpha-summary.pdf"
    assert theirs.relative_to(out).as_posix() in owned
    # The user replaces an output with a file of their own and the marker forgets it.
    del owned["topics/alpha-summary.pdf"]
    (out / STATE / OWNED).write_text(json.dumps({"revpack": 1, "files": owned}))
    theirs.write_bytes(b"the user's")
    res = CliRunner().invoke(cli, ["build", str(mini_pack), "-o", str(out), "-q", "--no-cache"])
    assert res.exit_code == 1
    assert res.output.splitlines() == [f"{theirs}: exists and revpack did not make it; move it away or build elsewhere",
                                       "nothing was written."]
    assert theirs.read_bytes() == b"the user's"


def test_a_link_out_of_the_output_folder_is_not_followed(mini_pack, tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    OutputFolder(out).claim()
    (out / "topics").symlink_to(elsewhere)
    res = CliRunner().invoke(cli, ["build", str(mini_pack), "-o", str(out), "-q", "-j1"])
    assert res.exit_code == 1
    assert res.output.splitlines()[0].endswith("outside the output folder " f"{out} (a link leads out); nothing was written")
    assert list(elsewhere.iterdir()) == []


def test_the_cache_removes_only_its_listed_entries(mini_pack, tmp_path):
    out = tmp_path / "out"
    CliRunner().invoke(cli, ["build", str(mini_pack), "-o", str(out), "-q", "-j1"])
    cache = out / STATE / "cache"
    listed = set(json.loads((cache / "index.json").read_text()))
    stranger = cache / ("f" * 32 + ".pdf")  # named like an entry, but the cache never wrote it
    stranger.write_bytes(b"%PDF someone's")
    other = cache / "notes.pdf"
    other.write_bytes(b"%PDF someone's")
    # An edit makes the old fragments of alpha unused: they go, the strangers stay.
    topic = mini_pack / "topics" / "alpha.yaml"
    topic.write_text(topic.read_text().replace("title: ", "title: Edited ", 1))
    assert CliRunner().invoke(cli, ["build", str(mini_pack), "-o", str(out), "-q", "-j1"]).exit_code == 0
    now = set(json.loads((cache / "index.json").read_text()))
    assert listed - now, "the stale fragments were pruned"
    entries = [*cache.glob("*.pdf"), *cache.glob("*.json")]  # PDFs, and the facts kept beside them
    assert {p.stem for p in entries} - {"index"} == now | {stranger.stem, "notes"}
    assert stranger.exists() and other.exists()


def test_a_killed_builds_temporary_files_go_with_the_next_build(mini_pack, tmp_path):
    out = tmp_path / "out"
    CliRunner().invoke(cli, ["build", str(mini_pack), "-o", str(out), "-q", "-j1"])
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    left = [out / f".beta.pdf.revpack-{dead}-a1b2c3.tmp", out / "topics" / f".alpha-summary.pdf.revpack-{dead}-x_9.tmp",
            out / STATE / "cache" / f".{'a' * 32}.pdf.revpack-{dead}-q.tmp"]
    live = out / f".mini.pdf.revpack-{os.getpid()}-zz.tmp"  # a process still writing it: left alone
    mine = out / "topics" / "draft.tmp"  # not revpack's name
    for path in [*left, live, mine]:
        path.write_bytes(b"half")
    assert CliRunner().invoke(cli, ["build", str(mini_pack), "-o", str(out), "-q", "-j1", "--no-cache"]).exit_code == 0
    assert not any(p.exists() for p in left)
    assert live.exists() and mine.exists()


def test_two_builds_into_one_folder_at_once_both_succeed(mini_pack, tmp_path):
    """Two real processes: the second waits for the first's lock; neither deletes the other's files."""
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    cmd = [sys.executable, "-m", "revpack", "build", str(mini_pack), "-o", str(out), "-q", "-j1"]
    procs = [subprocess.Popen([*cmd, *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for extra in ([], ["--theme", "dyslexia"])]
    outputs = [p.communicate(timeout=600)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert all("Traceback" not in o for o in outputs)
    owned = json.loads((out / STATE / OWNED).read_text())["files"]
    cache = out / STATE / "cache"
    listed = set(json.loads((cache / "index.json").read_text()))
    for rel in owned:
        assert len(PdfReader(out / rel).pages) >= 1
    assert not [p for p in out.rglob("*.tmp")]
    assert {p.stem for p in [*cache.glob("*.pdf"), *cache.glob("*.json")]} - {"index"} <= listed


def test_sheet_cards_and_export_list_their_default_outputs(mini_pack, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for args in (["sheet", str(mini_pack), "alpha"], ["cards", str(mini_pack)], ["export", "csv", str(mini_pack)]):
        res = CliRunner().invoke(cli, args)
        assert res.exit_code == 0, res.output
    out = tmp_path / "build" / "mini"
    owned = set(json.loads((out / STATE / OWNED).read_text())["files"])
    assert owned == {p for p in files(out) if not p.startswith(STATE)}
    assert CliRunner().invoke(cli, ["clean", str(mini_pack)]).exit_code == 0
    assert not out.exists()


# --- processes: -j is clamped, a killed build leaves no worker behind (issue #13 item 6) -----------


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


@pytest.fixture
def many_topics(mini_pack: Path) -> Path:
    """The mini pack with 16 topics: a build long enough to be killed while its workers run."""
    alpha = (mini_pack / "topics" / "alpha.yaml").read_text()
    names = [f"t{i:02}" for i in range(16)]
    for name in names:
        (mini_pack / "topics" / f"{name}.yaml").write_text(alpha.replace("title: ", f"title: {name} ", 1))
    pack = (mini_pack / "pack.yaml").read_text().replace("topics: [alpha, beta]", f"topics: [{', '.join(names)}]")
    (mini_pack / "pack.yaml").write_text(pack)
    for extra in ("alpha", "beta"):
        (mini_pack / "topics" / f"{extra}.yaml").unlink()
    return mini_pack


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or (os.cpu_count() or 1) < 2, reason="needs /proc, 2 cores")
@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM", "SIGKILL"])
def test_killing_a_build_ends_its_workers_and_the_next_build_cleans_up(many_topics, tmp_path, signal_name):
    import signal
    import time

    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    cmd = [sys.executable, "-m", "revpack", "build", str(many_topics), "-o", str(out), "-q", "--no-cache"]
    proc = subprocess.Popen([*cmd, "-j", "1000"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers |= _children(proc.pid)
        time.sleep(0.05)
    assert proc.poll() is None, "the build ended before it could be killed"
    time.sleep(0.3)
    workers |= _children(proc.pid)
    assert len(workers) == min(os.cpu_count() or 1, len(os.sched_getaffinity(0))), "-j 1000 is clamped to the cores"
    proc.send_signal(getattr(signal, signal_name))
    output = proc.communicate(timeout=60)[0].decode()
    assert "Traceback" not in output
    deadline = time.monotonic() + 20
    while _alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(workers), "every worker ends with its build"
    # The next build succeeds and leaves no temporary file behind, whatever the kill left.
    done = subprocess.run([*cmd, "-j", "1"], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not list(out.rglob("*.tmp"))


def test_a_file_named_with_o_is_replaced_only_if_revpack_wrote_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["new", "p"]).exit_code == 0
    pack_yaml = Path("p/pack.yaml").read_bytes()
    Path("essay.pdf").write_text("my essay\n")
    for target, args in (("p/pack.yaml", ["export", "csv", "p"]), ("essay.pdf", ["sheet", "p", "01-first-topic"]),
                         ("essay.pdf", ["cards", "p"])):
        res = CliRunner().invoke(cli, [*args, "-o", target])
        assert res.exit_code == 1, res.output
        assert res.output.splitlines()[0] == (
            f"{target}: exists and revpack did not make it; choose another name or move it away")
    assert Path("p/pack.yaml").read_bytes() == pack_yaml and Path("essay.pdf").read_text() == "my essay\n"
    assert not Path("essay-a7.pdf").exists()  # the cards' companion was not written either
    # A file revpack wrote there is replaced on the next run, until someone edits it.
    for _ in range(2):
        assert CliRunner().invoke(cli, ["sheet", "p", "01-first-topic", "-o", "sheet.pdf"]).exit_code == 0
    with open("sheet.pdf", "ab") as edited:
        edited.write(b"\n% my note\n")
    res = CliRunner().invoke(cli, ["sheet", "p", "01-first-topic", "-o", "sheet.pdf"])
    assert res.exit_code == 1 and "sheet.pdf: exists and revpack did not make it" in res.output
