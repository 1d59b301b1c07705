"""Short views share a page in the pack: a short comparison and the topic's timeline on one page,
each with its own bookmark and contents entry; the single-topic sheets stay as they are."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from revpack.build import BuildOptions, build_pack, build_sheet
from revpack.load import load_pack

PACK = """\
title: Shared pack
level: GCSE
topics: [short, long]
"""

SHORT = """\
title: Short views
sections:
  - heading: S
    points: [p]
comparisons:
  - title: Left and Right
    columns: [Left, Right]
    rows:
      - {label: Industry, cells: ["Fast, by plan", "Slow, through the NEP"]}
      - {label: Peasants, cells: ["Squeeze them", "Let them trade"]}
timeline:
  - {date: "1924-01", event: Lenin dies}
  - {date: "1925", event: Trotsky loses the War Commissariat}
  - {date: "1927", event: The Left is expelled}
  - {date: "1929", event: Bukharin is removed}
"""

LONG = """\
title: Long views
sections:
  - heading: S
    points: [p]
comparisons:
  - title: Every area
    columns: [Successes, Failures]
    rows:
""" + "".join(f"      - {{label: Area {n}, cells: [\"{'A success worth a line of its own. ' * 3}\", "
              f"\"{'A failure worth a line of its own. ' * 3}\"]}}\n" for n in range(12)) + """\
timeline:
  - {date: "1928", event: The first Five-Year Plan}
  - {date: "1932", event: The plan declared complete}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("shared") / "shared"
    (root / "topics").mkdir(parents=True)
    (root / "pack.yaml").write_text(PACK, "utf-8")
    (root / "topics" / "short.yaml").write_text(SHORT, "utf-8")
    (root / "topics" / "long.yaml").write_text(LONG, "utf-8")
    out = root.parent / "out"
    build_pack(load_pack(root), out, BuildOptions(jobs=1, cache=False, views=("summary", "compare", "timeline")))
    return root, out, PdfReader(out / "shared.pdf")


def views_of(reader: PdfReader, part: str) -> dict[str, int]:
    """The 0-based page index of each of `part`'s views, from the outline."""
    items = reader.outline[1]
    children = next(items[i + 1] for i, item in enumerate(items) if not isinstance(item, list) and item.title == part)
    return {item.title: reader.get_destination_page_number(item) for item in children}


def text(reader: PdfReader, index: int) -> str:
    return " ".join((reader.pages[index].extract_text() or "").split())


def test_a_short_comparison_and_the_timeline_share_a_page_each_with_its_bookmark(built):
    _, _, reader = built
    views = views_of(reader, "Short views")
    assert views["Comparisons"] == views["Timeline"]
    page = text(reader, views["Timeline"])
    for words in ("Left and Right", "Let them trade", "Lenin dies", "Trotsky loses the War Commissariat",
                  "The Left is expelled", "Bukharin is removed"):
        assert words in page
    # The contents list both, at the same page.
    number = reader.page_labels[views["Timeline"]]
    contents = " ".join(text(reader, i) for i in range(len(reader.pages)) if reader.page_labels[i] in ("i", "ii"))
    for view in ("Comparisons", "Timeline"):
        assert len(re.findall(rf"{view} \.+ {number}\b", contents)) == 1, contents


def test_a_long_comparison_keeps_its_page(built):
    _, _, reader = built
    views = views_of(reader, "Long views")
    assert views["Comparisons"] != views["Timeline"]


def test_sharing_saves_the_page_and_keeps_topics_on_right_hand_pages(built):
    _, out, reader = built
    singles = {p.stem: len(PdfReader(p).pages) for p in (out / "topics").glob("*.pdf")}
    short = views_of(reader, "Short views")
    long = views_of(reader, "Long views")
    # The short topic: its summary, then one page for both views (not one each).
    assert max(short.values()) - min(short.values()) + 1 == singles["short-summary"] + 1
    assert singles["short-compare"] == singles["short-timeline"] == 1
    labels = reader.page_labels
    assert int(labels[long["Summary sheet"]]) % 2 == 1  # the next topic starts on a right-hand page


def test_the_single_topic_sheets_are_as_revpack_sheet_makes_them(built):
    root, out, _ = built
    pack = load_pack(root)
    for view in ("compare", "timeline"):
        assert (out / "topics" / f"short-{view}.pdf").read_bytes() == build_sheet(pack, "short", view)
