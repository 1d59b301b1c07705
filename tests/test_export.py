"""Exports for flashcard apps: Anki CSV, Quizlet text, and .apkg read by Anki itself."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from revpack.cards import topic_cards
from revpack.export import anki_csv, anki_package, notes, quizlet
from revpack.model import Card, Pack, PackInfo, Point, Section, Term, Topic


def make_pack(answer: str = "Stalin gave him the **wrong** date") -> Pack:
    alpha = Topic(
        id="alpha", title="Alpha & *friends*",
        sections=(Section(heading="Power\tbases", points=(Point(text="General Secretary", points=(
            Point(text="appointed officials"),)), Point(text="Orgburo"))),),
        terms=(Term(term="NEP", definition="New Economic\nPolicy of 1921"),),
        cards=(Card(question="Why did Trotsky miss the funeral?", answer=(Point(text=answer),)),),
    )
    beta = Topic(id="beta", title="Beta", sections=(Section(heading="B", points=(Point(text='say "x" < y'),)),))
    return Pack(PackInfo(title="Mini pack", id="mini", topics=("alpha", "beta")), (alpha, beta))


def rows(text: str) -> list[list[str]]:
    body = "".join(line for line in io.StringIO(text) if not line.startswith("#"))
    return list(csv.reader(io.StringIO(body), delimiter="\t"))


def test_the_notes_are_the_cards_the_pdfs_print():
    pack = make_pack()
    printed = [c for t in pack.topics for c in topic_cards(t)]
    exported = list(notes(pack))
    assert len(exported) == len(printed) == 4
    assert [n.front_text for n in exported] == [" ".join(c.front.replace("*", "").split()) for c in printed]


def test_anki_csv_headers_html_and_awkward_characters():
    text = anki_csv(make_pack())
    assert text.splitlines()[:7] == [
        "#separator:tab", "#html:true", "#deck:Mini pack",
        "#deck column:1", "#tags column:4", "#guid column:5", "#notetype column:6"]
    table = rows(text)
    assert all(len(r) == 6 for r in table) and len(table) == 4
    assert {r[3].split()[1]: r[5] for r in table} == {
        "qa": "Basic", "sections": "Basic", "terms": "Basic (and reversed card)"}
    qa = table[0]
    assert qa[0] == "Mini pack::Alpha & friends"
    assert qa[2] == "<ul><li>Stalin gave him the <b>wrong</b> date</li></ul>"
    assert qa[3] == "alpha qa"
    section = next(r for r in table if r[3] == "alpha sections")
    assert section[1] == "Power\tbases"  # a tab inside a field survives, quoted
    assert section[2] == "<ul><li>General Secretary<ul><li>appointed officials</li></ul></li><li>Orgburo</li></ul>"
    term = next(r for r in table if r[3] == "alpha terms")
    assert term[2] == "<div>New Economic<br>Policy of 1921</div>"
    assert next(r for r in table if r[3] == "beta sections")[2] == "<ul><li>say \"x\" &lt; y</li></ul>"


def test_quizlet_is_one_plain_card_a_line():
    text = quizlet(make_pack())
    lines = text.splitlines()
    assert len(lines) == 4 and all(line.count("\t") == 1 for line in lines)
    assert lines[0] == "Why did Trotsky miss the funeral?\tStalin gave him the wrong date"
    assert "Power bases\tGeneral Secretary (appointed officials); Orgburo" in lines
    assert "NEP\tNew Economic Policy of 1921" in lines


def guids(pack: Pack) -> dict[str, str]:
    return {n.front_text: n.guid for n in notes(pack)}


def test_an_edited_answer_keeps_the_note():
    first, edited = guids(make_pack()), guids(make_pack("A different answer"))
    assert first == edited and len(set(first.values())) == len(first)


def with_cards(pack: Pack, cards: tuple[Card, ...], **changes) -> Pack:
    alpha = replace(pack.topics[0], cards=cards, **changes)
    return replace(pack, topics=(alpha, *pack.topics[1:]))


def test_inserting_reordering_renaming_or_moving_keeps_every_note():
    pack = make_pack()
    before = guids(pack)
    new = Card(question="Who led the funeral?", answer=(Point(text="Stalin"),))
    inserted = with_cards(pack, (new, *pack.topics[0].cards), title="A renamed topic", id="renamed")
    after = guids(inserted)
    assert {k: after[k] for k in before} == before  # every old card keeps its identity
    assert after["Who led the funeral?"] not in before.values()
    moved = replace(inserted, root="/somewhere/else")  # another folder, same pack id
    assert guids(moved) == after


def test_a_reworded_question_is_a_new_note_unless_the_card_has_an_id():
    pack = make_pack()
    old = pack.topics[0].cards[0]
    reworded = Card(question="Why was Trotsky absent from the funeral?", answer=old.answer)
    assert guids(with_cards(pack, (reworded,)))[reworded.question] != guids(pack)[old.question]
    named, renamed = replace(old, id="funeral"), replace(reworded, id="funeral")
    assert guids(with_cards(pack, (named,)))[old.question] == guids(with_cards(pack, (renamed,)))[reworded.question]


def test_cards_asking_the_same_question_each_keep_their_own_identity():
    pack = make_pack()
    twin = Card(question="Why did Trotsky miss the funeral?", answer=(Point(text="He was in the Caucasus"),))
    both = with_cards(pack, (*pack.topics[0].cards, twin, twin))
    ids = [n.guid for n in notes(both)]
    assert len(ids) == len(set(ids))


def test_cli_writes_each_format(tmp_path, monkeypatch):
    import revpack.cli as cli_module

    monkeypatch.setattr(cli_module, "_load", lambda pack, only=(), quiet=False: make_pack())
    for fmt, name in (("csv", "m.csv"), ("quizlet", "m.txt"), ("anki", "m.apkg")):
        result = CliRunner().invoke(cli_module.cli, ["export", fmt, "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 0
    assert f"{tmp_path / 'm.apkg'}: 4 notes, " in result.output


# --- the .apkg, opened by Anki's own code ---------------------------------------------------------

anki = pytest.importorskip("anki.collection", reason="the anki package reads .apkg files as Anki does")


def import_apkg(col, path: Path) -> None:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions()))


def test_anki_imports_decks_notes_fields_and_updates_on_reimport(tmp_path):
    col = anki.Collection(str(tmp_path / "collection.anki2"))
    try:
        first = tmp_path / "first.apkg"
        assert anki_package(make_pack(), first, timestamp=1_700_000_000) == 4
        import_apkg(col, first)
        names = {d.name for d in col.decks.all_names_and_ids()}
        assert {"Mini pack::Alpha & friends", "Mini pack::Beta"} <= names
        ids = col.find_notes("")
        assert len(ids) == 4
        assert len(col.find_cards("")) == 5  # the key term both ways, every question one way
        qa = col.get_note(col.find_notes('"deck:Mini pack::Alpha & friends" tag:qa')[0])
        assert qa["Front"] == "Why did Trotsky miss the funeral?"
        assert qa["Back"] == "<ul><li>Stalin gave him the <b>wrong</b> date</li></ul>"
        assert set(qa.tags) == {"alpha", "qa"}

        second = tmp_path / "second.apkg"
        anki_package(make_pack("He was told the *wrong* date"), second, timestamp=1_700_000_100)
        import_apkg(col, second)
        assert len(col.find_notes("")) == 4  # updated, not added
        qa = col.get_note(qa.id)
        assert qa["Back"] == "<ul><li>He was told the <i>wrong</i> date</li></ul>"
    finally:
        col.close()


def test_an_empty_pack_still_makes_a_package(tmp_path):
    pack = make_pack()
    empty = replace(pack, topics=())
    assert anki_package(empty, tmp_path / "e.apkg") == 0 and (tmp_path / "e.apkg").stat().st_size > 0


def test_anki_keeps_a_reviewed_note_when_a_card_is_inserted_above_it(tmp_path):
    col = anki.Collection(str(tmp_path / "collection.anki2"))
    try:
        pack = make_pack()
        anki_package(pack, tmp_path / "one.apkg", timestamp=1_700_000_000)
        import_apkg(col, tmp_path / "one.apkg")
        question = "Why did Trotsky miss the funeral?"
        note_id = col.find_notes(f'"Front:{question}"')[0]
        first = Card(question="Who led the funeral?", answer=(Point(text="Stalin"),))
        grown = with_cards(pack, (first, *pack.topics[0].cards))
        anki_package(replace(grown, root="/another/folder"), tmp_path / "two.apkg", timestamp=1_700_000_100)
        import_apkg(col, tmp_path / "two.apkg")
        assert len(col.find_notes("")) == 5  # one new note, nothing duplicated
        assert col.get_note(note_id)["Front"] == question  # the history stays with its question
    finally:
        col.close()
