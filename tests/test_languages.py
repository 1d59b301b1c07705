"""A pack in another language: every printed label translated, A-Z in its alphabet, long words hyphenated."""

from __future__ import annotations

import io
import re

import pytest
from conftest import FIXTURES
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from revpack.build import BuildOptions, build_pack, build_sheet, words_for
from revpack.labels import LABELS, LANGUAGES, Words
from revpack.load import load_pack
from revpack.model import Labels, Pack, PackInfo, Term, Topic
from revpack.theme import Style

# Labels every build of these fixture packs prints somewhere (cover, contents, sheets, pack pages, cards).
PRINTED = ("contents", "in_this_pack", "summary_sheet", "timeline", "blank_recall", "cloze", "cloze_answers",
           "key_dates", "key_terms", "key_people", "word_bank", "chronology", "glossary", "cut_out_cards",
           "exam_practice", "exam_intro", "key_term", "what_it_means", "card_terms", "fronts", "backs",
           # revpack cards --leitner, --fold, --duplex none and --calibration
           "leitner_title", "leitner_how", "leitner_printing", "fold_note", "pass_1", "pass_2",
           "calibration_front_1", "calibration_back_1", "calibration_back_2", "flip_short")


def texts(folder) -> str:
    """Every page of every PDF a build wrote, whitespace folded."""
    out = []
    for pdf in sorted(folder.rglob("*.pdf")):
        out += [page.extract_text() or "" for page in PdfReader(pdf).pages]
    return re.sub(r"\s+", " ", " ".join(out))


@pytest.fixture(scope="module", params=["fr", "ru"])
def built(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param)
    pack = load_pack(FIXTURES / f"lang-{request.param}")
    build_pack(pack, out, BuildOptions(jobs=1))  # preflight: every word found, dates in the language
    # Beside the pack, every other sheet revpack prints: the cut-out cards with the Leitner how-to, folded,
    # for a printer without duplex, and the printer calibration sheet.
    from revpack.build import style_for
    from revpack.cutouts import CardOptions, calibration_sheet, make_cards

    style = style_for(pack, BuildOptions())
    extra = out / "extra"
    extra.mkdir()
    for name, options in (("leitner", CardOptions(leitner=True)), ("fold", CardOptions(fold=True)),
                          ("manual", CardOptions(duplex="none", leitner=True))):
        made = make_cards(pack, style, options)
        (extra / f"{name}.pdf").write_bytes(made.sheets)
        (extra / f"{name}-cards.pdf").write_bytes(made.cards)
    (extra / "calibration.pdf").write_bytes(calibration_sheet(style, "short"))
    return request.param, texts(out), out


def shown(label: str) -> str:
    """A label as it reads on the page: markup and placeholders out."""
    return re.sub(r"\s+", " ", re.sub(r"\{\w+\}", "", label).replace("**", "").replace("*", "")).strip(" .:")


def test_every_table_has_every_label():
    assert set(LANGUAGES) == set(LABELS)
    for language in LANGUAGES:
        assert set(LABELS[language]) - {k for k in LABELS[language] if k.endswith("_few")} == set(LABELS["en"])


def test_the_pack_prints_its_labels_in_its_language_and_none_in_english(built):
    language, text, _ = built
    words = Words(language)
    for key in PRINTED:
        assert shown(words(key)) in text, key
    english = {shown(v) for k, v in LABELS["en"].items() if shown(v) != shown(LABELS[language][k])}
    found = [label for label in english if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text)]
    assert found == []
    assert not re.search(r"\b(Answers|of \d+|Topic \d|Key (terms|dates|people)|\(cont\.\)|[Ss]heet \d)", text)
    # No English sentence anywhere: its commonest words are on no page (the command `revpack cards` aside).
    assert not re.findall(r"(?<!\w)(the|and|your|with|this|each|card|print|printer)(?!\w)", text, re.I)
    month = {"fr": "juil. 1789", "ru": "нояб. 1917"}[language]
    assert month in text and "Jul 1789" not in text and "Nov 1917" not in text


def test_the_worksheet_footers_cite_the_answer_page_in_the_language(built):
    language, text, _ = built
    cite = {"fr": r"Réponses : page \d+", "ru": r"Ответы: с\. \d+"}[language]
    assert re.search(cite, text)


def glossary_page(folder, language: str) -> str:
    """The glossary's page of the pack PDF (found by the line under its title)."""
    pdf = next(p for p in folder.glob("*.pdf"))
    pages = [re.sub(r"\s+", " ", p.extract_text() or "") for p in PdfReader(pdf).pages]
    return next(p for p in pages if Words(language)("glossary_blurb") in p)


def test_a_to_z_in_the_language_s_alphabet(built):
    language, _, out = built
    page = glossary_page(out, language)
    terms = {
        "fr": ["abolition", "écu", "Émigré", "Empire", "état", "Œuvre", "zèbre"],
        "ru": ["арбуз", "Большевики", "Ёлка", "Ель", "Жук", "Йод", "Яблоко"],
    }[language]
    headings = {"fr": ["A", "E", "O", "Z"], "ru": ["А", "Б", "Е", "Ж", "Й", "Я"]}[language]
    # Read back in column order: each term once, after its heading, in the alphabet's order.
    where = [page.index(f"{term}:") for term in terms]
    assert where == sorted(where), page
    letters = [Words(language).initial(t) for t in terms]
    assert sorted(set(letters), key=letters.index) == headings
    for letter in headings:
        assert re.search(rf"(?<!\w){letter} ", page)
    assert " # " not in page  # nothing filed under "#", as every Cyrillic term once was


def test_a_single_label_can_be_overridden():
    topic = Topic(title="Les chats", id="chats", terms=(Term(term="chat", definition="cat"),))
    info = PackInfo(title="P", id="p", language="fr", labels=Labels(key_terms="Vocabulaire"))
    pack = Pack(info, (topic,))
    assert words_for(pack)("key_terms") == "Vocabulaire" and words_for(pack)("contents") == "Sommaire"
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(build_sheet(pack, "chats", "summary"))).pages))
    assert "Vocabulaire" in text and "Notions clés" not in text and "Key terms" not in text


def test_russian_counts_agree_with_their_number():
    words = Words("ru")
    assert [words.count("points", n) for n in (1, 3, 5, 11, 21, 22)] == [
        "1 пункт", "3 пункта", "5 пунктов", "11 пунктов", "21 пункт", "22 пункта"]


LONG = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen"  # 58 letters


def lines(language: str, width: float) -> list[str]:
    para = Paragraph(LONG, Style(words=Words(language)).para("x", 10))
    para.wrap(width, 1e6)
    return ["".join(words) for _, words in para.blPara.lines]  # (spare width, the line's words)


def test_a_long_german_compound_breaks_at_its_syllables_with_a_hyphen():
    broken = lines("de", 120)
    assert len(broken) > 1
    assert all(line.endswith("-") for line in broken[:-1])
    assert "".join(line.rstrip("-") for line in broken) == LONG
    # Each break is between syllables (pyphen's German dictionary), not anywhere.
    import pyphen

    allowed = {i for i, _ in enumerate(LONG) if i in {len(a) for a, _ in pyphen.Pyphen(lang="de").iterate(LONG)}}
    ends = [len("".join(x.rstrip("-") for x in broken[: k + 1])) for k in range(len(broken) - 1)]
    assert set(ends) <= allowed


def test_a_german_card_keeps_its_size_for_a_long_compound(tmp_path):
    from revpack.cutouts import CardOptions, make_cards

    def front_size(language: str) -> float:
        import pdfplumber

        pack = Pack(PackInfo(title="P", id="p", language=language),
                    (Topic(title="T", id="t", terms=(Term(term=LONG, definition="d"),)),))
        made = make_cards(pack, Style(words=words_for(pack)), CardOptions())
        with pdfplumber.open(io.BytesIO(made.cards)) as doc:
            front = doc.pages[0]
            text = "".join(c["text"] for c in front.chars)
            return max(c["size"] for c in front.chars if c["text"] == "D"), text

    german, text = front_size("de")
    english, _ = front_size("en")
    assert german >= english and german >= 14  # broken at a syllable, not shrunk to fit
    assert "Donaudampf-" in text or "-" in text.split("Donau")[1][:30]


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("duplex", ["long", "short"])
@pytest.mark.parametrize("look", ["default", "dyslexia"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_calibration_sheet_s_instructions_keep_clear_of_its_scales(language, look, duplex, paper):
    """Translated instructions run longer than the English: wrapped inside the page, they keep
    clear of every line and number of both scales, on both sides, however the printer turns the
    sheet (turned on its short edge, the back's scales land upside down from the front's: its words
    go to its foot, behind the front's)."""
    import pdfplumber

    from revpack.cutouts import calibration_sheet
    from revpack.theme import look_for

    style = Style(words=Words(language), look=look_for(look), paper=paper)
    with pdfplumber.open(io.BytesIO(calibration_sheet(style, duplex))) as doc:
        for page in doc.pages:
            words = page.extract_words()
            numbers = [w for w in words if re.fullmatch(r"[+-]?\d+(\.5)?", w["text"])]
            text = [w for w in words if w not in numbers]
            lines = {round(w["top"]) for w in text}  # a number inside the instructions ("the 0 lines") is theirs
            scale = [w for w in numbers if round(w["top"]) not in lines] + list(page.lines)
            assert text and all(w["x0"] >= 8 * 72 / 25.4 and w["x1"] <= page.width - 8 * 72 / 25.4 for w in text)
            top, bottom = min(w["top"] for w in text), max(w["bottom"] for w in text)
            assert bottom - top < page.height / 4, (language, look, duplex)  # one block of words
            clash = [x for x in scale if x["top"] < bottom + 1 and x["bottom"] > top - 1]
            assert not clash, (language, look, duplex, paper, clash[:1])


SPANISH = ["ana", "anzuelo", "año", "canon", "canto", "cañón", "capa", "nada", "Nápoles", "nz", "Ñandú", "ñoño", "ñu",
           "oso"]


def test_spanish_sorts_n_tilde_as_its_own_letter_after_n():
    """ñ is a letter of the Spanish alphabet, after n: "nz" < "ñandú" < "oso", "cañón" after "canto"
    (DUCET alone files it with n, as an accented n). Other languages keep DUCET's order."""
    words = Words("es")
    assert sorted(reversed(SPANISH), key=words.sort_key) == SPANISH
    assert [words.initial(w) for w in ("Ñandú", "ñu", "N\u0303andú", "nada", "Nápoles")] == ["Ñ", "Ñ", "Ñ", "N", "N"]
    assert sorted(["ñu", "nz", "o"], key=Words("en").sort_key) == ["ñu", "nz", "o"]  # English: ñ is an n
    assert Words("en").initial("ñu") == "N"
    assert Words("ru").initial("Ёлка") == "Е" and Words("de").initial("Ärger") == "A"


def test_a_spanish_glossary_files_n_tilde_under_its_own_heading(tmp_path):
    terms = tuple(Term(term=w, definition=f"definición de {w}") for w in reversed(SPANISH))
    pack = Pack(PackInfo(title="Repaso", id="repaso", language="es"), (Topic(title="Palabras", id="palabras", terms=terms),))
    build_pack(pack, tmp_path, BuildOptions(jobs=1, views=("summary",)))
    page = glossary_page(tmp_path, "es")
    where = [page.index(f"{w}:") for w in SPANISH]
    assert where == sorted(where), page
    assert page.index(" N ") < page.index("nz:") < page.index(" Ñ ") < page.index("Ñandú:") < page.index(" O ")
