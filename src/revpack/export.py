"""Cards for phones: Anki packages and CSV, Quizlet text, from the cards the PDFs print.

The notes are `revpack.cards.topic_cards` (explicit question cards, then those
derived from sections, terms, dates and people), so a student drills exactly
what they cut out.

A note's identity (its GUID) is the pack's own `id:` and the card's: the author's
`id:` on the card where there is one, else the card's kind and its question text.
Never its position, the pack's folder or the topic's title, so inserting,
reordering or moving cards, renaming a topic or building from another folder
keeps every note's review history. Editing an answer updates the note; editing
a question (of a card without an `id:`) makes a new note. Only key terms drill
both ways (term -> definition and back); questions are asked one way.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from revpack.cards import FlashCard, date_fronts, topic_cards, topic_numbers
from revpack.markup import plain, plain_scripts, to_para
from revpack.model import Image, Pack, Point

FORMATS = ("anki", "csv", "quizlet")
ONE_WAY, BOTH_WAYS = "Basic", "Basic (and reversed card)"  # Anki's stock note types
REVERSED_KINDS = ("terms",)  # a term <-> its definition reads well both ways; a question does not


@dataclass(frozen=True)
class Note:
    """One card as an export row: ids for the GUID, the deck, and front/back in both markups."""

    guid: str
    deck: str
    notetype: str
    tags: tuple[str, ...]
    front_html: str
    back_html: str
    front_text: str
    back_text: str
    image: Image | None = None  # the card's picture: media in the .apkg (not in CSV or Quizlet text)

    def field(self, side: str) -> str:
        """The front or back as the .apkg carries it: the HTML with the card's image on its side."""
        text = self.front_html if side == "front" else self.back_html
        if self.image is None or self.image.side != side:
            return text
        alt = f' alt="{escape_attr(plain(self.image.alt))}"' if self.image.alt else ""
        picture = f'<div><img src="{media_name(self.image)}"{alt}></div>'
        caption = f"<div><i>{html(self.image.caption)}</i></div>" if self.image.caption else ""
        return text + picture + caption


def media_name(image: Image) -> str:
    """The image's file name in Anki's media folder: named by its content, so the same picture
    used by many notes (or packs) is one file, and an edited one is a new file."""
    suffix = PurePosixPath(image.path).suffix.lower()
    return f"revpack-{image.digest[:20]}{suffix if suffix in ('.png', '.jpg', '.jpeg', '.svg') else ''}"


def escape_attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def deck_name(*titles: str) -> str:
    """An Anki deck path: titles joined by '::' (a '::' inside a title would nest, so it is broken)."""
    return "::".join(" ".join(plain(t).replace("::", ":").split()) for t in titles)


def guid(*ids: str) -> str:
    """A note GUID from ids alone (Anki's base91 form of a hash, as genanki's `guid_for` makes it)."""
    import genanki

    return genanki.guid_for(*ids)


def html(text: str) -> str:
    """Model text as Anki HTML: escaped, **bold**, *italic* and H_2O/x^2 kept (same rules as the PDFs)."""
    out = to_para(text, typographic=False).replace("<br/>", "<br>")  # as typed: a re-import gives it back
    return re.sub(r"<(/?)(sub|super)\b[^>]*>", lambda m: f"<{m.group(1)}{m.group(2)[:3]}>", out)


def _points_html(points: Sequence[Point]) -> str:
    if not points:
        return ""
    items = "".join(f"<li>{html(p.text)}{_points_html(p.points)}</li>" for p in points)
    return f"<ul>{items}</ul>"


def _points_text(points: Sequence[Point], flat=plain) -> str:
    parts = [flat(p.text) + (f" ({_points_text(p.points, flat)})" if p.points else "") for p in points]
    return "; ".join(parts)


def _one_line(text: str) -> str:
    """Tabs and line breaks folded to single spaces: the row and column separators of flat text."""
    return re.sub(r"\s+", " ", text).strip()


def notes(pack: Pack, kinds: Sequence[str] | None = None) -> Iterator[Note]:
    """Every card of `pack` as a note, topic by topic, in print order."""
    from revpack.cards import KINDS

    numbers = topic_numbers([t.id for t in pack.topics], list(pack.info.topics))
    lang = pack.info.language  # date fronts as the printed cards have them ("14 juil. 1789")
    elsewhere = date_fronts(pack.topics, lang)
    cards = [card for topic in pack.topics
             for card in topic_cards(topic, numbers[topic.id], tuple(kinds or KINDS), elsewhere[topic.id], lang)]
    for card, key in zip(cards, identities(cards)):
        yield _note(pack, card, key)


def identities(cards: Sequence[FlashCard]) -> list[tuple[str, ...]]:
    """Each card's identity: its author's `id:`, else its kind and question text (spacing and
    case folded). Two cards asking the same question are told apart by their answers, then by
    their topic, then by their order, so every card of a pack has an identity of its own."""
    def front(card: FlashCard) -> tuple[str, ...]:
        return ("id", card.name) if card.name else (card.kind, " ".join(plain(card.front).split()).casefold())

    def back(card: FlashCard) -> str:
        return " ".join(f"{plain(card.lead)} {_points_text(card.answer)}".split()).casefold()

    keys = [front(c) for c in cards]
    for widen in (back, lambda c: c.topic_id):
        counts: dict[tuple[str, ...], int] = {}
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
        keys = [key + (widen(c),) if counts[key] > 1 and key[0] != "id" else key for key, c in zip(keys, cards)]
    seen: dict[tuple[str, ...], int] = {}
    out = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else (*key, str(seen[key])))
    return out


def _note(pack: Pack, card: FlashCard, key: tuple[str, ...]) -> Note:
    lead_html = f"<div>{html(card.lead)}</div>" if card.lead else ""
    # Flat text (Quizlet) writes H_2O and x^2 as "H₂O" and "x²".
    back_text = "; ".join(x for x in (plain_scripts(card.lead), _points_text(card.answer, plain_scripts)) if x)
    return Note(
        guid=guid("revpack", pack.id, *key),
        deck=deck_name(pack.info.title, card.topic_title),
        notetype=BOTH_WAYS if card.kind in REVERSED_KINDS else ONE_WAY,
        tags=(card.topic_id, card.kind),
        front_html=html(card.front),
        back_html=lead_html + _points_html(card.answer),
        front_text=_one_line(plain_scripts(card.front)),
        back_text=_one_line(back_text),
        image=card.image,
    )


def anki_csv(pack: Pack) -> str:
    """Anki's text import: tab-separated, with the header lines that set it up.

    Columns: deck (one sub-deck per topic), front, back, tags, GUID (so a
    re-import updates), note type (key terms both ways, the rest one way). Fields are HTML; a field holding a tab, a line break or
    a quote is quoted, as Anki's reader expects. The deck comes first because a
    row must not start with '#' (a GUID may), which Anki would read as a comment.
    """
    out = io.StringIO()
    out.write("#separator:tab\n#html:true\n")
    out.write(f"#deck:{deck_name(pack.info.title)}\n")
    out.write("#deck column:1\n#tags column:4\n#guid column:5\n#notetype column:6\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for note in notes(pack):
        deck = note.deck if not note.deck.startswith("#") else " " + note.deck
        writer.writerow([deck, note.front_html, note.back_html, " ".join(note.tags), note.guid, note.notetype])
    return out.getvalue()


def quizlet(pack: Pack) -> str:
    """Quizlet's import text: one card a line, term TAB definition, plain text (no markup)."""
    return "".join(f"{n.front_text}\t{n.back_text}\n" for n in notes(pack))


def anki_package(pack: Pack, path: Path, timestamp: float | None = None) -> int:
    """Write an Anki package (.apkg) of `pack` to `path`; return the number of notes."""
    from revpack.files import atomic_write

    data, count = anki_bytes(pack, timestamp)
    atomic_write(path, data)
    return count


def anki_bytes(pack: Pack, timestamp: float | None = None) -> tuple[bytes, int]:
    """An Anki package (.apkg) of `pack`, and its number of notes.

    One deck per pack with a sub-deck per topic (``Pack::Topic``); Anki's stock
    note types: "Basic (and reversed card)" for key terms, "Basic" for the rest. `timestamp`
    stamps the notes' modification time (default: now), which Anki compares
    when it decides whether an import updates a note.
    """
    import genanki

    decks: dict[str, genanki.Deck] = {}
    media: dict[str, str] = {}  # name in the package -> the file in the pack
    count = 0
    for note in notes(pack):
        if note.image is not None:
            media[media_name(note.image)] = note.image.source
        deck = decks.get(note.deck)
        if deck is None:
            deck = decks[note.deck] = genanki.Deck(_deck_id(note.deck), note.deck)
        deck.add_note(genanki.Note(
            model=genanki.BASIC_AND_REVERSED_CARD_MODEL if note.notetype == BOTH_WAYS else genanki.BASIC_MODEL,
            fields=[note.field("front"), note.field("back")],
            tags=list(note.tags),
            guid=note.guid,
        ))
        count += 1
    if not decks:  # an empty package still imports, as one empty deck
        name = deck_name(pack.info.title)
        decks[name] = genanki.Deck(_deck_id(name), name)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="revpack-media-") as folder:
        # genanki names each media file by its base name: copies under their content names
        files = []
        for name, source in sorted(media.items()):
            shutil.copyfile(source, Path(folder) / name)
            files.append(str(Path(folder) / name))
        genanki.Package(list(decks.values()), media_files=files).write_to_file(buffer, timestamp=timestamp)
    return buffer.getvalue(), count


def _deck_id(name: str) -> int:
    """A deck id from its name: stable across exports, in Anki's positive 63-bit range."""
    return int.from_bytes(hashlib.sha256(f"revpack deck {name}".encode()).digest()[:8], "big") >> 2 | 1 << 40
