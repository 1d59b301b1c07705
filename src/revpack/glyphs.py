"""Characters the build cannot print, found before it runs, each with its position.

Two kinds, checked against the faces the build draws with (the theme's family and the
families it falls back to, per character: see faces.py), in the style each character
is printed in (``**bold**``, ``*italic*``):

- characters no bundled face has a glyph for (CJK, emoji, ...): a warning; they print
  as empty boxes, the same in `check` and in `build`;
- right-to-left scripts (Hebrew, Arabic, ...): an error. Lines are laid out left to
  right, so such text would print backwards; it is refused instead;
- lone surrogates (a YAML escape such as "\\udc80", half of a UTF-16 pair): an error,
  since they are not characters and no PDF can hold them.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterator
from typing import Any

from revpack.errors import Diagnostic
from revpack.markup import styled_chars
from revpack.model import Pack, Where

SHOWN = 10  # characters named in one warning; the rest are counted


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
    """'c' U+XXXX NAME; the character itself only where it shows (not a control, a
    surrogate or a format character that would garble the message's line)."""
    name = unicodedata.name(c, "")
    shown = f"'{c}' " if c.isprintable() and unicodedata.category(c) not in ("Cf", "Cs", "Co") else ""
    return f"{shown}U+{ord(c):04X}" + (f" {name}" if name else "")


# Bidirectional classes of right-to-left letters (Hebrew; Arabic, Syriac, Thaana, ...).
RTL = frozenset({"R", "AL"})
IGNORED = frozenset("\n\r\t")


def _chars(lacking: list[str]) -> str:
    shown = ", ".join(_describe(c) for c in lacking[:SHOWN])
    if len(lacking) > SHOWN:
        shown += f" and {len(lacking) - SHOWN} more"
    return shown


def _family(font) -> str:
    name = font.face.familyName
    return name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)


def _script(c: str) -> str:
    return unicodedata.name(c, "").split(" ")[0].title() or f"U+{ord(c):04X}"


def glyph_problems(pack: Pack, style) -> list[Diagnostic]:
    """A diagnostic for every text value (cover details and every topic) that `style` (a
    `theme.Style`) cannot print as written: see the module docstring."""
    from reportlab.pdfbase import pdfmetrics

    faces = [pdfmetrics.getFont(name) for name in style.fonts]  # regular, bold, italic, bold italic
    families = " or ".join(dict.fromkeys(_family(f) for f in faces[-1].chain))
    out = []
    for obj in (pack.info, *pack.topics):
        for text, where, path in _texts(obj, obj.where, ""):
            if text.isascii():
                continue
            halves = sorted({c for c in text if "\ud800" <= c <= "\udfff"})
            if halves:
                out.append(Diagnostic(where.file, where.line, where.col, path,
                                      f"not a character: {_chars(halves)} (a lone surrogate, e.g. half of an "
                                      "escape like \\ud83d\\ude00); write the character itself, or \\U0001F600 "
                                      "for one beyond U+FFFF"))
                text = "".join(c for c in text if c not in halves)
            rtl = sorted({c for c in text if unicodedata.bidirectional(c) in RTL})
            if rtl:
                scripts = ", ".join(dict.fromkeys(_script(c) for c in rtl))
                out.append(Diagnostic(where.file, where.line, where.col, path,
                                      f"right-to-left text ({scripts}: {_chars(rtl)}) cannot be printed: revpack "
                                      "sets lines left to right and would print it backwards; "
                                      "write it in transliteration"))
            lacking = sorted({c for c, bold, italic in styled_chars(text)
                              if c not in IGNORED and unicodedata.bidirectional(c) not in RTL
                              and not faces[bold + 2 * italic].covers(ord(c))})
            if lacking:
                out.append(Diagnostic(where.file, where.line, where.col, path,
                                      f"characters no bundled font can print (not in {families}): "
                                      f"{_chars(lacking)}; "
                                      "they print as empty boxes", "warning"))
    return out


def printable(pack: Pack, theme: str | None = None, warnings: list[Diagnostic] | None = None) -> None:
    """`glyph_problems` for `theme` (a `--theme` name; none: the pack's own look, else the
    default) as every command needs them, the way
    `load_pack` reports: the warnings appended to `warnings`, then the errors raised as one
    `InputError` (nothing can be built)."""
    from revpack.errors import InputError
    from revpack.theme import Style, look_for

    found = glyph_problems(pack, Style(theme=pack.info.theme, look=look_for(theme or pack.info.theme.look)))
    if warnings is not None:
        warnings += [d for d in found if d.severity != "error"]
    if errors := [d for d in found if d.severity == "error"]:
        raise InputError(errors)
