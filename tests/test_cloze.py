"""Cloze sheets and answer keys: the gaps, the word bank, the key's fidelity, determinism."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections import Counter

import pdfplumber
import pytest
from conftest import REPO, pdf_text
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from revpack.build import BuildOptions, build_pack, build_sheet
from revpack.gaps import BETWEEN, CLUE, REPEATS, cloze
from revpack.load import load_pack, load_topic
from revpack.markup import plain
from revpack.model import Pack, PackInfo, Person, Point, Section, Term, Topic
from revpack.theme import Style
from revpack.views.cloze import blank

LENIN = REPO / "packs" / "gcse-stalin-ussr" / "topics" / "01-death-of-lenin.yaml"


@pytest.fixture(scope="module")
def lenin() -> Topic:
    return load_topic(LENIN)


def sheet(topic: Topic, view: str) -> bytes:
    return build_sheet(Pack(PackInfo(title="Test pack", id="test"), (topic,)), topic.id, view)


def lines_of(topic: Topic) -> list[str]:
    """The texts the cloze sheet gaps, in reading order (model text)."""
    def flat(points):
        return [q for p in points for q in (p, *flat(p.points))]

    return [topic.summary] + [p.text for s in topic.sections for p in flat(s.points)]


def test_each_line_keeps_its_words_in_order(lenin):
    made = cloze(lenin)
    for line, text in zip(made.lines(), lines_of(lenin)):
        assert "".join(p.text for p in line) == plain(text)


def test_gaps_are_key_words_spaced_out(lenin):
    made = cloze(lenin)
    answers = made.answers()
    assert len(answers) >= 20
    wanted = {plain(t.term) for t in lenin.terms} | {plain(p.name).split()[-1] for p in lenin.people}
    for answer in answers:
        assert answer in wanted or any(c.isdigit() for c in answer) or answer[0].isupper(), answer
    assert max(Counter(answers).values()) <= REPEATS
    for line in made.lines():
        words_between, gaps, standing = None, 0, 0
        for piece in line:
            if piece.gap:
                assert words_between is None or words_between >= BETWEEN, line
                words_between, gaps = 0, gaps + 1
            else:
                n = len(piece.text.split())
                standing += n
                words_between = None if words_between is None else words_between + n
        if gaps:
            assert standing >= CLUE


def test_word_bank_holds_every_gapped_word_and_nothing_else(lenin):
    made = cloze(lenin)
    assert set(made.bank) == set(made.answers())
    assert len(made.bank) == len(set(made.bank))
    assert list(made.bank) != sorted(made.bank)  # shuffled, not alphabetical
    text = pdf_text(sheet(lenin, "cloze"))
    rest = text.split("Word bank", 1)[1]  # the summary follows the bank, and may open with a gap
    first = made.summary[0]
    bank = rest[: rest.index("__") if first.gap else rest.index(" ".join(first.text.split()[:3]))]
    entries = [re.sub(r" \(\u00d7\d+\)$", "", e.strip()) for e in bank.split("\u00b7")]
    assert Counter(entries) == Counter(made.bank)


def accent_words(pdf: bytes) -> list[str]:
    """The runs of text printed in the accent colour and bold: the filled-in gaps of a key."""
    accent = Style().accent
    target = tuple(round(c, 3) for c in (accent.red, accent.green, accent.blue))
    words, run = [], ""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for ch in page.chars:
                colour = tuple(round(c, 3) for c in (ch.get("non_stroking_color") or ()))
                if colour == target and "Bold" in ch["fontname"] and ch["size"] < 12:
                    run += ch["text"]
                elif run:
                    words.append(run)
                    run = ""
    if run:
        words.append(run)
    return words


def test_answer_key_fills_exactly_the_gaps(lenin):
    made = cloze(lenin)
    pdf = sheet(lenin, "answers")
    # Headings are accent bold too (12 pt, excluded). pdfplumber gives no space characters.
    found = [w.replace(" ", "") for w in accent_words(pdf) if w != "(cont.)"]  # a continued heading's marker
    assert found == [w.replace(" ", "") for w in made.answers()]


def test_answer_key_has_every_word_of_the_notes(lenin):
    text = pdf_text(sheet(lenin, "answers"))
    for line in lines_of(lenin):
        assert " ".join(plain(line).split()) in text
    for section in lenin.sections:
        assert plain(section.heading) in text


def test_cloze_sheet_has_the_gaps_not_the_answers(lenin):
    made = cloze(lenin)
    text = pdf_text(sheet(lenin, "cloze"))
    for line in made.lines():
        shown = "".join(blank(p.text) if p.gap else p.text for p in line)
        assert " ".join(shown.split()) in text


def test_underscores_grow_with_the_word():
    assert len(blank("Politburo")) > len(blank("NEP")) >= 6
    assert len(blank("Socialism in One Country")) > len(blank("Politburo"))


def test_same_input_same_gaps_and_bytes(lenin):
    assert cloze(lenin) == cloze(lenin)
    assert sheet(lenin, "cloze") == sheet(lenin, "cloze")
    assert sheet(lenin, "answers") == sheet(lenin, "answers")


def test_gaps_do_not_depend_on_the_hash_seed():
    code = (
        "from revpack.load import load_topic; from revpack.gaps import cloze;"
        f"c = cloze(load_topic({str(LENIN)!r})); print(c.answers(), c.bank)"
    )
    runs = {
        subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed},
                       capture_output=True, text=True, check=True).stdout
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1


def test_terms_and_names_are_gapped_whole():
    topic = Topic(
        title="T", id="t",
        terms=(Term(term="Socialism in One Country", definition="d"),),
        people=(Person(name="Leon Trotsky", role="r"),),
        sections=(Section(heading="H", points=(
            Point(text="Stalin argued for Socialism in One Country against the left wing of the party"),
            Point(text="The party turned against Leon Trotsky and his many followers in the cities"),
        )),),
    )
    assert cloze(topic).answers() == ["Socialism in One Country", "Leon Trotsky"]


words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(words, min_size=1, max_size=30), st.text(max_size=10))
def test_any_text_keeps_its_words(parts, topic_id):
    text = " ".join(parts)
    topic = Topic(title="T", id=topic_id, summary=text, sections=(Section(heading="H", points=(Point(text=text),)),))
    made = cloze(topic)
    for line in made.lines():
        assert "".join(p.text for p in line) == plain(text)
    assert set(made.bank) == set(made.answers())


def test_answers_end_gathers_the_keys_and_none_leaves_them_out(mini_pack, tmp_path):
    pack = load_pack(mini_pack)
    build_pack(pack, tmp_path / "end", BuildOptions(answers="end"))
    reader = PdfReader(tmp_path / "end" / "mini.pdf")
    contents = " ".join(reader.pages[1].extract_text().split())
    assert "Cloze answer keys" in contents
    assert contents.index("Cloze answer keys") > contents.index("Beta topic")
    keys = [i for i, p in enumerate(reader.pages) if "Answer key." in (p.extract_text() or "")]
    assert keys and min(keys) > max(i for i, p in enumerate(reader.pages) if "Fill the gaps." in (p.extract_text() or ""))
    build_pack(pack, tmp_path / "none", BuildOptions(answers="none"))
    text = pdf_text(tmp_path / "none" / "mini.pdf")
    assert "Fill the gaps." in text and "Answer key." not in text
    # Printed without keys, the cloze sheets send nobody to one.
    cloze_pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(tmp_path / "none" / "mini.pdf").pages]
    cloze_pages = [t for t in cloze_pages if "Fill the gaps." in t]
    assert cloze_pages and not any("answer key" in t or "Answers: page" in t for t in cloze_pages)
    assert not (tmp_path / "none" / "topics" / "alpha-answers.pdf").exists()


def test_pack_cloze_names_its_answer_page(mini_pack, tmp_path):
    build_pack(load_pack(mini_pack), tmp_path / "out", BuildOptions(answers="inline"))
    reader = PdfReader(tmp_path / "out" / "mini.pdf")
    labels = reader.page_labels
    named = set()
    for page in reader.pages:
        text = " ".join((page.extract_text() or "").split())
        if "Fill the gaps." in text:  # every page of a cloze sheet names its key's page in the footer
            number = text.split("Answers: page ")[1].split()[0]
            assert "Answer key." in reader.pages[labels.index(number)].extract_text()
            named.add(number)
    assert len(named) == 2


def test_a_sentence_opening_word_is_not_part_of_a_name():
    topic = Topic(title="T", id="t", sections=(Section(heading="H", points=(
        Point(text="The Right wanted to keep the NEP going for many more years"),
    )),))
    assert cloze(topic).answers() == ["Right", "NEP"]
