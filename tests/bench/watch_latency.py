"""Save-to-sheet latency of `revpack watch`, as a user sees it.

    PYTHONPATH=src .venv/bin/python tests/bench/watch_latency.py [TOPICS] [EDITS]

Writes a synthetic pack of TOPICS topics (default 40; tests/bench/generate.py), starts
`revpack watch` on it in a fresh process and waits for its first build. Then, EDITS times
(default 5), it edits one topic's summary (as the bench's edit column does), and reads the
clock against the files' modification times: save -> the edited topic's summary sheet
written, save -> every one of its sheets that changed written, and save -> the pack written.
Prints each edit and the medians.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import write_pack  # noqa: E402


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def main() -> None:
    topics = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    edits = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    revpack = str(Path(sys.executable).with_name("revpack"))
    work = Path(tempfile.mkdtemp(prefix="revpack-watch-"))
    try:
        pack = write_pack(work / "pack", topics)
        out = work / "out"
        said: list[str] = []
        proc = subprocess.Popen([revpack, "watch", str(pack), "-o", str(out)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        reader = threading.Thread(target=lambda: said.extend(iter(proc.stderr.readline, "")), daemon=True)
        reader.start()
        try:
            while not any(line.startswith("watching") for line in said):
                if proc.poll() is not None:
                    raise SystemExit("revpack watch ended:\n" + "".join(said))
                time.sleep(0.05)
            topic = pack / "topics" / "t0000.yaml"
            sheets = sorted((out / "topics").glob("t0000-*.pdf"))
            summary = out / "topics" / "t0000-summary.pdf"
            pdf = out / "pack.pdf"
            original = topic.read_text(encoding="utf-8")
            rows = []
            for i in range(edits):
                time.sleep(1.0)  # let the watcher settle
                before = {p: _mtime(p) for p in [*sheets, pdf]}
                built = sum(line.startswith("built ") for line in said)
                saved = time.time_ns()
                topic.write_text(original.replace("summary: ", f"summary: Edited {i} ", 1), encoding="utf-8")
                while sum(line.startswith("built ") for line in said) == built:
                    if proc.poll() is not None:
                        raise SystemExit("revpack watch ended:\n" + "".join(said))
                    time.sleep(0.01)
                changed = [p for p in sheets if _mtime(p) != before[p]]
                row = ((_mtime(summary) - saved) / 1e9, (max(map(_mtime, changed)) - saved) / 1e9,
                       (_mtime(pdf) - saved) / 1e9, len(changed))
                rows.append(row)
                print(f"edit {i}: summary sheet {row[0]:.3f} s, its {row[3]} changed sheets {row[1]:.3f} s, "
                      f"pack {row[2]:.3f} s", flush=True)
        finally:
            proc.terminate()
            proc.wait(10)
        print(f"median over {edits} edits at {topics} topics: summary sheet {statistics.median(r[0] for r in rows):.3f} s, "
              f"topic's sheets {statistics.median(r[1] for r in rows):.3f} s, pack {statistics.median(r[2] for r in rows):.3f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
