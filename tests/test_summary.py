"""The summary sheet: every word printed, sizes, escaping, fonts."""

from __future__ import annotations

import io
import math

import pdfplumber
import pytest
from conftest import FIXTURES, pdf_text
from pypdf import PdfReader

from revpack.build import BuildOptions, build_sheet
from revpack.dates import event_date, human_date
from revpack.load import load_pack
from revpack.markup import fold_typography, plain


def summary_strings(topic) -> list[str]:
    """Every piece of text the summary sheet must show."""
    out = [topic.title, human_date(topic.period), topic.summary]
    for section in topic.sections:
        out.append(section.heading)
        stack = list(section.points)
        while stack:
            point = stack.pop()
            out.append(point.text)
            stack.extend(point.points)
    out += [f"{event_date(e)} {e.event}" for e in topic.timeline]
    out += [f"{t.term}: {t.definition}" for t in topic.terms]
    out += [f"{p.name}: {p.role}" for p in topic.people]
    out += [q.text for q in topic.quotes] + [q.who for q in topic.quotes]
    out += [i.view for i in topic.interpretations] + [i.historian for i in topic.interpretations]
    out += [s.value for s in topic.stats] + [s.label for s in topic.stats]
    return [fold_typography(plain(s)) for s in out if s]  # as `pdf_text` reads the page


@pytest.fixture(scope="module")
def mini():
    return load_pack(FIXTURES / "mini")


def test_every_word_of_the_topic_is_on_the_sheet(mini):
    topic = mini.topics[0]
    text = pdf_text(build_sheet(mini, topic.id, "summary"))
    for s in summary_strings(topic):
        assert " ".join(s.split()) in text, s


def test_markup_characters_print_as_themselves(mini):
    text = pdf_text(build_sheet(mini, "alpha", "summary"))
    assert "List<T> & a < b and 5 > 3" in text
    assert "**" not in text


@pytest.mark.parametrize(("paper", "size"), [("a4", (595.28, 841.89)), ("letter", (612, 792))])
def test_page_size(mini, paper, size):
    reader = PdfReader(io.BytesIO(build_sheet(mini, "alpha", "summary", BuildOptions(paper=paper))))
    for page in reader.pages:
        assert math.isclose(float(page.mediabox.width), size[0], abs_tol=0.01)
        assert math.isclose(float(page.mediabox.height), size[1], abs_tol=0.01)


def test_no_text_below_ten_points_and_all_inside_the_margins(mini):
    pdf = build_sheet(mini, "alpha", "summary")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            assert page.chars
            for ch in page.chars:
                # Content never below 10 pt; page furniture (footer, page number: marked as
                # artifacts) is set in the type scale's furniture size.
                floor = 8 if ch.get("tag") == "Artifact" else 10
                assert ch["size"] >= floor - 0.01, (ch["text"], ch["size"])
                assert ch["x0"] >= 28 and ch["x1"] <= page.width - 28
                assert ch["top"] >= 28 and ch["bottom"] <= page.height - 22


def test_fonts_are_embedded_subsets(mini):
    reader = PdfReader(io.BytesIO(build_sheet(mini, "alpha", "summary")))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, name


def test_long_content_continues_on_more_pages_without_loss(tmp_path):
    from revpack.load import load_topic_text
    from revpack.views import VIEWS, Context, render_view
    from revpack.theme import Style

    long_point = " ".join(f"word{i}" for i in range(1500))
    topic = load_topic_text(
        "title: Long\nsections:\n  - heading: Huge\n    points:\n      - " + long_point + "\n",
        "long.yaml",
    )
    pdf = render_view(VIEWS["summary"], topic, Style(), Context())
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    text = pdf_text(pdf)
    # in order, with only the page's furniture (footer, "(cont.)" heading) between pages
    found = [w for w in text.split() if w.startswith("word")]
    assert found == long_point.split()
    assert "Huge (cont.)" in text


def test_a_lead_typed_with_its_own_markup_is_bold_once_in_every_view(tmp_path):
    """A term, name, historian or extract label that the author already marked bold ("**NEP**",
    "The **NEP**") is set bold once wherever revpack sets leads in bold: no stray asterisks."""
    from revpack.build import build_pack

    pack = tmp_path / "p"
    (pack / "topics").mkdir(parents=True)
    (pack / "pack.yaml").write_text("title: Leads\nid: leads\ntopics: [a]\n", encoding="utf-8")
    (pack / "topics" / "a.yaml").write_text(
        'title: Alpha\nsections:\n  - heading: Things\n    points:\n      - "A point about the **NEP**"\n'
        'terms:\n  - term: "**NEP**"\n    definition: The New Economic Policy\n'
        '  - term: "The **Pravda** line"\n    definition: What the paper said\n'
        'people:\n  - name: "**Lenin**"\n    role: Leader\n', encoding="utf-8")
    build_pack(load_pack(pack), tmp_path / "out", BuildOptions(jobs=1))
    pdfs = sorted(p for p in (tmp_path / "out").rglob("*.pdf") if ".revpack" not in p.parts)
    assert pdfs
    for pdf in pdfs:
        text = pdf_text(pdf)
        assert "*" not in text, pdf.name
    summary = pdf_text(next(p for p in pdfs if "summary" in p.name))
    assert "NEP: The New Economic Policy" in summary and "The Pravda line: What the paper said" in summary
    assert "Lenin: Leader" in summary
