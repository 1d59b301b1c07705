"""Images (issue #19, item 1): PNG, JPEG and SVG in every place a topic may show one, read back
from the PDFs (image XObjects, SVG forms drawn as paths, sizes on the page, one copy a file)
and from the .apkg (media); the cache key follows the image bytes; same input, same bytes."""

from __future__ import annotations

import io
import json
import math
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from PIL import Image as PILImage
from pypdf import PdfReader

from revpack.build import BuildOptions, build_sheet, style_for
from revpack.cards import topic_cards
from revpack.cli import cli
from revpack.export import anki_bytes
from revpack.fragments import Job
from revpack.load import load_pack
from revpack.pictures import PRINT_DPI
from revpack.render import body_frames
from revpack.uptodate import inputs_digest
from revpack.views import VIEWS, Context
from revpack.views.cards import card_pdf, card_size, lay_out
from revpack.watch import Rebuilder

SVG = (FIXTURES / "cells" / "images" / "plant-cell.svg").read_bytes()

TOPIC = """\
title: Pictures everywhere
image: {path: images/cell.svg, caption: The topic's diagram}
sections:
  - heading: A photo
    points: [Seen under the microscope]
    image: {path: images/photo.jpg, caption: "A large photo, downsampled"}
  - heading: A drawing with transparency
    points: [Drawn in a paint program]
    image: images/logo.png
  - heading: The photo again
    points: [The same file a second time]
    image: images/photo.jpg
terms:
  - {term: Chloroplast, definition: Where photosynthesis happens, image: {path: images/logo.png, width: 30%}}
people:
  - {name: Robert Hooke, role: Named the cell in 1665, image: {path: images/photo.jpg, width: 25mm}}
cards:
  - {question: Label the cell, answer: [Wall, Membrane], image: images/cell.svg}
  - {question: "What is shown?", answer: A photo, image: {path: images/photo.jpg, side: front}}
figures:
  - {path: images/cell.svg, caption: A plant cell}
  - {path: images/logo.png, caption: A logo with a transparent background}
"""


def photo(path: Path, size=(4000, 3000)) -> None:
    """A 12-megapixel JPEG with some detail (so it is not trivially small)."""
    im = PILImage.linear_gradient("L").resize(size).convert("RGB")
    im.save(path, "JPEG", quality=85)


def logo(path: Path) -> None:
    im = PILImage.new("RGBA", (300, 200), (0, 0, 0, 0))
    im.paste((31, 78, 121, 255), (50, 50, 250, 150))
    im.save(path, "PNG")


@pytest.fixture
def pictures(tmp_path: Path) -> Path:
    pack = tmp_path / "pics"
    (pack / "topics").mkdir(parents=True)
    (pack / "images").mkdir()
    (pack / "pack.yaml").write_text("title: Pictures\nid: pics\n", "utf-8")
    (pack / "topics" / "01-pics.yaml").write_text(TOPIC, "utf-8")
    (pack / "images" / "cell.svg").write_bytes(SVG)
    photo(pack / "images" / "photo.jpg")
    logo(pack / "images" / "logo.png")
    return pack


def xobjects(pdf: bytes) -> dict[str, list]:
    """The PDF's image and form XObjects, each object once (by object number): kind -> objects."""
    reader = PdfReader(io.BytesIO(pdf))
    seen: dict[int, object] = {}

    def visit(resources) -> None:
        xo = resources.get("/XObject") if resources is not None else None
        for ref in (xo.get_object().values() if xo is not None else ()):
            if ref.idnum not in seen:
                seen[ref.idnum] = ref.get_object()
                visit(seen[ref.idnum].get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    out: dict[str, list] = {"/Image": [], "/Form": []}
    for obj in seen.values():
        out.setdefault(obj["/Subtype"], []).append(obj)
    return out


def test_each_image_is_embedded_once_and_sized_to_its_column(pictures):
    pack = load_pack(pictures)
    pdf = build_sheet(pack, "01-pics", "summary")
    found = xobjects(pdf)
    # The JPEG is used three times (two sections and a person) and the PNG three times (a section,
    # a term, a figure): one image XObject each, plus the PNG's alpha as its soft mask.
    masks = [x for x in found["/Image"] if "/SMask" in x]
    assert len(found["/Image"]) == 2 and len(masks) == 1, [x.get("/Width") for x in found["/Image"]]
    # The SVG (the topic's picture and a figure) is one form XObject, drawn as paths, not pixels.
    svg_forms = [x for x in found["/Form"] if b" re" in x.get_data() or b" c\n" in x.get_data() or b" l" in x.get_data()]
    assert len(found["/Form"]) == 1 and svg_forms
    assert b"/RevpackFigure BMC" in found["/Form"][0].get_data()
    # The 4000 x 3000 photo is downsampled to PRINT_DPI at the widest it can print (the text frame).
    frame = body_frames(style_for(pack, BuildOptions()))[0]
    most = math.ceil(frame._width / 72 * PRINT_DPI)
    jpeg = next(x for x in found["/Image"] if "DCT" in str(x.get("/Filter")))
    assert int(jpeg["/Width"]) <= most < 4000 and abs(int(jpeg["/Width"]) / int(jpeg["/Height"]) - 4 / 3) < 0.01
    # Every caption prints; the SVG's labels are real text.
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    for words in ("The topic\u2019s diagram", "A large photo, downsampled", "A plant cell", "Figure 1",
                  "A logo with a transparent background", "cell wall", "mitochondrion"):
        assert words in text


def placed_images(pdf: bytes) -> list[tuple[int, float, float, float, float]]:
    """(page, x0, top, x1, bottom) of each image drawn, as pdfplumber places it."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [(n, im["x0"], im["top"], im["x1"], im["bottom"]) for n, page in enumerate(doc.pages)
                for im in page.images]


def test_images_never_overflow_their_column_and_keep_their_shape(pictures):
    pack = load_pack(pictures)
    pdf = build_sheet(pack, "01-pics", "summary")
    style = style_for(pack, BuildOptions())
    frames = body_frames(style, 2)
    column = frames[0]._width
    placed = placed_images(pdf)
    assert len(placed) == 6  # photo x3 (two sections, a person), logo x3 (a section, a term, a figure)
    for _, x0, top, x1, bottom in placed:
        width, height = x1 - x0, bottom - top
        assert width <= column + 0.5 and height <= frames[0]._height * 0.5 + 0.5
        assert any(f._x1 - 0.5 <= x0 and x1 <= f._x1 + f._width + 0.5 for f in frames)
        assert abs(width / height - 4 / 3) < 0.02 or abs(width / height - 3 / 2) < 0.02
    widths = sorted(round(x1 - x0) for _, x0, _, x1, _ in placed)
    assert round(25 * 72 / 25.4) in widths  # the person's `width: 25mm`


def test_cards_show_images_on_the_back_unless_asked_for_the_front(pictures):
    pack = load_pack(pictures)
    topic = pack.topics[0]
    style = style_for(pack, BuildOptions())
    cards = [c for c in topic_cards(topic, kinds=("qa",))]
    pdf = card_pdf(lay_out(cards, style, "a7"), style)
    reader = PdfReader(io.BytesIO(pdf))
    assert [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [round(v) for v in card_size("a7")]

    def drawn(page) -> set[str]:
        xo = page["/Resources"].get("/XObject")
        return {str(v.get_object()["/Subtype"]) for v in xo.get_object().values()} if xo else set()

    # card 1 (an SVG, on its back), card 2 (the photo, on its front)
    assert [drawn(p) for p in reader.pages] == [set(), {"/Form"}, {"/Image"}, set()]
    jpeg = xobjects(pdf)["/Image"][0]  # the sheets' pixels: one image object in a pack of both
    frame = body_frames(style)[0]
    assert int(jpeg["/Width"]) == math.ceil(frame._width / 72 * PRINT_DPI)


def test_the_anki_package_carries_each_image_once_as_media(pictures):
    pack = load_pack(pictures)
    data, count = anki_bytes(pack, timestamp=1_700_000_000)
    archive = zipfile.ZipFile(io.BytesIO(data))
    media = json.loads(archive.read("media"))
    names = sorted(media.values())
    assert len(names) == 3 and {Path(n).suffix for n in names} == {".svg", ".jpg", ".png"}
    by_name = {name: archive.read(number) for number, name in media.items()}
    assert by_name[next(n for n in names if n.endswith(".svg"))] == SVG
    db = Path(pictures / "c.sqlite")
    db.write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(db) as con:
        fields = [row[0].split("\x1f") for row in con.execute("SELECT flds FROM notes")]
    svg = next(n for n in names if n.endswith(".svg"))
    jpg = next(n for n in names if n.endswith(".jpg"))
    label = next(f for f in fields if f[0] == "Label the cell")
    assert f'<img src="{svg}">' in label[1] and "<img" not in label[0]  # on the back
    shown = next(f for f in fields if f[0].startswith("What is shown?"))
    assert f'<img src="{jpg}">' in shown[0] and "<img" not in shown[1]  # `side: front`


def test_the_cache_key_and_the_up_to_date_check_follow_the_image_bytes(pictures):
    def key() -> str:
        pack = load_pack(pictures)
        style = style_for(pack, BuildOptions())
        return Job(pack.topics[0], "summary", style, Context()).key

    before, digest = key(), inputs_digest(pictures, ())
    logo(pictures / "images" / "logo.png")  # the same bytes again: nothing changes
    assert key() == before
    im = PILImage.open(pictures / "images" / "logo.png")
    im.putpixel((100, 100), (255, 0, 0, 255))
    im.save(pictures / "images" / "logo.png")
    assert key() != before
    assert inputs_digest(pictures, ()) != digest


def test_watch_rebuilds_when_an_image_changes(pictures, tmp_path):
    r = Rebuilder(pictures, out_dir=tmp_path / "out")
    changed = {pictures / "images" / "logo.png", pictures / "images" / ".logo.png.swp", tmp_path / "out" / "x.png",
               pictures / "notes.txt"}
    assert r.relevant(changed) == [(pictures / "images" / "logo.png").resolve()]


def test_same_input_same_bytes_across_processes(pictures, tmp_path):
    outs = []
    for n in (1, 2):
        out = tmp_path / f"out{n}.pdf"
        res = CliRunner().invoke(cli, ["sheet", str(pictures), "01-pics", "-o", str(out), "-q"])
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())
    from revpack import pictures as module

    module.raster.cache_clear()
    module._svg.cache_clear()
    again = build_sheet(load_pack(pictures), "01-pics", "summary")
    assert outs[0] == outs[1] == again


def test_the_science_example_builds_with_its_diagram_and_formulas(tmp_path):
    pack = tmp_path / "cells"
    shutil.copytree(FIXTURES / "cells", pack)
    res = CliRunner().invoke(cli, ["build", str(pack), "-o", str(tmp_path / "out"), "-q", "-j", "1"])
    assert res.exit_code == 0, res.output
    summary = (tmp_path / "out" / "topics" / "01-plant-cells-summary.pdf").read_bytes()
    assert len(xobjects(summary)["/Form"]) == 2  # the cell and the diffusion diagram, one form each
    text = PdfReader(io.BytesIO(summary)).pages[0].extract_text()
    assert "A plant cell, as seen under a light microscope" in text and "chloroplast" in text


def test_the_pack_embeds_each_picture_once_across_sheets_and_cards(pictures, tmp_path):
    res = CliRunner().invoke(cli, ["build", str(pictures), "-o", str(tmp_path / "out"), "-q", "-j", "1"])
    assert res.exit_code == 0, res.output
    found = xobjects((tmp_path / "out" / "pics.pdf").read_bytes())
    # The photo and the logo (on the summary sheet and on cards): one image object each.
    assert len(found["/Image"]) == 2
    # The SVG (the topic's picture, a figure, a card's back) is one form in each fragment that draws
    # it: the summary sheet's and the cut-out cards' (their fonts are named in another order, so
    # the two forms' content differs by the font names: not shared).
    svg = [x for x in found["/Form"] if b"/RevpackFigure BMC" in x.get_data()]
    assert len(svg) == 2


@pytest.mark.parametrize("theme", ["default", "dyslexia", "print-saver"])
def test_an_svg_label_past_its_drawing_edge_is_never_clipped(pictures, theme):
    """A label set in a wider face than the author's (the dyslexia theme's) runs past the SVG's
    own box: the picture is fitted by what it draws, so nothing is cut off and preflight passes."""
    (pictures / "images" / "edge.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60"><rect x="0" y="0" width="120" height="60" '
        'fill="#cde"/><text x="125" y="35" font-size="14">a label running past the edge</text></svg>', "utf-8")
    topic = pictures / "topics" / "01-pics.yaml"
    topic.write_text(TOPIC.replace("image: {path: images/cell.svg, caption: The topic's diagram}",
                                   "image: images/edge.svg"), "utf-8")
    pdf = build_sheet(load_pack(pictures), "01-pics", "summary", BuildOptions(theme=theme))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "a label running past the edge" in text
