"""The summary sheet: a topic as a dense, two-column knowledge organiser."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from revpack.dates import event_date
from revpack.layout import Band, Block, Stack, bullets, para
from revpack.markup import bolded, to_para
from revpack.model import Image, Topic
from revpack.pdfmetrics_cache import text_width
from revpack.theme import Style


def header(topic: Topic, style: Style, kicker: str = "") -> list[Flowable]:
    """The band with the topic title and period, and the summary under it."""
    out: list[Flowable] = [Band(topic.title, style, kicker=kicker, period=topic.period)]
    if topic.summary:
        summary = para(topic.summary, style.summary)
        summary.spaceAfter = style.space(8)
        out.append(summary)
    return out


# The tallest an image may print, as a share of the column's height: text keeps its room.
TALL = {"topic": 0.4, "section": 0.4, "figure": 0.5, "entry": 0.25}
ENTRY_WIDTH = 0.5  # a term's or person's picture: half the panel's width unless it says


def pictured(image: Image | None, style: Style, kind: str, caption: str | None = None) -> list[Flowable]:
    """`image` (if any) with its caption, sized for a summary sheet's column."""
    if image is None:
        return []
    from revpack.pictures import figure, sheet_frame

    most = sheet_frame(style)  # the largest an image prints: the pixels every view embeds
    share = ENTRY_WIDTH if kind == "entry" and not image.width else 1.0
    return figure(image, style, TALL[kind] * most[1], most, share=share, caption=caption)


def key_panels(topic: Topic, style: Style) -> list[Flowable]:
    """The tinted boxes: key dates, terms, people, figures, quotes, interpretations."""
    panels: list[Flowable] = []
    if topic.timeline:
        dates = [event_date(e, style.words.language) for e in topic.timeline]
        indent = max(text_width(d, style.bold, style.type.body) for d in dates) + 8
        date_style = style.para(
            "date", leftIndent=indent, bulletIndent=0, bulletFontName=style.bold, spaceBefore=1
        )
        rows = [Paragraph(to_para(e.event), date_style, bulletText=d) for e, d in zip(topic.timeline, dates)]
        panels.append(Block(style.words("key_dates"), rows, style, "panel"))
    if topic.terms:
        rows = [Stack([para(f"{bolded(t.term)}: {t.definition}", style.body), *pictured(t.image, style, "entry")])
                if t.image else para(f"{bolded(t.term)}: {t.definition}", style.body) for t in topic.terms]
        panels.append(Block(style.words("key_terms"), rows, style, "panel"))
    if topic.people:
        rows = []
        for person in topic.people:  # a person's points stay with their name
            rows.append(Stack([para(f"{bolded(person.name)}: {person.role}", style.body),
                               *bullets(person.points, style, depth=1), *pictured(person.image, style, "entry")]))
        panels.append(Block(style.words("key_people"), rows, style, "panel"))
    if topic.stats:
        value_style = style.para("stat", leftIndent=0, spaceBefore=2)
        rows = [
            Paragraph(
                f"<font name='{style.bold}' size='12' color='{style.accent_hex}'>"
                f"{to_para(s.value)}</font>  {to_para(s.label)}"
                + (f" <font color='#555555'>({to_para(s.source)})</font>" if s.source else ""),
                value_style,
            )
            for s in topic.stats
        ]
        panels.append(Block(style.words("key_figures"), rows, style, "panel"))
    if topic.quotes:
        rows = []
        quote_style = style.para("quote", fontName=style.italic, spaceBefore=3)
        for q in topic.quotes:  # a quote stays with whose it is
            attribution = q.who + (f", {q.source}" if q.source else "")
            rows.append(Stack([Paragraph(f"\u201c{to_para(q.text)}\u201d", quote_style),
                               Paragraph(f"\u2014 {to_para(attribution)}", style.small)]))
        panels.append(Block(style.words("quotes"), rows, style, "panel"))
    if topic.interpretations:
        rows = []
        for i in topic.interpretations:
            school = f" ({i.school})" if i.school else ""
            rows.append(para(f"{bolded(i.historian)}{school}: {i.view}", style.body))
        panels.append(Block(style.words("interpretations"), rows, style, "panel"))
    if topic.figures:
        rows = []
        for n, image in enumerate(topic.figures, 1):
            number = style.words("figure_n", n=n)
            rows += pictured(image, style, "figure", f"**{number}**" + (f": {image.caption}" if image.caption else ""))
        panels.append(Block(style.words("diagrams"), rows, style, "panel"))
    return panels


def summary_sheet(topic: Topic, style: Style) -> list[Flowable]:
    """The body of `topic`'s summary sheet (under its header): sections, then the key panels."""
    blocks: list[Flowable] = pictured(topic.image, style, "topic")
    for block in blocks:  # the topic's picture stands apart from the first section under it
        block.spaceAfter = style.space(8)
    blocks += [Block(section.heading, [*bullets(section.points, style), *pictured(section.image, style, "section")],
                     style) for section in topic.sections]
    return blocks + key_panels(topic, style)
