"""Cut-out card sheets a teacher can hand out: topic colours, short labels, one type size a
sheet, outlines for scissors, full sheets on request, Leitner boxes big and clear (read back)."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from conftest import REPO, pdf_text
from pypdf import PdfReader

from revpack.cards import LETTERS
from revpack.cli import cli
from revpack.cutouts import CardOptions, _groups, make_cards, pack_cards, sheet_grid
from revpack.impose import sheet_chunks
from revpack.load import load_pack
from revpack.theme import Style
from revpack.views.cards import CLEAR, FOOT, LEITNER_BOX, PALETTE, card_pdf, even_sizes, lay_out

MM = 72 / 25.4
GCSE = REPO / "packs" / "gcse-stalin-ussr"
TOPICS = ("01-death-of-lenin", "02-power-struggle")


@pytest.fixture(scope="module")
def pack():
    return load_pack(GCSE, only=TOPICS)


def cards_of(pack, **options):
    opts = CardOptions(paper="a4", only=TOPICS, **options)
    return opts, make_cards(pack, Style(theme=pack.info.theme, paper="a4"), opts)


def rgb(hexcode: str) -> tuple[float, ...]:
    return tuple(round(int(hexcode[i : i + 2], 16) / 255, 3) for i in (1, 3, 5))


def colour(obj) -> tuple[float, ...]:
    return tuple(round(c, 3) for c in (obj.get("non_stroking_color") or ()))


def test_each_card_carries_its_topic_colour_and_number_on_the_sheets(pack):
    _, made = cards_of(pack, fill=True)  # with sheets shared, topics sit side by side
    deck = lay_out(pack_cards(pack, CardOptions(only=TOPICS)), Style(), "a7")  # printed cards, follow-ons too
    counts = {n: sum(1 for front, _ in deck.pairs if front.card.topic_number == n) for n in (1, 2)}
    seen = {1: 0, 2: 0}
    with pdfplumber.open(io.BytesIO(made.sheets)) as doc:
        shared = 0
        for page in doc.pages[0::2]:  # the fronts sides
            bands = {n: [b for b in [*page.rects, *page.curves] if b.get("fill") and colour(b) == rgb(PALETTE[n - 1][0])]
                     for n in (1, 2)}
            for n in (1, 2):
                seen[n] += len(bands[n])
                # Greyscale: each band also prints its topic number.
                for band in bands[n]:
                    inside = [c["text"] for c in page.chars if c["text"].isdigit() and band["x0"] <= c["x0"]
                              and c["x1"] <= band["x1"] and band["top"] <= c["top"] and c["bottom"] <= band["bottom"]]
                    assert inside == [str(n)]
            shared += all(bands.values())
    assert seen == counts
    assert shared == 1  # the sheet where topic 1 ends and topic 2 begins


def test_faces_print_a_short_label_not_the_file_id(pack):
    _, made = cards_of(pack)
    text = pdf_text(made.sheets)
    cards = pack_cards(pack, CardOptions(only=TOPICS))
    for card in cards:
        assert card.label.startswith(f"T{card.topic_number} \u00b7 {LETTERS[card.kind]}")
        assert card.label in text
        assert card.id not in text
    assert "T1 \u00b7 Q1" in text and "T2 \u00b7 S1" in text


def body_sizes(pdf: bytes, page: int) -> set[float]:
    """The type sizes of a card face's body (between its band and its footer)."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        p = doc.pages[page]
        band = max((r["bottom"] for r in [*p.rects, *p.curves] if r.get("fill") and r["top"] < 20 * MM), default=0)
        prompt = band + 4 * MM if page % 2 == 0 else band  # a front's prompt line ("Question")
        return {round(c["size"], 2) for c in p.chars if prompt < c["top"] and c["bottom"] < p.height - 10 * MM}


def test_one_type_size_a_sheet_for_fronts_and_one_for_backs(pack):
    style = Style(theme=pack.info.theme, paper="a4")
    grid = sheet_grid("a7", "a4")
    deck = lay_out(pack_cards(pack, CardOptions(only=TOPICS)), style, "a7")
    before = [(front.size, back.size) for front, back in deck.pairs]
    sheets = [cards for _, cards in sheet_chunks(_groups(deck), grid.per_sheet)]
    even_sizes(deck, sheets)
    pdf = card_pdf(deck, style)
    varied = 0
    for indices in sheets:
        for side in (0, 1):
            varied += len({before[i][side] for i in indices}) > 1
            single = [i for i in indices if deck.pairs[i][side].make is not None]
            sizes = set().union(*(body_sizes(pdf, 2 * i + side) for i in single)) - {FOOT}
            assert len(sizes) <= 1, (indices, side, sizes)
    assert varied  # the cards on some sheet would have had different sizes one by one


def test_outlines_on_request_round_every_card_on_the_fronts(pack):
    _, plain_sheets = cards_of(pack)
    _, outlined = cards_of(pack, outlines=True)
    w, h = 105 * MM, 74 * MM
    with pdfplumber.open(io.BytesIO(plain_sheets.sheets)) as doc:
        assert not any(abs(r["width"] - h) < 1 and abs(r["height"] - w) < 1 for p in doc.pages for r in p.rects)
    with pdfplumber.open(io.BytesIO(outlined.sheets)) as doc:
        for n, page in enumerate(doc.pages):
            boxes = [r for r in page.rects if abs(r["width"] - h) < 1 and abs(r["height"] - w) < 1
                     and not r.get("fill") and r["linewidth"] < 0.5]
            if n % 2 == 0:  # fronts: one outline a card
                placed = len([b for b in page.curves if b.get("fill")])  # each card's colour band
                assert len(boxes) == placed > 0
            else:
                assert not boxes


def test_fill_sheets_runs_topics_on_so_every_sheet_but_the_last_is_full(pack):
    _, apart = cards_of(pack)
    _, filled = cards_of(pack, fill=True)
    deck = lay_out(pack_cards(pack, CardOptions(only=TOPICS)), Style(), "a7")
    per_topic = [len(cards) for _, cards in _groups(deck)]
    per = filled.per_sheet
    assert len(PdfReader(io.BytesIO(filled.sheets)).pages) == 2 * math.ceil(sum(per_topic) / per)
    assert len(PdfReader(io.BytesIO(apart.sheets)).pages) == 2 * sum(math.ceil(n / per) for n in per_topic)
    with pdfplumber.open(io.BytesIO(filled.sheets)) as doc:
        held = [len([b for b in page.curves if b.get("fill")]) for page in doc.pages[0::2]]
    assert held[:-1] == [per] * (len(held) - 1) and 0 < held[-1] <= per
    assert "Topics 1\u20132 \u00b7 sheet" in pdf_text(filled.sheets, fold=False)
    reader = PdfReader(io.BytesIO(filled.sheets))
    outline = [item.title for item in reader.outline]
    assert outline == ["1. Lenin's death and the succession", "2. The power struggle"]


def test_cli_outlines_and_fill_sheets(tmp_path):
    out = tmp_path / "cards.pdf"
    res = CliRunner().invoke(cli, ["cards", str(GCSE), "--only", TOPICS[0], "--outlines", "--fill-sheets",
                                   "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.exists()


def test_leitner_boxes_are_big_numbered_beside_and_clear_of_every_label(pack):
    style = Style(theme=pack.info.theme, paper="a4")
    deck = lay_out(pack_cards(pack, CardOptions(only=TOPICS)), style, "a7", leitner=True)
    pdf = card_pdf(deck, style)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages[1::2]:  # the backs
            boxes = [r for r in page.rects if not r.get("fill") and abs(r["width"] - r["height"]) < 0.5]
            assert len(boxes) == 5
            for box in boxes:
                assert box["width"] >= LEITNER_BOX - 0.1 >= 5 * MM - 0.1
            for ch in page.chars:
                if not ch["text"].strip():
                    continue
                for n, box in enumerate(sorted(boxes, key=lambda b: b["x0"]), 1):
                    gap_x = max(box["x0"] - ch["x1"], ch["x0"] - box["x1"], 0)
                    gap_y = max(box["top"] - ch["bottom"], ch["top"] - box["bottom"], 0)
                    if ch["text"] == str(n) and 0 < box["x0"] - ch["x1"] < 2 and gap_y == 0:
                        continue  # the box's own number, beside it
                    assert max(gap_x, gap_y) >= CLEAR - 0.2, (ch["text"], n, gap_x, gap_y)
