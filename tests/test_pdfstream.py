"""The pack is streamed to its file (`pdfstream`): read it back as a reader and a print shop would.

Every object the cross-reference table names is where it says; each page hangs from the one
page tree; bookmarks, labels and stamped numbers agree with the page plan; each font program
is in the pack once; qpdf finds nothing wrong. And the writer itself: objects shared by
content, pages never, an object that refers back to its page copied whole.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter

import pytest
from conftest import FIXTURES
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject

from revpack.assemble import Fragment, Part, assemble_pack, page_plan
from revpack.build import build_pack
from revpack.load import load_pack
from revpack.model import PackInfo
from revpack.pdfstream import PdfStream, Source, pdf_dict
from revpack.render import DocInfo
from revpack.theme import Style
from revpack.views import VIEWS, Context, render_view


def xref_offsets_hold_their_objects(data: bytes) -> int:
    """Check every in-use entry of the (classic) cross-reference table points at its object; return the count."""
    start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)[1])
    head = re.match(rb"xref\s+0 (\d+)\s+", data[start:])
    size = int(head[1])
    table = data[start + head.end(): start + head.end() + 20 * size]
    for number in range(1, size):
        entry = table[20 * number: 20 * number + 20]
        assert entry.endswith((b" n \n", b" n\r\n")), (number, entry)
        offset = int(entry[:10])
        assert data[offset:].startswith(b"%d 0 obj" % number), (number, data[offset: offset + 20])
    return size - 1


def font_programs(reader: PdfReader) -> Counter:
    """How many distinct embedded programs the pack holds for each subset of each face
    ("AAAAAA+DejaVuSans"): one each, however many fragments carry it."""
    programs: dict[int, str] = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            program = descriptor.raw_get("/FontFile2")
            programs[program.idnum] = str(descriptor["/FontName"])
    return Counter(programs.values())


@pytest.fixture(scope="module")
def streamed(tmp_path_factory) -> tuple[bytes, int]:
    """The fixture pack built (two-sided): the pack's bytes and the page count the build reported."""
    folder = tmp_path_factory.mktemp("stream")
    shutil.copytree(FIXTURES / "mini", folder / "mini")
    result = build_pack(load_pack(folder / "mini"), folder / "out")
    return (folder / "out" / "mini.pdf").read_bytes(), result.pages


def test_every_object_is_where_the_cross_reference_table_says(streamed):
    data, _ = streamed
    assert data.startswith(b"%PDF-1.4\n%")
    assert xref_offsets_hold_their_objects(data) > 50


def test_every_page_hangs_from_one_page_tree_and_the_count_is_the_builds(streamed):
    data, pages = streamed
    reader = PdfReader(io.BytesIO(data), strict=True)
    tree = reader.trailer["/Root"].raw_get("/Pages")
    assert reader.trailer["/Root"]["/Pages"]["/Count"] == len(reader.pages) == pages
    assert {page.raw_get("/Parent").idnum for page in reader.pages} == {tree.idnum}
    assert len({page.indirect_reference.idnum for page in reader.pages}) == pages  # no page shared


def test_bookmarks_labels_and_stamped_numbers_agree(streamed):
    data, pages = streamed
    reader = PdfReader(io.BytesIO(data))
    labels = reader.page_labels
    assert labels[0] == "Cover" and labels[1] == "i"
    body = labels.index("1")
    assert labels[body:] == [str(n) for n in range(1, pages - body + 1)]
    top = reader.outline
    assert top[0].title == "Mini pack" and reader.get_destination_page_number(top[0]) == 0
    below = top[1]
    assert below[0].title == "Contents" and reader.get_destination_page_number(below[0]) == 1
    titles = [item.title for item in below if not isinstance(item, list)]
    assert titles[:3] == ["Contents", "Alpha topic", "Beta topic"]
    topics = [item for item in below if not isinstance(item, list) and item.title.endswith(" topic")]
    assert len(topics) == 2
    for item in topics:  # a topic's bookmark opens at its first page, which names it
        page = reader.get_destination_page_number(item)
        assert labels[page] in ("1", "3", "5", "7", "9", "11", "13", "15")  # a front of a sheet
        assert item.title in reader.pages[page].extract_text()
    for index in range(body, pages):  # each body page carries its number, but a page left blank
        text = reader.pages[index].extract_text()
        if "intentionally blank" in text.lower():
            assert labels[index] not in text.split()
        else:
            assert labels[index] in text.split(), index


def test_each_font_program_is_in_the_pack_once(streamed):
    data, _ = streamed
    counts = font_programs(PdfReader(io.BytesIO(data)))
    assert counts and set(counts.values()) == {1}, counts


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_nothing_wrong(streamed, tmp_path):
    path = tmp_path / "pack.pdf"
    path.write_bytes(streamed[0])
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_long_pack_of_one_fragment_repeated_holds_it_once_per_page_and_its_fonts_once():
    """Fifty parts of the same two views: fonts written once, a page per page, the stamp on each."""
    style = Style()
    topic = load_pack(FIXTURES / "mini").topics[0]
    summary = render_view(VIEWS["summary"], topic, style, Context(pack_title="Mini pack"))
    parts = [Part(f"Topic {i}", (Fragment("Summary", summary), Fragment("Summary again", summary)))
             for i in range(50)]
    pdf = assemble_pack(PackInfo(title="Fifty"), parts, style, DocInfo(title="Fifty"))
    reader = PdfReader(io.BytesIO(pdf))
    plan = page_plan(parts)
    front = reader.page_labels.index("1")
    assert len(reader.pages) == front + plan.starts[-1][1][-1] - 1 + Fragment("", summary).pages
    assert set(font_programs(reader).values()) == {1}
    # The summary's own content stream is shared by its copies (same bytes), each page is its own.
    contents = Counter(page["/Contents"][1].idnum for page in reader.pages[front:] if isinstance(page["/Contents"], list)
                       and "intentionally blank" not in page.extract_text().lower())
    assert len(contents) == Fragment("", summary).pages
    assert xref_offsets_hold_their_objects(pdf)


def _with_annotation() -> bytes:
    """A one-page PDF whose page has an annotation pointing back at it (/P), and a stream of its own."""
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    note = writer._add_object(DictionaryObject({  # noqa: SLF001
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Square"),
        NameObject("/Rect"): ArrayObject([NumberObject(10), NumberObject(10), NumberObject(50), NumberObject(50)]),
        NameObject("/P"): page.indirect_reference,
    }))
    page[NameObject("/Annots")] = ArrayObject([note])
    content = DecodedStreamObject()
    content.set_data(b"0 0 m 100 100 l S\n")
    page[NameObject("/Contents")] = writer._add_object(content)  # noqa: SLF001
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_source_copies_what_refers_back_to_its_page_and_shares_the_rest():
    out = io.BytesIO()
    stream = PdfStream(out)
    tree = stream.reserve()
    kids = []
    for _ in range(2):
        source = Source(stream, _with_annotation())
        kids += [source.add_page(page, tree) for page in source.pages]
        source.close()
    stream.put(pdf_dict(Type="/Pages", Count=len(kids), Kids=ArrayObject(kids)), tree)
    root = stream.put(pdf_dict(Type="/Catalog", Pages=tree))
    stream.finish(root, stream.put(pdf_dict()), b"\x01" * 16)
    data = out.getvalue()
    xref_offsets_hold_their_objects(data)
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) == 2
    first, second = reader.pages
    for page in (first, second):  # each page's annotation points at that page
        (note,) = page["/Annots"]
        assert note.get_object().raw_get("/P").idnum == page.indirect_reference.idnum
    # The drawing is the same bytes in both: one object.
    assert first.raw_get("/Contents").idnum == second.raw_get("/Contents").idnum
    assert first.get_contents().get_data() == b"0 0 m 100 100 l S\n"


def test_a_number_reserved_and_never_written_is_an_error_not_a_broken_file():
    stream = PdfStream(io.BytesIO())
    stream.reserve()
    root = stream.put(pdf_dict(Type="/Catalog"))
    with pytest.raises(ValueError, match="never written"):
        stream.finish(root, root, b"\x00" * 16)
