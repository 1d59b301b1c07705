"""Peers for the benchmark: the same words of a synthetic pack, typeset by other tools.

Each peer makes one document of every topic in a layout comparable to revpack's
summary, comparison and card sheets: the topic's title and summary, its sections
with their bullets in two columns, the comparison as a table, the cards as boxes.

- ``typst``: a generated Typst document compiled by the `typst` package (a
  bench-only extra: ``pip install '.[bench]'``);
- ``platypus``: one ReportLab platypus document (two frames a page; `Table` for
  the comparison and for each card's box).

Both use revpack's own face (DejaVu Sans) at revpack's sizes. Run as
``peers.py typst|platypus PACK OUT.pdf``; `run.py` times each beside revpack.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import yaml

from revpack import FONT_DIR

BODY, LEADING, HEADING, TITLE = 10.5, 13.5, 12.5, 18  # points, as revpack's default theme
MARGIN_MM = 12


def topics(pack: Path) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((pack / "topics").glob("*.yaml"))]


# -- Typst ------------------------------------------------------------------------------------------

def typst_text(text: str) -> str:
    """`text` (with revpack's **bold** markup) as Typst markup: specials escaped, bold as *...*."""
    parts = re.split(r"\*\*(.+?)\*\*", str(text))
    out = []
    for i, part in enumerate(parts):
        part = re.sub(r"([\\#*_$@<>\[\]`~=/\-+\"'])", r"\\\1", part)
        out.append(f"*{part}*" if i % 2 else part)
    return "".join(out)


def typst_source(pack: Path) -> str:
    """One Typst document of the pack's topics."""
    lines = [
        f'#set page(paper: "a4", margin: {MARGIN_MM}mm, footer: context align(center, text(8pt, counter(page).display())))',
        f'#set text(font: "DejaVu Sans", size: {BODY}pt, lang: "en")',
        f"#set par(leading: {LEADING - BODY}pt, justify: false)",
        f"#show heading.where(level: 1): set text(size: {TITLE}pt)",
        f"#show heading.where(level: 2): set text(size: {HEADING}pt)",
    ]
    for topic in topics(pack):
        lines += ["#pagebreak(weak: true)", f"= {typst_text(topic['title'])}", f"_{typst_text(topic.get('period', ''))}_",
                  "", typst_text(topic.get("summary", "")), "", "#columns(2)["]
        for section in topic["sections"]:
            lines += [f"== {typst_text(section['heading'])}"]
            lines += [f"- {typst_text(point)}" for point in section["points"]]
            lines.append("")
        lines.append("]")
        for comparison in topic.get("comparisons", []):
            lines += ["#pagebreak()", f"== {typst_text(comparison['title'])}",
                      "#table(columns: (1fr, 2fr, 2fr), inset: 5pt,",
                      "  " + ", ".join(f"[*{typst_text(c)}*]" for c in ["", *comparison["columns"]]) + ","]
            for row in comparison["rows"]:
                lines.append("  " + ", ".join(f"[{typst_text(c)}]" for c in [f"**{row['label']}**", *row["cells"]]) + ",")
            lines.append(")")
        lines += ["#pagebreak()", "#grid(columns: (1fr, 1fr), gutter: 4mm,"]
        for card in topic.get("cards", []):
            answer = " \\ ".join(typst_text(a) for a in card["answer"])
            lines.append(f"  box(width: 100%, height: 60mm, stroke: 0.5pt, inset: 4mm)[*{typst_text(card['question'])}* \\ {answer}],")
        lines.append(")")
    return "\n".join(lines) + "\n"


def typst_pdf(pack: Path) -> bytes:
    import typst

    return typst.compile(typst_source(pack).encode("utf-8"), font_paths=[str(FONT_DIR)], ignore_system_fonts=True)


# -- ReportLab platypus -----------------------------------------------------------------------------

def platypus_pdf(pack: Path) -> bytes:
    """One platypus document of the pack's topics."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import (BaseDocTemplate, Frame, KeepTogether, NextPageTemplate, PageBreak,
                                    PageTemplate, Paragraph, Table, TableStyle)
    from reportlab.lib.fonts import addMapping

    for name, stem in (("DV", "DejaVuSans"), ("DV-B", "DejaVuSans-Bold"), ("DV-I", "DejaVuSans-Oblique"),
                       ("DV-BI", "DejaVuSans-BoldOblique")):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{stem}.ttf")))
    for bold, italic, name in ((0, 0, "DV"), (1, 0, "DV-B"), (0, 1, "DV-I"), (1, 1, "DV-BI")):
        addMapping("DV", bold, italic, name)

    def markup(text: str) -> str:
        return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(str(text)))

    body = ParagraphStyle("body", fontName="DV", fontSize=BODY, leading=LEADING)
    bullet = ParagraphStyle("bullet", parent=body, leftIndent=10, bulletIndent=0)
    heading = ParagraphStyle("heading", parent=body, fontName="DV-B", fontSize=HEADING, leading=HEADING * 1.25,
                             spaceBefore=6, spaceAfter=2)
    title = ParagraphStyle("title", parent=body, fontName="DV-B", fontSize=TITLE, leading=TITLE * 1.2, spaceAfter=4)
    width, height = A4
    m = MARGIN_MM * mm
    gap = 6 * mm
    half = (width - 2 * m - gap) / 2

    def footer(canv, doc):
        canv.setFont("DV", 8)
        canv.drawCentredString(width / 2, m / 2, str(doc.page))

    doc = BaseDocTemplate(io.BytesIO(), pagesize=A4, invariant=1, pageTemplates=[
        PageTemplate("two", [Frame(m, m, half, height - 2 * m, id="left"),
                             Frame(m + half + gap, m, half, height - 2 * m, id="right")], onPage=footer),
        PageTemplate("one", [Frame(m, m, width - 2 * m, height - 2 * m, id="one")], onPage=footer),
    ])
    story: list = []
    card_style = TableStyle([("BOX", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm), ("TOPPADDING", (0, 0), (-1, -1), 4 * mm)])
    for topic in topics(pack):
        if story:
            story += [NextPageTemplate("two"), PageBreak()]
        story += [Paragraph(markup(topic["title"]), title), Paragraph(f"<i>{markup(topic.get('period', ''))}</i>", body),
                  Paragraph(markup(topic.get("summary", "")), body)]
        for section in topic["sections"]:
            story.append(Paragraph(markup(section["heading"]), heading))
            story += [Paragraph(markup(point), bullet, bulletText="\u2022") for point in section["points"]]
        story.append(NextPageTemplate("one"))
        for comparison in topic.get("comparisons", []):
            rows = [[Paragraph(f"<b>{markup(c)}</b>", body) for c in ["", *comparison["columns"]]]]
            rows += [[Paragraph(f"<b>{markup(row['label'])}</b>", body), *(Paragraph(markup(c), body) for c in row["cells"])]
                     for row in comparison["rows"]]
            full = width - 2 * m
            story += [PageBreak(), Paragraph(markup(comparison["title"]), heading),
                      Table(rows, colWidths=[full / 5, 2 * full / 5, 2 * full / 5], repeatRows=1,
                            style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))]
        story.append(PageBreak())
        cards = topic.get("cards", [])
        box = (width - 2 * m - 4 * mm) / 2
        for i in range(0, len(cards), 2):
            cells = []
            for card in cards[i:i + 2]:
                inner = [Paragraph(f"<b>{markup(card['question'])}</b>", body),
                         *(Paragraph(markup(a), body) for a in card["answer"])]
                cells.append(Table([[inner]], colWidths=[box], rowHeights=[60 * mm], style=card_style))
            story.append(KeepTogether(Table([cells], colWidths=[box + 4 * mm] * len(cells), hAlign="LEFT")))
    doc.build(story)
    return doc.filename.getvalue()


if __name__ == "__main__":
    make = {"typst": typst_pdf, "platypus": platypus_pdf}[sys.argv[1]]
    Path(sys.argv[3]).write_bytes(make(Path(sys.argv[2])))
