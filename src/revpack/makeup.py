"""The make-up audit: read a finished PDF back and report how its pages are made up.

`audit` measures, page by page, how much of the text frame is used (the depth the
content reaches, column by column) and finds the breaches a publisher's make-up
editor would mark:

- an *orphaned heading*: a heading at the foot of a column or page with less than
  two lines under it, its content continuing in the next column;
- a *widowed continuation*: a "(cont.)" piece of fewer than three lines (or the
  height of two table rows);
- an *unbalanced last page*: the last page of a two-column view whose columns
  differ by more than two lines (or whose right column is empty);
- for a two-sided pack (`sides=2`): a topic starting on a left-hand (even) page, and
  an answer key printed on the same sheet as the worksheet it answers.

Headings are found by the marked-content tag the layout pieces draw them in
(`HEADING_TAG`); views are found from the pack's outline (pack > topic > view).
It reuses preflight's content-stream interpreter, so it needs nothing but pypdf.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader

from revpack.labels import LABELS
from revpack.layout import COLUMNS_TAG, HEADING_TAG  # headings and page grids are marked so

FURNITURE = "/Artifact"  # marked content of page furniture (footers, running heads, a blank page's note)
# "(cont.)" in every language a pack may print (labels.LABELS).
CONTS = tuple(sorted({table["continued"] for table in LABELS.values()}))
CONTENTS = frozenset(table["contents"] for table in LABELS.values())  # the contents' title and bookmark
LINE = 12.5  # a body line, points (10 pt type, 1.25 leading)
BALANCE = 2 * LINE  # a two-column page's columns may differ by this much
WIDOW = 3 * LINE - 3  # a continuation shorter than three lines is a widow
ORPHAN = 2 * LINE  # a heading needs two lines under it at a column's foot
TOP_MARGIN = 14 * 72 / 25.4  # render's page margin and body bottom (theme.MARGIN, render.BODY_BOTTOM)
BODY_BOTTOM = 18 * 72 / 25.4
GUTTER = 6 * 72 / 25.4  # render.COLUMN_GAP
FULL = 0.96  # a column this deep reaches the frame's foot
# Less than this under a page's title band cannot be shared between two columns: each would
# hold under three lines, a widow (render.render_story balances nothing shorter either).
SHARE = 2 * 3 * LINE


def _continued(text: str) -> bool:
    return any(c in text for c in CONTS)


@dataclass
class Item:
    """Something placed on a page: text or a drawing, its box, whether it is a heading."""

    kind: str
    box: tuple[float, float, float, float]
    text: str = ""
    heading: bool = False


@dataclass
class PageReport:
    """One page as the audit saw it."""

    number: int  # 1-based PDF page index
    label: str  # the page's label (the number printed on it, or "Cover", "ii")
    view: str  # "topic / view" from the outline ('' for front matter)
    used: float  # share of the text frame's depth used (0-1), averaged over its columns
    columns: tuple[float, ...]  # the depth used in each column, points
    blank: bool = False  # a page left blank (for two-sided printing)
    above: float = 0.0  # the depth of what spans both columns above them (a title band), points
    problems: list[str] = field(default_factory=list)


@dataclass
class Audit:
    """The audit of one PDF: its pages and the totals the make-up is judged by."""

    pages: list[PageReport]
    front: int = 0  # pages before the first view (cover, contents, a blank)
    cover_pages: int = 0
    contents_pages: int = 0
    left_starts: list[str] = field(default_factory=list)  # topics starting on a left-hand page
    backing_keys: list[str] = field(default_factory=list)  # answer keys sharing a sheet with their worksheet
    shared_handouts: list[str] = field(default_factory=list)  # a handout of its own (exam practice) on a left-hand page

    @property
    def content(self) -> list[PageReport]:
        return [p for p in self.pages if p.view and not p.blank]

    def count(self, kind: str) -> int:
        return sum(1 for p in self.pages for problem in p.problems if problem.startswith(kind))

    def summary(self) -> dict[str, int]:
        """The numbers the make-up is measured by (see issue #15)."""
        content = self.content
        return {
            "pages": len(self.pages),
            "content pages": len(content),
            "blank pages": sum(p.blank for p in self.pages),
            "under 25% used": sum(p.used < 0.25 for p in content),
            "under 45% used": sum(p.used < 0.45 for p in content),
            "orphaned headings": self.count("orphaned heading"),
            "widowed continuations": self.count("widowed continuation"),
            "unbalanced last pages": self.count("unbalanced last page"),
            "cover pages": self.cover_pages,
            "contents pages": self.contents_pages,
            "topics starting on a left-hand page": len(self.left_starts),
            "answer keys backing their worksheet": len(self.backing_keys),
            "handouts not on a sheet of their own": len(self.shared_handouts),
        }

    def problems(self) -> list[str]:
        """Every breach, one line each: "page N (label, view): problem"."""
        out = [f"page {p.number} ({p.label}{', ' + p.view if p.view else ''}): {problem}"
               for p in self.pages for problem in p.problems]
        out += [f"topic starts on a left-hand page: {t}" for t in self.left_starts]
        out += [f"answer key shares a sheet with its worksheet: {k}" for k in self.backing_keys]
        out += [f"handout starts on the back of another sheet: {h}" for h in self.shared_handouts]
        return out


def _scan(page) -> list[Item]:
    """What `page` places (a page of `preflight.pages_of`: read back, or as drawn)."""
    from revpack.preflight import EDGE, Expectations, _FontCache, _PageScan

    box = page.box
    scan = _PageScan(box, Expectations(edge=EDGE), _FontCache(), 0.0)
    scan.placed = []
    page.scan(scan)
    width, height = box[2] - box[0], box[3] - box[1]
    items = []
    for kind, (x0, y0, x1, y1), text, _size, tags in scan.placed:
        if kind == "point":
            if COLUMNS_TAG in tags:  # "<< /N 2 /Top 790.3 >>": the page's columns and frame top
                words = text.replace("<<", " ").replace(">>", " ").split()
                grid = dict(zip(words[::2], words[1::2]))
                top = float(grid.get("/Top", "0")) - box[1]
                items.append(Item("columns", (0.0, top, 0.0, top), grid.get("/N", "1")))
            continue
        if kind != "marks" and (x1 - x0) * (y1 - y0) > 0.8 * width * height:
            continue  # a page colour, not content
        kind = "furniture" if FURNITURE in tags else kind
        here = (x0 - box[0], y0 - box[1], x1 - box[0], y1 - box[1])
        last = items[-1] if items else None
        if (kind == "text" and HEADING_TAG in tags and last is not None and last.heading
                and abs(last.box[1] - here[1]) < 4 and -2 < here[0] - last.box[2] < 20):
            # The runs of one heading line ("Key dates", "(cont.)"): one item.
            last.box = (last.box[0], min(last.box[1], here[1]), here[2], max(last.box[3], here[3]))
            last.text = f"{last.text} {text.strip()}"
            continue
        items.append(Item(kind, here, text.strip(), HEADING_TAG in tags))
    return items


def page_columns(pdf: bytes, index: int) -> tuple[int, tuple[float, ...]]:
    """The page count of `pdf`, and the depth used in each column of its page `index`
    (one depth if the page is not set in columns)."""
    from revpack.preflight import pages_of

    pages = pages_of(pdf)
    page = pages[index]
    width, height = page.box[2] - page.box[0], page.box[3] - page.box[1]
    items = _scan(page)
    depth, _, _ = _columns(items, width, _frame_top(items, height))
    return len(pages), depth


def _outline(reader: PdfReader) -> list[tuple[int, str, str]]:
    """The views' first pages (0-based), with their topic and view names, in page order.

    A pack's outline is pack > topic > view (a topic-level entry without views, such as
    the glossary, is a view of its own); a file without an outline is one view."""
    starts: list[tuple[int, str, str]] = []

    def walk(items, topic: str, depth: int) -> None:
        i = 0
        while i < len(items):
            item = items[i]
            children = items[i + 1] if i + 1 < len(items) and isinstance(items[i + 1], list) else None
            title = str(item.title)
            if children is not None:
                if depth == 0:
                    walk(children, "", 1)
                else:
                    walk(children, title, depth + 1)
                i += 2
                continue
            if depth >= 1 and title not in CONTENTS:
                starts.append((reader.get_destination_page_number(item), topic or title, title if topic else ""))
            i += 1

    walk(list(reader.outline), "", 0)
    return sorted(set(starts))


def _labels(reader: PdfReader) -> list[str]:
    try:
        return list(reader.page_labels)
    except Exception:  # noqa: BLE001 - labels are a nicety
        return [str(i + 1) for i in range(len(reader.pages))]


def _frame_top(items: Sequence[Item], height: float) -> float:
    """Where the page's text frame starts: as the page says (`COLUMNS_TAG`), else under the margin."""
    grid = next((i for i in items if i.kind == "columns" and i.box[1] > 0), None)
    return grid.box[1] if grid is not None else height - TOP_MARGIN


def _columns(items: Sequence[Item], width: float, top: float) -> tuple[tuple[float, ...], bool, float]:
    """The depth used in each column of a page (points from the frame top); whether the
    page is set in two columns: as the page says (`COLUMNS_TAG`, drawn by render), else
    when something sits wholly in the right-hand one; and the depth of what spans both
    columns above them (a title band)."""
    mid = width / 2
    body = [i for i in items if i.box[1] >= BODY_BOTTOM - 1 and i.box[3] <= top + 1
            and i.kind not in ("furniture", "columns")]
    if not body:
        return (0.0,), False, 0.0
    grid = next((i.text for i in items if i.kind == "columns"), None)
    if grid is not None and grid.isdigit() and int(grid) < 2:  # the page says it has one column
        return (top - min(i.box[1] for i in body),), False, 0.0
    spans = [i for i in body if i.box[0] < mid - GUTTER / 2 + 1 and i.box[2] > mid + GUTTER / 2 - 1]
    zone = min((i.box[1] for i in spans), default=top)  # the columns start below the lowest full-width thing
    left = [i for i in body if i.box[2] <= mid + 1 and i.box[3] <= zone + 1]
    right = [i for i in body if i.box[0] >= mid - 1 and i.box[3] <= zone + 1]
    if not right and grid is None:
        lowest = min(i.box[1] for i in body)
        return (top - lowest,), False, 0.0
    depth = [top - min([zone, *(i.box[1] for i in side)]) for side in (left, right)]
    return tuple(depth), True, top - zone


def _column_items(items: Sequence[Item], width: float, two: bool, col: int) -> list[Item]:
    mid = width / 2
    if not two:
        return list(items)
    if col == 0:
        return [i for i in items if i.box[2] <= mid + 1]
    return [i for i in items if i.box[0] >= mid - 1]


def _under(items: Sequence[Item], heading: Item) -> list[Item]:
    """What lies under `heading`, down to the next heading or the column's foot."""
    below = [i for i in items if i.box[3] <= heading.box[1] + 0.5 and i is not heading]
    nxt = max((i.box[3] for i in below if i.heading), default=None)
    mine = [i for i in below if nxt is None or i.box[1] > nxt]
    # The heading's own rule (a hairline just under it) is not content.
    return [i for i in mine if not (i.kind == "drawing" and i.box[3] - i.box[1] < 1.5
                                    and heading.box[1] - i.box[3] < 5)]


def _lines_under(items: Sequence[Item], heading: Item) -> float:
    """The depth of the content under `heading`, down to the next heading or the column's foot."""
    mine = _under(items, heading)
    return heading.box[1] - min(i.box[1] for i in mine) if mine else 0.0


def _rows_under(items: Sequence[Item], heading: Item, width: float) -> int | None:
    """The body rows of a table under `heading` (rules nearly as wide as the column, `width`,
    one under each row and the header), or None when there is no table there."""
    rules = {round(i.box[1]) for i in _under(items, heading)
             if i.kind == "drawing" and i.box[3] - i.box[1] < 1.5 and i.box[2] - i.box[0] > 0.9 * width}
    return len(rules) - 1 if len(rules) >= 2 else None


def _top_text(items: Sequence[Item]) -> str:
    texts = [i for i in items if i.kind == "text"]
    return max(texts, key=lambda i: i.box[3]).text if texts else ""


def _starts_with_cont(items: Sequence[Item]) -> bool:
    heads = [i for i in items if i.heading]
    if not heads:
        return False
    top_head = max(heads, key=lambda i: i.box[3])
    text_above = [i for i in items if i.kind == "text" and i.box[1] > top_head.box[3] and not i.heading]
    cont = any(_continued(i.text) for i in items if i.heading and abs(i.box[3] - top_head.box[3]) < 2)
    return cont and not text_above


def audit(pdf: bytes | Path, sides: int = 1) -> Audit:
    """The make-up audit of `pdf` (see the module docstring). With `sides=2` it also checks
    the two-sided rules: topics on right-hand pages, answer keys off their worksheet's sheet."""
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    reader = PdfReader(io.BytesIO(data))
    labels = _labels(reader)
    starts = _outline(reader)
    n = len(reader.pages)
    if not starts:
        starts = [(0, "", "")]
    view_of: list[tuple[str, str, int]] = [("", "", -1)] * n  # (topic, view, index of its view)
    for k, (first, topic, view) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else n
        for p in range(first, end):
            view_of[p] = (topic, view, k)
    front = starts[0][0]
    scans = []
    frame_of: list[float] = []
    pages: list[PageReport] = []
    from revpack.preflight import pages_of

    for index, page in enumerate(pages_of(data)):
        width, height = page.box[2] - page.box[0], page.box[3] - page.box[1]
        items = _scan(page)
        top = _frame_top(items, height)
        depth, two, above = _columns(items, width, top)
        frame = top - BODY_BOTTOM
        topic, view, _ = view_of[index]
        name = " / ".join(x for x in (topic, view) if x) if index >= front else ""
        if len(starts) == 1 and not starts[0][1]:
            name = "document"
        blank = not any(i.kind == "text" for i in items if i.box[1] >= BODY_BOTTOM - 1)
        used = 0.0 if blank else min(1.0, sum(depth) / (len(depth) * frame))
        pages.append(PageReport(index + 1, labels[index] if index < len(labels) else str(index + 1), name, used,
                                tuple(round(d, 1) for d in depth), blank, above))
        scans.append((items, width, two, top, any(i.kind == "marks" for i in items)))
        frame_of.append(frame)

    # Headings at a column's foot, and short continuations.
    for index, (items, width, two, top, _cards) in enumerate(scans):
        report = pages[index]
        if report.blank or index < front:
            continue
        for col in range(2 if two else 1):
            mine = [i for i in _column_items(items, width, two, col)
                    if i.box[1] >= BODY_BOTTOM - 1 and i.box[3] <= top + 1]
            heads = sorted((i for i in mine if i.heading), key=lambda i: -i.box[3])
            if not heads:
                continue
            last, first = heads[-1], heads[0]
            # The next column of the same view: this page's right column, or the next page's first.
            if two and col == 0:
                following = _column_items(scans[index][0], width, True, 1)
            elif index + 1 < n and view_of[index + 1][2] == view_of[index][2] and not pages[index + 1].blank:
                nitems, nwidth, ntwo, *_ = scans[index + 1]
                following = _column_items(nitems, nwidth, ntwo, 0)
            else:
                following = []
            continues = _starts_with_cont(following)
            under = _lines_under(mine, last)
            if continues and under < ORPHAN:
                report.problems.append(f"orphaned heading {last.text!r}: {under / LINE:.1f} lines under it at "
                                       f"the foot of {'the left column' if two and col == 0 else 'the right column' if two else 'the page'}")
            if _continued(first.text) and not [i for i in mine if i.kind == "text" and i.box[1] > first.box[3]]:
                body, rows = _lines_under(mine, first), _rows_under(mine, first, (width - 2 * TOP_MARGIN - GUTTER) / 2 if two else width - 2 * TOP_MARGIN)
                if rows is not None and rows < 2:
                    report.problems.append(f"widowed continuation {first.text!r}: {rows} row")
                elif 0 < body < WIDOW:
                    report.problems.append(f"widowed continuation {first.text!r}: {body / LINE:.1f} lines")

    # Unbalanced last pages of two-column views.
    for k, (first, topic, view) in enumerate(starts):
        end = (starts[k + 1][0] if k + 1 < len(starts) else n) - 1
        while end > first and pages[end].blank:
            end -= 1
        if not any(scans[p][2] for p in range(first, end + 1)) or any(scans[p][4] for p in range(first, end + 1)):
            continue  # one column, or sheets of cards (imposed, not flowed)
        report = pages[end]
        depth = report.columns
        if sum(d - report.above for d in depth) < SHARE:
            continue  # too little to share between two columns (see SHARE)
        if len(depth) == 1 and depth[0] > 0:
            report.problems.append(f"unbalanced last page: one column of {depth[0] / LINE:.0f} lines, the other empty")
        elif len(depth) == 2 and abs(depth[0] - depth[1]) > BALANCE and min(depth) < FULL * frame_of[end]:
            # (A page whose columns both reach the foot is full: a ragged foot, not a runt.)
            report.problems.append(f"unbalanced last page: columns of {depth[0] / LINE:.0f} and "
                                   f"{depth[1] / LINE:.0f} lines")

    result = Audit(pages, front=front)
    # Front matter: the cover runs up to the page titled "Contents"; the contents up to the first view.
    contents_at = next((i for i in range(1, front) if scans[i][0] and _top_text(scans[i][0]) in CONTENTS), None)
    if contents_at is not None:
        result.cover_pages = contents_at
        result.contents_pages = sum(1 for p in pages[contents_at:front] if not p.blank)
    if sides == 2:
        _two_sided(result, starts, pages, n)
    return result


# Worksheet -> its answer key, as the outline names them in every language.
ANSWERS_OF = {table[sheet]: table[key] for table in LABELS.values()
              for sheet, key in (("blank_recall", "summary_sheet"), ("cloze", "cloze_answers"))}


# Views handed out apart from the sheet before them (`View.own_sheet`), as the outline names them.
OWN_SHEET = {table["exam_practice"] for table in LABELS.values()}


def _two_sided(result: Audit, starts, pages: list[PageReport], n: int) -> None:
    """Topics must start on a right-hand (odd, counting the cover as 1) page; a worksheet and
    its answer key must not share a sheet; a handout of its own (exam practice) starts a sheet."""
    seen_topics: set[str] = set()
    ranges: dict[tuple[str, str], tuple[int, int]] = {}
    for k, (first, topic, view) in enumerate(starts):
        end = (starts[k + 1][0] if k + 1 < len(starts) else n) - 1
        while end > first and pages[end].blank:
            end -= 1
        ranges[topic, view] = (first, end)
        if view and topic not in seen_topics:
            seen_topics.add(topic)
            if first % 2 == 1:  # 0-based odd index: a left-hand page
                result.left_starts.append(f"{topic} (page {pages[first].label})")
        elif view in OWN_SHEET and first % 2 == 1:
            result.shared_handouts.append(f"{topic}: {view} (page {pages[first].label})")
    for (topic, view), (first, end) in ranges.items():
        key = ANSWERS_OF.get(view)
        if key is None or (topic, key) not in ranges:
            continue
        sheets = set(range(first // 2, end // 2 + 1))
        kfirst, kend = ranges[topic, key]
        if sheets & set(range(kfirst // 2, kend // 2 + 1)):
            result.backing_keys.append(f"{topic}: {view} (pages {pages[first].label}-{pages[end].label}) and "
                                       f"{key} (pages {pages[kfirst].label}-{pages[kend].label})")


def report(result: Audit, detail: bool = True) -> list[str]:
    """The audit as lines for a terminal: each page's use and problems, then the totals."""
    lines = []
    if detail:
        for p in result.pages:
            state = "blank" if p.blank else f"{p.used:4.0%} used"
            lines.append(f"page {p.number:>4} {p.label:>6}  {state:>9}  {p.view}")
            lines += [f"    {problem}" for problem in p.problems]
        lines += [f"    {t}" for t in (*(f"topic starts on a left-hand page: {x}" for x in result.left_starts),
                                       *(f"answer key shares a sheet with its worksheet: {x}" for x in result.backing_keys),
                                       *(f"handout starts on the back of another sheet: {x}" for x in result.shared_handouts))]
    lines += [f"{name}: {value}" for name, value in result.summary().items()]
    return lines


__all__ = ["Audit", "PageReport", "audit", "report"]
