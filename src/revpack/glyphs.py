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

SHOWN = 10  # characters named in one warning; the rest are counted


@lru_cache(maxsize=8)
def _font(font_path: str) -> tuple[str, frozenset[int]]:
    """A TrueType font's family name and the code points it has glyphs for (read once per path)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    ttf = TTFontFile(font_path)
    family = ttf.familyName.decode("utf-8", "replace") if isinstance(ttf.familyName, bytes) else str(ttf.familyName)
    return family or Path(font_path).stem, frozenset(ttf.charToGlyph)


def covered(font_path: str) -> frozenset[int]:
    """The code points a TrueType font has glyphs for."""
    return _font(str(font_path))[1]


def _texts(obj: Any, where: Where, path: str) -> Iterator[tuple[str, Where, str]]:
    """Every text value inside a model object, with the position of its nearest record and its key path."""
    if isinstance(obj, str):
        yield obj, where, path
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj):
            yield from _texts(item, where, f"{path}[{i}]")
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, Where):
        here = getattr(obj, "where", where)
        for f in dataclasses.fields(obj):
            if not f.metadata.get("internal"):
                yield from _texts(getattr(obj, f.name), here, f"{path}.{f.name}" if path else f.name)


def _describe(c: str) -> str:
    name = unicodedata.name(c, "")
    return f"'{c}' U+{ord(c):04X}" + (f" {name}" if name else "")


def missing_glyphs(pack: Pack, font_path: str | Path) -> list[Diagnostic]:
    """A warning for every text value (cover details and every topic) holding characters the font lacks."""
    family, have = _font(str(font_path))
    out = []
    for obj in (pack.info, *pack.topics):
        for text, where, path in _texts(obj, obj.where, ""):
            lacking = sorted({c for c in text if ord(c) not in have and c not in "\n\r\t"})
            if not lacking:
                continue
            shown = ", ".join(_describe(c) for c in lacking[:SHOWN])
            if len(lacking) > SHOWN:
                shown += f" and {len(lacking) - SHOWN} more"
            out.append(Diagnostic(where.file, where.line, where.col, path,
                                  f"characters not in the font {family}: {shown}; they would print as empty boxes",
                                  "warning"))
    return out


def font_warnings(pack: Pack, family: str = "") -> list[Diagnostic]:
    """`missing_glyphs` for the regular face of `family` (default: the pack theme's)."""
    from revpack.theme import FAMILIES, FONT_DIR

    regular = FAMILIES[family or pack.info.theme.font][0]
    return missing_glyphs(pack, FONT_DIR / f"{regular}.ttf")
