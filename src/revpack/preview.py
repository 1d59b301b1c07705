"""Pictures of pages: one topic's sheet as PNG, with pypdfium2 (no system tools needed).

`revpack preview` shows a page before anyone prints forty; `make docs-images`
keeps the README's pictures (`docs/<view>.png`, one real topic per view) current.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from revpack.build import BuildOptions, build_sheet
from revpack.files import write_if_changed
from revpack.errors import RevpackError
from revpack.model import Pack


def page_png(pdf: bytes, page: int = 1, dpi: float = 80) -> bytes:
    """Page `page` (1-based) of `pdf` as PNG bytes at `dpi`; `RevpackError` if there is no such page."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        if not 1 <= page <= len(doc):
            raise RevpackError(f"there is no page {page}: the sheet has {len(doc)} page{'s' * (len(doc) != 1)}")
        image = doc[page - 1].render(scale=dpi / 72).to_pil()
    finally:
        doc.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def preview(pack: Pack, topic_id: str, view: str, options: BuildOptions = BuildOptions(),
            page: int = 1, dpi: float = 80) -> bytes:
    """One page of a topic's sheet of `view` as PNG bytes."""
    from revpack.views import VIEWS

    if view not in VIEWS:
        raise RevpackError(f"'{view}' is not a view; choose from {', '.join(VIEWS)}")
    if topic_id not in {t.id for t in pack.topics}:
        raise RevpackError(f"{pack.id} has no topic '{topic_id}'; it has {', '.join(t.id for t in pack.topics)}")
    return page_png(build_sheet(pack, topic_id, view, options), page, dpi)


def docs_images(pack: Pack, folder: Path, dpi: float = 80) -> list[Path]:
    """``folder/<view>.png`` for every view, of the first topic the view applies to (richest first).

    The topic with the most content of the kind a view prints shows the view best,
    so each view takes the topic with the most words that applies to it.
    """
    from revpack.model import iter_text
    from revpack.views import VIEWS

    written = []
    by_size = sorted(pack.topics, key=lambda t: -sum(len(s.split()) for s in iter_text(t)))
    for name, view in VIEWS.items():
        topic = next((t for t in by_size if view.applies(t)), None)
        if topic is None:
            continue
        path = folder / f"{name}.png"
        write_if_changed(path, preview(pack, topic.id, name, dpi=dpi))
        written.append(path)
    return written


if __name__ == "__main__":  # make docs-images
    from revpack.load import DEFAULT_PACK, find_pack, load_pack

    pack = load_pack(find_pack(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_PACK))
    for written in docs_images(pack, Path("docs")):
        print(written)
