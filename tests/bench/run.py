"""`make bench`: time revpack on synthetic packs; print a table and write build/bench.json.

For each pack size it measures, as medians over repeated runs of the real CLI in
a fresh process: a cold full build, a rebuild with nothing changed, a rebuild
after editing one topic, and `revpack --help`; and the bare-canvas floor
(tests/bench/canvas_floor.py: the workload's words, and every line the build
printed, drawn with no layout at all).

Beside each cold build, in the same run and alternating with it (revpack, Typst,
platypus, revpack, Typst, platypus...), two peers typeset the same words in one
document each (tests/bench/peers.py): Typst (the `typst` package, installed by
`make bench` from the `bench` extra) and a ReportLab platypus script. Their columns
are the median over those runs of revpack's CPU per page over the peer's.
Wall time, CPU time (the whole process tree) and peak memory (the largest
process in the tree) come from a small wrapper process's rusage.

Sizes default to 10, 40, 160 and 1000 topics; set BENCH_SIZES=10,40 for a
quicker run, BENCH_REPEAT to change the number of runs.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
from generate import write_pack  # noqa: E402

WRAPPER = r"""
import json, resource, subprocess, sys, time
t = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
sys.stderr.write(done.stderr[-2000:] if done.returncode else "")
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": done.returncode, "wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss_kb": ru.ru_maxrss}))
"""


def measure(argv: list[str]) -> dict:
    """Run `argv` once in a wrapper; wall, CPU and peak RSS of its process tree."""
    out = subprocess.run([sys.executable, "-c", WRAPPER, *argv], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{out.stderr}")
    return result


def median_of(runs: list[dict]) -> dict:
    return {
        "wall_s": round(statistics.median(r["wall"] for r in runs), 3),
        "cpu_s": round(statistics.median(r["cpu"] for r in runs), 3),
        "peak_mib": round(max(r["rss_kb"] for r in runs) / 1024, 1),
        "runs": len(runs),
    }


def pdf_facts(path: Path) -> dict:
    reader = PdfReader(path)
    programs = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:
                continue
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                ref = descriptor.get_object().raw_get(key) if key in descriptor.get_object() else None
                if ref is not None:
                    programs.add(getattr(ref, "idnum", id(ref)))
    return {"pages": len(reader.pages), "bytes": path.stat().st_size, "font_programs": len(programs)}


def has_typst() -> bool:
    try:
        import typst  # noqa: F401
    except ImportError:
        return False
    return True


PEERS = ("typst", "platypus") if has_typst() else ("platypus",)


def per_page_ratios(ours: list[dict], our_pages: int, theirs: list[dict], their_pages: int) -> dict:
    """Median over paired runs of (our seconds per page) / (the peer's), for CPU and wall."""
    return {
        kind: round(statistics.median((a[key] / our_pages) / (b[key] / their_pages) for a, b in zip(ours, theirs)), 2)
        for kind, key in (("cpu", "cpu"), ("wall", "wall"))
    }


def bench_size(n: int, repeat: int, revpack: list[str], work: Path) -> dict:
    pack = write_pack(work / f"pack{n}", n)
    out = work / f"out{n}"
    build = [*revpack, "build", str(pack), "-o", str(out), "-q"]
    row: dict = {"topics": n}

    # Cold builds, each followed by each peer on the same words: paired runs, A B C A B C.
    cold: list[dict] = []
    peers: dict[str, list[dict]] = {name: [] for name in PEERS}
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        cold.append(measure(build))
        for name in PEERS:
            peers[name].append(measure([sys.executable, str(HERE / "peers.py"), name, str(pack), str(work / f"{name}{n}.pdf")]))
    row["cold"] = median_of(cold)
    pages = len(PdfReader(out / f"pack{n}.pdf").pages)
    row["peers"] = {}
    for name, runs in peers.items():
        their_pages = len(PdfReader(work / f"{name}{n}.pdf").pages)
        row["peers"][name] = {**median_of(runs), "pages": their_pages,
                              "ratio_per_page": per_page_ratios(cold, pages, runs, their_pages)}
    row["nochange"] = median_of([measure(build) for _ in range(repeat)])

    edits = []
    topic = pack / "topics" / "t0000.yaml"
    original = topic.read_text(encoding="utf-8")
    for i in range(repeat):
        topic.write_text(original.replace("summary: ", f"summary: Edited {i} ", 1), encoding="utf-8")
        edits.append(measure(build))
    topic.write_text(original, encoding="utf-8")
    row["edit_one"] = median_of(edits)

    floor_pdf = work / f"floor{n}.pdf"
    row["canvas_floor"] = median_of(
        [measure([sys.executable, str(HERE / "canvas_floor.py"), str(pack), str(floor_pdf)]) for _ in range(repeat)]
    )
    # The output's floor: the text of every page the build printed, drawn the same bare way.
    pages = [(page.extract_text() or "").splitlines() for page in PdfReader(out / f"pack{n}.pdf").pages]
    text_json = work / f"text{n}.json"
    text_json.write_text(json.dumps(pages), encoding="utf-8")
    row["output_floor"] = median_of(
        [measure([sys.executable, str(HERE / "canvas_floor.py"), "--pages", str(text_json), str(floor_pdf)])
         for _ in range(repeat)]
    )
    row["output"] = pdf_facts(out / f"pack{n}.pdf")
    single = next((out / "topics").glob("t0000-summary.pdf"))
    single_facts = pdf_facts(single)
    row["output"]["bytes_per_page"] = round(row["output"]["bytes"] / row["output"]["pages"])
    row["single_bytes_per_page"] = round(single_facts["bytes"] / single_facts["pages"])
    row["cold_per_topic_ms"] = round(1000 * row["cold"]["wall_s"] / n, 1)
    return row


def _ratio(row: dict, peer: str) -> str:
    """revpack's CPU per page over `peer`'s, paired runs' median ('-' when the peer was not run)."""
    found = row.get("peers", {}).get(peer)
    return f"{found['ratio_per_page']['cpu']:.1f}" if found else "-"


def table(rows: list[dict]) -> str:
    """The report's table, one line a pack size."""
    head = f"{'topics':>6} {'pages':>6} {'cold s':>7} {'floor s':>7} {'x floor':>7} {'out-floor s':>11} {'x out':>6} " \
           f"{'edit s':>7} " \
           f"{'noop s':>7} {'cpu s':>6} {'cpu ms/p':>8} {'x typst':>7} {'x platypus':>10} {'peak MiB':>8} {'ms/topic':>8} " \
           f"{'fonts':>5} {'B/page':>7} {'1-topic B/page':>14}"
    lines = [head]
    for r in rows:
        lines.append(
            f"{r['topics']:>6} {r['output']['pages']:>6} {r['cold']['wall_s']:>7.2f} {r['canvas_floor']['wall_s']:>7.2f} "
            f"{r['cold']['wall_s'] / r['canvas_floor']['wall_s']:>7.2f} {r['output_floor']['wall_s']:>11.2f} "
            f"{r['cold']['wall_s'] / r['output_floor']['wall_s']:>6.2f} {r['edit_one']['wall_s']:>7.2f} "
            f"{r['nochange']['wall_s']:>7.2f} {r['cold']['cpu_s']:>6.2f} "
            f"{1000 * r['cold']['cpu_s'] / r['output']['pages']:>8.1f} {_ratio(r, 'typst'):>7} {_ratio(r, 'platypus'):>10} "
            f"{r['cold']['peak_mib']:>8.1f} "
            f"{r['cold_per_topic_ms']:>8.1f} {r['output']['font_programs']:>5} {r['output']['bytes_per_page']:>7} "
            f"{r['single_bytes_per_page']:>14}"
        )
    return "\n".join(lines)


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10,40,160,1000").split(",")]
    revpack = [str(Path(sys.executable).with_name("revpack"))]
    with tempfile.TemporaryDirectory(prefix="revpack-bench-") as tmp:
        work = Path(tmp)
        help_runs = [measure([*revpack, "--help"]) for _ in range(7)]
        rows = []
        for n in sizes:
            repeat = int(os.environ.get("BENCH_REPEAT", 5 if n <= 40 else 3 if n <= 160 else 1))
            print(f"benchmarking {n} topics ({repeat} runs each)...", file=sys.stderr, flush=True)
            rows.append(bench_size(n, repeat, revpack, work))
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)  # as each size is done
    report = {"help": median_of(help_runs), "sizes": rows, "cores": len(os.sched_getaffinity(0))}

    print(table(rows))
    print(f"revpack --help: {report['help']['wall_s']:.3f} s median")
    dest = REPO / "build" / "bench.json"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written {dest.relative_to(REPO)}")


if __name__ == "__main__":
    main()
