"""The pack's cover and contents: one cover page however many topics, a compact contents
with dot leaders and the cover's topic numbers, no topic's entries split across pages."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from pypdf import PdfReader

from revpack.assemble import Fragment, Part, assemble_pack, blank_page, contents_story
from revpack.model import PackInfo
from revpack.render import DocInfo, render_story
from revpack.theme import Style, look_for

VIEWS = ("summary_sheet", "comparisons", "timeline", "blank_recall", "cloze", "cloze_answers")
TITLES = ("Party, secret police and the 1936 Constitution", "The purges, show trials and Great Terror",
          "Lenin's death and the succession", "Industrialisation and the Five-Year Plans",
          "Life in the USSR and the results of Stalin's rule")
PACK_PAGES = ("Chronology", "Glossary", "Key people", "Cut-out cards")


def parts(topics: int, style: Style) -> list[Part]:
    """`topics` topics of six one-page views each (long titles, with periods), then four pack pages."""
    page = blank_page(style)
    made = [Part(f"{TITLES[i % len(TITLES)]} ({i + 1})",
                 tuple(Fragment(style.words(v), page) for v in VIEWS), period=f"{1900 + i}\u2013{1910 + i}")
            for i in range(topics)]
    return made + [Part(title, (Fragment(title, page),)) for title in PACK_PAGES]


INFO = PackInfo(title="Stalin's Dictatorship: a long pack title", subtitle="USSR, 1924\u201341", level="A-level",
                board="AQA", specification="Component 2: depth study; this pack covers the whole of the "
                "specification's content, in New Style dates", author="History Department")


def fold(text: str) -> str:
    """Text as typed: the typographic apostrophes that layout sets, straight again."""
    return text.replace("\u2019", "'")


def pack(topics: int, look: str = "") -> tuple[PdfReader, Style]:
    style = Style(theme=INFO.theme, look=look_for(look))
    pdf = assemble_pack(INFO, parts(topics, style), style, DocInfo(title=INFO.title))
    return PdfReader(io.BytesIO(pdf)), style


def front(reader: PdfReader) -> tuple[int, int]:
    """Pages of the cover and of the contents, by their page labels."""
    labels = reader.page_labels
    cover = sum(1 for label in labels if label.startswith("Cover"))
    roman = sum(1 for label in labels if re.fullmatch(r"[ivxl]+", label))
    blank = sum(1 for i in range(cover, cover + roman) if "intentionally blank" in reader.pages[i].extract_text())
    return cover, roman - blank


@pytest.mark.parametrize(("topics", "look"), [(14, ""), (30, ""), (1, "")])
def test_the_cover_is_one_page_listing_every_topic_numbered(topics, look):
    reader, _ = pack(topics, look)
    cover, _ = front(reader)
    assert cover == 1
    text = fold(reader.pages[0].extract_text())
    for n, title in enumerate([p.title for p in parts(topics, Style())], 1):
        assert " ".join(title.split()[:3]) in " ".join(text.split()), title
        assert re.search(rf"(^|\s){n}(\s|$)", text), n
    assert "History Department" in text


@pytest.mark.parametrize(("topics", "most"), [(12, 1), (30, 2)])
def test_the_contents_fits_one_page_for_twelve_topics_two_for_thirty(topics, most):
    reader, _ = pack(topics)
    assert front(reader)[1] <= most


def contents_pages(reader: PdfReader) -> list[str]:
    """The text of each contents page, line by line as it reads (pdfplumber)."""
    cover, contents = front(reader)
    out = io.BytesIO()
    reader.stream.seek(0)
    out.write(reader.stream.read())
    with pdfplumber.open(out) as pdf:
        return [fold(pdf.pages[i].extract_text()) for i in range(cover, cover + contents)]


def test_contents_entries_have_dot_leaders_to_their_page_numbers():
    reader, style = pack(3)
    text = contents_pages(reader)[0]
    lines = [line for line in text.splitlines() if style.words("timeline") in line]
    assert len(lines) == 3
    for line in lines:
        assert re.search(r"Timeline\s*\.{5,}\s*\d+\b", line), line


def test_contents_numbers_topics_as_the_cover_does_and_keeps_each_topic_on_one_page():
    reader, _ = pack(30)
    pages = contents_pages(reader)
    assert len(pages) == 2
    cover = " ".join(fold(reader.pages[0].extract_text()).split())
    for n, part in enumerate(parts(30, Style()), 1):
        # the topic's number and title sit together on the cover and in the contents
        on = [i for i, text in enumerate(pages) if re.search(rf"(^|\s){n}\s+{re.escape(part.title[:15])}", text)]
        assert len(on) == 1, part.title
        assert re.search(rf"(^|\s){n}\s+{re.escape(' '.join(part.title.split()[:3]))}", cover), part.title
    for text in pages:  # every topic on a page has all its views on that page
        assert text.count("Summary sheet") == text.count("Cloze answers") == text.count("Blank recall")


def test_the_contents_bookmark_points_at_the_first_contents_page():
    reader, _ = pack(30)
    (root,), outline = reader.outline[:1], reader.outline[1]
    contents = next(item for item in outline if not isinstance(item, list) and item.title == "Contents")
    cover, _ = front(reader)
    assert reader.get_destination_page_number(contents) == cover == 1
    assert reader.page_labels[1] == "i"


def test_a_long_title_wraps_with_its_leader_and_number_on_the_last_line():
    style = Style()
    title = "A very long topic title " * 8
    pdf = render_story(contents_story([(0, title, 7), (1, "Summary sheet", 7)], style), style, DocInfo(title="t"))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        words = doc.pages[0].extract_words()
    number, first = words[1], words[2]
    assert (number["text"], first["text"]) == ("1", "A") and abs(number["bottom"] - first["bottom"]) < 1
    titles = [w for w in words if w["text"] == "title"]
    dots = next(w for w in words if set(w["text"]) == {"."})
    page = next(w for w in words if w["text"] == "7")
    assert len(titles) == 8 and titles[-1]["top"] > titles[0]["top"] + 20  # it wraps
    # the dots and the page number sit on the title's last line, after it, the number flush right
    assert abs(dots["bottom"] - titles[-1]["bottom"]) < 1 and abs(page["bottom"] - titles[-1]["bottom"]) < 1
    assert titles[-1]["x1"] < dots["x0"] < dots["x1"] < page["x0"]
    assert abs(page["x1"] - (Style().pagesize[0] - Style().margin)) < 1
