"""The bad-input catalogue (issue #8), end to end through the CLI where it can be.

Items 7 (markup), 9 (content larger than a page) and 11 (output safety) live
here; the loader's items (1-6, 8, 10) are pinned word for word in test_load.py.
"""

from __future__ import annotations

import dataclasses
import io
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from revpack.build import BuildOptions, build_pack, build_sheet
from revpack.expectations import printed_words
from revpack.cli import cli
from revpack.errors import OutputError
from revpack.load import load_pack
from revpack.markup import fold_typography
from revpack.model import Card, Pack, PackInfo, Point, Section, Term, Topic
from revpack.preflight import Expectations, page_texts, preflight
from revpack.views import VIEWS

HEAD = "title: Hostile\nsections:\n  - heading: Markup\n    points:\n"


def write_topic(pack: Path, body: str, name: str = "beta") -> None:
    (pack / "topics" / f"{name}.yaml").write_text(body, encoding="utf-8")


def pdfs(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*.pdf"))}


# --- the loader's items, through the CLI: one line each, exit 1, nothing written ----------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"title: &a T\nsections:\n  - heading: *a\n    points: [a]\n",
         "1:8: anchors and aliases are not allowed (&name, *name); write the text out in full"),
        (b"title: Caf\xe9\nsections:\n  - heading: H\n    points: [a]\n",
         "1:11: byte 0xE9 is not UTF-8 text; save the file as UTF-8"),
        (b"title: T\nsections:\n\t- heading: H\n", "3:1: a tab character; indent with spaces, not tabs"),
    ],
)
def test_bad_input_through_the_cli(mini_pack, tmp_path, body, message):
    (mini_pack / "topics" / "beta.yaml").write_bytes(body)
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["build", str(mini_pack), "-o", str(out), "-q"])
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    assert res.output.splitlines() == [f"{mini_pack / 'topics' / 'beta.yaml'}:{message}",
                                       "1 problem found; nothing was written."]
    assert not out.exists()


def test_yaml_guesses_print_as_typed(mini_pack, tmp_path):
    write_topic(mini_pack, "title: T\nsections:\n  - heading: no\n    points: [3:30, 0123, 1.10, Off, 1939-09-01]\n")
    res = CliRunner().invoke(cli, ["build", str(mini_pack), "-o", str(tmp_path / "out"), "-q", "--only", "beta"])
    assert res.exit_code == 0, res.output
    words = " ".join(page_texts((tmp_path / "out" / "topics" / "beta-summary.pdf").read_bytes())).split()
    for typed in ("no", "3:30", "0123", "1.10", "Off", "1939-09-01"):
        assert typed in words
    for guessed in ("False", "210", "83", "1.1", "None"):
        assert guessed not in words


# --- 7: markup is text -------------------------------------------------------------

HOSTILE = [
    "<img src='SECRET'/> an image tag",
    '<a href="javascript:alert(1)">click me</a>',
    "<font name=Helvetica size=4>small font</font>",
    "<para>a para tag</para> and <unknown x=1>unknown</unknown>",
    "lone & ampersand, a < b and c > d, &amp; &#65; &lt;",
]


def test_markup_prints_as_literal_text(mini_pack, tmp_path, monkeypatch):
    secret = tmp_path / "SECRET"
    secret.write_text("do not read me")
    monkeypatch.chdir(tmp_path)  # so a relative <img src> would find the file
    opened: list[str] = []
    import reportlab.lib.utils as rl_utils

    real_open = rl_utils.open_for_read
    monkeypatch.setattr(rl_utils, "open_for_read", lambda name, *a, **k: opened.append(str(name)) or real_open(name, *a, **k))
    body = HEAD + "".join(f"      - {yaml_quote(text)}\n" for text in HOSTILE)
    write_topic(mini_pack, body)
    res = CliRunner().invoke(cli, ["build", str(mini_pack), "-o", str(tmp_path / "out"), "-q", "--only", "beta"])
    assert res.exit_code == 0, res.output
    sheet = tmp_path / "out" / "topics" / "beta-summary.pdf"
    text = fold_typography(" ".join(page_texts(sheet.read_bytes())))  # quotes print typeset
    for line in HOSTILE:
        assert " ".join(line.split()) in text
    assert not [name for name in opened if "SECRET" in name]
    raw = sheet.read_bytes()
    for forbidden in (b"/URI", b"/JavaScript", b"/Link", b"/Subtype /Image"):
        assert forbidden not in raw
    reader = PdfReader(sheet)
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert all("DejaVu" in f for f in fonts), fonts  # no font change to Helvetica
    assert preflight(raw, Expectations.sheet("a4")) == []


def yaml_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# --- 9: content larger than a page -------------------------------------------------


def huge_topic() -> Topic:
    long_point = " ".join(f"word{i}" for i in range(2500))  # several pages on its own
    long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 8  # wider than a column
    return Topic(
        title="A title of many words " * 40,
        id="huge",
        period="1917-53",
        summary="A summary that goes on. " * 200,
        sections=(
            Section(heading="One enormous point", points=(Point(text=long_point),)),
            Section(heading="Two hundred points", points=tuple(Point(text=f"point {i} of many") for i in range(200))),
            Section(heading=long_word, points=(Point(text=long_word, points=(Point(text=long_point),)),)),
        ),
        terms=(Term(term="Definition longer than a page", definition=long_point),),
    )


@pytest.mark.parametrize("view", list(VIEWS))
def test_content_larger_than_a_page_continues_and_nothing_is_lost(view):
    topic = huge_topic()
    if not VIEWS[view].applies(topic):
        pytest.skip(f"{view} does not apply")
    pack = Pack(PackInfo(title="Huge", id="huge"), (topic,))
    # The cloze key as the notes filled in (the default, a numbered list, is short by design).
    options = BuildOptions(preflight=False, extra=(("cloze-key", "filled"),))
    pdf = build_sheet(pack, "huge", view, options)  # no LayoutError
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 3
    assert preflight(pdf, Expectations.sheet("a4", printed_words(topic, VIEWS[view]))) == []
    assert "(cont.)" in " ".join(page_texts(pdf))


@pytest.mark.parametrize("size", ["a7", "4x6"])
def test_a_card_larger_than_a_card_continues(size):
    from revpack.cutouts import CardOptions, make_cards
    from revpack.theme import Style

    topic = huge_topic()
    question = " ".join(f"ask{i}" for i in range(600))  # a front longer than a card face, too
    topic = dataclasses.replace(topic, cards=(Card(question=question, answer=(Point(text="short"),)),))
    made = make_cards(Pack(PackInfo(title="Huge", id="huge"), (topic,)), Style(), CardOptions(size=size))
    every = [f"word{i}" for i in range(0, 2500, 97)] + question.split()
    assert preflight(made.cards, Expectations.cards(size, every)) == []  # nothing cut off, every word there
    assert any("card huge-qa-1 does not fit" in w.message for w in made.warnings)
    # The band's topic title (40 times over) is cut to two lines, leaving the card its room.
    first = page_texts(made.cards)[0]
    assert "A title of many words" in first and "\u2026" in first and "T1 \u00b7 Q1" in first  # its short label


# --- 11: output safety -------------------------------------------------------------


def test_a_build_failing_midway_leaves_every_pdf_byte_identical(mini_pack, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build_pack(load_pack(mini_pack), out, BuildOptions(cache=False, jobs=1))
    before = pdfs(out)
    assert len(before) >= 3
    write_topic(mini_pack, (mini_pack / "topics" / "beta.yaml").read_text() + "summary: changed\n")

    import revpack.fragments as fragments

    calls = {"n": 0}
    real = fragments.render_view

    def fail_on_second(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("renderer crashed")
        return real(*args, **kwargs)

    monkeypatch.setattr(fragments, "render_view", fail_on_second)
    with pytest.raises(RuntimeError):
        build_pack(load_pack(mini_pack), out, BuildOptions(cache=False, jobs=1))
    assert pdfs(out) == before
    assert not list(out.rglob("*.tmp"))


def test_a_preflight_failure_writes_nothing(mini_pack, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build_pack(load_pack(mini_pack), out, BuildOptions(cache=False, jobs=1))
    before = pdfs(out)
    import dataclasses

    # A view that claims to print the topic's id but does not: its words go missing.
    lossy = dataclasses.replace(VIEWS["summary"], prints=(*VIEWS["summary"].prints, "id"))
    monkeypatch.setitem(VIEWS, "summary", lossy)
    with pytest.raises(OutputError) as info:
        build_pack(load_pack(mini_pack), out, BuildOptions(cache=False, jobs=1))
    lines = info.value.message.splitlines()
    assert f"{out / 'topics' / 'beta-summary.pdf'}: text not found: 'beta'" in lines  # the id is not printed
    assert lines[-1] == "preflight failed; nothing was written."
    assert pdfs(out) == before


def test_a_write_failing_midway_keeps_the_old_file_whole(tmp_path, monkeypatch):
    from revpack.files import atomic_write

    target = tmp_path / "pack.pdf"
    target.write_bytes(b"old pdf")

    def interrupted(fd):
        raise KeyboardInterrupt  # killed between writing and renaming

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"new pdf" * 1000)
    assert target.read_bytes() == b"old pdf"
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pdf"]


def test_an_unwritable_output_folder_is_one_line_and_exit_1(mini_pack, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    res = CliRunner().invoke(cli, ["build", str(mini_pack), "-o", str(blocker / "out"), "-q"])
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    assert res.output.strip().splitlines() == [f"{blocker / 'out' / '.revpack'}: cannot write here: Not a directory"]
    assert blocker.read_text() == "not a folder"


# --- images: only files inside the pack, only whole PNG, JPEG or SVG (issue #19) -------------


def test_hostile_image_paths_are_each_one_positioned_line(mini_pack, tmp_path):
    from PIL import Image

    images = mini_pack / "images"
    images.mkdir()
    Image.new("RGB", (8, 8)).save(images / "fine.png")
    Image.new("RGB", (8, 8)).save(images / "anim.gif")
    whole = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(whole, "PNG")
    (images / "broken.png").write_bytes(whole.getvalue()[:60])  # cut short in its pixel data
    (images / "empty.jpg").write_bytes(b"")
    (images / "notes.svg").write_text("<html><body>not a drawing</body></html>", "utf-8")
    (images / "folder.png").mkdir()
    outside = tmp_path / "secret.png"
    Image.new("RGB", (8, 8)).save(outside)
    (images / "out.png").symlink_to(outside)
    (images / "gone.png").symlink_to(images / "nowhere.png")
    os.mkfifo(images / "pipe.png")
    write_topic(mini_pack, "title: Hostile images\nsections:\n  - heading: H\n    points: [a]\n"
                "    image: images/fine.png\nfigures:\n" + "".join(f"  - {p}\n" for p in (
                    "/etc/passwd", "../secret.png", "images/out.png", "images/fien.png", "images/broken.png",
                    "images/anim.gif", "images/empty.jpg", "images/notes.svg", "images/folder.png",
                    "images/gone.png", "images/pipe.png", "https://example.com/cell.png", "'images\\fine.png'",
                    "{path: images/fine.png, width: 150%}")))
    res = CliRunner().invoke(cli, ["check", str(mini_pack)])
    assert res.exit_code == 1 and "Traceback" not in res.output
    name = str(mini_pack / "topics" / "beta.yaml")
    assert res.output.splitlines() == [f"{name}:{line}" for line in (
        "7:5: figures[0]: '/etc/passwd' is an absolute path; give the path inside the pack folder instead "
        "(e.g. images/cell.png), so the pack works wherever it is copied",
        "8:5: figures[1]: '../secret.png' leads out of the pack folder ('..'); images must be inside the pack folder",
        f"9:5: figures[2]: 'images/out.png' is a link to {outside.resolve()}, outside the pack folder; copy the "
        "image into the pack instead",
        "10:5: figures[3]: no such file 'images/fien.png' in the pack folder; did you mean 'images/fine.png'?",
        "11:5: figures[4]: 'images/broken.png' is a damaged image file (image file is truncated); save it again",
        "12:5: figures[5]: 'images/anim.gif' is a GIF image; revpack prints PNG, JPEG and SVG: save it as one "
        "of those",
        "13:5: figures[6]: 'images/empty.jpg' is empty (0 bytes)",
        "14:5: figures[7]: 'images/notes.svg' is not a PNG, JPEG or SVG image (its contents are none of these)",
        "15:5: figures[8]: 'images/folder.png' is a folder, not an image file",
        "16:5: figures[9]: 'images/gone.png' is a link to nothing (its target is gone)",
        "17:5: figures[10]: 'images/pipe.png' is not a regular file (a pipe, socket or device); revpack reads "
        "only files",
        "18:5: figures[11]: a web address; save the image into the pack folder and give its path, e.g. "
        "images/map.png",
        "19:5: figures[12]: write the path with '/' between folders (images/cell.png), not '\\'",
        "20:36: figures[13].width: '150%' is not a width such as '50%' (of the column, 1-100%) or '40mm'",
    )] + ["14 problems found; nothing was written."]
