"""Pack-level pages: chronology in date order across topics, glossary A-Z, people merged by name."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from revpack.build import BuildOptions, build_pack
from revpack.load import load_pack
from revpack.model import Pack, PackInfo, Point, Section, Term, Topic
from revpack.pack_views import PACK_PAGES, key_people, match_key, merged, render_pack_page, sort_key
from revpack.render import DocInfo
from revpack.theme import Style

PACK = """\
title: Pages pack
level: GCSE
topics: [one, two]
"""

ONE = """\
title: Topic one
sections:
  - heading: S
    points: [p]
timeline:
  - {date: "1928", event: Plan one begins}
  - {date: "1924-01-21", event: Lenin dies}
  - {date: "1931-33", event: The famine years}
terms:
  - {term: Kulak, definition: A richer peasant}
  - {term: "**NEP**", definition: New Economic Policy}
  - {term: Émigré, definition: One who left Russia}
people:
  - {name: Leon Trotsky, role: Commissar for War}
  - {name: Nikolai Bukharin, role: Leader of the Right}
"""

TWO = """\
title: Topic two
sections:
  - heading: S
    points: [p]
timeline:
  - {date: "1929-11", event: Bukharin expelled from the Politburo}
  - {date: "1924-05", event: Congress after Lenin}
  - {date: "1930s", event: Decade of the plans}
  - {date: "1917-10", event: The October seizure of power}
terms:
  - {term: Gosplan, definition: The State Planning Commission}
  - {term: NEP, definition: New Economic Policy}
  - {term: apparatchik, definition: A party official}
people:
  - {name: Leon  Trotsky, role: Exiled in 1929}
  - {name: Joseph Stalin, role: General Secretary}
"""

# Every event, in date order (ties: the topic order, then as written).
CHRONOLOGY = ["The October seizure of power", "Lenin dies", "Congress after Lenin", "Plan one begins",
              "Bukharin expelled from the Politburo", "Decade of the plans", "The famine years"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[PdfReader, dict[str, str]]:
    root = tmp_path_factory.mktemp("pages") / "pages"
    (root / "topics").mkdir(parents=True)
    (root / "pack.yaml").write_text(PACK, "utf-8")
    (root / "topics" / "one.yaml").write_text(ONE, "utf-8")
    (root / "topics" / "two.yaml").write_text(TWO, "utf-8")
    build_pack(load_pack(root), root.parent / "out", BuildOptions(jobs=1, cache=False))
    reader = PdfReader(root.parent / "out" / "pages.pdf")
    return reader, part_texts(reader)


def part_texts(reader: PdfReader) -> dict[str, str]:
    """The text of each top-level part of the pack, by its bookmark title."""
    top = [item for item in reader.outline[1] if not isinstance(item, list) and item.title != "Contents"]
    starts = [(item.title, reader.get_destination_page_number(item)) for item in top]
    ends = [s for _, s in starts[1:]] + [len(reader.pages)]
    return {title: " ".join(" ".join((reader.pages[i].extract_text() or "").split()) for i in range(s, e))
            for (title, s), e in zip(starts, ends)}


def in_order(text: str, items: list[str]) -> bool:
    where = [text.find(item) for item in items]
    return -1 not in where and where == sorted(where)


def test_pack_pages_follow_the_topics_each_with_its_bookmark_and_contents_line(built):
    reader, parts = built
    titles = list(parts)
    assert titles[:2] == ["Topic one", "Topic two"]
    assert titles[2:5] == ["Chronology", "Glossary", "Key people"]
    contents = reader.pages[1].extract_text()
    assert in_order(contents, ["Topic one", "Topic two", "Chronology", "Glossary", "Key people"])


def test_topics_list_their_compare_and_timeline_after_the_summary(built):
    reader, _ = built
    items = reader.outline[1]
    children = next(items[i + 1] for i, item in enumerate(items) if not isinstance(item, list)
                    and item.title == "Topic one")
    names = [item.title for item in children]
    assert names[0] == "Summary sheet" and names[1] == "Timeline"  # no comparisons in topic one


def test_chronology_merges_every_topic_in_date_order_naming_the_topic(built):
    _, parts = built
    text = parts["Chronology"]
    assert in_order(text, CHRONOLOGY), text
    for date in ("Oct 1917", "21 Jan 1924", "May 1924", "1928", "Nov 1929", "1930s", "1931\u201333"):
        assert date in text
    assert text.count("Topic one") >= 3 and text.count("Topic two") >= 4


def test_glossary_has_every_term_a_to_z_with_definition_and_page(built):
    reader, parts = built
    text = parts["Glossary"]
    order = ["apparatchik: A party official", "Émigré: One who left Russia", "Gosplan: The State Planning Commission",
             "Kulak: A richer peasant", "NEP: New Economic Policy"]
    assert in_order(text, order), text
    assert "**" not in text
    # The same term, defined alike in two topics ("**NEP**" and "NEP"), is one entry citing both
    # topics' pages, and no line names a topic.
    summaries = [page_of(reader, title, "Summary sheet") for title in ("Topic one", "Topic two")]
    assert text.count("NEP:") == 1
    assert f"NEP: New Economic Policy pp. {summaries[0]}, {summaries[1]}" in text
    assert f"Kulak: A richer peasant p. {summaries[0]}" in text
    assert "Topic one" not in text and "Topic two" not in text


def test_key_people_merged_by_name_with_each_role_and_its_page(built):
    reader, parts = built
    text = parts["Key people"]
    assert text.count("Leon Trotsky") == 1
    for role in ("Commissar for War", "Exiled in 1929", "Leader of the Right", "General Secretary"):
        assert role in text
    # A-Z by surname: Bukharin, Stalin, Trotsky.
    assert in_order(text, ["Nikolai Bukharin", "Joseph Stalin", "Leon Trotsky"])
    one, two = (page_of(reader, title, "Summary sheet") for title in ("Topic one", "Topic two"))
    trotsky = text[text.index("Leon Trotsky"):]
    assert in_order(trotsky, ["Commissar for War", f"p. {one}", "Exiled in 1929", f"p. {two}"])
    assert "Topic one" not in text


def page_of(reader: PdfReader, part: str, view: str) -> int:
    """The printed page number of `part`'s `view`, from the outline and the page labels."""
    items = reader.outline[1]
    children = next(items[i + 1] for i, item in enumerate(items) if not isinstance(item, list) and item.title == part)
    index = next(reader.get_destination_page_number(item) for item in children if item.title == view)
    return int(reader.page_labels[index])


def test_sort_key_ignores_markup_case_accents_and_leading_punctuation():
    names = ["**Zed**", "émigré", "'Apple'", "banana", "Éclair"]
    assert sorted(names, key=sort_key) == ["'Apple'", "banana", "Éclair", "émigré", "**Zed**"]


def test_a_pack_without_terms_or_people_has_no_such_pages():
    bare = Pack(PackInfo(title="Bare"), (Topic(title="T", sections=(Section(heading="h", points=(Point(text="p"),)),)),))
    assert [page.story(bare, Style()) for page in PACK_PAGES] == [[], [], []]
    assert key_people(bare, Style()) == []


def test_pack_pages_render_again_only_when_what_they_show_changes(mini_pack, tmp_path, monkeypatch):
    import revpack.pack_views as pack_views

    rendered: list[str] = []
    real = pack_views.render_pack_page
    monkeypatch.setattr(pack_views, "render_pack_page",
                        lambda page, *args: rendered.append(page.title) or real(page, *args))
    out = tmp_path / "out"
    build_pack(load_pack(mini_pack), out)
    assert rendered == [page.title for page in PACK_PAGES]
    topic = mini_pack / "topics" / "alpha.yaml"
    text = topic.read_text(encoding="utf-8")
    rendered.clear()
    topic.write_text(text.replace("heading: Second heading", "heading: Another heading"), encoding="utf-8")
    build_pack(load_pack(mini_pack), out)
    assert rendered == []  # the notes changed, not the events, terms or people
    rendered.clear()
    topic.write_text(text.replace("terms:\n", "terms:\n  - {term: Zzyzx, definition: A new term}\n"), encoding="utf-8")
    build_pack(load_pack(mini_pack), out)
    assert rendered == ["glossary"]  # (a page is named by its label key)
    assert "Zzyzx" in " ".join(page.extract_text() for page in PdfReader(out / "mini.pdf").pages)


def test_definitions_that_say_the_same_are_one_line_in_their_fuller_form():
    said = [("Head of the NKVD 1934-36; tried in 1938 and shot", "a"),
            ("head of the NKVD 1934–36: dismissed, tried in March 1938 and shot.", "b"),
            ("Information spread to persuade people", "c"),
            ("“Information spread” to persuade people", "d")]
    assert merged(said) == [("head of the NKVD 1934–36: dismissed, tried in March 1938 and shot.", ("a", "b")),
                            ("Information spread to persuade people", ("c", "d"))]
    assert len(merged([("Banning what may be written", "a"), ("Control of what may be written", "b")])) == 2
    assert match_key("**NEP** ") == match_key("nep") and match_key("Stalin’s") == match_key("stalin's")


CENSORSHIP = (Topic(title="Propaganda", id="prop", terms=(
                  Term(term="Censorship", definition="Government control of what can be published"),)),
              Topic(title="Culture", id="culture", terms=(
                  Term(term="censorship", definition="Banning or controlling what may be shown"),)))


def glossary_text(found) -> str:
    pack = Pack(PackInfo(title="P"), CENSORSHIP)
    pdf = render_pack_page(PACK_PAGES[1], pack, Style(), "", "P", DocInfo(title="P"), found)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_term_two_topics_define_differently_is_one_entry_with_both_each_after_its_topic_number():
    text = glossary_text({("prop", "terms", "censorship"): (3,), ("culture", "terms", "censorship"): (9, 10)})
    assert text.count("Censorship") == 1 and "censorship" not in text
    assert "Censorship Topic 1 Government control of what can be published p. 3 " \
           "Topic 2 Banning or controlling what may be shown pp. 9, 10" in text


def test_without_the_pages_that_print_a_term_the_entry_cites_its_topic():
    # (a pack built without its summary sheets: nothing prints the terms but the glossary)
    text = glossary_text({})
    assert "Topic 1 Government control of what can be published Topic 2 Banning" in text
    assert "p." not in text.replace("published", "")


def test_preflight_fails_a_glossary_that_loses_a_definition(tmp_path, monkeypatch):
    import revpack.pack_views as pack_views
    from revpack.errors import OutputError

    root = tmp_path / "pages"
    (root / "topics").mkdir(parents=True)
    (root / "pack.yaml").write_text(PACK, "utf-8")
    (root / "topics" / "one.yaml").write_text(ONE, "utf-8")
    (root / "topics" / "two.yaml").write_text(TWO, "utf-8")
    # A glossary that drops a word of a definition ("A party official") is stopped before anything is written.
    real = pack_views.merged
    monkeypatch.setattr(pack_views, "merged", lambda said: [(text.replace("official", ""), topics)
                                                            for text, topics in real(said)])
    with pytest.raises(OutputError, match=r"Glossary: text not found: 'official'"):
        build_pack(load_pack(root), tmp_path / "out", BuildOptions(jobs=1, cache=False, views=("summary",)))
