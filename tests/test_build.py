"""The full pack: outline, labels, metadata, determinism, safe writes, and the CLI."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, pdf_text
from pypdf import PdfReader

from revpack.build import BuildOptions, build_pack
from revpack.cli import cli
from revpack.load import load_pack


def outline_titles(reader: PdfReader) -> list:
    def walk(items):
        out = []
        for item in items:
            out.append(walk(item) if isinstance(item, list) else item.title)
        return out

    return walk(reader.outline)


def test_pack_has_cover_contents_outline_labels_and_metadata(mini_pack, tmp_path):
    pack = load_pack(mini_pack)
    result = build_pack(pack, tmp_path / "out")
    pack_pdf = tmp_path / "out" / "mini.pdf"
    assert pack_pdf in result.written
    assert (tmp_path / "out" / "topics" / "alpha-summary.pdf").exists()
    reader = PdfReader(pack_pdf)
    assert outline_titles(reader)[0] == "Mini pack"
    assert "Alpha topic" in outline_titles(reader)[1]
    assert "Beta topic" in outline_titles(reader)[1]
    assert reader.page_labels[:3] == ["Cover", "i", "1"]
    meta = reader.metadata
    assert meta.title == "Mini pack"
    assert meta.author == "revpack tests"
    assert "GCSE" in meta.subject
    cover = reader.pages[0].extract_text()
    for text in ("Mini pack", "A fixture for the tests", "GCSE", "AQA", "Unit 0, for testing"):
        assert text in cover


def test_contents_page_numbers_point_at_the_topics(mini_pack, tmp_path):
    build_pack(load_pack(mini_pack), tmp_path / "out")
    reader = PdfReader(tmp_path / "out" / "mini.pdf")
    contents = reader.pages[1].extract_text()
    labels = reader.page_labels
    for title in ("Alpha topic", "Beta topic"):
        number = re.search(rf"{title}\s*\.+\s*(\d+)", contents)[1]  # each entry: title, dot leaders, page
        index = labels.index(number)
        assert title in reader.pages[index].extract_text()
        assert number in reader.pages[index].extract_text().split()


def test_same_input_same_bytes(mini_pack, tmp_path):
    pack = load_pack(mini_pack)
    build_pack(pack, tmp_path / "a")
    build_pack(pack, tmp_path / "b")
    for name in ("mini.pdf", "topics/alpha-summary.pdf"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_one_worker_two_workers_and_a_cached_build_give_the_same_bytes(mini_pack, tmp_path):
    """What is made once per process (font subsets, wraps, cloze gaps) never shows in the output:
    -j1, -j2 and a build from the cache write byte-identical PDFs."""
    pack = load_pack(mini_pack)
    build_pack(pack, tmp_path / "one", BuildOptions(jobs=1, cache=False))
    build_pack(pack, tmp_path / "two", BuildOptions(jobs=2, cache=False))
    build_pack(pack, tmp_path / "cached", BuildOptions(jobs=2))
    build_pack(pack, tmp_path / "cached", BuildOptions(jobs=1))  # every fragment from the cache
    made = {p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*.pdf") if ".revpack" not in p.parts}
    assert len(made) > 5
    for name in sorted(made):
        first = (tmp_path / "one" / name).read_bytes()
        assert (tmp_path / "two" / name).read_bytes() == first, name
        assert (tmp_path / "cached" / name).read_bytes() == first, name


def test_failed_build_leaves_the_old_pdf_untouched(mini_pack, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build_pack(load_pack(mini_pack), out)
    before = (out / "mini.pdf").read_bytes()

    import revpack.build

    def boom(out, *args, **kwargs):  # fails halfway through streaming the pack
        out.write(b"%PDF-1.4\n")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(revpack.build, "write_pack", boom)
    with pytest.raises(RuntimeError):
        build_pack(load_pack(mini_pack), out, BuildOptions(cache=False))
    assert (out / "mini.pdf").read_bytes() == before
    assert not [p for p in out.rglob("*.tmp")]


def test_letter_paper(mini_pack, tmp_path):
    build_pack(load_pack(mini_pack), tmp_path / "out", BuildOptions(paper="letter"))
    for page in PdfReader(tmp_path / "out" / "mini.pdf").pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)


def test_cli_build_check_list_and_sheet(mini_pack, tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["build", str(mini_pack), "-o", str(tmp_path / "o"), "-q"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "o" / "mini.pdf").exists()
    res = runner.invoke(cli, ["check", str(mini_pack)])
    assert res.exit_code == 0 and "no problems" in res.output
    res = runner.invoke(cli, ["list", str(mini_pack)])
    assert res.exit_code == 0 and "alpha" in res.output and "beta" in res.output
    out = tmp_path / "one.pdf"
    res = runner.invoke(cli, ["sheet", str(mini_pack), "alpha", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "Alpha topic" in pdf_text(out)


def test_cli_bad_input_is_one_line_per_problem_and_exit_1(mini_pack):
    (mini_pack / "topics" / "beta.yaml").write_text("title: Beta\nsections:\n  - heading: X\n    pointz: [a]\n")
    res = CliRunner().invoke(cli, ["check", str(mini_pack)])
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    assert "beta.yaml:4:5: sections[0]: unknown key 'pointz'" in res.output


def test_cli_version_and_help():
    runner = CliRunner()
    assert runner.invoke(cli, ["--version"]).output.startswith("revpack, version")
    for command in ([], ["build"], ["sheet"], ["check"], ["list"]):
        res = runner.invoke(cli, [*command, "--help"])
        assert res.exit_code == 0 and "Usage" in res.output


def test_default_pack_builds(tmp_path, gcse_pack_build):
    """The default pack found by name from the CLI (one topic, to keep it quick), and the whole pack
    (the session's shared build) as one PDF with every topic's own sheets beside it."""
    res = CliRunner().invoke(cli, ["build", "gcse-stalin-ussr", "--only", "01-death-of-lenin", "-o", str(tmp_path), "-q"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "gcse-stalin-ussr.pdf").exists()
    assert os.path.getsize(gcse_pack_build / "gcse-stalin-ussr.pdf") > 10_000
    reader = PdfReader(gcse_pack_build / "gcse-stalin-ussr.pdf")

    def titles(outline) -> list[str]:
        return [t for item in outline for t in (titles(item) if isinstance(item, list) else [item.title])]

    bookmarks = " ".join(titles(reader.outline))
    for topic in load_pack(REPO / "packs" / "gcse-stalin-ussr").topics:
        assert topic.title in bookmarks


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-m", "revpack", "--help"], capture_output=True, text=True)
    assert res.returncode == 0 and "build" in res.stdout


def test_outputs_are_ordinary_readable_files(mini_pack, tmp_path):
    build_pack(load_pack(mini_pack), tmp_path / "out")
    mode = (tmp_path / "out" / "mini.pdf").stat().st_mode & 0o777
    assert mode & 0o044 == 0o044 or mode == 0o666 & ~os.umask(os.umask(0))


def test_a_cover_list_longer_than_the_page_never_parts_a_number_from_its_title():
    """Each row of the cover's topic list moves to the next page whole, in its tightest
    layout, should a list be too long even for that (90 topics: the cover fits 30 and more)."""
    import pdfplumber
    from reportlab.platypus import Spacer

    from revpack.assemble import Part, cover_story
    from revpack.model import PackInfo
    from revpack.render import DocInfo, render_story
    from revpack.theme import Style

    style = Style()
    tags = [f"Topic{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(90)]
    parts = [Part(title=f"{tag} and a title long enough to matter", fragments=(), period="1917-41") for tag in tags]
    info = PackInfo(title="A long pack", subtitle="With many topics", specification="A specification line")
    for shift in range(0, 24, 2):  # move the page break through every part of a row
        story = [Spacer(1, shift), *cover_story(info, parts, style)]
        pdf = render_story(story, style, DocInfo(title="A long pack"))
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            pages = [[w["text"] for w in page.extract_words()] for page in doc.pages]
        assert len(pages) >= 2
        seen = []
        for words in pages:
            numbers = {w for w in words if w.isdigit()}
            titled = {str(n) for n, tag in enumerate(tags, 1) if tag in words}
            assert numbers == titled, (shift, numbers, titled)
            seen += sorted(titled, key=int)
        assert sorted(seen, key=int) == [str(n) for n in range(1, 91)], shift
