"""The commonest YAML slips get a message a teacher can act on, naming the line where the
problem is (not where the parser noticed it); an unambiguous `Mot : sens` is simply text."""

from __future__ import annotations

import pytest

from revpack.errors import Diagnostic, InputError
from revpack.load import load_topic_text


def topic(points: str, rest: str = "") -> str:
    return "title: T\nsections:\n  - heading: A\n    points:\n" + points + rest


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as info:
        load_topic_text(text, "t.yaml")
    return [str(p) for p in info.value.diagnostics]


def test_a_colon_inside_a_point_is_text_as_typed():
    warnings: list[Diagnostic] = []
    loaded = load_topic_text(topic("      - Mot : sens\n      - le chat: the cat\n      - 'quoted: fine'\n"),
                             "t.yaml", warnings)
    assert [p.text for p in loaded.sections[0].points] == ["Mot : sens", "le chat: the cat", "quoted: fine"]
    assert warnings == []


def test_a_colon_inside_a_comparison_cell_is_text_as_typed():
    text = topic("      - x\n", "comparisons:\n  - title: Words\n    columns: [French, English]\n    rows:\n"
                                 "      - label: Pets\n        cells: [le chat: the cat, the cat]\n")
    row = load_topic_text(text, "t.yaml").comparisons[0].rows[0]
    assert [c[0].text for c in row.cells] == ["le chat: the cat", "the cat"]


def test_a_colon_point_with_sub_points_is_ambiguous_and_says_how_to_write_it():
    text = topic("      - Mot : sens\n        points: [a]\n")
    assert problems(text) == ["t.yaml:5:9: sections[0].points[0]: a ': ' inside a point is read as a key; "
                              "quote this point, or write it as `text: Mot : sens`"]


def test_curly_quotes_pasted_from_word():
    curly = ("curly quotes (\u201c \u201d \u2018 \u2019, pasted from a word processor) are not YAML quotes, so the "
             "': ' inside is read as a key; type straight quotes (\") instead")
    assert problems(topic("      - \u201cLe chien: the dog\u201d\n")) == [f"t.yaml:5:9: sections[0].points[0]: {curly}"]
    assert problems("title: T\nsummary: \u2018He said: no\u2019\n" + topic("      - x\n")[9:]) == [
        f"t.yaml:2:18: {curly}"]


@pytest.mark.parametrize("text, message", [
    (topic("      - one\n     - two\n"), "t.yaml:6:6: line 6 is indented 5 spaces; the item above 6"),
    ("title: T\nsections:\n  - heading: A\n     points: [x]\n", "t.yaml:4:6: line 4 is indented 5 spaces; the item above 4"),
    (topic("      - one\n", "   summary: x\n"), "t.yaml:6:4: line 6 is indented 3 spaces; the item above 4"),
])
def test_an_indentation_mismatch_names_the_line_and_both_indents(text, message):
    found, = problems(text)
    assert found == message + ": line them up (keys of one mapping, and the items of one list, start in the same column)"


def test_an_unclosed_quote_is_reported_on_the_line_it_opened():
    points = "".join(f"      - point {i}\n" for i in range(5, 22))
    points = points.replace("      - point 6\n", '      - "Stalin said\n')
    found, = problems(topic(points + '      - "Another" one\n'))
    assert found == 't.yaml:6:9: the quote opened here is not closed on this line (it runs on to line 22); add the closing "'
    found, = problems(topic("      - 'never closed\n      - x\n"))
    assert found.startswith("t.yaml:5:9: a quoted value is not closed")


def test_a_forgotten_dash_is_a_warning_on_its_line():
    warnings: list[Diagnostic] = []
    loaded = load_topic_text(topic("      - one\n        - two\n      - three\n"), "t.yaml", warnings)
    assert [p.text for p in loaded.sections[0].points] == ["one - two", "three"]
    assert [str(w) for w in warnings] == [
        "t.yaml:6:9: sections[0].points[0]: warning: this line starts with '- ' but is read as more of the text "
        "begun on line 5; to make it an item of its own, line its '-' up with the one above"]


def test_text_that_runs_on_over_lines_is_still_fine():
    warnings: list[Diagnostic] = []
    loaded = load_topic_text(topic("      - a long point\n        that runs on\n"), "t.yaml", warnings)
    assert loaded.sections[0].points[0].text == "a long point that runs on" and warnings == []
