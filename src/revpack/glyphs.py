"""Characters the font cannot draw: warned about, with positions, instead of printed as boxes."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from revpack.errors import Diagnostic
from revpack.model import Pack, Where


@lru_cache(maxsize=8)
def covered(font_path: str) -> frozenset[int]:
    """The code points a TrueType font has glyphs for."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    return frozenset(TTFontFile(font_path).charToGlyph)


def _texts(obj: Any, where: Where, path: str) -> Iterator[tuple[str, Where, str]]:
    if isinstance(obj, str):
        yield obj, where, path
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj):
            yield from _texts(item, where, f"{path}[{i}]")
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, Where):
        here = getattr(obj, "where", where)
        for f in dataclasses.fields(obj):
            if f.name != "where":
                yield from _texts(getattr(obj, f.name), here, f"{path}.{f.name}" if path else f.name)


def missing_glyphs(pack: Pack, font_path: str | Path) -> list[Diagnostic]:
    """A warning for every text value holding characters the font lacks."""
    have = covered(str(font_path))
    name = Path(font_path).stem
    out = []
    for topic in pack.topics:
        for text, where, path in _texts(topic, topic.where, ""):
            lacking = sorted({c for c in text if ord(c) not in have and c not in "\n"})
            if lacking:
                shown = ", ".join(f"'{c}' U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip() for c in lacking)
                out.append(Diagnostic(where.file, where.line, where.col, path,
                                      f"not in the font {name}: {shown}; they would print as empty boxes", "warning"))
    return out


def font_warnings(pack: Pack, family: str = "") -> list[Diagnostic]:
    """`missing_glyphs` for the regular face of `family` (default: the pack theme's)."""
    from revpack.theme import FAMILIES, FONT_DIR

    regular = FAMILIES[family or pack.info.theme.font][0]
    return missing_glyphs(pack, FONT_DIR / f"{regular}.ttf")
