"""Cut-out cards for a pack: the card-sized PDF, the imposed sheets, the helper pages.

`make_cards` is what ``revpack cards`` runs; `topic_cutouts` gives the pack
build one fragment of sheets per topic, to be bookmarked by topic. Both lay
every card out once (`views.cards.lay_out`) and impose those pages.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer

from revpack.assemble import metadata, write_pdf
from revpack.cards import KINDS, FlashCard, date_fronts, topic_cards, topic_numbers
from revpack.errors import Diagnostic, RevpackError
from revpack.impose import (
    DUPLEX,
    PRINTER_MARGIN,
    Grid,
    apply,
    card_fits,
    compose,
    draw_sheets,
    impose,
    plan_grid,
    plan_sides,
    sheet_chunks,
    sheet_flip,
    translate,
)
from revpack.layout import Band, bullets, para
from revpack.markup import plain
from revpack.model import Pack, Point, Topic
from revpack.render import DocInfo, render_story
from revpack.theme import PAPERS, SHEET_MIN, Style
from revpack.views.cards import (CARD_LABELS, CARD_SIZES, CardDeck, CardLayout, card_pdf, card_size, draw_face,
                                 even_sizes, lay_out)


@dataclass(frozen=True)
class CardOptions:
    """How to print the cards."""

    size: str = "a7"
    paper: str = ""  # '' = the pack theme's paper
    duplex: str = "long"  # long | short | none
    fold: bool = False
    kinds: tuple[str, ...] = tuple(KINDS)
    only: tuple[str, ...] = ()
    leitner: bool = False
    offset_mm: tuple[float, float] = (0.0, 0.0)
    outlines: bool = False  # a thin line round every card, for scissors (off: guillotines cut on the marks)
    fill: bool = False  # a topic's cards run on onto the next topic's sheet, so every sheet is full

    def __post_init__(self) -> None:
        if self.duplex not in DUPLEX:
            raise ValueError(f"duplex must be one of {', '.join(DUPLEX)}")


@dataclass
class CardOutputs:
    """What `make_cards` made."""

    cards: bytes  # card-sized PDF: front, back, front, back ...
    sheets: bytes  # cut-out sheets on A4 or Letter
    count: int  # printed cards, follow-ons included
    per_sheet: int
    warnings: list[Diagnostic] = field(default_factory=list)


def pack_cards(pack: Pack, options: CardOptions) -> list[FlashCard]:
    """Every card of the pack's (chosen) topics, topic by topic."""
    topics = [t for t in pack.topics if not options.only or t.id in options.only]
    numbers = topic_numbers([t.id for t in pack.topics], pack.info.topics)
    lang = pack.info.language
    elsewhere = date_fronts(topics, lang)
    return [card for t in topics for card in topic_cards(t, numbers[t.id], options.kinds, elsewhere[t.id], lang)]


def _groups(deck: CardDeck) -> list[tuple[int, list[int]]]:
    """(topic number, printed card indices) per topic, in order."""
    groups: list[tuple[int, list[int]]] = []
    last = None
    for i, (front, _) in enumerate(deck.pairs):
        if front.card.topic_id != last:
            groups.append((front.card.topic_number, []))
            last = front.card.topic_id
        groups[-1][1].append(i)
    return groups


def sheet_grid(size: str, paper: str, fold: bool = False) -> Grid:
    """Where `size` cards go on `paper`; a `RevpackError` saying what would fit if not one does.

    Checked before any card is laid out, so a size that cannot be printed
    costs nothing and writes nothing.
    """
    card = card_size(size)
    if card_fits(PAPERS[paper], card, fold):
        return plan_grid(PAPERS[paper], card, fold=fold)
    w, h = (2 * card[0], card[1]) if fold else card
    what = f"--size {size} with --fold: a card beside its back" if fold else f"--size {size}: a card"
    sizes = [f"--size {s}" for s in CARD_SIZES if card_fits(PAPERS[paper], card_size(s), fold)]
    papers = [f"--paper {p}" for p in PAPERS if p != paper and card_fits(PAPERS[p], card, fold)]
    ways = [" or ".join(sizes)] if sizes else []
    ways += papers + (["leave out --fold and print two-sided"] if fold else [])
    raise RevpackError(
        f"{what} ({w / mm:.0f} x {h / mm:.0f} mm) does not fit on {paper} paper inside the "
        f"{PRINTER_MARGIN / mm:.0f} mm printer margin; use {', or '.join(ways)}; nothing was written."
    )


def make_cards(pack: Pack, style: Style, options: CardOptions = CardOptions()) -> CardOutputs:
    """The card-sized PDF and the cut-out sheets (with the Leitner how-to first if asked).

    `RevpackError` if the cards do not fit the paper (see `sheet_grid`).
    """
    paper = options.paper or pack.info.theme.paper
    grid = sheet_grid(options.size, paper, options.fold)
    sheet = PAPERS[paper]
    deck = lay_out(pack_cards(pack, options), style, options.size, leitner=options.leitner)
    even_sizes(deck, [cards for _, cards in sheet_chunks(_groups(deck), grid.per_sheet, options.fill, style.words)])
    title = f"{plain(pack.info.title)}: {style.words('cut_out_cards')} ({CARD_LABELS[options.size]})"
    cards = card_pdf(deck, style, title)
    offset = (options.offset_mm[0] * mm, options.offset_mm[1] * mm)
    sides = plan_sides(_groups(deck), grid, options.duplex, offset, fill=options.fill, outlines=options.outlines,
                       words=style.words)
    writer = impose(cards, sides, deck.size, sheet, style)
    if options.leitner:
        helper = Style(theme=style.theme, paper=options.paper, look=style.look, words=style.words)
        _prepend(writer, leitner_sheet(helper, two_sided=not options.fold and options.duplex != "none"))
    # One bookmark a topic, at its first sheet (the helper pages come before the sheets).
    skipped = len(writer.pages) - len(sides)
    for topic, indices in _groups(deck):
        title = plain(deck.pairs[indices[0]][0].card.topic_title)
        first = next(i for i, side in enumerate(sides) if any(p[0] == 2 * indices[0] for p in side.placements))
        writer.add_outline_item(title=f"{topic}. {title}", page_number=skipped + first)
    writer.add_metadata(metadata(DocInfo(title=f"{plain(pack.info.title)}: {style.words('cut_out_cards')}",
                                         author=plain(pack.info.author))))
    pdf = write_pdf(writer, cards, repr(sides), repr(options), repr(style.look), paper)
    return CardOutputs(cards, pdf, len(deck.pairs), grid.per_sheet, deck.warnings)


def topic_cutouts(topic: Topic, number: int, style: Style, options: CardOptions = CardOptions(),
                  elsewhere: frozenset[str] = frozenset(), footer: str = "") -> bytes:
    """One topic's cut-out sheets (fronts and backs), or b'' if it has no cards.

    A topic's sheets depend on nothing but the topic, its number, the options and
    `elsewhere` (the dates other topics' cards front, `cards.date_fronts`), so the pack
    build caches and renders them like any other fragment.
    """
    paper = options.paper or style.paper_name
    grid = sheet_grid(options.size, paper, options.fold)
    deck = lay_out(topic_cards(topic, number, options.kinds, elsewhere, style.words.language), style, options.size,
                   leitner=options.leitner)
    if not deck.pairs:
        return b""
    sheet = PAPERS[paper]
    even_sizes(deck, [cards for _, cards in sheet_chunks(_groups(deck), grid.per_sheet, words=style.words)])
    sides = plan_sides(_groups(deck), grid, options.duplex, outlines=options.outlines, words=style.words)
    # Each card drawn straight onto its sheet (face page i of the card PDF: pair i // 2, its back if odd).
    geo = CardLayout(style, deck.size, deck.leitner)

    def draw_card(canv: Canvas, index: int) -> None:
        draw_face(canv, deck.pairs[index // 2][index % 2], geo, back=index % 2 == 1)

    return draw_sheets(sides, deck.size, sheet, style, draw_card, footer=footer)


def _prepend(writer: PdfWriter, pdf: bytes) -> None:
    """Insert the pages of `pdf` before the writer's first page."""
    for i, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        writer.insert_page(page, i)


# --- helper pages ---------------------------------------------------------------------------

LEITNER_STEPS = 6  # labels leitner_step_1 ... _6: how to use the boxes
PRINT_STEPS = 4  # labels print_step_1 ... _4: how to print and cut


def leitner_sheet(style: Style, two_sided: bool = True) -> bytes:
    """A one-page how-to for the Leitner boxes (and a blank back, so the sheets stay paired)."""
    body = style.para("leitner-body", 12, leading=16)
    words = style.words

    def steps(key: str, n: int) -> list[Flowable]:
        return bullets([Point(text=words(f"{key}_{i}")) for i in range(1, n + 1)], style, size=12)

    story: list[Flowable] = [
        Band(words("leitner_title"), style, kicker=words("cut_out_cards").upper()),
        para(words("leitner_intro"), body),
        Spacer(1, 5 * mm),
        para(words("leitner_how"), style.heading),
        *steps("leitner_step", LEITNER_STEPS),
        Spacer(1, 6 * mm),
        para(words("leitner_printing"), style.heading),
        *steps("print_step", PRINT_STEPS),
    ]
    pdf = render_story(story, style, DocInfo(title=words("leitner_title")))
    if not two_sided:
        return pdf
    # A blank back keeps every fronts page on the front of a sheet.
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf)))
    if len(writer.pages) % 2:
        writer.add_blank_page()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def calibration_sheet(style: Style, duplex: str = "long", offset_mm: tuple[float, float] = (0.0, 0.0)) -> bytes:
    """A two-sided test sheet of two verniers, from which a user reads their printer's offset.

    The front has 21 lines 7 mm apart; the back continues them 7.5 mm apart,
    labelled -5 to +5 (mm). Held to the light, the back line that meets its
    front line end to end names the offset to pass (``--offset-x`` from the
    vertical lines, ``--offset-y`` from the horizontal ones). Printed again
    with those offsets, the 0 lines meet.
    """
    width, height = style.pagesize
    flip = sheet_flip("long" if duplex == "none" else duplex, (width, height))
    back = compose(translate(offset_mm[0] * mm, offset_mm[1] * mm), flip)  # front point -> back page
    cx, top, mid = width / 2, height - 100 * mm, 105 * mm  # x vernier above, y vernier below
    s = style
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=(width, height), invariant=1, pageCompression=1, initialFontName=s.font)
    words = s.words
    turn = words("flip_short" if duplex == "short" else "flip_long")
    for side in ("front", "back"):
        # The back's words are printed behind the front's (at the foot of the back when the sheet
        # turns on its short edge, which brings the front's top there): the scales keep clear of both.
        def at(depth: float, side: str = side) -> float:  # the baseline `depth` below the top of the words
            return height - depth if side == "front" or flip[3] > 0 else FOOT_WORDS - depth
        canv.setFont(s.bold, 16)
        canv.setFillColor(s.ink)
        canv.drawCentredString(width / 2, at(22 * mm), words(f"calibration_{side}"))
        # The instructions, wrapped to the page (a translation or a larger face runs longer than
        # the English), in the room above the back's upper scale: at most `CALIBRATION_LINES`
        # lines, stepping down to the sheet floor before they would run into it.
        for size in (10.5, SHEET_MIN):
            lines = [line for key in CALIBRATION[side]
                     for line in simpleSplit(words(key, flip=turn), s.font, size, width - 2 * 12 * mm)]
            if len(lines) <= CALIBRATION_LINES:
                break
        canv.setFont(s.font, size)
        for i, text in enumerate(lines):
            canv.drawCentredString(width / 2, at(28 * mm + i * 1.2 * size), text)
        canv.setStrokeColor(s.ink)
        canv.setLineWidth(0.35)
        for j in range(-10, 11):
            if side == "front":
                canv.line(cx + j * 7 * mm, top, cx + j * 7 * mm, top + 20 * mm)
                canv.line(cx - 20 * mm, mid + j * 7 * mm, cx, mid + j * 7 * mm)
                continue
            # The back continues each line 7.5 mm apart (drawn in front coordinates, then
            # flipped), so exactly one pair meets end to end: its label is the offset.
            for a, b in (((cx + j * 7.5 * mm, top + 20 * mm), (cx + j * 7.5 * mm, top + 40 * mm)),
                         ((cx, mid + j * 7.5 * mm), (cx + 20 * mm, mid + j * 7.5 * mm))):
                (x0, y0), (x1, y1) = apply(back, *a), apply(back, *b)
                canv.line(x0, y0, x1, y1)
            canv.setFont(s.bold if j == 0 else s.font, s.type.body)
            for sign, at in ((flip[0], (cx + j * 7.5 * mm, top + (43 if j % 2 == 0 else 49) * mm)),
                             (flip[3], (cx + (24 if j % 2 == 0 else 34) * mm, mid + j * 7.5 * mm - 1.2 * mm))):
                tx, ty = apply(back, *at)
                canv.drawCentredString(tx, ty, "0" if j == 0 else f"{sign * j / 2:+g}")
        canv.showPage()
    canv.save()
    return buf.getvalue()


CALIBRATION_LINES = 5  # lines of instructions between a side's title and the back's upper scale
FOOT_WORDS = 62 * mm  # the back's words at its foot (short-edge turn): the title's baseline 40 mm up
CALIBRATION = {  # the labels of each side's instructions, in order
    "front": ("calibration_front_1", "calibration_front_2"),
    "back": ("calibration_back_1", "calibration_back_2", "calibration_back_3"),
}
