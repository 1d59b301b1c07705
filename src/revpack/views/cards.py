"""Card faces: each card fitted to a card size and drawn once, one face a page.

A face has a colour band (topic number and name), the body and a footer with
the card's short label ("T8 \u00b7 Q1") and "n of N", so a dropped pile can be sorted
again. With Leitner boxes, each back has five tick boxes of `LEITNER_BOX`, each
numbered beside it, kept `CLEAR` of every label. The front
holds the question or heading, large; the back holds the answer. Text shrinks
from a comfortable size to no less than 9 pt; what still does not fit goes on
a follow-on card marked "(cont.)", counted in "n of N" and reported as a
warning with the card's ``file:line``. Nothing is clipped.

The card-sized PDF written here (front, back, front, back ...) is the only
rendering of the cards: the cut-out sheets place its pages N-up (`impose.py`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import inch, mm
from reportlab.platypus import Flowable, Paragraph

from revpack import __version__
from revpack.cards import FlashCard
from revpack.drawn import Canvas  # keeps what it drew, for the checks after (drawn.py)
from revpack.errors import Diagnostic
from revpack.layout import bullets, para, shorten
from revpack.markup import plain, to_para
from revpack.pdfmetrics_cache import text_width
from revpack.render import prime_fonts
from revpack.theme import CARD_MIN, Style, mix

# Landscape (width, height) in points.
CARD_SIZES: dict[str, tuple[float, float]] = {
    "a7": (105 * mm, 74 * mm),
    "a6": (148 * mm, 105 * mm),
    "3x5": (5 * inch, 3 * inch),
    "4x6": (6 * inch, 4 * inch),
}
CARD_LABELS = {"a7": "A7", "a6": "A6", "3x5": "3\u00d75 in", "4x6": "4\u00d76 in"}

SAFE = 4 * mm  # nothing but the band's colour within this of the cut: cutting and duplex drift
FOOT = 9.0  # footer type (the floor: cards never go below 9 pt)
GAP = 2.2 * mm
BAND_LINES = 2  # a longer topic title is cut with an ellipsis: the band labels, the number identifies
LEITNER_BOX = 5 * mm  # a Leitner tick box: big enough to tick with a pencil
CLEAR = 2 * mm  # between the Leitner boxes and any label, at least
NUMERAL_GAP = 1.2  # points between a box's number and the box
CARD_IMAGE = 0.55  # the most of a card's body an image may take, in height

# Band colours alternate dark and light, so neighbouring topics differ in
# greyscale too; the topic number on the band settles any doubt.
# (fill, text); grey levels about 0.27, 0.80, 0.45, 0.92.
PALETTE: tuple[tuple[str, str], ...] = (
    ("#1f4e79", "#ffffff"),
    ("#f2c94c", "#1a1a1a"),
    ("#3a7d5c", "#ffffff"),
    ("#f6dde4", "#1a1a1a"),
    ("#7b2d4a", "#ffffff"),
    ("#bfe3b4", "#1a1a1a"),
    ("#6b5aa6", "#ffffff"),
    ("#d6e9f5", "#1a1a1a"),
)


def band_colours(number: int) -> tuple[colors.Color, colors.Color]:
    """The band fill and text colour of topic `number` (1-based)."""
    fill, text = PALETTE[(number - 1) % len(PALETTE)]
    return colors.HexColor(fill), colors.HexColor(text)


def card_size(name: str, landscape: bool = True) -> tuple[float, float]:
    """(width, height) in points of a card size name ('a7', 'a6', '3x5', '4x6')."""
    w, h = CARD_SIZES[name]
    return (w, h) if landscape else (h, w)


@dataclass
class Face:
    """One side of one printed card: its content laid out and ready to draw."""

    card: FlashCard
    items: list[Flowable]
    center: bool  # fronts sit in the middle of the card, backs from the top
    continued: bool
    number: int = 0  # n of N within the topic
    total: int = 0
    size: float = CARD_MIN  # the type size of its body
    make: Callable[[float], list[Flowable]] | None = None  # its body at another size (None: fixed)


@dataclass
class CardDeck:
    """Printed cards in order: (front, back) faces, and the warnings fitting them raised."""

    size: tuple[float, float]
    pairs: list[tuple[Face, Face]]
    warnings: list[Diagnostic]
    leitner: bool = False


class CardLayout:
    """The geometry and type of a card face at one size."""

    def __init__(self, style: Style, size: tuple[float, float], leitner: bool = False):
        self.style = style
        self.width, self.height = size
        self.leitner = leitner
        self.inner = self.width - 2 * SAFE
        self.band_style = style.para("card-band", 9.5, fontName=style.bold, leading=11.5)
        self.prompt_style = style.para("card-prompt", FOOT, fontName=style.italic, textColor=style.muted)
        # A comfortable size grows with the card; the floor is 9 pt.
        self.front_top = max(14.0, round(self.height / 12.5))
        self.back_top = max(11.0, min(14.0, round(self.height / 18)))
        self._band_titles: dict[tuple[str, int], str] = {}

    # --- areas ---------------------------------------------------------------------
    def band_height(self, card: FlashCard) -> float:
        return max(5.5 * mm, self.band_title(card).wrap(self.band_width(card), 1e6)[1] + 7)

    def band_width(self, card: FlashCard) -> float:
        return self.inner - self.number_width(card) - 8

    def band_title(self, card: FlashCard, colour: str = "") -> Paragraph:
        """The topic title on the band: at most `BAND_LINES` lines, else cut with an ellipsis.

        The band repeats the topic's title on every card as a label; a title long
        enough to crowd out the card's own text is shortened rather than let it.
        """
        key = (card.topic_title, card.topic_number)
        if key not in self._band_titles:
            width, most = self.band_width(card), BAND_LINES * self.band_style.leading + 0.01

            def fits(markup: str) -> bool:
                return Paragraph(markup, self.band_style).wrap(width, 1e6)[1] <= most

            whole = to_para(card.topic_title)
            if not fits(whole):
                whole = to_para(shorten(plain(card.topic_title), lambda t: fits(to_para(t))))
            self._band_titles[key] = whole
        text = self._band_titles[key]
        return Paragraph(f"<font color='{colour}'>{text}</font>" if colour else text, self.band_style)

    def number_width(self, card: FlashCard) -> float:
        return text_width(str(card.topic_number), self.style.bold, 13) + 10

    def footer_height(self, card: FlashCard, back: bool) -> float:
        """The footer's height: one row of type, or on a Leitner back the boxes' row (beside
        the labels if they fit there, else a row of their own above them)."""
        row = FOOT * 1.3
        if not (back and self.leitner):
            return row
        return LEITNER_BOX + 1 if self.leitner_fits(card) else row + CLEAR + LEITNER_BOX

    def leitner_width(self) -> float:
        numerals = sum(text_width(str(n), self.style.bold, FOOT) for n in range(1, 6))
        return numerals + 5 * (NUMERAL_GAP + LEITNER_BOX) + 4 * CLEAR

    def leitner_fits(self, card: FlashCard) -> bool:
        """Whether the Leitner boxes fit between `card`'s label and "n of N", `CLEAR` of both."""
        label = text_width(footer_label(card, continued=True, style=self.style), self.style.font, FOOT)
        count = text_width(self.style.words("card_count", n=99, total=99), self.style.bold, FOOT)
        return label + CLEAR + self.leitner_width() + CLEAR + count <= self.inner - 4

    def body(self, card: FlashCard, back: bool) -> tuple[float, float]:
        """(width, height) of the body area of a face of `card`."""
        prompt = 0 if back else FOOT * 1.25 + 2
        h = self.height - 2 * SAFE - self.band_height(card) - GAP - prompt - GAP - self.footer_height(card, back) - 2
        return self.inner - 4, h

    # --- content at a size ---------------------------------------------------------
    def front_items(self, front: str, size: float, continued: bool = False) -> list[Flowable]:
        """The question or heading `front` at `size`, marked "(cont.)" on a follow-on card."""
        style = self.style.para(
            "card-front", size, fontName=self.style.bold, leading=round(size * 1.22, 2), alignment=TA_CENTER
        )
        text = to_para(front) + (f" <font size={FOOT}>{escape(self.style.words('continued'))}</font>"
                                 if continued else "")
        return [Paragraph(text, style)]

    def follow_on_front(self, card: FlashCard, width: float, height: float) -> list[Flowable]:
        """The front of a card the answer continues on: the question again, marked "(cont.)".

        A question too long to repeat whole on one face at 9 pt (it has cards
        of its own already) is repeated cut with an ellipsis, so it still
        names the answer it belongs to and the mark is never lost.
        """
        pages = fit(lambda s: self.front_items(card.front, s, continued=True), self.front_top, width, height)
        if len(pages) == 1:
            return pages[0]

        def fits(front: str) -> bool:
            return stack_height(self.front_items(front, CARD_MIN, continued=True), width) <= height

        return self.front_items(shorten(plain(card.front), fits), CARD_MIN, continued=True)

    def picture(self, card: FlashCard, side: str, size: float) -> list[Flowable]:
        """The card's image on `side`, with its caption: at most `CARD_IMAGE` of the body's height,
        so the text keeps its room. Its pixels are those the sheets embed (300 dpi at the page's
        text width), so a pack that prints it on a sheet and a card embeds it once."""
        image = card.image_on(side)
        if image is None:
            return []
        from revpack.pictures import figure, sheet_frame

        w, h = self.body(card, back=side == "back")
        return figure(image, self.style, CARD_IMAGE * h, sheet_frame(self.style), size=size)

    def back_items(self, card: FlashCard, size: float) -> list[Flowable]:
        items: list[Flowable] = []
        if card.lead:
            items.append(para(card.lead, self.style.para("card-lead", size, leading=round(size * 1.28, 2))))
        points = card.answer
        if len(points) == 1 and not points[0].points and not items:
            # A one-point answer reads as a sentence, not a list of one.
            items.append(para(points[0].text, self.style.para("card-lead", size, leading=round(size * 1.28, 2))))
        else:
            items.extend(bullets(points, self.style, 0, size))
        return items + self.picture(card, "back", size)


def stack_height(items: Sequence[Flowable], width: float) -> float:
    """The height of `items` stacked: each wrapped to `width`, with their space before."""
    return sum(item.wrap(width, 1e6)[1] + (item.getSpaceBefore() if i else 0) for i, item in enumerate(items))


def paginate(items: Sequence[Flowable], width: float, height: float) -> list[list[Flowable]]:
    """`items` in pages of at most `height`, splitting a paragraph between lines if need be."""
    pages: list[list[Flowable]] = [[]]
    used = 0.0
    queue = list(items)
    while queue:
        item = queue.pop(0)
        space = item.getSpaceBefore() if pages[-1] else 0
        h = item.wrap(width, 1e6)[1]
        if used + space + h <= height:
            pages[-1].append(item)
            used += space + h
            continue
        parts = item.split(width, height - used - space)
        if len(parts) >= 2:
            pages[-1].append(parts[0])
            queue[:0] = parts[1:]
        elif not pages[-1]:
            pages[-1].append(item)  # taller than a card even alone: print it whole rather than lose it
        else:
            queue.insert(0, item)
        pages.append([])
        used = 0.0
    return [p for p in pages if p] or [[]]


def best_size(make: Callable[[float], list[Flowable]], top: float, width: float, height: float) -> float | None:
    """The largest size from `top` down to 9 pt, in half points, at which `make(size)` fits; None if not even 9 pt."""
    size = top
    while True:
        if stack_height(make(size), width) <= height:
            return size
        if size <= CARD_MIN:
            return None
        size = max(CARD_MIN, size - 0.5)


def fit(make: Callable[[float], list[Flowable]], top: float, width: float, height: float) -> list[list[Flowable]]:
    """`make` at the largest size from `top` down to 9 pt that fits; else in pages at 9 pt."""
    size = best_size(make, top, width, height)
    return [make(size)] if size is not None else paginate(make(CARD_MIN), width, height)


def even_sizes(deck: CardDeck, sheets: Sequence[Sequence[int]]) -> None:
    """One type size for the fronts of each sheet of cards and one for its backs: each set of
    faces shrinks together to the size its fullest face needs (`sheets` lists the pairs'
    indices sheet by sheet). A face that runs on over follow-on cards is at 9 pt already."""
    for indices in sheets:
        for side in (0, 1):
            faces = [deck.pairs[i][side] for i in indices if deck.pairs[i][side].make is not None]
            size = min((face.size for face in faces), default=0.0)
            for face in faces:
                if face.size != size and face.make is not None:
                    face.items, face.size = face.make(size), size


def lay_out(cards: Sequence[FlashCard], style: Style, size_name: str, *, leitner: bool = False) -> CardDeck:
    """Fit every card to `size_name`, splitting onto follow-on cards, numbered n of N per topic."""
    size = card_size(size_name)
    geo = CardLayout(style, size, leitner)
    pairs: list[tuple[Face, Face]] = []
    warnings: list[Diagnostic] = []
    for card in cards:
        fw, fh = geo.body(card, back=False)
        bw, bh = geo.body(card, back=True)
        def front(size: float, card: FlashCard = card) -> list[Flowable]:
            return geo.front_items(card.front, size) + geo.picture(card, "front", max(CARD_MIN, size * 0.75))

        def back(size: float, card: FlashCard = card) -> list[Flowable]:
            return geo.back_items(card, size)

        front_size, back_size = best_size(front, geo.front_top, fw, fh), best_size(back, geo.back_top, bw, bh)
        fronts = [front(front_size)] if front_size is not None else paginate(front(CARD_MIN), fw, fh)
        backs = [back(back_size)] if back_size is not None else paginate(back(CARD_MIN), bw, bh)
        count = max(len(fronts), len(backs))
        if count > 1:
            w = card.where
            warnings.append(
                Diagnostic(
                    w.file,
                    w.line,
                    w.col,
                    card.path,
                    f"card {card.id} does not fit one {CARD_LABELS[size_name]} card at {CARD_MIN:g} pt; "
                    f"it continues on {count} cards",
                    "warning",
                )
            )
        # A long question continues on the fronts of follow-on cards (their backs blank once
        # the answer is done); a long answer on their backs, under the question repeated.
        if len(backs) > len(fronts):
            fronts += [geo.follow_on_front(card, fw, fh)] * (len(backs) - len(fronts))
        backs += [[]] * (len(fronts) - len(backs))
        single = count == 1  # only a card on one face pair can change size with its sheet
        for i, (front_items, back_items) in enumerate(zip(fronts, backs)):
            pairs.append(
                (
                    Face(card, front_items, center=True, continued=i > 0, size=front_size or CARD_MIN,
                         make=front if single else None),
                    Face(card, back_items, center=False, continued=i > 0, size=back_size or CARD_MIN,
                         make=back if single else None),
                )
            )
    # n of N counts printed cards (follow-ons included) within each topic.
    totals: dict[str, int] = {}
    for front, _ in pairs:
        totals[front.card.topic_id] = totals.get(front.card.topic_id, 0) + 1
    seen: dict[str, int] = {}
    for front, back in pairs:
        tid = front.card.topic_id
        seen[tid] = seen.get(tid, 0) + 1
        for face in (front, back):
            face.number, face.total = seen[tid], totals[tid]
    return CardDeck(size, pairs, warnings, leitner)


# --- drawing -----------------------------------------------------------------------------


def draw_face(canv: Canvas, face: Face, geo: CardLayout, back: bool) -> None:
    """Draw one face on a canvas whose page is the card (origin at its lower left)."""
    s, card = geo.style, face.card
    w, h = geo.width, geo.height
    fill, ink = s.band(*band_colours(card.topic_number))
    # Band: topic number | topic name.
    band_h = geo.band_height(card)
    top = h - SAFE
    canv.setFillColor(fill)
    canv.setStrokeColor(mix(fill, colors.black, 0.35))
    canv.setLineWidth(0.6)
    canv.roundRect(SAFE, top - band_h, geo.inner, band_h, 2.5, stroke=1, fill=1)
    num_w = geo.number_width(card)
    canv.setFillColor(ink)
    canv.setFont(s.bold, 13)
    canv.drawCentredString(SAFE + num_w / 2, top - band_h / 2 - 4.5, str(card.topic_number))
    canv.setStrokeColor(ink)
    canv.setLineWidth(0.5)
    canv.line(SAFE + num_w, top - band_h + 3, SAFE + num_w, top - 3)
    title = geo.band_title(card, f"#{ink.hexval()[2:]}")
    tw, th = title.wrap(geo.band_width(card), 1e6)
    title.drawOn(canv, SAFE + num_w + 5, top - band_h / 2 - th / 2)
    y = top - band_h - GAP
    # Prompt (front only).
    if not back:
        prompt = Paragraph(to_para(s.words(f"card_{card.kind}")), geo.prompt_style)
        _, ph = prompt.wrap(geo.inner, 1e6)
        prompt.drawOn(canv, SAFE + 2, y - ph)
        y -= FOOT * 1.25 + 2 + GAP
    # Body.
    bw, bh = geo.body(card, back)
    used = stack_height(face.items, bw)
    y -= (bh - used) / 2 if face.center else 0
    for i, item in enumerate(face.items):
        y -= item.getSpaceBefore() if i else 0
        ih = item.wrap(bw, 1e6)[1]
        item.drawOn(canv, SAFE + 2, y - ih)
        y -= ih
    draw_footer(canv, face, geo, back)


def footer_label(card: FlashCard, continued: bool, style: Style | None = None) -> str:
    """The card's printed label, "(cont.)" (in the pack's language) on a follow-on card."""
    return (card.label or card.id) + ("  " + (style or Style()).words("continued") if continued else "")


def draw_footer(canv: Canvas, face: Face, geo: CardLayout, back: bool) -> None:
    """The card's label, the Leitner boxes on backs if asked, and "n of N"."""
    s = geo.style
    leitner = back and geo.leitner
    beside = leitner and geo.leitner_fits(face.card)
    # Beside the boxes, the labels are centred on them; else they sit on the bottom row.
    base = SAFE + (LEITNER_BOX - 0.7 * FOOT) / 2 if beside else SAFE + 1.5
    canv.setFillColor(s.muted)
    canv.setFont(s.font, FOOT)
    canv.drawString(SAFE + 2, base, footer_label(face.card, face.continued, s))
    canv.setFillColor(s.ink)
    canv.setFont(s.bold, FOOT)
    count = s.words("card_count", n=face.number, total=face.total)
    canv.drawRightString(geo.width - SAFE - 2, base, count)
    if leitner:
        right = geo.width - SAFE - 2 - (text_width(count, s.bold, FOOT) + CLEAR if beside else 0)
        y = SAFE if beside else SAFE + FOOT * 1.3 + CLEAR
        draw_leitner(canv, right - geo.leitner_width(), y, s)


def draw_leitner(canv: Canvas, x: float, y: float, s: Style) -> None:
    """Five tick boxes (Leitner boxes 1-5) of `LEITNER_BOX`, each numbered beside it, from
    (`x`, `y`), their lower left corner."""
    canv.setStrokeColor(s.muted)
    canv.setLineWidth(0.6)
    canv.setFont(s.bold, FOOT)
    for n in range(1, 6):
        canv.setFillColor(s.muted)
        canv.drawString(x, y + (LEITNER_BOX - 0.7 * FOOT) / 2, str(n))
        x += text_width(str(n), s.bold, FOOT) + NUMERAL_GAP
        canv.rect(x, y, LEITNER_BOX, LEITNER_BOX, stroke=1, fill=0)
        x += LEITNER_BOX + CLEAR


def card_pdf(deck: CardDeck, style: Style, title: str = "Cards") -> bytes:
    """The card-sized PDF: front, back, front, back ... one face a page."""
    buf = io.BytesIO()
    canv = Canvas(
        buf,
        pagesize=deck.size,
        invariant=1,
        pageCompression=1,
        initialFontName=style.font,
        initialFontSize=FOOT,
    )
    prime_fonts(canv, style)  # the pack's subsets: one copy of each face once imposed and merged
    canv.setTitle(title)
    canv.setCreator(f"revpack {__version__}")
    canv.setProducer(f"revpack {__version__} (ReportLab)")
    geo = CardLayout(style, deck.size, deck.leitner)
    for front, back in deck.pairs:
        draw_face(canv, front, geo, back=False)
        canv.showPage()
        draw_face(canv, back, geo, back=True)
        canv.showPage()
    canv.save()
    return canv.drawn(buf.getvalue())
