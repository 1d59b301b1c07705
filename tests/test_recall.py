"""Blank recall sheets: blanks counted level by level, ruled space read back, answer pages named."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from conftest import REPO, pdf_text
from pypdf import PdfReader

from revpack.build import BuildOptions, build_pack, build_sheet
from revpack.cli import cli
from revpack.dates import event_date
from revpack.layout import WRITING_GREY, WRITING_PITCH
from revpack.load import load_pack, load_topic
from revpack.markup import fold_typography, lead, plain
from revpack.model import Pack, PackInfo, Point, Question, Section, Topic
from revpack.views.recall import LINES_PER_POINT, recall_plan

LENIN = REPO / "packs" / "gcse-stalin-ussr" / "topics" / "01-death-of-lenin.yaml"
MM = 72 / 25.4


@pytest.fixture(scope="module")
def lenin() -> Topic:
    return load_topic(LENIN)


def one_topic_pack(topic: Topic) -> Pack:
    return Pack(PackInfo(title="Test pack", id="test"), (topic,))


def recall_pdf(topic: Topic, level: str, paper: str = "") -> bytes:
    options = BuildOptions(paper=paper, extra=(("recall-level", level),))
    return build_sheet(one_topic_pack(topic), topic.id, "recall", options)


def exam_pdf(topic: Topic, paper: str = "") -> bytes:
    return build_sheet(one_topic_pack(topic), topic.id, "exam", BuildOptions(paper=paper))


def all_points(points) -> list[Point]:
    return [q for p in points for q in (p, *all_points(p.points))]


def writing_lines(pdf: bytes) -> list[tuple[int, dict]]:
    """(page number, line) of every handwriting line drawn (the writing grey, horizontal)."""
    grey = tuple(round(c, 3) for c in (WRITING_GREY.red, WRITING_GREY.green, WRITING_GREY.blue))
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for n, page in enumerate(doc.pages, 1):
            for line in page.lines:
                colour = tuple(round(c, 3) for c in (line.get("stroking_color") or ()))
                if colour == grey and abs(line["top"] - line["bottom"]) < 0.1:
                    out.append((n, line))
    return out


def by_kind(topic: Topic, level: str) -> dict[str, list]:
    groups: dict[str, list] = {}
    for group in recall_plan(topic, level):
        groups.setdefault(group.kind, []).extend(group.slots)
    return groups


@pytest.mark.parametrize("level", ["1", "2"])
def test_one_blank_for_every_item_taken_out(lenin, level):
    groups = by_kind(lenin, level)
    points = [p for s in lenin.sections for p in all_points(s.points)]
    if level == "1":
        assert len(groups["points"]) == len(points)  # one slot per point and sub-point
        assert all(slot.items == 1 and slot.lines >= 1 for slot in groups["points"])
        assert "section" not in groups
    else:
        assert len(groups["section"]) == len(lenin.sections)  # one slot per heading ...
        for slot, section in zip(groups["section"], lenin.sections):  # ... with room for all its points
            assert slot.items == len(all_points(section.points))
            assert slot.lines == max(1, math.floor(slot.items * LINES_PER_POINT + 0.5))  # two lines for three
    assert len(groups["terms"]) == len(lenin.terms)
    assert len(groups["people"]) == len(lenin.people)
    assert len(groups["dates"]) == len(lenin.timeline)
    cells = sum(len(row.cells) for c in lenin.comparisons for row in c.rows)
    assert len(groups["comparison"]) == cells
    assert "questions" not in groups  # the exam questions are a sheet of their own


def test_brain_dump_keeps_only_the_number_of_points(lenin):
    groups = recall_plan(lenin, "3")
    total = sum(len(all_points(s.points)) for s in lenin.sections)
    assert [g.kind for g in groups] == ["dump"]
    assert groups[0].slots[0].items == total
    text = pdf_text(recall_pdf(lenin, "3"))
    assert f"{total} points to find" in text
    assert "Exam practice" not in text and plain(lenin.questions[0].text) not in text
    for section in lenin.sections:
        assert plain(section.heading) not in text


@pytest.mark.parametrize("level", ["1", "2", "3"])
def test_every_planned_line_is_drawn_once(lenin, level):
    """Ruled space that runs on to the next page is split, never dropped or doubled."""
    from revpack.render import text_width
    from revpack.theme import Style

    pdf = recall_pdf(lenin, level)
    width = text_width(Style())
    planned = sum(slot.lines for group in recall_plan(lenin, level) for slot in group.slots)
    assert len(writing_lines(pdf)) == planned
    if level != "3":
        assert len(PdfReader(io.BytesIO(pdf)).pages) > 1  # the sheet runs on: lines were split across pages


def test_level_two_shows_headings_and_counts_and_no_points(lenin):
    text = pdf_text(recall_pdf(lenin, "2"))
    for section in lenin.sections:
        assert plain(section.heading) in text
        assert f"{len(all_points(section.points))} points" in text
        for point in all_points(section.points):
            assert plain(point.text) not in text
    for term in lenin.terms:
        assert plain(term.term) in text and plain(term.definition) not in text
    for comparison in lenin.comparisons:
        assert all(plain(c) in text for c in comparison.columns)
        assert all(plain(row.label) in text for row in comparison.rows)
    exam = pdf_text(exam_pdf(lenin))
    for question in lenin.questions:
        assert plain(question.text) not in text
        assert plain(question.text) in exam


def test_level_one_prompts_with_the_first_words(lenin):
    text = pdf_text(recall_pdf(lenin, "1"))
    for section in lenin.sections:
        for point in all_points(section.points):
            first = lead(point.text) if point.text.startswith("**") else " ".join(plain(point.text).split()[:3])
            assert f"{first} \u2026" in text
            assert plain(point.text) not in text


def test_dates_alternate_between_asking_the_event_and_the_date(lenin):
    slots = by_kind(lenin, "2")["dates"]
    assert [s.given for s in slots[::2]] == [event_date(e) for e in lenin.timeline[::2]]
    assert [s.given for s in slots[1::2]] == [e.event for e in lenin.timeline[1::2]]


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("level", ["1", "2", "3"])
def test_ruled_lines_stay_inside_the_printable_area(lenin, paper, level):
    pdf = recall_pdf(lenin, level, paper)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        sizes = [(p.width, p.height) for p in doc.pages]
    lines = writing_lines(pdf)
    assert lines
    for n, line in lines:
        width, height = sizes[n - 1]
        assert line["x0"] >= 10 * MM and line["x1"] <= width - 10 * MM
        assert line["top"] >= 10 * MM and line["bottom"] <= height - 10 * MM


def test_recall_lines_are_six_and_answer_lines_eight_millimetres_apart(lenin):
    """Notes from memory on narrow-ruled lines (6 mm); exam answers on wide-ruled (8 mm), as on the paper."""
    from revpack.views.recall import PITCH

    assert abs(PITCH - 6 * MM) < 0.01 and abs(WRITING_PITCH - 8 * MM) < 0.01
    for pdf, pitch in ((recall_pdf(lenin, "3"), PITCH), (exam_pdf(lenin), WRITING_PITCH)):
        lines = writing_lines(pdf)
        tops = sorted({round(line["top"], 2) for n, line in lines if n == 1})
        assert len(tops) > 10
        gaps = [b - a for a, b in zip(tops, tops[1:])]
        assert min(gaps) > pitch - 0.05 and any(abs(g - pitch) < 0.05 for g in gaps)


def test_a_huge_section_runs_on_over_pages_without_error():
    points = tuple(Point(text=f"Point number {i} " + "word " * 30) for i in range(120))
    topic = Topic(title="Huge", id="huge", sections=(Section(heading="Everything", points=points),))
    for level in ("1", "2", "3"):
        pdf = recall_pdf(topic, level)
        assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3
        assert "Everything (cont.)" in pdf_text(pdf) or level == "3"


def test_standalone_sheet_names_the_summary_sheet(lenin):
    said = f"against the summary sheet for \u201c{plain(lenin.title)}\u201d"
    assert fold_typography(said) in pdf_text(recall_pdf(lenin, "2"))


def test_pack_recall_sheet_names_the_summary_page(mini_pack, tmp_path):
    pack = load_pack(mini_pack)
    build_pack(pack, tmp_path / "out", BuildOptions(extra=(("recall-level", "1"),)))
    reader = PdfReader(tmp_path / "out" / "mini.pdf")
    labels = reader.page_labels

    def bookmarks(items):
        for item in items:
            yield from bookmarks(item) if isinstance(item, list) else [item]

    summaries = {reader.get_destination_page_number(b) for b in bookmarks(reader.outline) if b.title == "Summary sheet"}
    found = 0
    for i, page in enumerate(reader.pages):
        text = " ".join((page.extract_text() or "").split())
        if "Blank recall, level" not in text:
            continue
        number = text.split("Answers: page ")[1].split()[0]  # stamped in the footer
        target = " ".join((reader.pages[labels.index(number)].extract_text() or "").split())
        assert labels.index(number) in summaries  # the first page of a summary sheet
        title = "Alpha topic" if "Alpha topic" in text else "Beta topic"
        assert title in target
        found += 1
    assert found == len(pack.topics)


def test_cli_sheet_recall_level(mini_pack, tmp_path):
    out = tmp_path / "r.pdf"
    res = CliRunner().invoke(cli, ["sheet", str(mini_pack), "alpha", "--view", "recall", "--recall-level", "3",
                                   "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "Blank recall, level 3" in pdf_text(Path(out))


EXTRACT_TOPIC = """\
title: Interpretations of the Terror
sections:
  - heading: Why the Terror happened
    points: [Stalin's paranoia, Pressure from below]
questions:
  - text: How convincing are the arguments in these two extracts?
    marks: 30
    extracts:
      - label: Extract A
        author: Robert Conquest
        work: The Great Terror
        year: "1968"
        text: The Terror was planned and directed from the top by Stalin himself.
      - label: Extract B
        author: J. Arch Getty
        work: Origins of the Great Purges
        year: "1985"
        paraphrase: false
        text: Chaos and rivalry in the regions drove the purges as much as Moscow did.
"""


@pytest.mark.parametrize("level", ["1", "2", "3"])
def test_exam_questions_and_their_extracts_print_at_every_level(level: str) -> None:
    from revpack.load import load_topic_text

    topic = load_topic_text(EXTRACT_TOPIC, "terror.yaml")
    assert topic.questions[0].extracts[1].paraphrase is False
    assert "How convincing" not in pdf_text(recall_pdf(topic, level))
    text = " ".join(pdf_text(exam_pdf(topic)).split())
    assert "How convincing are the arguments in these two extracts?" in text
    assert "Extract A" in text and "planned and directed from the top" in text
    assert "A summary of the argument of Robert Conquest, The Great Terror, 1968" in text
    assert "J. Arch Getty, Origins of the Great Purges, 1985 (quoted)" in text
    # The extracts come before the question they belong to.
    assert text.index("Extract B") < text.index("How convincing")


def test_an_extract_flag_that_is_not_true_or_false_is_positioned() -> None:
    from revpack.errors import InputError
    from revpack.load import load_topic_text

    bad = EXTRACT_TOPIC.replace("paraphrase: false", "paraphrase: maybe")
    with pytest.raises(InputError) as err:
        load_topic_text(bad, "terror.yaml")
    assert "terror.yaml:18:21: questions[0].extracts[1].paraphrase: expected true or false, found 'maybe'" in str(err.value)


# Writing space sized to the task, read back from the PDF --------------------------------------

def text_and_lines(pdf: bytes) -> list[tuple[int, float, str]]:
    """Every text line and every handwriting line in reading order: (page, top, text), '' for a
    ruled line. Running heads and footers are left out."""
    out: list[tuple[int, float, str]] = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for n, page in enumerate(doc.pages, 1):
            for line in page.extract_text_lines():
                if 14 * MM < line["top"] < page.height - 20 * MM:
                    out.append((n, line["top"], line["text"]))
    out += [(n, line["top"], "") for n, line in writing_lines(pdf)]
    return sorted(out, key=lambda e: (e[0], e[1]))


def lines_under(pdf: bytes, starts) -> list[tuple[str, int]]:
    """(text, ruled lines) for each text line `starts(text)` accepts: the lines below it up to
    the next text line that is not a '(cont.)' repeat, over page breaks."""
    counts: list[list] = []
    current = None
    for _, _, text in text_and_lines(pdf):
        if not text:
            if current is not None:
                current[1] += 1
        elif starts(text):
            current = [text, 0]
            counts.append(current)
        elif "(cont.)" not in text and not text.startswith("Plan your answer"):
            current = None
    return [(t, c) for t, c in counts]


def test_a_section_gets_its_hinted_points_times_the_allowance(lenin):
    from revpack.views.recall import LINES_PER_POINT

    found = lines_under(recall_pdf(lenin, "2"), lambda t: t.endswith(" points") or t.endswith(" point"))
    assert len(found) == len(lenin.sections)
    for (head, lines), section in zip(found, lenin.sections):  # the hint sits at the heading's right
        assert fold_typography(head) == f"{plain(section.heading)} {len(all_points(section.points))} points"
        assert lines == max(1, math.floor(int(head.split()[-2]) * LINES_PER_POINT + 0.5)), head


def test_every_cell_of_a_comparison_row_gets_the_same_lines():
    from revpack.load import load_topic_text
    from revpack.views.recall import room

    topic = load_topic_text("""\
title: Rivals
sections:
  - heading: Who
    points: [Stalin, Trotsky]
comparisons:
  - title: Stalin vs Trotsky
    columns: [Stalin, Trotsky]
    rows:
      - label: Power base
        cells: [[Party machine, General Secretary, Orgburo], Red Army]
      - label: Ideas
        cells: [Socialism in One Country, [Permanent revolution, World revolution]]
      - label: Fate
        cells: [Won, Exiled]
""", "rivals.yaml")
    pdf = recall_pdf(topic, "2")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        labels = {w["text"]: w["top"] for w in page.extract_words() if w["text"] in ("Power", "Ideas", "Fate")}
    tops = [labels["Power"], labels["Ideas"], labels["Fate"], 10_000]
    lines = [line for n, line in writing_lines(pdf) if n == 1 and line["top"] > tops[0] - 5]
    columns = sorted({round(line["x0"]) for line in lines})
    assert len(columns) == 2
    share = (lines[0]["x1"] - lines[0]["x0"] + 10) / (text_width_of_page())
    for r, row in enumerate(topic.comparisons[0].rows):
        cells = [sum(1 for line in lines if round(line["x0"]) == x and tops[r] - 5 < line["top"] < tops[r + 1] - 5)
                 for x in columns]
        expected = max(room(len(all_points(cell)), 0.78 / 2) for cell in row.cells)
        assert cells == [expected, expected], row.label
    assert 0.3 < share < 0.5  # the plan's share of a two-column comparison is about right


PAIRED_TOPIC = """\
title: Paired
sections:
  - heading: What happened
    points: [One thing, Another thing]
terms:
  - {term: NEP, definition: The New Economic Policy of 1921}
  - {term: Kulak, definition: A richer peasant}
  - {term: Gosplan, definition: The state planning agency}
  - {term: Politburo, definition: The party's ruling committee}
  - {term: Purge, definition: Removing people from the party}
timeline:
  - {date: "1921", event: The NEP is introduced}
  - {date: "1924", event: Lenin dies}
  - {date: "1928", event: The first Five-Year Plan begins}
  - {date: "1929", event: Trotsky is deported from the USSR}
  - {date: "1936", event: The first show trial}
"""


def blanks_between(pdf: bytes, start: str, end: str | None) -> list[dict]:
    """The handwriting lines of page 1 between the heading `start` and the heading `end` (or the page's foot)."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        tops = {line["text"].split("  ")[0]: line["top"] for line in page.extract_text_lines()}
        top = next(t for text, t in tops.items() if text.startswith(start))
        bottom = next((t for text, t in tops.items() if end and text.startswith(end)), page.height)
    return [line for n, line in writing_lines(pdf) if n == 1 and top < line["top"] < bottom]


@pytest.mark.parametrize("heading, end, count", [("Key terms", "Key dates", 5), ("Key dates", None, 5)])
def test_terms_and_dates_get_one_line_of_their_blank_two_to_a_row(heading, end, count):
    """A term's meaning, an event or a date is a short answer: one line of its blank, the
    blanks set two entries to a row (the given side needs no half of the page)."""
    from revpack.load import load_topic_text
    from revpack.views.recall import LINES_PER_ANSWER

    topic = load_topic_text(PAIRED_TOPIC, "paired.yaml")
    lines = blanks_between(recall_pdf(topic, "2"), heading, end)
    assert len(lines) == count * LINES_PER_ANSWER
    rows: dict[float, list] = {}
    for line in lines:
        rows.setdefault(round(line["top"], 1), []).append(line)
    assert [len(r) for r in rows.values()] == [2, 2, 1]  # two entries to a row, in reading order
    width = text_width_of_page()
    for line in lines:  # a blank wide enough to write a phrase, but no half of the page
        assert 20 * MM < line["x1"] - line["x0"] < width / 2, line
    if heading == "Key dates":  # the date is asked in the narrower column, the event in the wider
        short, long = sorted({round(line["x1"] - line["x0"]) for line in lines})
        assert 24 * MM < short < long


def test_a_person_with_points_gets_a_row_of_their_own_and_lines_for_them():
    from revpack.load import load_topic_text
    from revpack.views.recall import LINES_PER_ANSWER, recall_plan, room

    topic = load_topic_text("""\
title: People
sections:
  - heading: Who
    points: [Someone]
people:
  - {name: Lenin, role: Leader of the Bolsheviks, points: [Led the October Revolution, Introduced the NEP]}
  - {name: Trotsky, role: Commissar for War}
""", "people.yaml")
    people = next(g for g in recall_plan(topic, "2") if g.kind == "people")
    assert people.across == 1
    share = (1 - 0.25)  # one to a row, the name in a quarter of the width
    assert [s.lines for s in people.slots] == [LINES_PER_ANSWER + room(2, share), LINES_PER_ANSWER]
    assert [s.items for s in people.slots] == [3, 1]
    lines = blanks_between(recall_pdf(topic, "2"), "Key people", None)
    assert len(lines) == sum(s.lines for s in people.slots)


def text_width_of_page() -> float:
    from revpack.render import text_width
    from revpack.theme import Style

    return text_width(Style())


def test_exam_questions_get_lines_by_marks_within_bounds_and_never_without_their_question():
    from revpack.views.exam import MAX_ANSWER, MIN_ANSWER, answer_lines

    questions = tuple(Question(text=f"Question about {m} marks?", marks=str(m)) for m in (2, 6, 12, 30))
    assert [answer_lines(q) for q in questions] == [MIN_ANSWER, 6, 12, MAX_ANSWER]
    continued = 0
    for n in (3, 4, 5, 6):  # questions before them put the page breaks in different answers
        before = tuple(Question(text=f"Warm-up question {i}?", marks="9") for i in range(n))
        topic = Topic(title="Marks", id="marks", questions=before + questions)
        pdf = exam_pdf(topic)
        found = lines_under(pdf, lambda t: t[:1].isdigit() and t.endswith("marks]"))
        expected = [answer_lines(q) for q in before + questions]
        assert [c for _, c in found][:-1] == expected[:-1]
        # The last answer's lines run on to the foot of its page: at least its own, and no
        # room left under them for another line.
        assert found[-1][1] >= expected[-1]
        assert_runs_to_the_foot(pdf)
        # A question whose lines run on is repeated above them; no page starts with bare lines.
        events = text_and_lines(pdf)
        for page in sorted({n for n, _, _ in events}):
            texts = [t for n, _, t in events if n == page]
            assert texts[0], f"page {page} starts with ruled lines"
            if "(cont.)" in texts[0]:
                assert texts[0][:1].isdigit() and texts[0].endswith("marks] (cont.)")
                continued += 1
        text = " ".join(pdf_text(pdf).split())
        assert "[30 marks] Plan your answer here, then write it in full on lined paper." in text
        assert "[12 marks] Plan your answer" not in text
    assert continued  # some answer did run on to a next page


def assert_runs_to_the_foot(pdf: bytes) -> None:
    """The last page's ruled lines end less than a line's pitch above the text frame's foot."""
    from revpack.render import BODY_BOTTOM

    lines = writing_lines(pdf)
    last = max(n for n, _ in lines)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        height = doc.pages[last - 1].height
    lowest = max(line["bottom"] for n, line in lines if n == last)
    assert height - BODY_BOTTOM - WRITING_PITCH < lowest <= height - BODY_BOTTOM + 0.5


def test_no_exam_sheet_of_the_default_packs_ends_on_a_runt(gcse_pack_build, alevel_pack_build):
    """An exam sheet's last page is filled: the last answer's lines reach its foot (before, four
    GCSE sheets ended on a page a quarter used, one question's lines and white below)."""
    sheets = [*sorted((gcse_pack_build / "topics").glob("*-exam.pdf")),
              *sorted((alevel_pack_build / "topics").glob("*-exam.pdf"))]
    assert len(sheets) == 22
    for sheet in sheets:
        assert_runs_to_the_foot(sheet.read_bytes())


def test_extracts_stay_on_the_page_of_their_question_and_huge_ones_still_print():
    from revpack.load import load_topic_text
    from revpack.model import Extract

    base = load_topic_text(EXTRACT_TOPIC, "terror.yaml")
    for n in range(0, 40, 3):  # page breaks fall at different places in the extracts
        before = tuple(Question(text=f"Warm-up question {i}?", marks=str(4 + i % 5)) for i in range(n // 3))
        topic = Topic(title=base.title, id="t", questions=before + base.questions)
        reader = PdfReader(io.BytesIO(exam_pdf(topic)))
        pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
        first = next(i for i, t in enumerate(pages) if "How convincing are the arguments" in t)
        assert "Extract A" in pages[first] and "Extract B" in pages[first], n
    long = " ".join(f"word{i}" for i in range(700))
    huge = Question(text="Assess these.", marks="30", extracts=tuple(
        Extract(label=f"Extract {x}", text=long, author="A. Historian") for x in "AB"))
    pdf = exam_pdf(Topic(title="Huge extracts", id="h", questions=(huge,)))
    text = pdf_text(pdf)
    assert "word699" in text and "Assess these." in text


# Both default packs: the recall sheet is the knowledge, the exam practice its own sheet ----------

@pytest.mark.parametrize("fixture", ["gcse_pack_build", "alevel_pack_build"])
def test_default_packs_recall_sheets_are_short_and_exam_practice_is_its_own_sheet(fixture, request):
    """Pages per recall sheet, read back from each topic's sheet: the knowledge alone, most of them
    on one sheet of paper or a little more (the README gives the numbers). Every exam question is
    on its topic's exam sheet and none on the recall sheet; in the two-sided pack each exam sheet
    starts on a right-hand page, so recall and exam practice are separate handouts."""
    import statistics

    out: Path = request.getfixturevalue(fixture)
    pack = load_pack(REPO / "packs" / out.name.removeprefix("built-").rstrip("0123456789"))
    pages = {}
    for topic in pack.topics:
        recall = out / "topics" / f"{topic.id}-recall.pdf"
        exam = out / "topics" / f"{topic.id}-exam.pdf"
        pages[topic.id] = len(PdfReader(recall).pages)
        recall_text, exam_text = pdf_text(recall), pdf_text(exam)
        for question in topic.questions:
            assert plain(question.text) in exam_text, (topic.id, question.text)
            assert plain(question.text) not in recall_text, (topic.id, question.text)
        assert "Exam practice" not in recall_text
    assert statistics.median(pages.values()) <= 3, pages
    assert max(pages.values()) <= 5, pages
    reader = PdfReader(out / f"{pack.id}.pdf")
    starts = [reader.get_destination_page_number(item) for topic in reader.outline[1] if isinstance(topic, list)
              for item in topic if str(item.title) == "Exam practice"]
    assert len(starts) == len(pack.topics)
    assert all(page % 2 == 0 for page in starts)  # 0-based even: a right-hand page


@pytest.mark.parametrize("pack", [
    "gcse-stalin-ussr",
    "alevel-soviet-russia",
])
def test_a_typical_level_two_recall_sheet_is_one_sheet_of_paper(pack, request):
    """The median topic's level-2 recall sheet of each default pack fits two sides."""
    import statistics

    built = request.getfixturevalue("gcse_pack_build" if pack.startswith("gcse") else "alevel_pack_build")
    sheets = sorted((built / "topics").glob("*-recall.pdf"))
    assert len(sheets) == len(load_pack(REPO / "packs" / pack).topics)
    pages = [len(PdfReader(sheet).pages) for sheet in sheets]
    assert statistics.median(pages) <= 2, pages
