"""The floor: the same words as the workload drawn with bare canvas.drawString.

No layout at all, fixed positions, one document: the least ReportLab can do
for this many words. The benchmark compares a real build against it.
"""

from __future__ import annotations

import io
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


if __name__ == "__main__":
    Path(sys.argv[2]).write_bytes(draw_floor(Path(sys.argv[1])))
