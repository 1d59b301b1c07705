"""Layout pieces every view shares: bullet lists, titled blocks, the header band.

A `Block` is a titled group (a sheet section or a tinted panel such as "Key
terms") that splits between its items and inside a long item, and repeats its
title marked "(cont.)" where it continues, so nothing is ever clipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from revpack.dates import human_date
from revpack.markup import bolded, plain, to_para
from revpack.model import Point
from revpack.pdfmetrics_cache import text_width
from revpack.theme import TYPE, Style

BULLETS = ("\u2022", "\u2013", "\u25e6")
HEADING_TAG = "/RevpackHead"  # marked content around a heading: the make-up audit finds headings by it
# A marked-content point on every page laid out in frames, naming its columns and the top
# of its text frame (``/RevpackColumns <</N 2 /Top 790.3>> DP``): the make-up audit reads
# the page's grid from it instead of guessing it from where things lie (a timeline's two
# sides are not columns; a running head lowers a page's frame).
COLUMNS_TAG = "/RevpackColumns"


@contextmanager
def tagged(canv, tag: str):
    """Draw inside a marked-content section `tag` (invisible; lets a reader of the PDF,
    such as the make-up audit, tell a heading from body text)."""
    canv.addLiteral(f"{tag} BMC")
    yield
    canv.addLiteral("EMC")


def para(text: str, style) -> Paragraph:
    """A paragraph from model text (inline markup escaped and converted)."""
    return Paragraph(to_para(text), style)


def shorten(text: str, fits: Callable[[str], bool]) -> str:
    """`text` if it fits; else its longest run of leading words that fits with an ellipsis
    (a trailing ",:;" dropped), else its first word cut letter by letter.

    For labels that repeat what is printed in full elsewhere (a footer, a card's
    band), never for content. `fits` must only get harder as the text grows (a
    width, a height): it is searched by halving, so a long text costs a few tries.
    """
    if fits(text):
        return text
    words = text.split(" ")

    def cut(k: int) -> str:
        return " ".join(words[:k]).rstrip(",:;") + "\u2026"

    k = _longest(lambda k: fits(cut(k)), len(words) - 1)
    if k:
        return cut(k)
    first = cut(1)[:-1]
    return first[: _longest(lambda j: fits(first[:j] + "\u2026"), len(first) - 1)] + "\u2026"


def _longest(ok: Callable[[int], bool], most: int) -> int:
    """The largest n in 1..`most` with ok(n) (ok true up to some n, false after), else 0."""
    lo, hi = 0, most
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if ok(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def bullets(points: Iterable[Point], style: Style, depth: int = 0, size: float = 10) -> list[Flowable]:
    """Points and their sub-points as bulleted paragraphs of `size` pt, in reading order; a
    point with sub-points is a `Stack`, so they stay together.

    A long point is laid out as a run of paragraphs of at most `CHUNK` characters each
    (`chunks`), joined without a gap: ReportLab breaks a paragraph's lines in time that
    grows with the square of its length, so a 1.9 MB point took over ten minutes; in
    pieces, layout time grows in proportion to the text."""
    out: list[Flowable] = []
    for point in points:
        head = paragraphs(to_para(point.text), style.bullet(depth, size), BULLETS[min(depth, 2)])
        subs = bullets(point.points, style, depth + 1, size)
        out.extend([Stack([*head, *subs])] if subs else head)
    return out


def paragraphs(markup: str, style, bullet: str | None = None) -> list[Flowable]:
    """A paragraph of `markup`; a long one as its `chunks`, the pieces after the first `Joined`."""
    first, *rest = chunks(markup)
    return [Paragraph(first, style, bulletText=bullet), *(Joined(more, style) for more in rest)]


CHUNK = 1500  # the most characters of paragraph markup laid out as one paragraph (see `bullets`)
_TAG = re.compile(r"<(/?)([bi])>|<br/>|&[^;]*;")


def chunks(markup: str, size: int = CHUNK) -> list[str]:
    """Paragraph markup (`to_para`'s) cut into pieces of about `size` characters, each whole:
    cut at a space (after a sentence's end where one is near), never inside a tag or an
    entity, and bold or italic open at a cut closed there and opened again after it."""
    if len(markup) <= size:
        return [markup]
    out: list[str] = []
    start, opened = 0, []  # where the current piece starts; tags open at that point
    while len(markup) - start > size:
        window = markup[start : start + size]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        cut = cut + 1 if cut > size // 2 else window.rfind(" ")
        if cut <= 0:
            cut = size  # one long word: cut it (the line breaks inside it anyway)
        cut = _outside_tags(markup, start, start + cut)
        piece = markup[start:cut]
        now = _open_after(piece, opened)
        out.append("".join(f"<{t}>" for t in opened) + piece + "".join(f"</{t}>" for t in reversed(now)))
        opened, start = now, cut
        while start < len(markup) and markup[start] == " ":
            start += 1
    out.append("".join(f"<{t}>" for t in opened) + markup[start:])
    return out


def _outside_tags(markup: str, start: int, cut: int) -> int:
    """`cut`, moved back to before a tag or entity it would fall inside."""
    lt, amp = markup.rfind("<", start, cut), markup.rfind("&", start, cut)
    if lt > markup.rfind(">", start, cut):
        cut = lt
    if amp > markup.rfind(";", start, cut):
        cut = amp
    return max(cut, start + 1)


def _open_after(piece: str, opened: list[str]) -> list[str]:
    """The tags (b, i) still open at the end of `piece`, given those open at its start."""
    stack = list(opened)
    for m in _TAG.finditer(piece):
        if m.group(2):
            if m.group(1):
                if m.group(2) in stack:
                    stack.remove(m.group(2))
            else:
                stack.append(m.group(2))
    return stack


class Joined(Paragraph):
    """The next piece of a long paragraph: set directly under the last, no gap between."""

    joins = True


class Block(Flowable):
    """A titled group of flowables that may split across columns and pages.

    ``kind`` is ``"section"`` (heading over a rule) or ``"panel"`` (a tinted
    box under a coloured title bar). A continuation repeats the title with
    "(cont.)". A section's ``aside`` (a worksheet's "4 points") is set small at the
    right of its heading's last line, where it costs no line of its own.
    """

    GAP = 2.0

    def __init__(
        self,
        title: str,
        items: Sequence[Flowable],
        style: Style,
        kind: str = "section",
        continued: bool = False,
        space_after: float = 7,
        headless: bool = False,
        aside: str = "",
    ):
        super().__init__()
        self.aside = aside
        self.headless = headless  # the rest of a word too long for a whole column: no title between its halves
        self.title = title
        self.items = list(items)
        self.style = style
        self.kind = kind
        self.continued = continued
        self.spaceAfter = style.space(space_after)
        self.pad = style.space(6.0) if kind == "panel" else 0.0
        self.GAP = style.space(Block.GAP)

    # geometry -------------------------------------------------------------------
    def _head(self) -> Paragraph:
        # The marker is smaller than the title but never below the sheet floor.
        text = to_para(self.title) + (f" <font size={self.style.type.small:g}>{escape(self.style.words('continued'))}</font>"
                                      if self.continued else "")
        return Paragraph(text, self.style.box_title if self.kind == "panel" else self.style.heading)

    def _aside(self) -> Paragraph | None:
        if not self.aside or self.kind != "section":
            return None
        return Paragraph(to_para(f"*{self.aside}*"), self.style.para("aside", TYPE.small, textColor=self.style.muted,
                                                                    alignment=2))

    def _head_height(self, width: float) -> float:
        if self.headless:
            self._head_para, self._head_h, self._aside_para = None, 0.0, None
            return 0.0
        if getattr(self, "_head_width", None) != width:  # the heading is set once per width
            self._head_para = self._head()
            self._aside_para = self._aside()
            room = width - 2 * self.pad
            if self._aside_para is not None:
                aside_w = min(text_width(plain(self.aside), self.style.italic, self._aside_para.style.fontSize) + 1,
                              room / 2)
                self._aside_para.wrap(aside_w, 10_000)
                self._aside_w = aside_w
                room -= aside_w + 8
            h = self._head_para.wrap(room, 10_000)[1]
            if self._aside_para is not None:
                h = max(h, self._aside_para.height)
            self._head_h = h
            self._head_width = width
        h = self._head_h
        # panel: coloured bar with padding; section: heading, gap, rule, gap
        return h + (2 * 4 if self.kind == "panel" else 6)

    def _space(self, i: int, item: Flowable) -> float:
        if getattr(item, "joins", False):
            return 0.0
        return (item.getSpaceBefore() if i else 0) + self.GAP * (i > 0)

    def _size(self, item: Flowable, width: float, height: float) -> float:
        # A paragraph is wrapped once per width however often the block is measured or split
        # (`pdfmetrics_cache` remembers every paragraph's wraps), so this asks again freely.
        return item.wrap(width, height)[1]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        inner = availWidth - 2 * self.pad
        fixed = self._head_height(availWidth) + (self.pad if self.kind == "panel" else 0) + 3
        sizes = [self._size(item, inner, availHeight) for item in self.items]
        total = fixed + sum(self._space(i, item) + h for i, (item, h) in enumerate(zip(self.items, sizes)))
        self._sizes = sizes
        self.height = total
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        style = self.style
        head_block = self._head_height(self.width)
        top = self.height
        if self.headless:
            pass
        elif self.kind == "panel":
            outline = style.outline  # themes without fills outline the panel instead
            canv.setStrokeColor(style.accent)
            canv.setLineWidth(outline)
            canv.setFillColor(style.tint)
            canv.roundRect(0, 0, self.width, self.height, 3, stroke=outline > 0, fill=1)
            canv.setFillColor(style.fill)
            canv.roundRect(0, top - head_block, self.width, head_block, 3, stroke=0, fill=1)
            canv.rect(0, top - head_block, self.width, head_block / 2, stroke=0, fill=1)
            if outline:
                canv.line(0, top - head_block, self.width, top - head_block)
            with tagged(canv, HEADING_TAG):
                self._head_para.drawOn(canv, self.pad, top - 4 - self._head_h)
        else:
            with tagged(canv, HEADING_TAG):
                self._head_para.drawOn(canv, 0, top - self._head_para.height)
            if self._aside_para is not None:  # on the baseline of the heading's last line
                def baseline(p: Paragraph) -> float:  # the last line's baseline above the paragraph's foot
                    lines = len(getattr(p.blPara, "lines", ())) or 1
                    return p.height - p.style.fontSize - (lines - 1) * p.style.leading
                y = top - self._head_para.height + baseline(self._head_para) - baseline(self._aside_para)
                self._aside_para.drawOn(canv, self.width - self._aside_w, y)
            canv.setStrokeColor(style.accent)
            canv.setLineWidth(0.8)
            y = top - self._head_h - 2.5
            canv.line(0, y, self.width, y)
        y = top - head_block - (self.pad / 2 if self.kind == "panel" else 0)
        loose = getattr(self, "_loose", 0.0)
        for i, (item, h) in enumerate(zip(self.items, self._sizes)):
            y -= self._space(i, item) + h + (loose if self._opens(i, item) else 0.0)
            item.drawOn(canv, self.pad, y)

    # levelling a column's foot (`render._level_feet`) -----------------------------------
    def _opens(self, i: int, item: Flowable) -> bool:
        """Whether the gap above item `i` may open: between entries, not inside a long one."""
        return i > 0 and not getattr(item, "joins", False)

    def gaps(self) -> int:
        """How many gaps between its entries may open to level a column's foot."""
        return sum(self._opens(i, item) for i, item in enumerate(self.items))

    def loosen(self, extra: float) -> float:
        """Open each gap between entries by `extra` points (as laid out, after `wrap`); the
        height gained."""
        self._loose = extra
        gained = extra * self.gaps()
        self.height += gained
        return gained

    def deepen(self, extra: float) -> float:
        """Make the block `extra` points deeper below its last entry (a panel's tint runs
        on to the column's foot); the height gained."""
        self.height += extra
        return extra

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split between items (or inside one) under the make-up rules: the heading keeps at
        least three lines (or a table's header and two rows, or two entries of a box) under it,
        and the continuation gets as much; a hint marked keepWithNext goes with what it
        introduces. What cannot be split so moves whole to the next column. Taller than a
        whole column (ReportLab asks again, `_postponed`), it splits wherever it must."""
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight:
            return [self]
        if getattr(self, "_wait", False):  # a continuation made longer on purpose: not in the same column
            self._wait = False
            return []
        must = getattr(self, "_postponed", False)
        self._column = _frame_room(self, availHeight)  # a fresh column's room
        inner = availWidth - 2 * self.pad
        room = availHeight - self._head_height(availWidth) - (self.pad if self.kind == "panel" else 0) - 3
        fitted: list[Flowable] = []
        mid_word = lengthened = False
        for _ in range(12):
            fitted, rest, mid_word = self._fill(inner, room, must, availHeight)
            must = must or mid_word  # a word taller than a column is cut where it must be
            while fitted and getattr(fitted[-1], "keepWithNext", 0) and not must:
                rest.insert(0, fitted.pop())  # a hint stays with what it introduces
            if not fitted or not rest:
                break
            if not must and self._short(fitted, inner, first=True):
                return []
            deficit = self._short(rest, inner, first=False)
            if not deficit:
                break
            room -= deficit
            lengthened = True
        if not fitted or not rest:
            return []
        tail = Block(self.title, rest, self.style, self.kind, True, self.spaceAfter, headless=mid_word, aside=self.aside)
        tail._wait = lengthened  # it waits for the next column (see the top of `split`)
        return [Block(self.title, fitted, self.style, self.kind, self.continued, space_after=0,
                      headless=self.headless, aside=self.aside), tail]

    def _fill(self, inner: float, room: float, must: bool, avail: float) -> tuple[list[Flowable], list[Flowable], bool]:
        """The items that fit in `room` (the last one split if it can be), and the rest. A
        `Stack` splits only if it must, or keeping three items together and two for later."""
        fitted: list[Flowable] = []
        used = 0.0
        for i, (item, h) in enumerate(zip(self.items, self._sizes)):
            need = self._space(len(fitted), item) + h
            if used + need <= room:
                fitted.append(item)
                used += need
                continue
            left = room - used - self._space(len(fitted), item)
            column = self._column - (avail - room)  # a fresh column's room for items
            parts, mid_word = split_between_words(item, inner, left, column) if left > 12 else ([], False)
            if len(parts) == 2 and isinstance(item, Stack) and not must and not (
                    len(getattr(parts[0], "items", ())) >= MIN_LINES and len(getattr(parts[1], "items", ())) >= 2):
                parts = []
            if len(parts) >= 2:
                return fitted + [parts[0]], list(parts[1:]) + self.items[i + 1 :], mid_word
            return fitted, self.items[i:], False
        return fitted, [], False

    def _short(self, piece: list[Flowable], inner: float, first: bool) -> float:
        """How much too short `piece` (one side of a split) is, in points (0 if long enough):
        under three lines, a table piece of under two rows, or a box's single entry."""
        line = self.style.body.leading
        # Measured only until it is long enough (each paragraph once per width), so checking the
        # rest of a long block at every split stays linear in the block's length.
        height = 0.0
        for i, item in enumerate(piece):
            height += self._size(item, inner, 10_000) + self._space(i, item)
            if height >= MIN_LINES * line:
                break
        short = max(0.0, MIN_LINES * line - height)
        table = piece[-1] if first else piece[0]
        if isinstance(table, Table):
            rows = len(table._cellvalues) - table.repeatRows  # noqa: SLF001
            if rows < MIN_ROWS:
                heights = [h for h in getattr(table, "_rowHeights", ()) or ()]
                short = max(short, (heights[-1] if heights else line) if not first else MIN_ROWS * line)
        if self.kind == "panel" and len(self.items) >= 2 * MIN_ENTRIES and len(piece) < MIN_ENTRIES:
            entry = piece[0].wrap(inner, 10_000)[1] if first else self._sizes[len(self.items) - len(piece) - 1]
            short = max(short, entry + self.GAP)
        return short if short > 0.5 else 0.0


MIN_LINES = 3  # no piece of a split block under three lines (widows and orphans)
MIN_ROWS = 2  # nor a table piece under two rows
MIN_ENTRIES = 2  # nor a box's piece under two entries


class Stack(Flowable):
    """Flowables that belong together, one under another: a person's name and points, a
    point and its sub-points, a quote and whose it is. In a `Block` it moves whole to the
    next column rather than split (unless it must); on its own it splits like its items."""

    def __init__(self, items: Sequence[Flowable]):
        super().__init__()
        self.items = list(items)

    def _gap(self, i: int, item: Flowable) -> float:
        return item.getSpaceBefore() if i and not getattr(item, "joins", False) else 0.0

    def getSpaceBefore(self) -> float:  # noqa: N802 - ReportLab's name
        return self.items[0].getSpaceBefore() if self.items else 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self._sizes = [item.wrap(availWidth, availHeight)[1] for item in self.items]
        self.height = sum(self._gap(i, it) + h for i, (it, h) in enumerate(zip(self.items, self._sizes)))
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for i, (item, h) in enumerate(zip(self.items, self._sizes)):
            y -= self._gap(i, item) + h
            item.drawOn(self.canv, 0, y)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Between items where the height runs out, or inside the item that crosses it."""
        self.wrap(availWidth, availHeight)
        used = 0.0
        for i, (item, h) in enumerate(zip(self.items, self._sizes)):
            gap = self._gap(i, item)
            if used + gap + h <= availHeight:
                used += gap + h
                continue
            parts = item.split(availWidth, availHeight - used - gap)
            if len(parts) >= 2:
                return [Stack([*self.items[:i], parts[0]]), Stack([*parts[1:], *self.items[i + 1 :]])]
            if i == 0:
                return []
            return [Stack(self.items[:i]), Stack(self.items[i:])]
        return [self]


def _frame_room(flowable: Flowable, fallback: float) -> float:
    """The height of the frame `flowable` is being split in, when it is split by ReportLab's
    frame (which lends it the canvas); else `fallback`."""
    frame = getattr(getattr(getattr(flowable, "canv", None), "_doctemplate", None), "frame", None)
    height = getattr(frame, "_height", None)
    if height is None:
        return fallback
    return max(fallback, height - getattr(frame, "_topPadding", 0) - getattr(frame, "_bottomPadding", 0))


def split_between_words(item: Flowable, width: float, height: float, room: float) -> tuple[list[Flowable], bool]:
    """`item.split(width, height)`, moved up to a line that ends a word: a paragraph's long word,
    broken over lines, is never cut by a column or page break (a "(cont.)" title would then sit
    between its halves). Only a word taller than a whole column (`room`, a fresh column's space)
    is cut; the second flag says so, and the continuation then repeats no title."""
    parts = item.split(width, height)
    if len(parts) < 2 or not isinstance(item, Paragraph):
        return parts, False
    words = plain_words(item)
    leading = item.style.leading
    tries = height
    while _cuts_word(words, parts[0]):
        tries -= leading
        shorter = item.split(width, tries) if tries >= leading else []
        if len(shorter) < 2:
            # No line in the space ends a word. If the word fits a fresh column, it waits for one;
            # else (taller than any column) it is cut here, and printed without a title between.
            word = max(words, key=len)  # (the longest: cheaper than finding the one cut, and as safe)
            tall = Paragraph(word, item.style).wrap(width, 1e9)[1] > room
            return (parts, True) if tall else ([], False)
        parts = shorter
    return parts, False


def _cuts_word(words: Sequence[str], first: Flowable) -> bool:
    """Whether `first`, the head of a paragraph of `words` split at a line, ends inside a word:
    its letters (spaces aside) do not add up to a run of whole words."""
    kept = _letters(first)
    total = 0
    for word in words:
        total += len(word)
        if total >= kept:
            return total != kept
    return False


def plain_words(para: Paragraph) -> list[str]:
    """The words of a paragraph as laid out (markup gone, entities read)."""
    return para.getPlainText().split()


def _letters(para: Flowable) -> int:
    """How many characters other than spaces the laid-out lines of `para` hold."""
    lines = getattr(getattr(para, "blPara", None), "lines", ())
    count = 0
    for line in lines:
        if isinstance(line, tuple):  # a plain paragraph's line: (extra space, [words])
            count += sum(len("".join(w.split())) for w in line[1])
        else:  # a line of fragments (markup)
            count += sum(len("".join(getattr(f, "text", "").split())) for f in line.words)
    return count


def grid(
    rows: Sequence[Sequence[Flowable]],
    widths: Sequence[float],
    style: Style,
    *,
    header: Sequence[Flowable] = (),
    zebra: bool = True,
    extra: Sequence[tuple] = (),
) -> Table:
    """A ruled table that splits between rows and inside a tall row.

    The header row (if any) repeats on every page; alternate rows are tinted
    so rows stay distinct in greyscale.
    """
    data = ([list(header)] if header else []) + [list(r) for r in rows]
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), style.font),  # else Table names an unembedded Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, style.rule),
    ]
    first = 1 if header else 0
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), style.fill),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, style.accent),
        ]
    if zebra:
        for r in range(first, len(data)):
            if (r - first) % 2 == 1:
                commands.append(("BACKGROUND", (0, r), (-1, r), style.tint))
    commands += list(extra)
    return Table(
        data,
        colWidths=list(widths),
        style=TableStyle(commands),
        repeatRows=first,
        splitByRow=1,
        splitInRow=1,
        hAlign="LEFT",
    )


def wrap_balanced(para: Paragraph, width: float, height: float) -> float:
    """Wrap `para` in as few lines as `width` allows, but with lines of even length: at the
    narrowest width that keeps that number of lines ("The purges, show trials / and Great
    Terror", not "... and Great / Terror"). Returns its height; it draws from the left as before."""
    tall = para.wrap(width, height)[1]
    lines = len(getattr(para, "blPara", None).lines) if getattr(para, "blPara", None) else 1
    if lines < 2:
        return tall
    short, fits = width / lines, width  # too narrow / narrow enough
    for _ in range(12):
        middle = (short + fits) / 2
        para.wrap(middle, height)
        short, fits = (short, middle) if len(para.blPara.lines) <= lines else (middle, fits)
    return para.wrap(fits + 0.01, height)[1]


class Band(Flowable):
    """A coloured band: kicker, title, an optional right-hand period and lines below.

    Sheets use it as their header; the cover uses a larger one.
    """

    def __init__(
        self,
        title: str,
        style: Style,
        *,
        kicker: str = "",
        period: str = "",
        below: Sequence[str] = (),
        title_style=None,
        below_style=None,
        pad: float = 10.0,
        min_height: float = 0,
    ):
        super().__init__()
        self.style = style
        self.title = Paragraph(to_para(title), title_style or style.title)
        self.kicker = Paragraph(to_para(kicker), style.band_meta) if kicker else None
        self.below = [Paragraph(to_para(line), below_style or style.band_meta) for line in below]
        self.period = human_date(period, style.words.language)  # "1924-29" prints "1924–29", as every date does
        self.pad = pad
        self.min_height = min_height
        self.spaceAfter = 8

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        inner = availWidth - 2 * self.pad
        period_w = text_width(self.period, self.style.bold, self.style.type.subtitle) + 12 if self.period else 0
        if period_w > inner / 3:  # too long to sit beside the title: a wrapped line under it
            self.below = [Paragraph(to_para(self.period), self.style.band_meta), *self.below]
            self.period, period_w = "", 0
        self._th = wrap_balanced(self.title, inner - period_w, availHeight)
        self._kh = self.kicker.wrap(inner, availHeight)[1] + 3 if self.kicker else 0
        self._bh = [p.wrap(inner, availHeight)[1] + 4 for p in self.below]
        self.height = max(self.min_height, self.pad * 2 + self._kh + self._th + sum(self._bh))
        return self.width, self.height

    def draw(self) -> None:
        canv, s = self.canv, self.style
        canv.setFillColor(s.fill)
        canv.setStrokeColor(s.accent)
        canv.setLineWidth(s.outline)
        canv.roundRect(0, 0, self.width, self.height, 4, stroke=s.outline > 0, fill=1)
        # Content sits at the bottom of a band taller than it needs (the cover).
        y = self.pad + self._kh + self._th + sum(self._bh)
        if self.kicker:
            self.kicker.drawOn(canv, self.pad, y - self._kh + 3)
            y -= self._kh
        # The period first, so a title split over two bands reads on without a break.
        if self.period:
            canv.setFillColor(s.on_fill)
            canv.setFont(s.bold, s.type.subtitle)
            canv.drawRightString(self.width - self.pad, y - 19, self.period)
        self.title.drawOn(canv, self.pad, y - self._th)
        y -= self._th
        for p, h in zip(self.below, self._bh):
            p.drawOn(canv, self.pad, y - h)
            y -= h

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """A band too tall for the space (a title of hundreds of words) splits inside its title,
        never shrinking it and never raising LayoutError; the rest continues in a plain band."""
        import copy

        self.wrap(availWidth, availHeight)
        period_w = text_width(self.period, self.style.bold, self.style.type.subtitle) + 12 if self.period else 0
        room = availHeight - 2 * self.pad - self._kh
        parts = self.title.split(availWidth - 2 * self.pad - period_w, room) if room > 0 else []
        if len(parts) < 2 and self.below and len(parts) == 1:
            # The title fits but not the lines below it: they continue in a band of their own.
            parts = [parts[0], Paragraph("", self.title.style)]
        if len(parts) < 2:
            return []
        first, rest = copy.copy(self), copy.copy(self)
        for part in (first, rest):
            part.__dict__.pop("_postponed", None)  # ReportLab's mark on the unsplit original
        first.title, first.below, first.min_height = parts[0], [], 0
        rest.title, rest.kicker, rest.period, rest.min_height = parts[1], None, "", 0
        return [first, rest]


def panel_rows(items: Iterable[tuple[str, str]], style: Style) -> list[Flowable]:
    """'Lead: text' paragraphs for a panel, the lead in bold."""
    return [para(f"{bolded(lead)}: {text}" if lead else text, style.body) for lead, text in items]


WRITING_PITCH = 8 * mm  # handwriting lines: a comfortable ruled-paper spacing
# Mid grey, not the pale table rule: a mono laser dithers a pale hairline into dots.
WRITING_GREY = colors.HexColor("#9a9a9a")


class RuledLines(Flowable):
    """`count` light grey handwriting lines `WRITING_PITCH` apart across the width.

    The flowable is `count` pitches tall with its last line at the bottom. A
    `prompt` paragraph (the first words of an answer) sits on the first line,
    so the writer carries on after it. It splits between lines, so writing
    space continues in the next column or page instead of being clipped (never
    leaving fewer than three lines on either side).
    """

    def __init__(self, count: int, pitch: float = WRITING_PITCH, prompt: Paragraph | None = None):
        super().__init__()
        self.count = max(int(count), 1)
        self.pitch = pitch
        self.prompt = prompt

    def _extra(self, width: float) -> float:
        """How far a prompt taller than a line's space pushes the lines down."""
        if self.prompt is None:
            return 0.0
        self._prompt_h = self.prompt.wrap(width, 10_000)[1]
        return max(0.0, self._prompt_h - (self.pitch - 2))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.count * self.pitch + self._extra(availWidth)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        if self.prompt is not None:
            # The paragraph's bottom edge sits just above the first line (its descenders on it).
            self.prompt.drawOn(canv, 0, (self.count - 1) * self.pitch + 1)
        canv.setStrokeColor(WRITING_GREY)
        canv.setLineWidth(0.5)
        for k in range(self.count):
            canv.line(0, k * self.pitch, self.width, k * self.pitch)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        fits = int((availHeight - self._extra(availWidth) + 0.01) // self.pitch)
        if fits >= self.count:
            return [self]
        fits = min(fits, self.count - MIN_LINES)
        if fits < MIN_LINES:
            return []
        return [RuledLines(fits, self.pitch, self.prompt), RuledLines(self.count - fits, self.pitch)]


def label_widths(labels: Iterable[str], columns: int, style: Style, width: float) -> list[float]:
    """Widths of a table with a label column and `columns` equal columns over `width`: the
    label column as wide as its longest word needs (between 18% and 26% of the table)."""
    longest = max(
        (text_width(word, style.bold, style.body.fontSize) for label in labels for word in plain(label).split()),
        default=0.0,
    )
    label = min(max(longest + 12, 0.18 * width), 0.26 * width)
    n = max(columns, 1)
    return [label] + [(width - label) / n] * n


def labelled_grid(
    columns: Sequence[str],
    rows: Sequence[tuple[str, Sequence[Sequence[Flowable] | Flowable]]],
    widths: Sequence[float],
    style: Style,
    zebra: bool = True,
) -> Table:
    """A comparison table: the compared things as a header row over a blank corner, each
    row's label (model text) in a bold accent column, then its cells (flowables).

    Rules after the label column and between the compared ones make columns read as
    columns in greyscale, where the zebra tint is faint.
    """
    head = style.para("compare-head", TYPE.subhead, fontName=style.bold, textColor=style.on_fill, leading=13)
    label = style.para("compare-label", TYPE.body, fontName=style.bold, textColor=style.accent)
    header = [para("", head)] + [para(c, head) for c in columns]
    body = [[para(text, label), *cells] for text, cells in rows]
    return grid(
        body,
        widths,
        style,
        header=header,
        zebra=zebra,
        extra=[
            ("LINEAFTER", (0, 0), (0, -1), 0.8, style.accent),
            ("LINEAFTER", (1, 1), (-2, -1), 0.4, style.rule),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ],
    )


Make = Callable[..., list[Flowable]]


LONG_HEAD = 380  # points (about half a page): a head taller than this (long extracts) may break from its lines


class Answer(Flowable):
    """What is asked (a question with the extracts it is about, or a section's hint) above
    its ruled lines, kept together.

    It moves whole rather than leave its head without `MIN_LINES` lines beneath, and where
    its lines run on, the next page repeats the head as `again()` makes it (the question
    marked "(cont.)"), so no answer lines are ever left without what they answer. Only a
    head taller than `LONG_HEAD` (long extracts) may break inside, as it would anywhere.
    """

    def __init__(self, head: Sequence[Flowable], lines: RuledLines,
                 again: Callable[[], Sequence[Flowable]] = lambda: ()):
        super().__init__()
        self.head, self.lines, self.again = list(head), lines, again

    def _space(self, i: int, item: Flowable) -> float:
        return item.getSpaceBefore() if i else 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self._sizes = [item.wrap(availWidth, 10_000)[1] for item in self.head]
        self._hh = sum(self._space(i, item) + h + item.getSpaceAfter()
                       for i, (item, h) in enumerate(zip(self.head, self._sizes)))
        self.height = self._hh + self.lines.wrap(availWidth, availHeight)[1]
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.head[0].getSpaceBefore() if self.head else 0.0

    def draw(self) -> None:
        y = self.height
        for i, (item, h) in enumerate(zip(self.head, self._sizes)):
            y -= self._space(i, item) + h
            item.drawOn(self.canv, 0, y)
            y -= item.getSpaceAfter()
        self.lines.drawOn(self.canv, 0, 0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight:
            return [self]
        parts = self.lines.split(availWidth, availHeight - self._hh)
        if len(parts) == 2 and parts[0].count >= MIN_LINES:
            return [Answer(self.head, parts[0]), Answer(self.again(), parts[1], self.again)]
        if self._hh <= LONG_HEAD:
            return []
        used = 0.0
        for i, (item, h) in enumerate(zip(self.head, self._sizes)):
            need = self._space(i, item) + h + item.getSpaceAfter()
            if used + need <= availHeight:
                used += need
                continue
            pieces = item.split(availWidth, availHeight - used - self._space(i, item))
            if len(pieces) >= 2:
                return [*self.head[:i], pieces[0], Answer([*pieces[1:], *self.head[i + 1:]], self.lines, self.again)]
            return [*self.head[:i], Answer(self.head[i:], self.lines, self.again)] if i else []
        return []
