"""Views: each printed form of a topic is a function of (topic, style, context).

A view's `story` returns ReportLab flowables; `render_view` lays them out with
the running footer. The registry `VIEWS` is the one list the CLI, the build and
the contents page read, in print order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from revpack.model import Topic
from revpack.render import DocInfo, RunningHead, render_story
from revpack.theme import Style


@dataclass(frozen=True)
class Context:
    """What a view may know beyond its topic: the pack and the build options."""

    pack_title: str = ""
    pack_kicker: str = ""
    author: str = ""
    options: tuple[tuple[str, str], ...] = ()
    number: int = 0  # the topic's number in the pack (as on the cover), for the running heads; 0 = none

    def option(self, name: str, default: str = "") -> str:
        return dict(self.options).get(name, default)


@dataclass(frozen=True)
class View:
    """One printed form of a topic."""

    name: str
    label: str  # the key of its name in `labels.LABELS` ("summary_sheet": "Summary sheet")
    story: Callable[[Topic, Style, Context], list]
    header: Callable[[Topic, Style, Context], list] | None = None  # full width, above the columns
    applies: Callable[[Topic], bool] = field(default=lambda topic: True)
    columns: int = 1
    # The Topic fields this view prints in full: every word of them must be in its PDF
    # (the preflight after each build and the fuzz tests check it).
    prints: tuple[str, ...] = ("title",)
    landscape: bool = False  # may print some pages turned sideways (preflight allows them)
    # A worksheet names the view that answers it; in a pack, its footers say on which page.
    answered_by: str = ""
    # Printed on both sides, it starts on a sheet of its own (a handout apart from the sheet before).
    own_sheet: bool = False

    def title(self, style: Style) -> str:
        """The view's name as printed (footers, bookmarks, contents), in the pack's language."""
        return style.words(self.label)


def render_view(view: View, topic: Topic, style: Style, ctx: Context) -> bytes:
    """One (topic, view) fragment as PDF bytes."""
    # The same footer on every page of a pack; what the page is, its band or running head says.
    footer = ctx.pack_title
    head = RunningHead(topic.title, str(ctx.number or ""), view.title(style))
    info = DocInfo(
        title=f"{topic.title} \u2014 {view.title(style)}",
        author=ctx.author,
        subject=ctx.pack_title,
    )

    def render(style: Style, balance: bool = True, first: bytes | None = None) -> bytes:
        header = view.header(topic, style, ctx) if view.header else ()
        story = view.story(topic, style, ctx)
        # What only fills a page's foot (the exam's last answer lines) is left out of the sets
        # `fit_before_flow` compares, so a stub last page is still seen and tightened away
        # where it can be; the set chosen is then laid out again with it.
        if not balance:
            story = [f for f in story if not getattr(f, "fills_page", False)]
        elif any(getattr(f, "fills_page", False) for f in story):
            first = None
        return render_story(story, style, info, footer=footer, cites=bool(view.answered_by), columns=view.columns,
                            header=header, balance=balance, first=first, head=head)

    return fit_before_flow(render, style, view.columns)


SHORT = 0.45  # a one-page view using less of its page than this shares it with the topic's next view


def used(pdf: bytes, style: Style, index: int = -1) -> float:
    """The share of the body frame used on page `index` of `pdf` (the mean of its columns)."""
    from revpack.makeup import page_columns
    from revpack.render import body_frames

    _, depths = page_columns(pdf, index)
    frame = body_frames(style)[0]._height  # noqa: SLF001
    return sum(depths) / (len(depths) * frame)


def shareable(view: View) -> bool:
    """Whether `view` may share a page with another: not a worksheet nor an answer key (a
    worksheet's key must be a sheet of its own, to be handed out later) nor a sheet of its own."""
    return not (view.answered_by or view.own_sheet or any(v.answered_by == view.name for v in VIEWS.values()))


def render_shared(views: Sequence[View], topic: Topic, style: Style, ctx: Context) -> bytes:
    """Several views of `topic` set one after the other on the same pages (in a pack, short
    views share a page rather than take one each): the first view's band tops the page, each
    later view starts under a heading naming it. The footer is the pack's, as on every page."""
    from revpack.layout import Band, para

    titles = [view.title(style) for view in views]
    footer = ctx.pack_title
    head = RunningHead(topic.title, str(ctx.number or ""), ", ".join(titles))
    info = DocInfo(title=f"{topic.title} \u2014 {', '.join(titles)}", author=ctx.author, subject=ctx.pack_title)
    first, *more = views
    story = list(first.story(topic, style, ctx))
    for view, title in zip(more, titles[1:]):
        rest = list(view.story(topic, style, ctx))
        if rest and isinstance(rest[0], Band):  # the page has its band: this view gets a heading
            rest.pop(0)
        heading = para(title, style.heading)
        heading.keepWithNext = True
        story += [heading, *rest]  # (the view before ends with its own space after: a table's 14 pt)
    header = first.header(topic, style, ctx) if first.header else ()
    return render_story(story, style, info, footer=footer, columns=first.columns, header=header, head=head)


STUB = 0.35  # a last page less used than this is worth tightening the sheet to save


def fit_before_flow(render, style: Style, columns: int = 1) -> bytes:
    """`render(style)`, unless its last page holds only a little: then the same set tighter
    (`Style.tight`: spacing and padding, then display type toward the floor), if that saves
    the page. A sheet that overflows a page by a few lines fits on one side instead.

    The sets are compared unbalanced (balancing the last page's columns changes no page count),
    and only the one chosen has its last page balanced."""
    from dataclasses import replace

    from revpack.makeup import page_columns
    from revpack.render import body_frames, head_place

    pdf = render(style, balance=False)
    pages, depths = page_columns(pdf, -1)
    frame = body_frames(style, top_reserved=head_place(style)[1])[0]._height  # noqa: SLF001  (a later page's)
    if pages >= 2 and sum(depths) / (max(columns, len(depths)) * frame) < STUB:  # (a column left empty counts)
        for tight in (1, 2):
            tighter = replace(style, tight=tight)
            unbalanced = render(tighter, balance=False)
            if page_columns(unbalanced, -1)[0] < pages:
                return render(tighter, first=unbalanced)
    return render(style, first=pdf)


def _summary(topic: Topic, style: Style, ctx: Context) -> list:
    from revpack.views.summary import summary_sheet

    return summary_sheet(topic, style)


def _compare(topic: Topic, style: Style, ctx: Context) -> list:
    from revpack.views.compare import compare_sheet

    return compare_sheet(topic, style, ctx.pack_kicker)


def _timeline(topic: Topic, style: Style, ctx: Context) -> list:
    from revpack.views.timeline import timeline_sheet

    return timeline_sheet(topic, style, ctx.pack_kicker)


def _recall(topic: Topic, style: Style, ctx: Context) -> list:
    from revpack.views.recall import recall_sheet

    return recall_sheet(topic, style, ctx.pack_kicker, ctx.option("recall-level", "2"))


def _exam(topic: Topic, style: Style, ctx: Context) -> list:
    from revpack.views.exam import exam_sheet

    return exam_sheet(topic, style, ctx.pack_kicker)


def _cloze(topic: Topic, style: Style, ctx: Context) -> list:
    from revpack.views.cloze import cloze_sheet

    return cloze_sheet(topic, style, ctx.pack_kicker, keyed=ctx.option("answers") != "none")


def _answers(topic: Topic, style: Style, ctx: Context) -> list:
    from revpack.views.cloze import cloze_sheet

    return cloze_sheet(topic, style, ctx.pack_kicker, filled=True, key=ctx.option("cloze-key", "list"))


def topic_header(topic: Topic, style: Style, ctx: Context) -> list:
    """The band with the topic's title and period, and its summary: the top of most sheets."""
    from revpack.views.summary import header

    return header(topic, style, ctx.pack_kicker)


VIEWS: dict[str, View] = {
    view.name: view
    for view in (
        View("summary", "summary_sheet", _summary, header=topic_header, columns=2,
             applies=lambda topic: any((topic.summary, topic.sections, topic.timeline, topic.terms, topic.people,
                                        topic.quotes, topic.interpretations, topic.stats, topic.image,
                                        topic.figures)),
             prints=("title", "period", "summary", "image", "sections", "timeline", "terms", "people", "quotes",
                     "interpretations", "stats", "figures")),
        View("compare", "comparisons", _compare, applies=lambda topic: bool(topic.comparisons),
             prints=("title", "period", "comparisons"), landscape=True),
        View("timeline", "timeline", _timeline, applies=lambda topic: bool(topic.timeline),
             prints=("title", "period", "timeline")),
        View("recall", "blank_recall", _recall, prints=("title", "period"), answered_by="summary",
             applies=lambda topic: any((topic.sections, topic.terms, topic.people, topic.timeline, topic.comparisons))),
        View("exam", "exam_practice", _exam, applies=lambda topic: bool(topic.questions),
             prints=("title", "period", "questions"), own_sheet=True),
        # Cloze gaps are cut from the topic's notes: a topic of cards or terms alone has none.
        View("cloze", "cloze", _cloze, applies=lambda topic: bool(topic.sections), prints=("title", "period"),
             answered_by="answers"),
        View("answers", "cloze_answers", _answers, applies=lambda topic: bool(topic.sections),
             prints=("title", "period")),
    )
}
