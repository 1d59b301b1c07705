"""The comparison view: each of a topic's comparisons as a ruled table.

A table has the compared things as its columns and the aspects as its rows,
with the aspect in a label column at the left. It splits between rows, and
inside a row taller than the page; its header row repeats on every page.
Tables with four or more columns, or columns too narrow for their words, are
printed on landscape pages (`render.Turn`).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from revpack.layout import Band, Block, bullets, label_widths, labelled_grid, para
from revpack.markup import plain
from revpack.model import Comparison, Point, Topic, iter_text
from revpack.pdfmetrics_cache import text_width
from revpack.render import Turn, turned
from revpack.render import text_width as page_width
from revpack.theme import Style

MIN_COLUMN = 120.0  # points: a narrower column sets too few words a line to read well
PAD = 8.0  # a cell's left and right padding together (layout.grid)


def cell(points: tuple[Point, ...], style: Style) -> list[Flowable]:
    """A cell's points: one plain point as a paragraph, several (or nested ones) as bullets."""
    if len(points) == 1 and not points[0].points:
        return [para(points[0].text, style.body)]
    return bullets(points, style)


def widths(comparison: Comparison, style: Style, width: float) -> list[float]:
    """Column widths over `width`: the label column as wide as its longest word needs
    (between 18% and 26% of the table), the compared columns sharing the rest equally."""
    return label_widths((row.label for row in comparison.rows), len(comparison.columns), style, width)


def _longest_word(comparison: Comparison, style: Style) -> float:
    """The width of the widest word of the column heads and cells, set in bold (the widest case)."""
    texts = [*comparison.columns, *iter_text(tuple(row.cells for row in comparison.rows))]
    return max((text_width(w, style.bold, style.body.fontSize) for t in texts for w in plain(t).split()), default=0.0)


def needs_landscape(comparison: Comparison, style: Style) -> bool:
    """Whether `comparison` is printed on a landscape page: four or more columns, or a
    column narrower than `MIN_COLUMN` or than its longest word on an upright page."""
    if len(comparison.columns) >= 4:
        return True
    column = widths(comparison, style, page_width(style))[-1] - PAD
    return column < MIN_COLUMN * style.look.scale or _longest_word(comparison, style) > column - 12


def comparison_table(comparison: Comparison, style: Style, width: float) -> Flowable:
    """`comparison` as a titled, ruled table filling `width` (the title repeats "(cont.)")."""
    n = len(comparison.columns)
    rows = []
    for row in comparison.rows:
        cells = list(row.cells[:n]) + [()] * (n - len(row.cells))  # the loader keeps them equal
        rows.append((row.label, [cell(points, style) if points else [] for points in cells]))
    table = labelled_grid(comparison.columns, rows, widths(comparison, style, width), style)
    return Block(comparison.title, [table], style, space_after=14)


def compare_sheet(topic: Topic, style: Style, kicker: str = "") -> list[Flowable]:
    """The comparison pages of `topic`: its band, then each comparison in order, each on
    upright or landscape pages as its width needs (the band goes on the first page)."""
    story: list[Flowable] = []
    sideways = False
    for i, comparison in enumerate(topic.comparisons):
        wide = needs_landscape(comparison, style)
        if wide != sideways:
            story.append(Turn(wide))  # first in the story: sets the first page's orientation
            sideways = wide
        if i == 0:
            story += [Band(topic.title, style, kicker=kicker, period=topic.period), Spacer(1, 4)]
        story.append(comparison_table(comparison, style, page_width(turned(style) if wide else style)))
    return story
