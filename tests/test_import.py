"""`revpack import`: Quizlet sets, Anki CSV and Anki packages become topics that pass `check`,
every card kept; whatever needs a look is a positioned warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import pdf_text

from revpack.build import BuildOptions, build_pack
from revpack.cli import cli
from revpack.export import anki_bytes, anki_csv
from revpack.importers import from_html, read
from revpack.load import load_pack
from revpack.model import Card, Pack, PackInfo, Point, Section, Term, Topic

QUIZLET = (
    "le pain\tbread\n"
    "la pomme\tapple\n"
    "une phrase : avec deux-points\tquoted # not a comment\n"
    "le fromage\tcheese\n"
    "that melts\n"
    "*étoile*\t\"quotes\" & <tags>\n"
    "\tno term\n"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_a_quizlet_set_becomes_key_terms_with_every_card(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("french_food.txt").write_text(QUIZLET, "utf-8")
    code, out, err = run("import", "quizlet", "french_food.txt")
    assert code == 0, err
    assert out.split() == ["french-food/pack.yaml", "french-food/topics/french-food.yaml"]
    assert "french_food.txt:5:1: warning: no tab on this line" in err
    assert "french_food.txt:7:1: warning: no term before the tab" in err
    pack = load_pack(tmp_path / "french-food")
    (topic,) = pack.topics
    assert topic.title == "French food" and not topic.sections
    assert [(t.term, t.definition) for t in topic.terms] == [
        ("le pain", "bread"), ("la pomme", "apple"),
        ("une phrase : avec deux-points", "quoted # not a comment"),
        ("le fromage", "cheese\nthat melts"), ("*étoile*", '"quotes" & <tags>'), ("no term", "…")]
    assert run("check", "french-food")[0] == 0


def test_importing_again_adds_a_topic_and_overwrites_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("set.txt").write_text("a\tb\n", "utf-8")
    assert run("import", "quizlet", "set.txt", "-o", "pack")[0] == 0
    first = Path("pack/topics/set.yaml").read_bytes()
    code, out, _ = run("import", "quizlet", "set.txt", "-o", "pack")
    assert code == 0 and "pack/topics/set-2.yaml" in out.split()
    assert Path("pack/topics/set.yaml").read_bytes() == first
    assert [t.id for t in load_pack(tmp_path / "pack").topics] == ["set", "set-2"]


def sample_pack() -> Pack:
    topic = Topic(
        id="alpha", title="Power bases",
        sections=(Section(heading="Stalin's posts", points=(Point(text="**General Secretary** from 1922"),)),),
        terms=(Term(term="NEP", definition="New Economic Policy, 1921"),),
        cards=(Card(question="Why did Trotsky miss the funeral?",
                    answer=(Point(text="He was told the *wrong* date"), Point(text="He was ill"))),),
    )
    return Pack(PackInfo(title="Mini", id="mini"), (topic,))


def test_anki_csv_round_trip_keeps_every_card_and_its_markup(tmp_path):
    source = tmp_path / "mini.csv"
    source.write_text(anki_csv(sample_pack()), "utf-8")
    imported = read("csv", source)
    (deck,) = imported.decks
    assert deck.title == "Power bases"
    cards = {c.front: c.back for c in deck.cards}
    assert cards["Why did Trotsky miss the funeral?"] == ["He was told the *wrong* date", "He was ill"]
    assert cards["Stalin's posts"] == ["**General Secretary** from 1922"]
    assert cards["NEP"] == ["New Economic Policy, 1921"]
    assert not imported.warnings


def genanki_package(path: Path) -> None:
    import genanki

    from PIL import Image

    image = path.parent / "map.png"
    Image.new("RGB", (40, 30), "#3a7d5c").save(image)
    broken = path.parent / "sound.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    decks = []
    for n, (name, notes) in enumerate((
        ("Biology::Cells", [("What does the <b>nucleus</b> do?", "Holds the <i>DNA</i><br>Controls the cell"),
                            ("Label the cell", '<img src="map.png"> The nucleus <img src="sound.png">')]),
        ("Biology::Enzymes", [("{{c1::Amylase}} breaks down starch", "")]),
    ), 1):
        deck = genanki.Deck(1_000 + n, name)
        for front, back in notes:
            model = genanki.CLOZE_MODEL if "{{c1::" in front else genanki.BASIC_MODEL
            deck.add_note(genanki.Note(model=model, fields=[front, back]))
        decks.append(deck)
    package = genanki.Package(decks)
    package.media_files = [str(image), str(broken)]
    package.write_to_file(str(path), timestamp=1_700_000_000)


def test_an_anki_package_becomes_a_topic_a_deck(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    genanki_package(tmp_path / "biology.apkg")
    code, out, err = run("import", "anki", "biology.apkg", "-o", "bio")
    assert code == 0, err
    # The note's picture is saved into the pack and becomes its card's `image:`; a file that is
    # no image is named, with where it was saved, and left out.
    assert "biology.apkg:2:1: warning: image 'sound.png' left out: 'media/sound.png' is not a PNG, JPEG or SVG image" in err
    assert "(saved as media/sound.png)" in err
    assert Path("bio/media/map.png").is_file()
    assert "image: media/map.png" in Path("bio/topics/cells.yaml").read_text("utf-8")
    pack = load_pack(tmp_path / "bio")
    cells, enzymes = pack.topics
    assert (cells.title, enzymes.title) == ("Cells", "Enzymes")
    assert cells.cards[0].question == "What does the **nucleus** do?"
    assert [p.text for p in cells.cards[0].answer] == ["Holds the *DNA*", "Controls the cell"]
    assert cells.cards[1].question == "Label the cell" and cells.cards[1].answer[0].text == "The nucleus"
    assert cells.cards[1].image.path == "media/map.png" and cells.cards[1].image.side == "back"
    assert enzymes.cards[0].question == "[…] breaks down starch"
    assert enzymes.cards[0].answer[0].text == "Amylase breaks down starch"
    assert run("check", "bio")[0] == 0


def test_our_own_anki_package_reads_back_whole(tmp_path):
    data, count = anki_bytes(sample_pack(), timestamp=1_700_000_000)
    path = tmp_path / "mini.apkg"
    path.write_bytes(data)
    imported = read("anki", path)
    assert sum(len(d.cards) for d in imported.decks) == count == 3


def test_a_topic_of_key_terms_alone_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("vocab.txt").write_text("le pain\tbread\nla pomme\tapple\n", "utf-8")
    run("import", "quizlet", "vocab.txt", "-o", "vocab")
    result = build_pack(load_pack(tmp_path / "vocab"), tmp_path / "out", BuildOptions(jobs=1))
    text = pdf_text(tmp_path / "out" / "vocab.pdf")
    for word in ("le pain", "bread", "la pomme", "apple"):
        assert word in text
    assert result is not None


@pytest.mark.parametrize("kind, content, message", [
    ("anki", b"not a zip", "not an Anki package"),
    ("quizlet", b"\xff\xfe\x00bad", "not UTF-8 text"),
    ("quizlet", b"\n\n", "no cards found; nothing was written"),
])
def test_files_that_cannot_be_read_get_one_line_and_write_nothing(tmp_path, monkeypatch, kind, content, message):
    monkeypatch.chdir(tmp_path)
    Path("in.file").write_bytes(content)
    code, out, err = run("import", kind, "in.file", "-o", "p")
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    assert not Path("p").exists()


def test_html_becomes_markup_never_tags():
    lines, images, sounds = from_html(
        '<div><b>Stalin </b>was <i>General</i>&nbsp;Secretary</div><ul><li>one</li><li><b></b>two</li></ul>'
        '<img src="x.png">[sound:a.mp3]<script>alert(1)</script><span style="color:red">red</span>')
    assert lines == ["**Stalin** was *General* Secretary", "one", "two", "red"]
    assert (images, sounds) == (["x.png"], ["a.mp3"])


def test_a_topic_with_nothing_to_print_is_refused_positioned():
    from revpack.errors import InputError
    from revpack.load import load_topic_text

    with pytest.raises(InputError) as err:
        load_topic_text("title: Nothing yet\nperiod: '1924'\n", "empty.yaml")
    assert str(err.value).startswith("empty.yaml:1:1: sections: the topic has nothing to print")


# Sub- and superscripts: Anki's <sub>/<sup> become revpack's notation -------------------------------

FORMULAS = ["H_2O", "10^-6 m", "Fe^{3+}", "SO_4^{2-} ion", "v_{max}", "Na^+ and Cl^-", "x^{2}3", "C_6H_12O_6",
            "x_1^2", "E = mc^2"]


def scripts_of(text: str) -> list[tuple[str, str]]:
    """(printed character, "sub"/"super"/"") of model text, as the PDFs print it."""
    from revpack.markup import marked_chars

    return [(c, where) for c, *_, where in marked_chars(text)]


@pytest.mark.parametrize(("field", "expected"), [
    ("H<sub>2</sub>O", "H_2O"), ("10<sup>\u22126</sup> m", "10^-6 m"), ("Fe<sup>3+</sup>", "Fe^{3+}"),
    ("SO<sub>4</sub><sup>2\u2212</sup> ion", "SO_4^{2-} ion"), ("v<sub>max</sub>", "v_{max}"),
    ("Na<sup>+</sup> and Cl<sup>-</sup>", "Na^+ and Cl^-"), ("x<sup>2</sup>3", "x^{2}3"),
    ("x<sup><b>2</b></sup>", "x^2"), ("<sup>2</sup> alone", "2 alone"), ("a<sup>{x}</sup>", "a{x}"),
])
def test_anki_sub_and_superscripts_become_the_notation(field, expected):
    """Each <sub>/<sup> becomes the shortest notation that prints exactly that script there
    ("x^{2}3", not "x^23", which would raise the 3 too); where none can (a script after a space,
    one holding braces) its text stays on the line, never a tag or a stray mark."""
    (line,), _, _ = from_html(field)
    assert line == expected
    scripted = [(c, w) for c, w in scripts_of(line) if w]
    wanted = [("2", "sub")] if expected == "H_2O" else None
    if wanted:
        assert scripted == wanted
    assert "<" not in line


def test_formulas_survive_export_and_import_through_anki(tmp_path):
    """revpack's own .apkg and Anki CSV carry <sub>/<sup>; importing them gives the notation back,
    and every character prints raised or lowered as it did before the round trip."""
    cards = tuple(Card(question=f"Formula {n}?", answer=(Point(text=f),)) for n, f in enumerate(FORMULAS))
    pack = Pack(PackInfo(title="Formulas", id="formulas"), (Topic(id="chem", title="Chemistry", cards=cards),))
    apkg = tmp_path / "chem.apkg"
    apkg.write_bytes(anki_bytes(pack, timestamp=1_700_000_000)[0])
    csv_file = tmp_path / "chem.csv"
    csv_file.write_text(anki_csv(pack), "utf-8")
    for kind, path in (("anki", apkg), ("csv", csv_file)):
        (deck,) = read(kind, path).decks
        backs = {c.front: c.back for c in deck.cards}
        for n, formula in enumerate(FORMULAS):
            assert backs[f"Formula {n}?"] == [formula], kind
            assert scripts_of(backs[f"Formula {n}?"][0]) == scripts_of(formula)


def test_an_anki_deck_with_formulas_imports_into_a_topic_that_prints_them(tmp_path, monkeypatch):
    import genanki

    monkeypatch.chdir(tmp_path)
    deck = genanki.Deck(2_001, "Chemistry")
    for front, back in (("Water", "H<sub>2</sub>O"), ("Sulfate ion", "SO<sub>4</sub><sup>2\u2212</sup>"),
                        ("A micrometre", "10<sup>\u22126</sup> m")):
        deck.add_note(genanki.Note(model=genanki.BASIC_MODEL, fields=[front, back]))
    genanki.Package([deck]).write_to_file("chem.apkg", timestamp=1_700_000_000)
    code, _, err = run("import", "anki", "chem.apkg", "-o", "chem")
    assert code == 0, err
    assert run("check", "chem")[0] == 0
    pack = load_pack(tmp_path / "chem")
    (topic,) = pack.topics
    said = {t.term: t.definition for t in topic.terms} or {c.question: c.answer[0].text for c in topic.cards}
    assert said == {"Water": "H_2O", "Sulfate ion": "SO_4^{2-}", "A micrometre": "10^-6 m"}
    build_pack(pack, tmp_path / "out", BuildOptions(jobs=1, views=("summary",)))
    text = pdf_text(tmp_path / "out" / "topics" / f"{topic.id}-summary.pdf")
    assert "H2O" in text and "SO42\u2212" in text and "10\u22126 m" in text  # scripts read back as their characters
    assert "_" not in text and "^" not in text and "<sub>" not in text


@pytest.mark.parametrize(("kind", "text"), [
    ("quizlet", "file_2\tthe second file\nx^2 notation\tNa^+ typed as it reads\n"),
    ("csv", "#separator:tab\n#html:false\nfile_2\tx^2 and Na^+ as typed\n"),
    ("csv", "#separator:tab\n#html:true\n<span>file</span>_2\tx^2 and <i>Na</i>^+ as typed\n"),
])
def test_imported_plain_text_prints_as_typed_not_as_notation(tmp_path, kind, text):
    """A deck's own "file_2" or "x^2" is text another tool wrote: it imports escaped (``file\\_2``)
    so it prints as typed, not with a lowered 2 (only an Anki field's <sub>/<sup> become scripts)."""
    path = tmp_path / "deck.txt"
    path.write_text(text, "utf-8")
    (deck,) = read(kind, path).decks
    for card in deck.cards:
        for line in (card.front, *card.back):
            scripted = [(c, w) for c, w in scripts_of(line) if w]
            assert scripted == [], line
            assert "\\" not in "".join(c for c, _ in scripts_of(line))
