"""`revpack import`: cards teachers already have (Quizlet sets, Anki decks) as revpack topics.

Each reader turns a file into `Deck`s: a title and its cards, every card with the
line (or note) it came from. Anything a reader cannot take as it is becomes a
positioned warning, never a lost card: a line with no separator is kept as the
previous card's continuation or as a card of its own, a note's first PNG, JPEG or
SVG image is saved into the pack's media/ folder and becomes the card's `image:` (any
other image or sound is named in a warning), HTML becomes revpack's inline markup (``**bold**``, ``*italic*``) or plain
text, never raw tags.

A deck whose cards all came as term -> definition pairs (Quizlet's format, or an
Anki deck of one-word fronts) is written as `terms:`; otherwise as `cards:`.
`write_topics` writes one topic file per deck into a pack (a new one, or the pack
it is given), never overwriting a file.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

from revpack.errors import Diagnostic, RevpackError
from revpack.markup import literal

KINDS = ("quizlet", "csv", "anki")
_B, _I = ("\ue000", "\ue001"), ("\ue002", "\ue003")  # stand-ins for <b></b>, <i></i> while parsing
_SUB, _SUP = ("\ue004", "\ue005"), ("\ue006", "\ue007")  # ... and for <sub></sub>, <sup></sup>
_SCRIPTS = re.compile(f"([{_SUB[0]}{_SUP[0]}])([^{_SUB[0]}{_SUB[1]}{_SUP[0]}{_SUP[1]}]*)[{_SUB[1]}{_SUP[1]}]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass
class ImportedCard:
    """One card as read: its front, its back as points, and the line it came from."""

    front: str
    back: list[str]
    line: int
    image: str = ""  # the note's picture, saved in the pack ("media/cell.png"), as an `image:`
    image_side: str = "back"


@dataclass
class Deck:
    title: str
    cards: list[ImportedCard] = field(default_factory=list)
    terms: bool = False  # written as key terms whatever the cards look like (a Quizlet set)


@dataclass
class Imported:
    decks: list[Deck]
    warnings: list[Diagnostic]


# --- text and HTML ----------------------------------------------------------------------------


def clean(text: str) -> str:
    """Text as the loader accepts it: tabs and control characters to spaces, runs of spaces folded."""
    text = _CONTROL.sub(" ", text.replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n"))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()


class _HtmlToMarkup(HTMLParser):
    """Anki field HTML -> lines of inline markup; list items become separate points."""

    BLOCKS = {"br", "div", "p", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images: list[str] = []
        self.sounds: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in ("b", "strong"):
            self.parts.append(_B[0])
        elif tag in ("i", "em"):
            self.parts.append(_I[0])
        elif tag in ("sub", "sup"):
            self.parts.append((_SUB if tag == "sub" else _SUP)[0])
        elif tag == "img":
            self.images.append(dict(attrs).get("src") or "")
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("b", "strong"):
            self.parts.append(_B[1])
        elif tag in ("i", "em"):
            self.parts.append(_I[1])
        elif tag in ("sub", "sup"):
            self.parts.append((_SUB if tag == "sub" else _SUP)[1])
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            for sound in re.findall(r"\[sound:([^\]]*)\]", data):
                self.sounds.append(sound)
            self.parts.append(re.sub(r"\[sound:[^\]]*\]", "", data))


def from_html(text: str) -> tuple[list[str], list[str], list[str]]:
    """An Anki field as (lines of markup, images, sounds).

    Bold and italic become ``**`` and ``*`` hugging their words (``<b>word </b>`` reads
    ``**word** ``), around nothing they vanish; ``<sub>`` and ``<sup>`` become the
    notation (``H_2O``, ``10^-6``, ``Fe^{3+}``, ``v_{max}``: `notation`); every other tag
    is dropped, block tags (``<br>``, ``<div>``, ``<li>`` ...) end a line.
    """
    parser = _HtmlToMarkup()
    parser.feed(text)
    parser.close()
    joined = _scripts(literal("".join(parser.parts)))  # the field's own "file_2" stays as typed
    for (start, end), marker in ((_B, "**"), (_I, "*")):
        pattern = re.compile(f"{start}(\\s*)([^{start}{end}]*?)(\\s*){end}")
        joined = pattern.sub(lambda m, k=marker: f"{m[1]}{k}{m[2]}{k}{m[3]}" if m[2] else m[1] + m[3], joined)
        joined = joined.replace(start, "").replace(end, "")  # unbalanced or nested: the words stay
    lines = [clean(line) for line in joined.split("\n")]
    return [line for line in lines if line], parser.images, parser.sounds


def _scripts(text: str) -> str:
    """`text` with each <sub>/<sup> stand-in pair turned into notation, left to right (each
    script read beside the text as it now stands, and the mark of a script right after it)."""
    out, pos = "", 0
    for m in _SCRIPTS.finditer(text):
        out += text[pos:m.start()]
        after = text[m.end():]
        after = {_SUB[0]: "_", _SUP[0]: "^"}.get(after[:1], re.sub("[\ue000-\ue007]", "", after))
        out += notation("sub" if m[1] == _SUB[0] else "super", m[2], out, after)
        pos = m.end()
    out += text[pos:]
    return re.sub(f"[{_SUB[0]}{_SUB[1]}{_SUP[0]}{_SUP[1]}]", "", out)  # unbalanced or nested: the text stays


def notation(script: str, text: str, before: str, after: str) -> str:
    """`text` set as a subscript ("sub") or superscript ("super") between `before` and `after`,
    in revpack's notation: the shortest form (``_2``, ``^-6``, ``^+``, else ``_{max}``) that
    reads back as exactly that script there (checked with `markup.marked_chars`). Where no
    form can (a script after a space, or holding braces), the text stays on the line, as
    plain text, as before."""
    from revpack.markup import marked_chars, plain

    inner = " ".join(plain(text.replace(_B[0], "").replace(_B[1], "").replace(_I[0], "").replace(_I[1], "")).split())
    if not inner:
        return ""
    if re.fullmatch(r"[\d+\-.,\u2212]+", inner):  # a number or a charge: the notation prints its minus sign
        inner = inner.replace("\u2212", "-")
    mark = "_" if script == "sub" else "^"
    left, right = before[-1:], after[:1]
    for form in (f"{mark}{inner}", f"{mark}{{{inner}}}"):
        chars = marked_chars(left + form + right)
        printed = [(c.replace("\u2212", "-"), where) for c, *_, where in chars]
        if printed == [*((c, "") for c in left), *((c, script) for c in inner), *((c, "") for c in right)]:
            return form
    return text


# --- readers ---------------------------------------------------------------------------------


def _warn(warnings: list[Diagnostic], source: str, line: int, message: str, path: str = "") -> None:
    warnings.append(Diagnostic(source, line, 1, path, message, severity="warning"))


def read_quizlet(text: str, source: str, title: str) -> Imported:
    """Quizlet's export: one card a line, term TAB definition (Quizlet's defaults).

    A line with no tab continues the previous card's definition (Quizlet writes a
    definition's line breaks as they are); before any card it is a card of its own
    with its back left to write. Either way a warning names the line.
    """
    deck, warnings = Deck(title, terms=True), []
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        if "\t" in raw:
            front, _, back = raw.partition("\t")
            front, back = literal(clean(front)), literal(clean(back))
            if not front:
                _warn(warnings, source, n, "no term before the tab: the definition is kept as the card's front")
                front, back = back, ""
            deck.cards.append(ImportedCard(front, [back] if back else [], n))
        elif deck.cards:
            deck.cards[-1].back.append(literal(clean(raw)))
            _warn(warnings, source, n, "no tab on this line: read as the previous card's definition continuing")
        else:
            deck.cards.append(ImportedCard(literal(clean(raw)), [], n))
            _warn(warnings, source, n, "no tab between term and definition: kept as a term to define")
    return Imported([deck] if deck.cards else [], warnings)


_HEADER = re.compile(r"^#([a-z ]+):(.*)$")


def read_anki_csv(text: str, source: str, title: str) -> Imported:
    """Anki's "Notes in Plain Text" export (or any CSV a teacher made for Anki).

    Honours Anki's header lines (``#separator``, ``#html``, ``#deck column``,
    ``#tags column``, ``#notetype column``, ``#guid column``, ``#columns``);
    without them the separator is guessed from the first line (tab, semicolon or
    comma). The first two fields that are not deck, tags, note type or GUID are the
    front and the back; a third or later field is added to the back.
    """
    headers: dict[str, str] = {}
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines) and (m := _HEADER.match(lines[start].rstrip("\r\n"))):
        headers[m.group(1).strip()] = m.group(2).strip()
        start += 1
    separator = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}.get(
        headers.get("separator", "").lower(), headers.get("separator", ""))
    body = "".join(lines[start:])
    if not separator:
        first = next((line for line in lines[start:] if line.strip()), "")
        separator = next((s for s in ("\t", ";", ",") if s in first), "\t")
    is_html = headers.get("html", "true").lower() != "false"
    special = {}
    for name in ("deck", "tags", "notetype", "guid"):
        if f"{name} column" in headers and headers[f"{name} column"].isdigit():
            special[int(headers[f"{name} column"]) - 1] = name
    decks: dict[str, Deck] = {}
    warnings: list[Diagnostic] = []
    reader = csv.reader(io.StringIO(body), delimiter=separator)
    for row in reader:
        n = start + reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        fields = [cell for i, cell in enumerate(row) if i not in special]
        deck_title = next((row[i] for i, name in special.items() if name == "deck" and i < len(row)), "") or title
        card = _card_from_fields(fields, is_html, source, n, warnings)
        if card is None:
            continue
        name = clean(deck_title).split("::")[-1].strip() or title  # a sub-deck is named by its last part
        decks.setdefault(name, Deck(name)).cards.append(card)
    return Imported(list(decks.values()), warnings)


_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}", re.S)


def _card_from_fields(fields: list[str], is_html: bool, source: str, line: int,
                      warnings: list[Diagnostic], media: dict[str, str] | None = None) -> ImportedCard | None:
    """A card from a note's fields: the first is the front, the rest make the back."""
    if fields and _CLOZE.search(fields[0]):  # a cloze note: the gaps on the front, the filled text behind
        text = fields[0]
        fields = [_CLOZE.sub(lambda m: f"[{m.group(2) or '…'}]", text), _CLOZE.sub(lambda m: m.group(1), text),
                  *fields[1:]]
    read: list[list[str]] = []
    picture, side = "", "back"
    for i, value in enumerate(fields):
        if is_html:
            lines, images, sounds = from_html(value)
            for image in images:
                saved = (media or {}).get(image, "")
                if saved and not picture and not saved.startswith("!"):
                    picture, side = saved, "front" if i == 0 else "back"
                elif saved.startswith("!"):
                    _warn(warnings, source, line, f"image '{image}' left out: {saved[1:]}")
                else:
                    where = f" (saved as {saved})" if saved else ""
                    _warn(warnings, source, line, f"image '{image}' left out: a card prints one image{where}"
                          if saved else f"image '{image}' left out: it is not in the package")
            for sound in sounds:
                _warn(warnings, source, line, f"sound '{sound}' left out: a printed card cannot play it")
        else:
            lines = [literal(clean(x)) for x in value.splitlines() if clean(x)]
        read.append(lines)
    if not read or not any(read):
        _warn(warnings, source, line, "an empty note: nothing to import")
        return None
    front_lines, back = read[0], [x for lines in read[1:] for x in lines]
    if not front_lines:
        _warn(warnings, source, line, "the note has no front: its back is kept as the front")
        front_lines, back = back[:1], back[1:]
    if not back:
        _warn(warnings, source, line, "the note has no back: kept with its back left to write")
    return ImportedCard(" ".join(front_lines), back, line, picture, side)


def read_apkg(path: Path, source: str, title: str, media_dir: Path | None = None) -> Imported:
    """An Anki package (.apkg or .colpkg from Anki's "Anki Deck Package" export, legacy or
    current format): every note, in its deck, fields read as HTML. Media files named in a
    field are saved into `media_dir` (if given) and named in a warning."""
    warnings: list[Diagnostic] = []
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise RevpackError(f"{source}: not an Anki package (.apkg is a zip file): {error}") from None
    with archive, tempfile.TemporaryDirectory() as tmp:
        names = set(archive.namelist())
        if "collection.anki21b" in names:
            data = _zstd(archive.read("collection.anki21b"), source)
        elif "collection.anki21" in names:
            data = archive.read("collection.anki21")
        elif "collection.anki2" in names:
            data = archive.read("collection.anki2")
        else:
            raise RevpackError(f"{source}: no Anki collection inside this package")
        db = Path(tmp) / "collection.sqlite"
        db.write_bytes(data)
        media = _media(archive, names, source, media_dir)
        con = sqlite3.connect(db)
        try:
            decks = _deck_names(con)
            rows = con.execute(
                "SELECT n.id, n.flds, (SELECT c.did FROM cards c WHERE c.nid = n.id ORDER BY c.ord LIMIT 1) "
                "FROM notes n ORDER BY n.id").fetchall()
        except sqlite3.DatabaseError as error:
            raise RevpackError(f"{source}: the Anki collection cannot be read: {error}") from None
        finally:
            con.close()
    out: dict[str, Deck] = {}
    for n, (_, flds, did) in enumerate(rows, 1):
        name = clean(decks.get(did, "") or title).split("::")[-1] or title
        card = _card_from_fields(flds.split("\x1f"), True, source, n, warnings, media)
        if card is not None:
            out.setdefault(name, Deck(name)).cards.append(card)
    return Imported(list(out.values()), warnings)


def _zstd(data: bytes, source: str) -> bytes:
    try:
        import zstandard
    except ImportError:  # pragma: no cover - zstandard comes with Anki's current exports' readers
        raise RevpackError(f"{source}: this package uses Anki's compressed format; export it again with "
                           "'Support older Anki versions' ticked") from None
    return zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)).read()


def _deck_names(con: sqlite3.Connection) -> dict[int, str]:
    tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "decks" in tables:  # the current schema: one row a deck
        return {did: name.replace("\x1f", "::") for did, name in con.execute("SELECT id, name FROM decks")}
    (raw,) = con.execute("SELECT decks FROM col").fetchone()
    return {int(did): deck.get("name", "") for did, deck in json.loads(raw or "{}").items()}


def _media(archive: zipfile.ZipFile, names: set[str], source: str, media_dir: Path | None) -> dict[str, str]:
    """The package's media: file name -> where it was saved, relative to the pack ("media/x.png"; ""
    when not saved; "!why" for a file saved but not printable, such as a sound or a GIF). A file
    of the same name already there is reused if it holds the same bytes, else the new one gets
    a number: nothing is overwritten."""
    from revpack.images import ImageProblem, sniff

    if "media" not in names:
        return {}
    try:
        listing = json.loads(archive.read("media").decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}  # the current format's protobuf media list: nothing we can name
    saved = {}
    for number, name in listing.items():
        safe = Path(name).name
        if media_dir is not None and number in names and safe and not safe.startswith("."):
            data = archive.read(number)
            target, n = media_dir / safe, 2
            while target.exists() and not (target.is_file() and target.read_bytes() == data):
                target, n = media_dir / f"{Path(safe).stem}-{n}{Path(safe).suffix}", n + 1
            if not target.exists():
                media_dir.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            relative = f"{media_dir.name}/{target.name}"
            try:
                sniff(data, relative)
                saved[name] = relative
            except ImageProblem as problem:
                saved[name] = f"!{problem} (saved as {relative})"
        else:
            saved[name] = ""
    return saved


# --- writing ---------------------------------------------------------------------------------


def slug(title: str) -> str:
    """A file id for a deck title: the scaffold's slug (other scripts transliterated), never empty."""
    from revpack.scaffold import slug as scaffold_slug

    return scaffold_slug(title) or "imported"


def _is_vocabulary(deck: Deck) -> bool:
    """Term -> definition pairs: a Quizlet set, or short fronts with a one-line back."""
    return deck.terms or all(
        len(c.back) == 1 and len(c.front.split()) <= 4 and not re.search(r"[?\[]", c.front) for c in deck.cards)


TO_WRITE = "…"  # the back of a card that came without one: a warning names its line


def topic_data(deck: Deck) -> dict:
    """A deck as the data of a topic file: its cards as `terms:` (a vocabulary set) or `cards:`."""
    data: dict = {"title": deck.title}
    if _is_vocabulary(deck):
        data["terms"] = [{"term": c.front, "definition": "\n".join(c.back) or TO_WRITE, **_image(c)}
                         for c in deck.cards]
    else:
        data["cards"] = [{"question": c.front, "answer": (c.back if len(c.back) > 1 else c.back[0]) if c.back
                          else TO_WRITE, **_image(c)} for c in deck.cards]
    return data


def _image(card: ImportedCard) -> dict:
    """The card's `image:` entry: its path, or path and side for a picture on the front."""
    if not card.image:
        return {}
    return {"image": card.image if card.image_side == "back" else {"path": card.image, "side": card.image_side}}


def topic_yaml(deck: Deck, source: str, schema_line: str = "") -> str:
    body = yaml.safe_dump(topic_data(deck), allow_unicode=True, sort_keys=False, width=100)
    header = f"{schema_line}\n" if schema_line else ""
    return f"{header}# Imported from {Path(source).name} by revpack import.\n{body}"


def read(kind: str, path: Path, media_dir: Path | None = None) -> Imported:
    """Read `path` as `kind` (quizlet, csv or anki)."""
    source, title = str(path), path.stem.replace("_", " ").replace("-", " ").strip().capitalize() or "Imported"
    if kind == "anki":
        return read_apkg(path, source, title, media_dir)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RevpackError(f"{source}: not UTF-8 text (byte {error.start}); export it again as UTF-8") from None
    except OSError as error:
        raise RevpackError(f"{source}: cannot be read: {error.strerror}") from None
    reader = read_quizlet if kind == "quizlet" else read_anki_csv
    return reader(text, source, title)


def planned_files(imported: Imported, pack: Path) -> Iterator[tuple[Path, Deck]]:
    """Where each deck goes: topics/<slug>.yaml, numbered after the pack's files, never an existing file."""
    topics = pack / "topics"
    taken = {p.stem for p in topics.glob("*.yaml")} if topics.is_dir() else set()
    for deck in imported.decks:
        stem, n = slug(deck.title), 2
        name = stem
        while name in taken:
            name, n = f"{stem}-{n}", n + 1
        taken.add(name)
        yield topics / f"{name}.yaml", deck


def import_file(kind: str, path: Path, pack: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Write the decks of `path` into the pack at `pack` (made if it has no pack.yaml): a topic
    file a deck, listed in pack.yaml's order. Returns the files written and the warnings.

    Nothing is written when the file has no cards; no existing file is overwritten (an
    existing topic name gets a number), and every topic written reads back as it was meant.
    """
    from revpack.load import load_topic
    from revpack.scaffold import _schema_line, add_to_topic_order, pack_text

    imported = read(kind, path, media_dir=pack / "media")
    if not imported.decks:
        raise RevpackError(f"{path}: no cards found; nothing was written")
    written: list[Path] = []
    plan = list(planned_files(imported, pack))
    pack_yaml = pack / "pack.yaml"
    if not pack_yaml.is_file():
        pack.mkdir(parents=True, exist_ok=True)
        title = imported.decks[0].title if len(imported.decks) == 1 else path.stem.replace("_", " ")
        pack_yaml.write_text(pack_text(pack_yaml, title, plan[0][0].stem), "utf-8")
        written.append(pack_yaml)
    for target, deck in plan:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as out:  # "x": never over a file that appeared meanwhile
            out.write(topic_yaml(deck, str(path), _schema_line(target, "topic")))
        written.append(target)
        load_topic(target)  # what import writes, check accepts: a failure here is revpack's bug
        if add_to_topic_order(pack_yaml, target.stem) and pack_yaml not in written:
            written.append(pack_yaml)
    return written, imported.warnings
