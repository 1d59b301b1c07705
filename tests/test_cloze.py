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

from click.testing import CliRunner

from revpack.build import BuildOptions, build_pack, build_sheet
from revpack.cli import cli
from revpack.gaps import BETWEEN, CLUE, DENSITY, FIGURE, REPEATS, cloze
from revpack.load import load_pack, load_topic
from revpack.markup import fold_typography, plain
from revpack.model import Pack, PackInfo, Person, Point, Section, Term, Topic
from revpack.theme import Style
from revpack.views.cloze import MIN_GAP

SCIENCE = REPO / "tests" / "fixtures" / "science" / "topics" / "photosynthesis.yaml"
MM = 72 / 25.4

LENIN = REPO / "packs" / "gcse-stalin-ussr" / "topics" / "01-death-of-lenin.yaml"


@pytest.fixture(scope="module")
def lenin() -> Topic:
    return load_topic(LENIN)


def sheet(topic: Topic, view: str, key: str = "list") -> bytes:
    options = BuildOptions(extra=(("cloze-key", key),))
    return build_sheet(Pack(PackInfo(title="Test pack", id="test"), (topic,)), topic.id, view, options)


def lines_of(topic: Topic) -> list[str]:
    """The texts the cloze sheet gaps, in reading order (model text)."""
    def flat(points):
        return [q for p in points for q in (p, *flat(p.points))]

    return [topic.summary] + [p.text for s in topic.sections for p in flat(s.points)]


def test_each_line_keeps_its_words_in_order(lenin):
    made = cloze(lenin)
    for line, text in zip(made.lines(), lines_of(lenin)):  # typography folded: the sheet sets it
        assert fold_typography("".join(p.text for p in line)) == fold_typography(plain(text))


def test_gaps_are_key_words_spaced_out(lenin):
    made = cloze(lenin)
    answers = made.answers()
    assert len(answers) >= 20
    wanted = {plain(t.term) for t in lenin.terms} | {plain(p.name).split()[-1] for p in lenin.people}
    for answer in answers:
        assert answer in wanted or FIGURE.match(answer) or answer[0].isupper() or answer.islower(), answer
    assert max(Counter(a.lower() for a in answers).values()) <= REPEATS
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
    assert {w.lower() for w in made.bank} == {a.lower() for a in made.answers()}
    assert len(made.bank) == len({w.lower() for w in made.bank})
    assert list(made.bank) != sorted(made.bank)  # shuffled, not alphabetical
    text = pdf_text(sheet(lenin, "cloze"))
    rest = text.split("Word bank", 1)[1]  # the summary follows the bank, and may open with a gap
    first = made.summary[0]
    bank = rest[: rest.index("(1)") if first.gap else rest.index(" ".join(first.text.split()[:3]))]
    entries = [re.sub(r" \(\u00d7\d+\)$", "", e.strip()) for e in bank.split("\u00b7")]
    assert Counter(entries) == Counter(map(fold_typography, made.bank))  # pdf_text folds typography


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


def test_filled_answer_key_fills_exactly_the_gaps(lenin):
    made = cloze(lenin)
    pdf = sheet(lenin, "answers", "filled")
    # Headings are accent bold too (12 pt, excluded). pdfplumber gives no space characters.
    found = [w.replace(" ", "") for w in accent_words(pdf) if w != "(cont.)"]  # a continued heading's marker
    assert found == [w.replace(" ", "") for w in made.answers()]


def test_filled_answer_key_has_every_word_of_the_notes(lenin):
    text = " ".join(re.sub(r"\(\d+\)", "", pdf_text(sheet(lenin, "answers", "filled"))).split())  # the gaps' numbers
    for line in lines_of(lenin):
        assert " ".join(plain(line).split()) in text
    for section in lenin.sections:
        assert plain(section.heading) in text


def test_cloze_sheet_has_numbered_gaps_not_the_answers(lenin):
    made = cloze(lenin)
    text = pdf_text(sheet(lenin, "cloze"))
    n = 0
    for line in made.lines():
        shown = []
        for p in line:
            if p.gap:
                n += 1
                shown.append(f"({n}) ")
            else:
                shown.append(p.text)
        assert fold_typography(" ".join("".join(shown).split())) in " ".join(text.replace("_", "").split())


def gap_runs(pdf: bytes) -> list[float]:
    """The widths (points) of the runs of underscores printed: the gaps."""
    widths = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            run = None
            for ch in page.chars:
                if ch["text"] == "_":
                    if run and abs(ch["top"] - run[2]) < 1 and abs(ch["x0"] - run[1]) < 0.5:
                        run = (run[0], ch["x1"], run[2])
                    else:
                        if run:
                            widths.append(run[1] - run[0])
                        run = (ch["x0"], ch["x1"], ch["top"])
                elif run:
                    widths.append(run[1] - run[0])
                    run = None
            if run:
                widths.append(run[1] - run[0])
    return widths


@pytest.mark.parametrize("path", [LENIN, SCIENCE])
def test_gaps_are_all_one_length_long_enough_for_the_longest_answer(path):
    topic = load_topic(path)
    widths = gap_runs(sheet(topic, "cloze"))
    assert len(widths) == len(cloze(topic).answers())
    assert max(widths) - min(widths) < 0.5
    assert min(widths) >= MIN_GAP - 0.5 >= 25 * MM - 0.5
    from revpack.pdfmetrics_cache import text_width

    style = Style()
    longest = max(text_width(a, style.font, 10.5) for a in cloze(topic).answers())
    assert min(widths) >= 1.2 * longest  # room to handwrite the longest answer


def key_answers(pdf: bytes) -> list[tuple[int, str]]:
    """The numbered answers of a listed key, as printed ("12. Politburo"), sorted by number."""
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for line in page.extract_words(keep_blank_chars=True, x_tolerance=2):
                m = re.fullmatch(r"(\d+)\. (.+)", line["text"].strip())
                if m:
                    found.append((int(m.group(1)), m.group(2).strip()))
    return sorted(found)


@pytest.mark.parametrize("path", [LENIN, SCIENCE])
def test_the_key_lists_every_gap_s_answer_by_number_on_one_page(path):
    topic = load_topic(path)
    made = cloze(topic)
    pdf = sheet(topic, "answers")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert key_answers(pdf) == list(enumerate(made.answers(), 1))
    assert {a.lower() for a in made.answers()} == {w.lower() for w in made.bank}  # every gapped word is banked
    for point in lines_of(topic)[1:]:  # not the text again
        assert " ".join(plain(point).split()[:6]) not in " ".join(pdf_text(pdf).split())


def test_cli_cloze_key_filled(tmp_path):
    out = tmp_path / "key.pdf"
    res = CliRunner().invoke(cli, ["sheet", str(REPO / "packs" / "gcse-stalin-ussr"), "01-death-of-lenin",
                                   "--view", "answers", "--cloze-key", "filled", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "are underlined" in pdf_text(out)


@pytest.mark.parametrize("pack", ["gcse-stalin-ussr", "alevel-soviet-russia"])
def test_one_gap_per_twelve_to_twenty_words(pack):
    topics = [*load_pack(REPO / "packs" / pack).topics, load_topic(SCIENCE)]
    for topic in topics:
        made = cloze(topic)
        words = sum(len("".join(p.text for p in line).split()) for line in made.lines())
        assert 12 <= words / len(made.answers()) <= 20, (topic.id, words, len(made.answers()))
        assert round(words / DENSITY) >= len(made.answers())


def test_no_gap_answers_itself():
    topic = Topic(title="T", id="t", terms=(Term(term="Machine Tractor Station", definition="d"),), sections=(
        Section(heading="H", points=(
            Point(text="A new state: the Union of Soviet Socialist Republics (USSR) had only just been formed"),
            Point(text="The economy: Lenin's New Economic Policy (NEP, 1921) had started a slow recovery"),
            Point(text="Tractors were hired from State Machine Tractor Stations (MTS) by every collective farm"),
            Point(text="Stalin made Stalingrad (Stalin's city) the home of a vast new tractor works"),
        )),))
    answers = cloze(topic).answers()
    for giveaway in ("USSR", "Union", "Soviet", "Socialist", "Republics", "NEP", "New Economic Policy", "MTS",
                     "State", "Machine", "Tractor", "Stations", "Machine Tractor Station", "Stalin"):
        assert not any(giveaway == a or giveaway in a.split() for a in answers), (giveaway, answers)
    assert "1921" in answers


def test_numbers_in_the_bank_are_dates_and_figures_that_matter():
    topic = Topic(title="T", id="t", sections=(Section(heading="H", points=(
        Point(text="He was 53 when he died in 1924, after 21 days of illness and 3 strokes in all"),
        Point(text="About 5.5 million people died in the famine of 1932-33 in the countryside"),
        Point(text="By the late 1930s, 93% of farms were collective farms under the party"),
        Point(text="Some 680,000 were shot in 1937-38 in the Terror alone, by the records"),
    )),))
    answers = cloze(topic).answers()
    numbers = [fold_typography(a) for a in answers if any(c.isdigit() for c in a)]  # 1932–33 as typed
    assert numbers and set(numbers) <= {"1924", "5.5 million", "1932-33", "1930s", "93%", "680,000", "1937-38"}
    for bare in ("53", "21", "3"):
        assert bare not in answers
    for pack in ("gcse-stalin-ussr", "alevel-soviet-russia"):
        for t in load_pack(REPO / "packs" / pack).topics:
            for answer in cloze(t).bank:
                if any(c.isdigit() for c in answer):
                    assert FIGURE.fullmatch(answer.split()[0]), answer


def test_plain_prose_gets_gaps_from_its_own_vocabulary():
    topic = load_topic(SCIENCE)
    answers = cloze(topic).answers()
    assert len(answers) >= 20
    for key in ("carbon dioxide", "glucose", "chlorophyll", "respiration"):
        assert key in {a.lower() for a in answers}, answers


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
        assert fold_typography("".join(p.text for p in line)) == fold_typography(plain(text))
    assert {w.lower() for w in made.bank} == {a.lower() for a in made.answers()}


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
        Point(text="The Right wanted to keep the NEP going for many more years, as the peasants liked it well"),
        Point(text="Then the party argued about it in every town and every village of the land"),
    )),))
    assert cloze(topic).answers() == ["Right", "NEP"]


CHOSEN = REPO / "tests" / "fixtures" / "chosen-gaps"


def test_chosen_gaps_are_exactly_the_marked_words_in_reading_order():
    made = cloze(load_topic(CHOSEN / "topics" / "bonding.yaml"))
    assert made.answers() == ["electrons", "ions", "electrostatic", "molten", "covalent bond"]
    assert {w.lower() for w in made.bank} == set(made.answers())
    # The marked words keep their style: bold, italic.
    gaps = [p for line in made.lines() for p in line if p.gap]
    assert (gaps[0].bold, gaps[3].italic) == (True, True)


def test_chosen_gaps_print_numbered_and_the_key_lists_them():
    topic = load_topic(CHOSEN / "topics" / "bonding.yaml")
    text = pdf_text(sheet(topic, "cloze"))
    assert [int(n) for n in re.findall(r"\((\d+)\) _", text)] == [1, 2, 3, 4, 5]
    notes = text.split("Atoms bond")[1]  # past the word bank: the gaps, not the words
    assert not any(w in notes for w in ("electrons so", "molten", "covalent bond"))
    assert key_answers(sheet(topic, "answers")) == list(enumerate(
        ["electrons", "ions", "electrostatic", "molten", "covalent bond"], 1))


def test_unmarked_topics_still_have_gaps_chosen_by_the_rules(lenin):
    assert len(cloze(lenin).answers()) > 5


def test_gap_markers_never_print_in_any_view_or_export(tmp_path):
    from revpack.export import anki_csv, notes, quizlet

    pack = load_pack(CHOSEN)
    build_pack(pack, tmp_path / "out", BuildOptions(jobs=1))
    pdfs = sorted((tmp_path / "out").rglob("*.pdf"))
    assert len(pdfs) > 3
    for pdf in pdfs:
        text = pdf_text(pdf)
        assert "[[" not in text and "]]" not in text, pdf.name
    whole = pdf_text(tmp_path / "out" / next(p.name for p in pdfs if p.parent == tmp_path / "out"))
    for word in ("electric charge", "dot and cross", "oppositely charged", "shared pair", "Lewis"):
        assert word in whole  # printed, without its brackets
    fields = " ".join(f"{n.front_html} {n.back_html} {n.front_text}" for n in notes(pack))  # the .apkg's fields
    for made in (anki_csv(pack), quizlet(pack), fields):
        assert "[[" not in made and "]]" not in made
    assert "oppositely charged" in quizlet(pack)
