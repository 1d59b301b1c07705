"""How fonts/OpenDyslexic-*.ttf were made (run once by hand; the build only reads the results).

Debian's fonts-opendyslexic ships CFF-outline OpenType, which ReportLab cannot embed,
so each face is converted to TrueType outlines (fontTools' cu2qu, 1 unit tolerance), and
the characters OpenDyslexic lacks (bullets and arrows revpack prints, Greek, Cyrillic,
Latin Extended-A) are filled from the matching DejaVu Sans face, scaled to its em.

    apt-get install fonts-opendyslexic
    python -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools
    /tmp/ft/bin/python fonts/make-opendyslexic.py
"""

from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

SOURCE = Path("/usr/share/fonts/opentype/opendyslexic")
FONTS = Path(__file__).resolve().parent
FACES = {
    "Regular": "DejaVuSans",
    "Bold": "DejaVuSans-Bold",
    "Italic": "DejaVuSans-Oblique",
    "BoldItalic": "DejaVuSans-BoldOblique",
}
FALLBACK = (
    set(range(0x20, 0x180)) | set(range(0x370, 0x400)) | set(range(0x400, 0x500)) | set(range(0x2000, 0x2070))
    | {0x20AC, 0x2116, 0x2122, 0x2190, 0x2191, 0x2192, 0x2193, 0x2194, 0x2212, 0x2248, 0x2260, 0x2264,
       0x2265, 0x25A0, 0x25A1, 0x25CF, 0x25E6, 0x2713, 0x2717}
)


def to_truetype(font: TTFont) -> None:
    """Replace the CFF outlines of `font` by quadratic TrueType ones, in place."""
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["head"].indexToLocFormat = 0
    font["head"].glyphDataFormat = 0
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    del font["CFF "]
    font.sfntVersion = "\x00\x01\x00\x00"


def add_fallback(font: TTFont, other: TTFont) -> int:
    """Copy `other`'s glyphs for the FALLBACK characters `font` lacks; return how many."""
    scale = font["head"].unitsPerEm / other["head"].unitsPerEm
    have, theirs = font.getBestCmap(), other.getBestCmap()
    source = other.getGlyphSet()
    order = font.getGlyphOrder()
    glyf, hmtx = font["glyf"], font["hmtx"]
    added = 0
    for cp in sorted(FALLBACK):
        if cp in have or cp not in theirs:
            continue
        src = theirs[cp]
        name = f"fallback.{src}"
        if name not in glyf.glyphs:
            rec = DecomposingRecordingPen(source)
            source[src].draw(rec)
            pen = TTGlyphPen(None)
            rec.replay(TransformPen(pen, (scale, 0, 0, scale, 0, 0)))
            glyph = pen.glyph()
            order.append(name)
            glyf.glyphs[name] = glyph
            glyph.recalcBounds(glyf)
            hmtx.metrics[name] = (round(other["hmtx"][src][0] * scale), getattr(glyph, "xMin", 0))
        for table in font["cmap"].tables:
            if table.isUnicode() and (cp <= 0xFFFF or table.format == 12):
                table.cmap[cp] = name
        added += 1
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    font["maxp"].numGlyphs = len(order)
    font["post"].glyphOrder = order
    return added


def main() -> None:
    for face, dejavu in FACES.items():
        font = TTFont(SOURCE / f"OpenDyslexic-{face}.otf")
        to_truetype(font)
        added = add_fallback(font, TTFont(FONTS / f"{dejavu}.ttf"))
        font.save(FONTS / f"OpenDyslexic-{face}.ttf")
        print(f"OpenDyslexic-{face}.ttf: {added} characters from {dejavu}")


if __name__ == "__main__":
    main()
