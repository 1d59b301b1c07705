"""Sub- and superscript notation (H_2O, x^2, 10^{-6}): the rule, the print, the fidelity checks, the exports."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from revpack.build import BuildOptions, build_sheet
from revpack.export import anki_csv, notes, quizlet
from revpack.markup import plain, plain_scripts, to_para
from revpack.model import Card, Pack, PackInfo, Point, Section, Term, Topic
from revpack.preflight import page_texts

CASES = [  # typed, plain (the words as printed), where the scripts are
    ("H_2O", "H2O", ["sub:2"]),
    ("CO_{2}", "CO2", ["sub:2"]),
    ("x^2 + y^2", "x2 + y2", ["super:2", "super:2"]),
    ("10^{-6} m", "10\u22126 m", ["super:\u22126"]),
    ("10^-6", "10\u22126", ["super:\u22126"]),
    ("Na^+ and Cl^-", "Na+ and Cl\u2212", ["super:+", "super:\u2212"]),
    ("Fe^{3+}", "Fe3+", ["super:3+"]),
    ("SO_4^{2-}", "SO42\u2212", ["sub:4", "super:2\u2212"]),
    ("(a+b)^2", "(a+b)2", ["super:2"]),
    ("v_{max}", "vmax", ["sub:max"]),
    # Not notation: ordinary writing stays as typed.
    ("snake_case", "snake_case", []),
    ("2^n and a^b", "2^n and a^b", []),
    ("a _ b, x^ 2, _2", "a _ b, x^ 2, _2", []),
    ("x^{}", "x^{}", []),
    ("a^+b", "a^+b", []),
    # The escape: a backslash keeps notation literal, and is removed only there.
    ("file\\_2", "file_2", []),
    ("C:\\_dir and a\\b", "C:\\_dir and a\\b", []),
]


@pytest.mark.parametrize("typed, printed, scripts", CASES)
def test_the_notation_rule(typed, printed, scripts):
    assert plain(typed) == printed
    para = to_para(typed)
    found = []
    for tag in ("sub", "super"):
        for chunk in para.split(f"<{tag} ")[1:]:
            found.append((para.index(chunk), f"{tag}:{chunk.split('>', 1)[1].split('<', 1)[0]}"))
    assert [f for _, f in sorted(found)] == scripts


def test_scripts_nest_inside_bold_and_italic():
    assert to_para("**H_2O** *x^2*").startswith("<b>H<sub ")
    assert "</sub>O</b> <i>x<super " in to_para("**H_2O** *x^2*")


def topic() -> Topic:
    return Topic(
        title="Acids", id="acids",
        summary="Water is H_2O and glucose is C_6H_{12}O_6; 1 micrometre is 10^{-6} m.",
        sections=(Section(heading="Ions", points=(Point(text="Sodium ions Na^+ and sulfate ions SO_4^{2-} in solution"),)),),
        terms=(Term(term="H_2SO_4", definition="Sulfuric acid"),),
        cards=(Card(question="What is the area of a square of side x?", answer=(Point(text="x^2"),)),),
    )


def pack() -> Pack:
    return Pack(PackInfo(title="Chemistry", id="chem"), (topic(),))


def test_scripts_print_smaller_and_off_the_line_and_read_back_as_typed():
    pdf = build_sheet(pack(), "acids", "summary")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        chars = doc.pages[0].chars
    text = "".join(c["text"] for c in chars)
    at = text.index("H2O")
    h, two, o = chars[at : at + 3]
    assert two["size"] == pytest.approx(0.8 * h["size"], abs=0.05)
    assert two["bottom"] > h["bottom"] + 1  # lowered (pdfplumber measures down the page)
    assert o["size"] == h["size"] and o["bottom"] == pytest.approx(h["bottom"])
    six = chars[text.index("10\u22126") + 2]
    assert six["bottom"] < h["bottom"] - 1  # raised
    # The fidelity checks read the printed words as the YAML's words without the notation.
    page = page_texts(pdf)[0]
    for word in ("H2O", "C6H12O6", "10\u22126", "Na+", "SO42\u2212", "H2SO4"):
        assert word in page


def test_a_built_pack_with_notation_passes_preflight(tmp_path):
    from revpack.build import build_pack

    build_pack(pack(), tmp_path / "out", BuildOptions(jobs=1))  # preflight: the words, the type floor
    assert (tmp_path / "out" / "topics" / "acids-summary.pdf").exists()


def test_exports_carry_scripts_as_html_for_anki_and_unicode_for_quizlet():
    csv = anki_csv(pack())
    assert "H<sub>2</sub>SO<sub>4</sub>" in csv and "x<sup>2</sup>" in csv
    assert "rise=" not in csv and "<super" not in csv
    flat = quizlet(pack())
    assert "H\u2082SO\u2084\tSulfuric acid" in flat and "x\u00b2" in flat
    assert plain_scripts("v_{max} and 2^n") == "vmax and 2^n"  # no Unicode form: on the line
    assert {n.front_text for n in notes(pack())} >= {"H\u2082SO\u2084"}


def test_a_sheet_whose_columns_are_balanced_prints_its_formulas():
    """Balancing a two-column sheet lays out copies of its story; a copied script keeps its size
    and rise (ReportLab's own copy of a percentage raised NameError: `render._copy_percentage`)."""
    topic = Topic(id="chem", title="Chem", terms=(Term(term="Water", definition="H_2O"),
                                                   Term(term="Sulfate", definition="SO_4^{2-}")))
    pdf = build_sheet(Pack(PackInfo(title="P", id="p"), (topic,)), "chem", "summary")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        chars = doc.pages[0].chars
    text = "".join(c["text"] for c in chars)
    h, two = chars[text.index("H2O") : text.index("H2O") + 2]
    assert two["size"] == pytest.approx(0.8 * h["size"], abs=0.05) and two["bottom"] > h["bottom"] + 1
    assert "SO42\u2212" in text
