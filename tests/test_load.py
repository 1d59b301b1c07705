"""The loader: every bad input gets one positioned line, pinned word for word."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from revpack.cli import cli
from revpack.errors import InputError
from revpack.load import find_pack, load_pack, load_topic_text

OK = "sections:\n  - heading: H\n    points: [a]\n"


def problems(text: str | bytes) -> list[str]:
    with pytest.raises(InputError) as info:
        load_topic_text(text, "t.yaml")
    return [str(d) for d in info.value.diagnostics]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: T\nsections:\n  - heading: H\n    points:\n      - [a, b]\n",
         "t.yaml:5:9: sections[0].points[0]: expected text, found a list"),
        ("title: T\nsections:\n  - heading: H\n    pointz: [a]\n",
         "t.yaml:4:5: sections[0]: unknown key 'pointz'; did you mean 'points'?"),
        ("title: T\n", "t.yaml:1:1: missing required key 'sections'"),
        ("title: T\nsections:\n  - heading: H\n    points: []\n",
         "t.yaml:4:13: sections[0].points: 'points' must not be empty"),
        ("title: T\ntitle: U\n" + OK, "t.yaml:2:1: title: duplicate key 'title' (first at line 1); remove one"),
        ("title: T\n" + OK + "cards:\n  - question: Q\n    answer: A\n    answer: B\n",
         "t.yaml:8:5: cards[0].answer: duplicate key 'answer' (first at line 7); remove one"),
        ("title: &a T\nsections:\n  - heading: *a\n    points: [a]\n",
         "t.yaml:1:8: anchors and aliases (&name, *name) are not allowed; write the text out in full"),
        ("title: T\n" + OK + "---\ntitle: U\n",
         "t.yaml:5:1: several documents in one file (a line '---' starts another); keep one per file"),
        ("# only a comment\n", "t.yaml:1:1: the file is empty"),
        ("", "t.yaml:1:1: the file is empty"),
        ("title: T\nsections:\n\t- heading: H\n", "t.yaml:3:1: a tab character; indent with spaces, not tabs"),
        (b"title: T\nsections:\n  - heading: Caf\xe9\n    points: [a]\n",
         "t.yaml:3:17: byte 0xE9 is not UTF-8 text; save the file as UTF-8"),
        ("title: ~\n" + OK, "t.yaml:1:8: title: expected text, found nothing (quote it if you mean the word)"),
        ("title: null\n" + OK, "t.yaml:1:8: title: expected text, found nothing (quote it if you mean the word)"),
        ("title:\n" + OK, "t.yaml:1:7: title: expected text, found nothing (quote it if you mean the word)"),
        ("title: What is: this?\n" + OK,
         "t.yaml:1:15: a ': ' inside a value is read as a new key; quote the value, e.g. \"What is: this?\""),
        ("title: @home\n" + OK, "t.yaml:1:8: a value cannot start with '@'; quote the value"),
        ("title: `x`\n" + OK, "t.yaml:1:8: a value cannot start with '`'; quote the value"),
        ("title: *bold*\n" + OK, "t.yaml:1:13: a value starting with '*' is read as an alias; quote the value"),
        ("title: T\nsections:\n  - heading: H\n    points:\n      - %50\n",
         "t.yaml:5:9: a value cannot start with '%'; quote the value"),
        ("title: T\x01\n" + OK, "t.yaml:1:9: control character U+0001 is not allowed; delete it"),
        ("title: T\n" + OK + "timeline:\n  - {date: '2024-13-45', event: x}\n",
         "t.yaml:6:5: timeline[0].date: '2024-13-45' is not a date revpack can place; "
         "write '1924', '1924-01', '1924-01-21', '1931-33', '1931-1933' or '1930s'"),
        ("title: T\n" + OK + "comparisons:\n  - title: C\n    columns: [A, B]\n    rows:\n      - {label: L, cells: [x]}\n",
         "t.yaml:9:9: comparisons[0].rows[0].cells: expected 2 cells (one per column), found 1"),
        ("title: T\n" + OK + "comparisons:\n  - title: C\n    columns: [A]\n    rows:\n      - {label: L, cells: [x]}\n",
         "t.yaml:6:5: comparisons[0].columns: a comparison needs 2 to 6 columns, found 1"),
        ("- a\n- b\n", "t.yaml:1:1: expected a mapping (key: value pairs), found a list"),
        ("title: {a: b}\n" + OK, "t.yaml:1:8: title: expected text, found a mapping (key: value pairs)"),
    ],
)
def test_bad_input_message(text, message):
    assert problems(text) == [message]


def test_billion_laughs_is_refused_at_the_first_anchor():
    lol = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, 9):
        lol += f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 9) + "]\n"
    start = time.perf_counter()
    assert problems(lol) == ["t.yaml:1:4: anchors and aliases (&name, *name) are not allowed; write the text out in full"]
    assert time.perf_counter() - start < 5  # sanity bound only: the point is that it returns at all


def test_deep_nesting_is_an_error_not_a_recursion_error():
    assert problems("title: " + "[" * 10_000 + "]" * 10_000 + "\n") == [
        "t.yaml:1:47: nested more than 40 levels deep"
    ]


def test_oversized_file():
    assert problems("title: T\n" + OK + "summary: " + "x" * 2_100_000 + "\n") == [
        "t.yaml:1:1: the file is larger than 2 MB; split it into several topics"
    ]


def test_text_is_kept_exactly_as_typed():
    topic = load_topic_text(
        "title: no\nperiod: 3:30\nsummary: 0123\nsections:\n  - heading: 1.10\n"
        "    points: [1939-09-01, yes, Off, 1928]\n",
        "t.yaml",
    )
    assert (topic.title, topic.period, topic.summary, topic.sections[0].heading) == ("no", "3:30", "0123", "1.10")
    assert [p.text for p in topic.sections[0].points] == ["1939-09-01", "yes", "Off", "1928"]


def test_a_bom_is_accepted():
    assert load_topic_text(b"\xef\xbb\xbftitle: T\n" + OK.encode(), "t.yaml").title == "T"


def test_an_unquoted_hash_that_cuts_text_short_is_a_warning():
    warnings: list = []
    load_topic_text("title: Stalin's Russia #1 revision\n" + OK, "t.yaml", warnings)
    assert [str(w) for w in warnings] == [
        "t.yaml:1:8: title: warning: the text stops at ' #': the rest of the line is a comment; "
        "quote the value to keep it"
    ]


def test_a_single_string_is_a_one_point_list_and_positions_are_kept():
    topic = load_topic_text(
        "title: T\n" + OK + "cards:\n  - {question: Q, answer: Just this}\n", "t.yaml"
    )
    assert [p.text for p in topic.cards[0].answer] == ["Just this"]
    assert (topic.sections[0].where.line, topic.sections[0].where.col) == (3, 5)


def test_every_problem_of_every_file_in_one_run(mini_pack: Path):
    (mini_pack / "topics" / "alpha.yaml").write_text("title: A\nsections: nope\n")
    (mini_pack / "topics" / "beta.yaml").write_text("title: B\nsection: []\n")
    res = CliRunner().invoke(cli, ["check", str(mini_pack)])
    assert res.exit_code == 1
    lines = res.output.strip().splitlines()
    assert any(line.endswith("alpha.yaml:2:11: sections: expected a list, found text") for line in lines)
    assert any(line.endswith("beta.yaml:2:1: unknown key 'section'; did you mean 'sections'?") for line in lines)
    assert lines[-1] == "2 problems found; nothing was written."
    assert "Traceback" not in res.output


def test_pack_yaml_lists_a_missing_topic(mini_pack: Path):
    (mini_pack / "topics" / "beta.yaml").rename(mini_pack / "topics" / "betta.yaml")
    with pytest.raises(InputError) as info:
        load_pack(mini_pack)
    assert [d.message for d in info.value.diagnostics] == ["no file topics/beta.yaml; did you mean 'betta'?"]


def test_unknown_only_topic_has_a_suggestion(mini_pack: Path):
    with pytest.raises(InputError) as info:
        load_pack(mini_pack, only=("alpah",))
    assert [d.message for d in info.value.diagnostics] == ["no topic 'alpah' in this pack; did you mean 'alpha'?"]


def test_default_pack_loads_without_problems():
    warnings: list = []
    pack = load_pack(find_pack(None), warnings=warnings)
    assert pack.id == "gcse-stalin-ussr" and len(pack.topics) >= 4
    assert warnings == []


def test_no_code_loads_yaml_unsafely():
    src = Path(__file__).resolve().parents[1] / "src"
    offenders = [
        f"{path}:{n}"
        for path in src.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"yaml\.(load|unsafe_load|full_load)\(|FullLoader|UnsafeLoader|yaml\.Loader\b", line)
    ]
    assert offenders == []


def test_characters_the_font_lacks_are_a_positioned_warning(mini_pack: Path):
    (mini_pack / "topics" / "beta.yaml").write_text(
        "title: Beta\nsections:\n  - heading: H\n    points: [Kanji 漢 here]\n", encoding="utf-8"
    )
    res = CliRunner().invoke(cli, ["check", str(mini_pack)])
    assert res.exit_code == 0
    assert (
        "beta.yaml:4:14: sections[0].points[0].text: warning: not in the font DejaVuSans: "
        "'漢' U+6F22 CJK UNIFIED IDEOGRAPH-6F22; they would print as empty boxes"
    ) in res.output
