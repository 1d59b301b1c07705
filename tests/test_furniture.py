"""The type scale and the page furniture, read back from the PDFs: heads a step over the body,
footers and running heads in 8 pt furniture marked as artifacts, the same footer on every page
of a pack and of a single-topic sheet."""

from __future__ import annotations

import io
from collections import Counter

import pdfplumber
import pytest
from conftest import FIXTURES

from revpack.build import BuildOptions, build_pack, build_sheet
from revpack.load import load_pack
from revpack.model import Pack, PackInfo, Point, Section, Topic
from revpack.theme import THEMES, TYPE


def long_pack() -> Pack:
    """One topic whose summary runs over two pages."""
    points = [tuple(Point(text=f"Point {i}.{j} about the kulaks") for j in range(12)) for i in range(9)]
    sections = tuple(Section(heading=f"Section {i}", points=p) for i, p in enumerate(points))
    return Pack(PackInfo(title="Furniture pack", id="fp"), (Topic(title="Collectivisation", id="coll",
                                                                     sections=sections),))


def lines(page) -> list[tuple[float, str, set, set]]:
    """Each text line of `page`: (top, text, its sizes, its marked-content tags)."""
    out = []
    for line in page.extract_text_lines(return_chars=True):
        chars = line["chars"]
        out.append((line["top"], line["text"], {round(c["size"], 1) for c in chars},
                    {c.get("tag") for c in chars}))
    return out


@pytest.mark.parametrize("theme", list(THEMES))
def test_a_sheet_sets_type_in_the_scale_and_its_furniture_apart(theme):
    k = THEMES[theme].scale
    pdf = build_sheet(long_pack(), "coll", "summary", BuildOptions(theme=theme))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 2
        sizes = Counter(round(c["size"], 1) for p in doc.pages for c in p.chars if c.get("tag") != "Artifact")
        assert min(sizes) >= TYPE.body * k - 0.01  # content never under the floor
        assert sizes.most_common(1)[0][0] == round(TYPE.body * k, 1)  # the notes: body type
        # Section heads a clear step over the sub-heads, the title over everything (a sheet set
        # tighter to fit its pages steps display sizes down by up to a point: fit before flow).
        assert any((TYPE.head - 1) * k <= size <= TYPE.head * k and size > TYPE.subhead * k for size in sizes)
        assert max(sizes) >= (TYPE.title - 1) * k
        for number, page in enumerate(doc.pages, 1):
            found = lines(page)
            furniture = [(top, text, size) for top, text, size, tags in found if tags == {"Artifact"}]
            assert all(size == {round(TYPE.furniture * k, 1)} for _, _, size in furniture)
            heads = [text for top, text, _ in furniture if top < page.height / 2]
            feet = [text for top, text, _ in furniture if top > page.height / 2]
            assert feet == [f"Furniture pack {number}"]  # the footer: the pack's title, the page number
            # The first page has its title band; every later one its running head, above the content.
            head = "1 \u00b7 Collectivisation \u2014 Summary sheet (cont.)"
            assert heads == ([] if number == 1 else [head])
            content = [top for top, _, _, tags in found if "Artifact" not in tags]
            head_bottom = max((top for top, _, _, tags in found
                               if tags == {"Artifact"} and top < page.height / 2), default=0)
            assert min(content) > head_bottom + 8  # room between the running head and the text


def test_every_page_of_a_pack_has_the_same_footer(tmp_path):
    from pypdf import PdfReader

    pack = load_pack(FIXTURES / "mini")
    build_pack(pack, tmp_path, BuildOptions(jobs=1))
    reader = PdfReader(tmp_path / "mini.pdf")
    cards = min(reader.get_destination_page_number(item) for item in reader.outline[1]
                if not isinstance(item, list) and item.title == "Cut-out cards")
    assert cards < len(reader.pages) - 1  # the cut-out card sheets carry the pack's footer too
    feet = []
    with pdfplumber.open(tmp_path / "mini.pdf") as doc:
        for page in doc.pages[1:]:  # after the cover, to the last card sheet
            if "intentionally blank" in (page.extract_text() or ""):
                continue
            furniture = [text for top, text, _, tags in lines(page)
                         if tags == {"Artifact"} and top > page.height / 2]
            feet.append(furniture[-1])
    assert len(feet) > 10
    # "Mini pack", then (on a worksheet) its answers' page, then the page number: i on the contents.
    assert feet[0] == "Mini pack i"
    for foot in feet[1:]:
        assert foot.startswith("Mini pack ") and foot.split()[-1].isdigit()
