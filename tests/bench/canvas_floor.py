"""The floor: the same words drawn with bare canvas.drawString, no layout at all.

Two floors, both one document of text at fixed positions, the least ReportLab
can do for that many words:

- the workload's floor (`draw_floor`): every word of the pack's YAML, once;
- the output's floor (`draw_pages`, ``--pages text.json``): every line of text
  the build printed, page for page (the pack prints each word several times:
  summary, recall prompts, cloze and key, comparisons, cards).

The benchmark compares a real build against both.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import yaml
from reportlab.pdfgen.canvas import Canvas

from revpack.theme import Style


def strings(topic: dict) -> list[str]:
    out = [topic["title"], topic.get("summary", "")]
    for section in topic["sections"]:
        out.append(section["heading"])
        out += section["points"]
    for comparison in topic.get("comparisons", []):
        out.append(comparison["title"])
        for row in comparison["rows"]:
            out += [row["label"], *row["cells"]]
    for card in topic.get("cards", []):
        out += [card["question"], *card["answer"]]
    return out


def draw_floor(pack: Path) -> bytes:
    """Draw every word of `pack` at fixed positions, 45 lines a page."""
    style = Style()
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=style.pagesize, invariant=1, initialFontName=style.font)
    y = 800.0
    for path in sorted((pack / "topics").glob("*.yaml")):
        for line in strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            # long lines are cut into ~90-character pieces, as a layout would wrap them
            for start in range(0, max(len(line), 1), 90):
                canv.setFont(style.font, 10)
                canv.drawString(40, y, line[start : start + 90])
                y -= 16
                if y < 50:
                    canv.showPage()
                    y = 800.0
    canv.save()
    return buf.getvalue()


def draw_pages(pages: list[list[str]]) -> bytes:
    """Draw each page's lines on a page of its own, one line every 14 points."""
    style = Style()
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=style.pagesize, invariant=1, initialFontName=style.font)
    for lines in pages:
        y = 800.0
        for line in lines:
            canv.setFont(style.font, 10)
            canv.drawString(40, y, line)
            y -= 14
        canv.showPage()
    canv.save()
    return buf.getvalue()


if __name__ == "__main__":
    if sys.argv[1] == "--pages":
        Path(sys.argv[3]).write_bytes(draw_pages(json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))))
    else:
        Path(sys.argv[2]).write_bytes(draw_floor(Path(sys.argv[1])))
