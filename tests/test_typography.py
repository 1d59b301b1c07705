"""Typographic quotes, apostrophes and en dashes in number ranges: set when text is laid out, the YAML
and exports stay as typed, and the fidelity checks fold both sides the same way."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from revpack.build import BuildOptions, build_sheet
from revpack.expectations import printed_words
from revpack.load import load_pack
from revpack.markup import fold_typography, plain, to_para, typeset
from revpack.preflight import absent, page_texts
from revpack.views import VIEWS

CASES = [  # typed, as laid out
    ("Stalin's 'Great Turn' 1928-32", "Stalin\u2019s \u2018Great Turn\u2019 1928\u201332"),
    ('He called it "the year of the great break"', "He called it \u201cthe year of the great break\u201d"),
    ("1931-33 and 10-15 million", "1931\u201333 and 10\u201315 million"),
    ("the kulaks' land, in the '30s", "the kulaks\u2019 land, in the \u201930s"),
    ("don't 'quote", "don\u2019t 'quote"),  # an opening quote with no partner stays as typed
    ("on 2024-01-15, 5-3=2, A-level, COVID-19", "on 2024-01-15, 5-3=2, A-level, COVID-19"),
    ('a lone " mark', 'a lone " mark'),
]


@pytest.mark.parametrize("typed, shown", CASES)
def test_the_typography_rules(typed, shown):
    assert to_para(typed) == shown
    assert plain(typed) == typed  # exports and keys keep the text as typed
    assert fold_typography(shown) == typed


def test_formulas_and_gaps_are_never_touched():
    assert "10<super" in to_para("10^{-6} and x^{a-2}") and "a-2" in to_para("x^{a-2}")
    assert to_para("[[Stalin's]] plan 1928-32") == "Stalin's plan 1928\u201332"
    assert to_para("'[[Great Turn]]'") == "\u2018Great Turn\u2019"
    assert to_para("**'Great Turn'** and *\"x\"*") == "<b>\u2018Great Turn\u2019</b> and <i>\u201cx\u201d</i>"
    assert to_para("*Pravda*'s 'Muddle'") == "<i>Pravda</i>\u2019s \u2018Muddle\u2019"
    assert typeset("Lenin's death") == "Lenin\u2019s death"


def test_a_sheet_prints_typographic_marks_and_loses_no_word(tmp_path):
    pack_dir = tmp_path / "p"
    (pack_dir / "topics").mkdir(parents=True)
    (pack_dir / "pack.yaml").write_text("title: Russia\nid: russia\n")
    typed = (
        "title: The Great Turn\n"
        "summary: \"Stalin's 'Great Turn' 1928-32 cost 10-15 million lives.\"\n"
        "sections:\n"
        "  - heading: Collectivisation\n"
        "    points:\n"
        "      - \"Stalin's 'Great Turn' 1928-32\"\n"
        "      - 'He called 1929 \"the year of the great break\"'\n"
    )
    (pack_dir / "topics" / "turn.yaml").write_text(typed)
    pack = load_pack(pack_dir)
    pdf = build_sheet(pack, "turn", "summary", BuildOptions(jobs=1))  # preflight on: every word found
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Stalin\u2019s \u2018Great Turn\u2019 1928\u201332" in text
    assert "\u201cthe year of the great break\u201d" in text
    assert "'" not in text.split("Collectivisation", 1)[1]
    assert (pack_dir / "topics" / "turn.yaml").read_text() == typed  # the YAML stays as typed
    assert absent(" ".join(page_texts(pdf)), printed_words(pack.topics[0], VIEWS["summary"])) == []


TITLES = ["The purges, show trials and Great Terror", "Stalin's rise to power, 1924-29: defeating the Left and the Right",
          "Collectivisation and the famine of 1932-33 in Ukraine and Kazakhstan", "The New Economic Policy",
          "Война и мир: как советский народ пережил Великую Отечественную войну",
          "Die Machtergreifung der Bolschewiki und der Bürgerkrieg in Russland"]


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("look", ["default", "dyslexia"])
def test_a_title_band_wraps_into_even_lines_never_one_word_alone(title, look):
    """A sheet's title that needs two lines takes them evenly ("The purges, show / trials and
    Great Terror"), never a last line of one word; it takes no more lines than it must."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    from revpack.layout import Band
    from revpack.theme import Style, look_for

    style = Style(look=look_for(look))
    band = Band(title, style)
    band.wrap(180 * mm, 800)
    greedy = Paragraph(to_para(title), style.title)
    greedy.wrap(180 * mm - 2 * band.pad, 800)
    lines = band.title.blPara.lines
    assert len(lines) == len(greedy.blPara.lines)
    if len(lines) > 1:
        assert len(lines[-1][1]) > 1, (title, lines[-1])  # (room left, words) of a plain line
        room = [line[0] for line in lines]
        assert max(room) - min(room) < 0.4 * (180 * mm - 2 * band.pad), (title, room)
