"""Hypothesis strategies for whole topic files, typed the way students and teachers type them.

`topic_yaml()` draws a topic as a Python structure (random sections, tables,
timelines, cards ...; text mostly in Latin, Greek and Cyrillic, and now and then from
anywhere in Unicode: every plane and script, right-to-left, combining marks, CJK,
emoji sequences, chemistry and maths notation, lone surrogates as YAML escapes; with
markup-like pieces, YAML look-alikes, empty and huge values, now and then a wrong
type or an unknown key) and writes it out either cleanly (`yaml.safe_dump`) or by hand,
unquoted, the way a person types YAML, which is where YAML's guessing bites.
"""

from __future__ import annotations

import yaml
from hypothesis import strategies as st

# Pieces a note might hold: ordinary words in three scripts, numbers and dates,
# markup ReportLab would obey if it were not escaped, and YAML look-alikes.
WORDS = (
    "Stalin Trotsky Bukharin kulaks grain collectivisation NEP Politburo Gosplan purge "
    "Сталин коллективизация пятилетка Троцкий ГУЛАГ Λένιν ιστορία Σοβιετική "
    "café naïve Zinoviev’s “quoted” ‘single’ – — … office affluent fjord "
    "1924 1924-01 1931-33 1930s 25% 6-10 £100 №1 x²"
).split()
MARKUP = [
    "<b>", "</b>", "<i>x</i>", "&amp;", "&", "&lt;", "<", ">", "**", "*", "**bold**", "*italic*",
    "<img src='/etc/passwd'/>", '<a href="javascript:alert(1)">link</a>', "<font name=Helvetica>",
    "<para>", "<br/>", "&#65;", "<unknown attr=1>", "5 * 3 * 2", "a<b", "]]>",
]
YAML_LOOKALIKES = [
    "no", "yes", "Off", "on", "null", "~", "true", "3:30", "0123", "1.10", "1939-09-01", "2024-13-45",
    "key: value", "What is: this?", "#", "a #comment", "- dash", "@handle", "`tick`", "%percent",
    "!tag", "{", "}", "[", "]", ",", "'", '"', "|", ">-", "? q", ".inf", "0x1F",
]
LONG_WORD = st.integers(min_value=30, max_value=400).map(lambda n: ("Pneumonoultramicroscopic" * 20)[:n])

# Characters for free text: printable Latin, Latin-1, Latin Extended-A, Greek and
# Cyrillic, all in the bundled DejaVu Sans. Control characters are the loader's to refuse.
ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "M", "N", "P", "S", "Zs"),
    exclude_characters="\u00ad\u2028\u2029\u0085",
    max_codepoint=0x045F,
)

# Beyond the bundled faces' home ground: every script, notation that one face of a
# theme lacks and another has (OpenDyslexic has no subscripts: DejaVu draws them),
# text no bundled face has (CJK, emoji: warned about, printed as boxes), and text
# that cannot be printed in order (right-to-left: refused with its position).
SCRIPTS = (
    "H₂O 10⁻⁶ NH₄⁺ SO₄²⁻ ⇌ ∝ ≪ ≫ ∑ ∫₀¹ √ ∞ ℝ ℕ ∀ε ∃δ ⅓ "
    "ἀριθμός Ἀθῆναι преде́л café ñ ä́ Z͓͑͒ "
    "漢字 列宁 東京 한국어 ひらがな カタカナ 🙂 👩‍🔬 🇬🇧 👍🏽 1️⃣ ☃ ✓ "
    "שלום עברית سلام العربية ܐܪܡܝܐ ދިވެހި "
    "हिन्दी தமிழ் ไทย ქართული Հայերեն ትግርኛ ᚠᚢᚦ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝐀𝐁 𓀀 𐌰𐌱 "
    "​ ‍ ⁠ ­ ﻿ ‮ ⁦ � 􏿽"
).split(" ")
# Any code point of any plane (surrogates excepted: they are not characters), and lone
# surrogates on their own: a YAML "\udc80" escape, or a file mis-decoded with surrogateescape.
# (Line and paragraph separators and the two non-characters YAML cannot hold are left out:
# the loader's refusal of those is tested elsewhere, and here they would hide the rest.)
ANY_CHARACTER = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp"),
                              exclude_characters="\u2028\u2029\u0085\ufffe\uffff")
LONE_SURROGATE = st.integers(0xD800, 0xDFFF).map(chr)
WIDE = st.one_of(st.sampled_from(SCRIPTS), st.sampled_from(SCRIPTS), st.text(ANY_CHARACTER, min_size=1, max_size=8))

piece = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS),
    st.sampled_from(MARKUP),
    st.sampled_from(YAML_LOOKALIKES),
    st.text(ALPHABET, min_size=1, max_size=12),
    LONG_WORD,
    WIDE,
)


@st.composite
def text(draw, big: bool = True) -> str:
    """A text value: usually a few words, sometimes empty, sometimes huge."""
    # Empty is rare: one empty required value refuses the whole topic, and the build must be reached.
    kind = draw(st.sampled_from(["words"] * 35 + ["empty"] + (["huge"] * 4 if big else ["words"] * 4)))
    if kind == "empty":
        return ""
    if kind == "huge":
        return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=150, max_size=500)))
    words = draw(st.lists(piece, min_size=1, max_size=12))
    if draw(st.sampled_from([False] * 199 + [True])):  # rarely: a lone surrogate, refused wherever it is
        words.insert(draw(st.integers(0, len(words))), draw(LONE_SURROGATE))
    return " ".join(words)


def small_text() -> st.SearchStrategy[str]:
    return text(big=False)


point = st.one_of(
    text(),
    st.fixed_dictionaries({"text": small_text(), "points": st.lists(small_text(), min_size=1, max_size=3)}),
)
PLACED = st.sampled_from(["1924", "1924-01", "1924-01-21", "1931-33", "1930s", "1917-1921"])
DATES = st.one_of(PLACED, PLACED, PLACED, small_text())  # mostly dates the timeline can place


def records(**fields) -> st.SearchStrategy[list]:
    return st.lists(st.fixed_dictionaries(fields), max_size=4)


@st.composite
def topic_data(draw) -> dict:
    """A topic as the YAML would hold it (before it is written out)."""
    topic: dict = {}
    if draw(st.integers(0, 20)):  # 1 in 21: no title (a missing required key)
        topic["title"] = draw(small_text())
    for key in ("period", "summary"):
        if draw(st.booleans()):
            topic[key] = draw(text() if key == "summary" else small_text())
    topic["sections"] = draw(st.lists(
        st.fixed_dictionaries({"heading": small_text(), "points": st.lists(point, min_size=1, max_size=6)}),
        min_size=1, max_size=4,
    ))
    optional = {
        "timeline": records(date=DATES, event=small_text()),
        "terms": records(term=small_text(), definition=text()),
        "people": records(name=small_text(), role=small_text()),
        "quotes": records(text=text(), who=small_text()),
        "interpretations": records(historian=small_text(), view=text()),
        "stats": records(value=small_text(), label=small_text()),
        "cards": records(question=small_text(), answer=st.one_of(small_text(), st.lists(small_text(), min_size=1, max_size=3))),
        "questions": st.lists(small_text(), max_size=3),
        "comparisons": st.lists(st.integers(2, 3).flatmap(lambda n: st.fixed_dictionaries({
            "title": small_text(),
            "columns": st.lists(small_text(), min_size=n, max_size=n),
            "rows": st.lists(st.fixed_dictionaries({
                "label": small_text(),
                "cells": st.lists(st.one_of(text(), st.lists(small_text(), min_size=1, max_size=3)), min_size=n, max_size=n),
            }), min_size=1, max_size=4),
        })), max_size=2),
    }
    for key, strategy in optional.items():
        if draw(st.integers(0, 2)) == 0:
            topic[key] = draw(strategy)
    mistake = draw(st.integers(0, 15))  # now and then, a mistake an author makes
    if mistake == 0:
        topic[draw(st.sampled_from(["sectoins", "Title", "notes"]))] = draw(small_text())
    elif mistake == 1:
        topic["sections"][0]["points"] = draw(small_text())  # text where a list belongs
    elif mistake == 2:
        topic["title"] = draw(st.lists(small_text(), min_size=1, max_size=2))  # a list where text belongs
    return topic


def by_hand(value, indent: int = 0) -> str:
    """YAML as a person types it: block style, plain (unquoted) scalars, no escaping."""
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:\n{by_hand(item, indent + 2)}")
            else:
                lines.append(f"{pad}{key}: {by_hand(item, 0).strip()}")
        return "\n".join(lines)
    if isinstance(value, list):
        if not value:
            return f"{pad}[]"
        out = []
        for item in value:
            body = by_hand(item, indent + 2).lstrip() if isinstance(item, (dict, list)) and item else by_hand(item).strip()
            out.append(f"{pad}- {body}")
        return "\n".join(out)
    return f"{pad}{value}"


@st.composite
def topic_yaml(draw) -> str:
    """The text of a whole topic file: cleanly dumped, or typed by hand."""
    data = draw(topic_data())
    if draw(st.integers(0, 3)) == 0:
        return by_hand(data) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


# --- option values at their bounds (issue #13) ---------------------------------------------------

NUMBERS = st.one_of(
    st.sampled_from(["0", "-0", "10", "-10", "10.0001", "-10.0001", "1e9", "-1e9", "inf", "-inf", "nan", "1e-300",
                     "", " ", "ten", "0x10", "1_000", "9" * 400]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


@st.composite
def cards_options(draw) -> list[str]:
    """`revpack cards` options: offsets, sizes and papers, each now and then out of bounds."""
    args = ["--offset-x", draw(NUMBERS), "--offset-y", draw(NUMBERS)]
    args += ["--size", draw(st.sampled_from(["a7", "a6", "3x5", "4x6", "A7", "a8", ""]))]
    args += ["--paper", draw(st.sampled_from(["a4", "letter", "A4", "a5"]))]
    args += draw(st.lists(st.sampled_from(["--fold", "--leitner", "--duplex=short", "--duplex=none"]), unique=True))
    return args


@st.composite
def build_options(draw) -> list[str]:
    """`revpack build` options: -j, recall level, answers and sides, now and then out of bounds."""
    args = ["-j", draw(st.one_of(st.sampled_from(["0", "1", "2", "1000", "-1", "2.5", "x"]),
                                 st.integers(min_value=-5, max_value=10**12).map(str)))]
    args += ["--recall-level", draw(st.sampled_from(["1", "2", "3", "0", "4", "one"]))]
    args += ["--answers", draw(st.sampled_from(["inline", "end", "none", "all"]))]
    return args


# --- pack folders with odd entries, for a run as a user who cannot read everything ------------------

ODD_NAMES = st.one_of(
    st.sampled_from(["a", "A", "-dash", "with space", "ünïcödé", "Σ", "a.b", "x" * 200, "1", "_", "con"]),
    st.text(st.characters(codec="utf-8", exclude_characters="/\x00", exclude_categories=("Cs",)),
            min_size=1, max_size=40).filter(lambda s: s not in (".", "..") and len(s.encode()) < 200),
)
ENTRY_KINDS = ("topic", "bad-yaml", "folder", "pipe", "link-in", "link-out", "dangling", "unreadable", "hidden",
               "editor-lock", "backup", "yml")


@st.composite
def pack_folder(draw) -> tuple[list[str], list[tuple[str, str]]]:
    """A pack: its topics list (or none: every file), and (kind, name) entries for topics/."""
    entries = draw(st.lists(st.tuples(st.sampled_from(ENTRY_KINDS), ODD_NAMES), min_size=1, max_size=6,
                            unique_by=lambda e: e[1]))
    names = [name for _, name in entries]
    listed = draw(st.one_of(st.just([]), st.lists(st.sampled_from(names + ["missing"]), max_size=4)))
    return listed, entries
