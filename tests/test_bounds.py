"""Whatever `check` accepts, `build` and `cards` build (issue #13): every one-line value at its
limit, as words or as one long word, in every view, with the cut-out cards; one character more is
refused by the loader at its position. Long words are never cut by a column break with a "(cont.)"
title between their halves (the build's own preflight reads every word back)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.platypus import Paragraph

from revpack.build import BuildOptions, build_pack
from revpack.cli import cli
from revpack.cutouts import CardOptions, make_cards
from revpack.errors import InputError
from revpack.layout import _cuts_word, split_between_words
from revpack.load import load_topic_text
from revpack.model import LINE, Pack, PackInfo
from revpack.theme import Style, look_for



def fill(tag: str, n: int, one_word: bool) -> str:
    text = (tag + "x" * n) if one_word else (tag + " " + "word " * n)
    return text[:n].rstrip().ljust(n, "w")


def big_topic(n: int, one_word: bool) -> str:
    """A topic with every one-line field `n` characters long (and body text as long)."""
    def s(tag: str) -> str:
        return fill(tag, n, one_word)

    return f'''
title: "{s('T')}"
period: "1924-29"
summary: "{s('S')}"
sections:
  - heading: "{s('H')}"
    points: ["{s('P')}", {{text: "{s('Q')}", points: ["{s('R')}"]}}]
comparisons:
  - title: "{s('C')}"
    columns: ["{s('A')}", "{s('B')}"]
    rows: [{{label: "{s('L')}", cells: ["{s('X')}", "{s('Y')}"]}}]
timeline: [{{date: "1924", event: "{s('E')}"}}, {{date: "1925-27", event: "{s('F')}"}}]
terms: [{{term: "{s('K')}", definition: "{s('D')}"}}]
people: [{{name: "{s('N')}", role: "{s('O')}", points: ["{s('G')}"]}}]
quotes: [{{text: "{s('U')}", who: "{s('W')}", source: "{s('V')}"}}]
interpretations: [{{historian: "{s('I')}", view: "{s('J')}", school: "{s('Z')}"}}]
stats: [{{value: "{s('M')}", label: "{s('a')}", source: "{s('b')}"}}]
cards: [{{question: "{s('c')}", answer: "{s('d')}"}}]
questions: [{{text: "{s('e')}", marks: "12", extracts: [{{label: "{s('f')}", text: "{s('g')}", author: "{s('h')}",
  work: "{s('i')}", year: "1968"}}]}}]
'''


def big_pack(n: int, one_word: bool) -> Pack:
    def s(tag: str) -> str:
        return fill(tag, n, one_word)

    info = PackInfo(title=s("pt"), subtitle=s("ps"), level=s("pl"), board=s("pb"), specification=s("sp"),
                    author=s("au"), topics=("big",))
    return Pack(info=info, topics=(load_topic_text(big_topic(n, one_word), "big.yaml"),))


@pytest.mark.parametrize(("one_word", "theme"), [(False, "default"), (True, "default"), (True, "dyslexia")])
def test_every_one_line_value_at_its_limit_builds(tmp_path, one_word, theme):
    pack = big_pack(LINE, one_word)
    result = build_pack(pack, tmp_path / "out", BuildOptions(jobs=1, cache=False, theme=theme))  # preflight on
    assert len(result.written) > 5
    style = Style(theme=pack.info.theme, paper="a4", look=look_for(theme))
    made = make_cards(pack, style, CardOptions(size="a7", paper="a4",
                                               kinds=("qa", "sections", "terms", "dates", "people")))
    assert made.count >= 5


@pytest.mark.parametrize("field", ["title", "heading", "columns"])
def test_one_character_more_is_refused_at_its_position(field):
    text = big_topic(LINE, False)
    tag = {"title": "T", "heading": "H", "columns": "A"}[field]
    longer = text.replace(f'"{fill(tag, LINE, False)}"', f'"{fill(tag, LINE + 1, False)}"')
    with pytest.raises(InputError) as caught:
        load_topic_text(longer, "big.yaml")
    (problem,) = caught.value.diagnostics
    assert problem.line > 1 and problem.col > 1
    assert problem.message == f"{LINE + 1} characters, more than the {LINE} this one-line value may have; " \
                              "shorten it (detail belongs in a point)"


def test_the_issues_title_of_1500_words_is_refused_by_check(mini_pack):
    (mini_pack / "topics" / "beta.yaml").write_text("title: " + " ".join(["word"] * 1500)
                                                    + "\nsections:\n  - heading: H\n    points: [a]\n")
    res = CliRunner().invoke(cli, ["check", str(mini_pack)])
    assert res.exit_code == 1
    assert res.output.splitlines()[0].endswith(
        "beta.yaml:1:8: title: 7,499 characters, more than the 200 this one-line value may have; "
        "shorten it (detail belongs in a point)")


def test_a_long_word_is_not_cut_where_a_line_in_the_room_ends_a_word():
    style = Style(theme=PackInfo(title="t").theme, paper="a4")
    para = Paragraph("short words here " + "W" + "x" * 150 + " and after", style.body)
    para.wrap(150, 1e6)
    words = para.getPlainText().split()
    splits = 0
    for height in range(20, 200, 7):
        parts, cut = split_between_words(para, 150, height, room=700)
        assert not cut
        if parts:
            splits += 1
            assert not _cuts_word(words, parts[0]), height
    assert splits > 5
    # A word taller than a whole column is cut (nothing else can be done), and said to be.
    parts, cut = split_between_words(para, 150, 60, room=40)
    assert len(parts) == 2 and cut


# --- numeric options at their bounds: a clear error, never a sheet off the paper ------------


@pytest.mark.parametrize(("args", "message"), [
    (["cards", "--offset-x", "inf"], "Error: Invalid value for '--offset-x': inf is not in the range -10.0<=x<=10.0."),
    (["cards", "--offset-x", "nan"], "Error: Invalid value for '--offset-x': 'nan' is not a number"),
    (["cards", "--offset-y", "1e9"],
     "Error: Invalid value for '--offset-y': 1000000000.0 is not in the range -10.0<=x<=10.0."),
    (["cards", "--offset-y", "-10.01"], "Error: Invalid value for '--offset-y': -10.01 is not in the range -10.0<=x<=10.0."),
    (["preview", "P", "T", "--dpi", "nan"], "Error: Invalid value for '--dpi': 'nan' is not a number"),
    (["preflight", "PDF", "--floor", "nan"], "Error: Invalid value for '--floor': 'nan' is not a number"),
    (["preflight", "PDF", "--floor", "0"], "Error: Invalid value for '--floor': 0.0 is not in the range 1<=x<=100."),
    (["build", "-j", "-1"], "Error: Invalid value for '-j' / '--jobs': -1 is not in the range x>=0."),
])
def test_numeric_options_out_of_range_are_one_clear_line(mini_pack, tmp_path, args, message):
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    args = [str(mini_pack) if a == "P" else "alpha" if a == "T" else str(pdf) if a == "PDF" else a for a in args]
    if args[0] in ("cards", "build"):
        args.insert(1, str(mini_pack))
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    assert res.output.strip().splitlines()[-1] == message


@pytest.mark.parametrize("offsets", [("10", "-10"), ("-10", "10")])
def test_the_largest_offsets_keep_every_card_on_the_sheet(mini_pack, tmp_path, offsets):
    out = tmp_path / "cards.pdf"
    res = CliRunner().invoke(cli, ["cards", str(mini_pack), "--offset-x", offsets[0], "--offset-y", offsets[1],
                                   "--size", "a6", "-o", str(out)])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(cli, ["preflight", str(out), "--floor", "9"])
    assert res.exit_code == 0, res.output


def test_preflight_of_a_file_it_cannot_read_is_one_line(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\ngarbage")
    res = CliRunner().invoke(cli, ["preflight", str(bad)])
    assert res.exit_code == 1
    assert res.output.strip().splitlines()[-1].startswith(f"{bad}: cannot read this PDF (")
