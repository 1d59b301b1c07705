"""The loader: every bad input gets one positioned line, pinned word for word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from revpack.cli import cli
from revpack.dates import parse_date
from revpack.errors import Diagnostic, InputError
from revpack.glyphs import glyph_problems
from revpack.load import find_pack, load_pack, load_topic, load_topic_text
from revpack.theme import Style

REPO = Path(__file__).resolve().parents[1]
OK = "sections:\n  - heading: H\n    points: [a]\n"
DATES = ("write '1924', '1924-01', '1924-01-21', 'Jan 1924', '21 Jan 1924', '1931-33', '1930s', 'mid-1930s', "
         "'Summer 1941', 'Winter 1941-42', '44 BC', 'AD 43', '27 BC-AD 14' or 'c. 1779'")


def problems(text: str | bytes) -> list[str]:
    with pytest.raises(InputError) as info:
        load_topic_text(text, "t.yaml")
    return [str(d) for d in info.value.diagnostics]


def make_pack(root: Path, pack_yaml: str, topics: dict[str, str]) -> Path:
    (root / "topics").mkdir(parents=True)
    (root / "pack.yaml").write_text(pack_yaml, encoding="utf-8")
    for name, text in topics.items():
        (root / "topics" / name).write_text(text, encoding="utf-8")
    return root


def pack_problems(folder: Path, **kwargs) -> list[str]:
    with pytest.raises(InputError) as info:
        load_pack(folder, **kwargs)
    return [str(d) for d in info.value.diagnostics]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # wrong types
        ("title: T\nsections:\n  - heading: H\n    points:\n      - [a, b]\n",
         "t.yaml:5:9: sections[0].points[0]: expected text, found a list"),
        ("title: {a: b}\n" + OK, "t.yaml:1:8: title: expected text, found a mapping (key: value pairs)"),
        ("title: T\nsections: nope\n", "t.yaml:2:11: sections: expected a list, found text"),
        ("title: T\nsections:\n", "t.yaml:2:10: sections: expected a list, found nothing"),
        ("title: T\n" + OK + "cards:\n  - question: Q\n    answer: [[x]]\n",
         "t.yaml:7:14: cards[0].answer[0]: expected text, found a list"),
        ("- a\n- b\n", "t.yaml:1:1: expected a mapping (key: value pairs), found a list"),
        # keys
        ("title: T\nsections:\n  - heading: H\n    pointz: [a]\n",
         "t.yaml:4:5: sections[0]: unknown key 'pointz'; did you mean 'points'?"),
        ("title: T\nsections:\n  - heading: H\n    points: [a]\n    colour: red\n",
         "t.yaml:5:5: sections[0]: unknown key 'colour'; expected one of: heading, points, image"),
        ("title: T\n", "t.yaml:1:1: sections: the topic has nothing to print; give it sections (or comparisons, timeline, terms, people, cards)"),
        ("title: T\nsections:\n  - heading: H\n    points: []\n",
         "t.yaml:4:13: sections[0].points: 'points' must not be empty"),
        ("title: T\ntitle: U\n" + OK, "t.yaml:2:1: title: duplicate key 'title' (first at line 1); remove one"),
        ("title: T\n" + OK + "cards:\n  - question: Q\n    answer: A\n    answer: B\n",
         "t.yaml:8:5: cards[0].answer: duplicate key 'answer' (first at line 7); remove one"),
        # nothing where text is required
        ("title: ~\n" + OK, "t.yaml:1:8: title: expected text, found nothing (quote it if you mean the word)"),
        ("title: null\n" + OK, "t.yaml:1:8: title: expected text, found nothing (quote it if you mean the word)"),
        ("title:\n" + OK, "t.yaml:1:7: title: expected text, found nothing (quote it if you mean the word)"),
        ("title: ''\n" + OK, "t.yaml:1:8: title: expected text, found an empty string"),
        ("title: T\nsections:\n  - heading: H\n    points: ['', b]\n",
         "t.yaml:4:14: sections[0].points[0]: expected text, found an empty string"),
        # constructs refused
        ("title: &a T\nsections:\n  - heading: *a\n    points: [a]\n",
         "t.yaml:1:8: anchors and aliases are not allowed (&name, *name); write the text out in full"),
        ("title: !Important point\n" + OK, "t.yaml:1:8: a value starting with '!' is read as a YAML tag; quote the value"),
        ("title: T\n" + OK + "---\ntitle: U\n",
         "t.yaml:5:1: several documents in one file (a line '---' starts another); keep one per file"),
        ("# only a comment\n", "t.yaml:1:1: the file is empty"),
        ("", "t.yaml:1:1: the file is empty"),
        ("---\n", "t.yaml:1:1: the file is empty"),
        # characters and encodings
        ("title: T\nsections:\n\t- heading: H\n", "t.yaml:3:1: a tab character; indent with spaces, not tabs"),
        (b"title: T\nsections:\n  - heading: Caf\xe9\n    points: [a]\n",
         "t.yaml:3:17: byte 0xE9 is not UTF-8 text; save the file as UTF-8"),
        ("title: Ça été\x01\n" + OK, "t.yaml:1:14: control character U+0001 is not allowed; delete it"),
        (b"title: \xc3\x87a \xe9t\xc3\xa9\n", "t.yaml:1:11: byte 0xE9 is not UTF-8 text; save the file as UTF-8"),
        ("title: T\x01\n" + OK, "t.yaml:1:9: control character U+0001 is not allowed; delete it"),
        ('title: "T\\u0007"\n' + OK, "t.yaml:1:8: title: control character U+0007 is not allowed; delete it"),
        ('title: "T\\tX"\n' + OK, "t.yaml:1:8: title: a tab character in the text; use spaces"),
        # syntax traps, with hints
        ("title: What is: this?\n" + OK,
         "t.yaml:1:15: a ': ' inside a value is read as a new key; quote the value, e.g. \"What is: this?\""),
        ("title: T\nsections:\n  - heading: H\n     points: [a]\n",
         "t.yaml:4:6: line 4 is indented 5 spaces; the item above 4: line them up (keys of one mapping, "
         "and the items of one list, start in the same column)"),
        ("title: @home\n" + OK, "t.yaml:1:8: a value cannot start with '@'; quote the value"),
        ("title: `x`\n" + OK, "t.yaml:1:8: a value cannot start with '`'; quote the value"),
        ("title: *bold*\n" + OK, "t.yaml:1:13: a value starting with '*' is read as an alias; quote the value"),
        ("title: & Co\n" + OK, "t.yaml:1:9: a value starting with '&' is read as an anchor; quote the value"),
        ("title: T\nsections:\n  - heading: H\n    points:\n      - %50\n",
         "t.yaml:5:9: a value cannot start with '%'; quote the value"),
        ("title: >5 years\n" + OK,
         "t.yaml:1:11: a value starting with '|' or '>' starts a block of text; quote the value"),
        ('title: "abc\n' + OK, "t.yaml:1:8: a quoted value is not closed; add the closing quote"),
        ('title: "Stalin" said\n' + OK,
         "t.yaml:1:17: text after a quoted or bracketed value; quote the whole value, e.g. '\"Stalin\" said it'"),
        ('title: "C:\\Users"\n' + OK,
         "t.yaml:1:13: a backslash in double quotes starts an escape; use single quotes, or write \\\\ for a backslash"),
        ("title: T\n" + OK + "questions: [Why?]\n",
         "t.yaml:5:16: inside [...] or {...} a '?' ends the text; quote the value, e.g. [\"Why?\"]"),
        ("title: [Draft\n" + OK,
         "t.yaml:1:8: a '[' or '{' is not closed; close it, or quote a value that starts with one"),
        # rules the types cannot express
        ("title: T\n" + OK + "timeline:\n  - {date: '2024-13-45', event: x}\n",
         "t.yaml:6:12: timeline[0].date: '2024-13-45': there is no such day"),
        ("title: T\n" + OK + "timeline:\n  - {date: 1924-13, event: x}\n",
         "t.yaml:6:12: timeline[0].date: '1924-13' is neither a month (01-12) nor a span of years that ends after it starts"),
        ("title: T\n" + OK + "timeline:\n  - {date: about 1930, event: x}\n",
         f"t.yaml:6:12: timeline[0].date: 'about 1930' is not a date revpack can place; {DATES}"),
        ("title: T\n" + OK + "comparisons:\n  - title: C\n    columns: [A, B]\n    rows:\n      - {label: L, cells: [x]}\n",
         "t.yaml:9:27: comparisons[0].rows[0].cells: expected 2 cells (one per column), found 1"),
        ("title: T\n" + OK + "comparisons:\n  - title: C\n    columns: [A]\n    rows:\n      - {label: L, cells: [x]}\n",
         "t.yaml:7:14: comparisons[0].columns: a comparison needs 2 to 6 columns, found 1"),
        ("title: T\n" + OK + "comparisons:\n  - title: C\n    columns: [A, B, C, D, E, F, G]\n"
         "    rows:\n      - {label: L, cells: [x]}\n",
         "t.yaml:7:14: comparisons[0].columns: a comparison needs 2 to 6 columns, found 7"),
        ("title: T\nid: my topic\n" + OK, "t.yaml:2:5: id: 'my topic' cannot be a file name; use letters, digits, '-', '_' and '.'"),
    ],
)
def test_bad_input_message(text, message):
    assert problems(text) == [message]


def test_every_problem_in_a_file_is_reported_not_just_the_first():
    text = (
        "titel: T\n" + OK
        + "timeline:\n  - {date: 1924-13, event: x}\n"
        + "comparisons:\n  - title: C\n    columns: [A, B]\n    rows:\n      - {label: L, cells: [x, y, z]}\n"
    )
    assert problems(text) == [
        "t.yaml:1:1: unknown key 'titel'; did you mean 'title'?",
        "t.yaml:6:12: timeline[0].date: '1924-13' is neither a month (01-12) nor a span of years that ends after it starts",
        "t.yaml:11:27: comparisons[0].rows[0].cells: expected 2 cells (one per column), found 3",
    ]


def test_duplicate_keys_are_found_at_any_depth_even_under_an_unknown_key():
    assert problems("title: T\n" + OK + "extra: {x: 1, x: 2}\n") == [
        "t.yaml:5:1: unknown key 'extra'; expected one of: title, id, period, summary, image, figures, sections, comparisons, "
        "timeline, terms, people, quotes, interpretations, stats, cards, questions",
        "t.yaml:5:15: extra.x: duplicate key 'x' (first at line 5); remove one",
    ]


def test_billion_laughs_is_refused_at_the_first_anchor():
    lol = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, 9):
        lol += f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 9) + "]\n"
    # Refused before a single alias is expanded: this returns at once.
    assert problems(lol) == ["t.yaml:1:4: anchors and aliases are not allowed (&name, *name); write the text out in full"]


def test_deep_nesting_is_an_error_not_a_recursion_error():
    assert problems("title: " + "[" * 10_000 + "]" * 10_000 + "\n") == ["t.yaml:1:47: nested more than 40 levels deep"]
    block = "".join(f"{'  ' * i}k{i}:\n" for i in range(200))
    assert problems(block) == ["t.yaml:40:79: nested more than 40 levels deep"]


def test_oversized_file():
    assert problems("title: T\n" + OK + "summary: " + "x" * 2_100_000 + "\n") == [
        "t.yaml:1:1: the file is larger than 2 MB; split it into several topics"
    ]


def test_text_is_kept_exactly_as_typed():
    topic = load_topic_text(
        "title: no\nperiod: 3:30\nsummary: 0123\nsections:\n  - heading: 1.10\n"
        "    points: [1939-09-01, yes, Off, 1928, 0x1F, 1e3, .inf, 12:30:00]\n",
        "t.yaml",
    )
    assert (topic.title, topic.period, topic.summary, topic.sections[0].heading) == ("no", "3:30", "0123", "1.10")
    assert [p.text for p in topic.sections[0].points] == [
        "1939-09-01", "yes", "Off", "1928", "0x1F", "1e3", ".inf", "12:30:00"
    ]


def test_keys_are_text_too():
    # `yes:` is not the key True; it is simply an unknown key called 'yes'.
    assert problems("title: T\n" + OK + "yes: 1\n")[0].startswith("t.yaml:5:1: unknown key 'yes'")


def test_a_bom_is_accepted():
    assert load_topic_text(b"\xef\xbb\xbftitle: T\n" + OK.encode(), "t.yaml").title == "T"


def test_crlf_line_ends_are_accepted():
    topic = load_topic_text(("title: T\n" + OK).replace("\n", "\r\n"), "t.yaml")
    assert topic.title == "T" and topic.sections[0].points[0].text == "a"


def test_an_unquoted_hash_that_cuts_text_short_is_a_warning():
    warnings: list[Diagnostic] = []
    topic = load_topic_text("title: Stalin's Russia #1 revision\n" + OK + "summary: 'Quoted #1 is kept'\n",
                            "t.yaml", warnings)
    assert topic.title == "Stalin's Russia" and topic.summary == "Quoted #1 is kept"
    assert [str(w) for w in warnings] == [
        "t.yaml:1:8: title: warning: the text stops at ' #': the rest of the line is a comment; "
        "quote the value to keep it"
    ]


def test_a_comment_set_apart_by_two_spaces_is_meant():
    warnings: list[Diagnostic] = []
    assert load_topic_text("title: Topic   # the title\n" + OK, "t.yaml", warnings).title == "Topic"
    assert warnings == []


def test_a_hash_without_a_space_before_it_is_text():
    warnings: list[Diagnostic] = []
    assert load_topic_text("title: Topic#1\n" + OK, "t.yaml", warnings).title == "Topic#1"
    assert warnings == []


def test_a_single_string_is_a_one_point_list_and_positions_are_kept():
    topic = load_topic_text(
        "title: T\n" + OK + "cards:\n  - {question: Q, answer: Just this}\n"
        "comparisons:\n  - title: C\n    columns: [A, B]\n    rows:\n      - {label: L, cells: [x, [y, z]]}\n",
        "t.yaml",
    )
    assert [p.text for p in topic.cards[0].answer] == ["Just this"]
    assert [[p.text for p in cell] for cell in topic.comparisons[0].rows[0].cells] == [["x"], ["y", "z"]]
    where = topic.sections[0].where
    assert (where.file, where.line, where.col) == ("t.yaml", 3, 5)
    point = topic.sections[0].points[0].where
    assert (point.line, point.col) == (4, 14)


def test_ids_default_to_the_file_name():
    assert load_topic_text("title: T\n" + OK, "topics/03-purges.yaml").id == "03-purges"
    assert load_topic_text("title: T\n" + OK).id == "memory"  # '<memory>' made usable as a file name
    assert load_topic_text("title: T\nid: purges\n" + OK, "x.yaml").id == "purges"


def test_load_topic_names_the_file_relative_to_the_current_directory(tmp_path, monkeypatch):
    (tmp_path / "topics").mkdir()
    (tmp_path / "topics" / "a.yaml").write_text("title: T\nsections: x\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as info:
        load_topic(tmp_path / "topics" / "a.yaml")
    assert [str(d) for d in info.value.diagnostics] == ["topics/a.yaml:2:11: sections: expected a list, found text"]


# --- packs ------------------------------------------------------------------------------


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


def test_problems_in_pack_yaml_and_topics_together(tmp_path: Path):
    folder = make_pack(tmp_path / "p", "title: P\nlevle: GCSE\ntopics: [a, b]\n",
                       {"a.yaml": "title: A\nsections: x\n", "b.yaml": "title: B\n"})
    assert pack_problems(folder) == [
        f"{folder}/pack.yaml:2:1: unknown key 'levle'; did you mean 'level'?",
        f"{folder}/topics/a.yaml:2:11: sections: expected a list, found text",
        f"{folder}/topics/b.yaml:1:1: sections: the topic has nothing to print; give it sections "
        "(or comparisons, timeline, terms, people, cards)",
    ]


def test_order_ids_and_root(tmp_path: Path):
    folder = make_pack(tmp_path / "my-pack", "title: P\ntopics: [b, a]\n",
                       {"a.yaml": "title: A\n" + OK, "b.yaml": "title: B\nid: bee\n" + OK})
    pack = load_pack(folder)
    assert pack.id == "my-pack" and pack.root == str(folder)
    assert [t.id for t in pack.topics] == ["bee", "a"]
    assert [t.id for t in load_pack(folder, only=["a"]).topics] == ["a"]


def test_without_a_topic_list_every_file_is_read_a_to_z(tmp_path: Path):
    folder = make_pack(tmp_path / "p", "title: P\n",
                       {"b.yaml": "title: B\n" + OK, "a.yaml": "title: A\n" + OK})
    assert [t.id for t in load_pack(folder).topics] == ["a", "b"]


def test_pack_yaml_lists_a_missing_topic(mini_pack: Path):
    (mini_pack / "topics" / "beta.yaml").rename(mini_pack / "topics" / "betta.yaml")
    with pytest.raises(InputError) as info:
        load_pack(mini_pack)
    assert [(d.line, d.col, d.path, d.message) for d in info.value.diagnostics] == [
        (7, 17, "topics[1]", "no file topics/beta.yaml; did you mean 'betta'?")
    ]


def test_a_topic_file_not_listed_is_a_warning(mini_pack: Path):
    (mini_pack / "topics" / "gamma.yaml").write_text("title: G\n" + OK)
    warnings: list[Diagnostic] = []
    pack = load_pack(mini_pack, warnings=warnings)
    assert [t.id for t in pack.topics] == ["alpha", "beta"]
    assert [(Path(w.file).name, w.severity, w.message) for w in warnings] == [
        ("gamma.yaml", "warning", "this topic is not listed in pack.yaml 'topics', so it is not printed")
    ]


def test_a_topic_listed_twice_and_a_duplicate_id(tmp_path: Path):
    folder = make_pack(tmp_path / "p", "title: P\ntopics: [a, b, a]\n",
                       {"a.yaml": "title: A\n" + OK, "b.yaml": "title: B\nid: a\n" + OK})
    assert pack_problems(folder) == [
        f"{folder}/pack.yaml:2:16: topics[2]: 'a' is listed twice (first at topics[0])",
        f"{folder}/topics/b.yaml:2:5: id: topic id 'a' is used by {folder}/topics/a.yaml too",
    ]


def test_unknown_only_topic_has_a_suggestion(mini_pack: Path):
    with pytest.raises(InputError) as info:
        load_pack(mini_pack, only=("alpah",))
    assert [d.message for d in info.value.diagnostics] == ["no topic 'alpah' in this pack; did you mean 'alpha'?"]


def test_missing_pack_yaml(tmp_path: Path):
    assert pack_problems(tmp_path) == [
        f"{tmp_path}/pack.yaml:1:1: no such file: a pack is a folder holding pack.yaml and a topics/ folder"
    ]


def test_unreadable_topic_file_and_a_topic_that_is_a_list(tmp_path: Path):
    folder = make_pack(tmp_path / "p", "title: P\n", {"b.yaml": "- title: B\n"})
    (folder / "topics" / "a.yaml").mkdir()  # cannot be read as a file (we may be root: chmod would not do)
    assert pack_problems(folder) == [
        f"{folder}/topics/a.yaml:1:1: this is a folder, not a file",
        f"{folder}/topics/b.yaml:1:1: expected a mapping (key: value pairs), found a list",
    ]


def test_a_pack_with_no_topics(tmp_path: Path):
    folder = make_pack(tmp_path / "p", "title: P\n", {})
    assert pack_problems(folder) == [
        f"{folder}/pack.yaml:1:1: the pack has no topics: put topic files in topics/ (e.g. topics/01-first.yaml)"
    ]


def test_theme_is_a_nested_record(tmp_path: Path):
    folder = make_pack(tmp_path / "p", "title: P\ntheme: {paper: letter, colour: red}\n", {"a.yaml": "title: A\n" + OK})
    assert pack_problems(folder) == [
        f"{folder}/pack.yaml:2:24: theme: unknown key 'colour'; expected one of: paper, accent, font, look, recall_level, answers, card_size"
    ]
    (folder / "pack.yaml").write_text("title: P\ntheme: {paper: letter}\n")
    assert load_pack(folder).info.theme.paper == "letter"


def test_find_pack(tmp_path: Path, monkeypatch):
    assert (find_pack("gcse-stalin-ussr") / "pack.yaml").is_file()
    folder = make_pack(tmp_path / "p", "title: P\n", {})
    assert find_pack(str(folder)) == folder
    assert find_pack(str(folder / "pack.yaml")) == folder
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as info:
        find_pack("gcse-stalin")
    assert info.value.message == (
        "gcse-stalin: no pack here (a pack is a folder holding pack.yaml); "
        "available: alevel-soviet-russia, gcse-stalin-ussr"
    )


def test_default_pack_loads_without_problems():
    warnings: list[Diagnostic] = []
    pack = load_pack(find_pack("gcse-stalin-ussr"), warnings=warnings)
    assert pack.id == "gcse-stalin-ussr" and len(pack.topics) >= 4
    assert warnings == []


# --- dates and glyphs ---------------------------------------------------------------------


# Every date form, printed and placed: tests/test_dates.py


def test_characters_the_font_lacks_are_a_positioned_warning(mini_pack: Path):
    (mini_pack / "topics" / "beta.yaml").write_text(
        "title: Beta\nsections:\n  - heading: H\n    points: [Kanji 漢 here, Сталин]\n", encoding="utf-8"
    )
    res = CliRunner().invoke(cli, ["check", str(mini_pack)])
    assert res.exit_code == 0
    assert (
        "beta.yaml:4:14: sections[0].points[0].text: warning: characters no bundled font can print "
        "(not in DejaVu Sans): '漢' U+6F22 CJK UNIFIED IDEOGRAPH-6F22; they print as empty boxes"
    ) in res.output
    assert "Сталин" not in res.output  # Cyrillic is in DejaVu Sans


def test_missing_glyphs_lists_a_few_characters_and_counts_the_rest(mini_pack: Path):
    (mini_pack / "pack.yaml").write_text("title: Pack 漢字\ntopics: [alpha]\n", encoding="utf-8")
    (mini_pack / "topics" / "alpha.yaml").write_text(
        "title: A\nsections:\n  - heading: 一二三四五六七八九十百千\n    points: [a]\n", encoding="utf-8"
    )
    found = glyph_problems(load_pack(mini_pack), Style())
    assert [(Path(d.file).name, d.line, d.col, d.path, d.severity) for d in found] == [
        ("pack.yaml", 1, 1, "title", "warning"),
        ("alpha.yaml", 3, 5, "sections[0].heading", "warning"),
    ]
    assert found[1].message.endswith(" and 2 more; they print as empty boxes")


def test_no_code_loads_yaml_unsafely():
    offenders = [
        f"{path}:{n}"
        for path in (REPO / "src").rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"yaml\.(load|unsafe_load|full_load)\(|FullLoader|UnsafeLoader|yaml\.Loader\b|CLoader", line)
    ]
    assert offenders == []
