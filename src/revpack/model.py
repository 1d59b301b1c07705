"""The content model: what a pack and its topics can say.

Pure data: frozen dataclasses with no I/O and no ReportLab. Every view is a
function of these objects. The loader (`load.py`) builds them from YAML nodes
and the JSON Schema is generated from them, so the field declarations here are
the single source of truth for the file format.

Text fields hold inline markup: ``**bold**`` and ``*italic*``; every other
character is literal text (see `markup.py`).

Field metadata:
- ``doc``: one line shown in the schema and the scaffolds.
- ``required``: the loader reports a missing key.
- ``nonempty``: a list that must have at least one item.
- ``choices``: the only values a text field may take (the schema's ``enum``).
- ``form``: (regular expression, what it describes): the shape a text field must have
  (the schema's ``pattern``).
- ``printed``: False for a value no page prints as words (an image's path, alt text, width).
- ``most``: the most characters a one-line value (a title, heading, label, name) may have:
  it prints in one piece (a band, a heading, a table header), so it must fit on a page
  in every theme. Body text (points, definitions, answers) has no such limit: it continues.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass, make_dataclass
from typing import Any

from revpack.labels import ENGLISH, LANGUAGES

# The values a pack's theme may name (cli.py, theme.py and the schema read them from here).
PAPERS = ("a4", "letter")
LOOKS = ("default", "dyslexia", "print-saver")  # theme.THEMES
FONTS = ("dejavu", "dejavu-condensed", "opendyslexic")  # theme.FAMILIES
RECALL_LEVELS = ("1", "2", "3")
ANSWERS = ("inline", "end", "none")
CARD_SIZES = ("a7", "a6", "3x5", "4x6")
COLOUR = (r"^#[0-9A-Fa-f]{6}$", "a colour as '#rrggbb', e.g. '#8b1e2d'")
# An image's printed width: a share of the column (or card) it sits in, or millimetres.
WIDTH = (r"^(100|[1-9][0-9]?)(\.[0-9]+)?\s*%$|^[0-9]+(\.[0-9]+)?\s*mm$",
         "a width such as '50%' (of the column, 1-100%) or '40mm'")
SIDES = ("back", "front")

LINE = 200  # `most` for one-line values; the longest in the sample packs is 176


def spec(doc: str, *, default: Any = None, required: bool = False, nonempty: bool = False,
         choices: tuple[str, ...] = (), form: tuple[str, str] | None = None, most: int = 0,
         printed: bool = True) -> Any:
    """Declare a model field with its documentation and loader rules. `printed=False`: a value
    no page prints as text (an image's path), left out of `iter_text`."""
    meta = {"doc": doc, "required": required, "nonempty": nonempty, "choices": choices, "form": form,
            "most": most, "printed": printed}
    if required:
        return field(metadata=meta)
    if isinstance(default, (tuple, str, bool)) or default is None:
        return field(default=default, metadata=meta)
    return field(default_factory=default, metadata=meta)


@dataclass(frozen=True)
class Where:
    """A position in a source file (1-based line and column), for messages."""

    file: str = "<memory>"
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


# ``where`` is set by the loader and ignored by equality and hashing, so two
# topics with the same content compare equal wherever they came from.
def _where() -> Any:
    return field(default=Where(), compare=False, repr=False, metadata={"internal": True})


@dataclass(frozen=True, kw_only=True)
class Image:
    """A picture: a PNG, JPEG or SVG file inside the pack folder. A plain string is its path.

    The loader checks the file and records what the build needs to find and key it: its
    `digest` (part of the topic's content, so an edited image re-renders what shows it) and
    `source`, the file's absolute path."""

    path: str = spec("The image file, relative to the pack folder, e.g. 'images/cell.svg' "
                     "(PNG, JPEG or SVG).", required=True, most=LINE, printed=False)
    caption: str = spec("Printed under the image (optional).", default="")
    alt: str = spec("What the image shows, for readers who cannot see it: kept in exports, never "
                    "printed (optional).", default="", printed=False)
    width: str = spec("How wide it prints: a share of the column or card, e.g. '50%', or '40mm' "
                      "(default: as wide as the column allows).", default="", form=WIDTH, printed=False)
    side: str = spec("On cards: the side that shows it, 'back' (the answer, default) or 'front'.",
                     default="back", choices=SIDES, printed=False)
    digest: str = field(default="", metadata={"internal": True})
    source: str = field(default="", compare=False, repr=False, metadata={"internal": True})
    where: Where = _where()

    SHORTHAND = "path"


@dataclass(frozen=True, kw_only=True)
class Point:
    """A bullet point; it may have sub-points. A plain string is a point."""

    text: str = spec("The point itself.", required=True)
    points: tuple[Point, ...] = spec("Sub-points.", default=())
    where: Where = _where()

    SHORTHAND = "text"


@dataclass(frozen=True, kw_only=True)
class Section:
    """A heading with its points: the bulk of every topic."""

    heading: str = spec("The section heading.", required=True, most=LINE)
    points: tuple[Point, ...] = spec("The section's points.", required=True, nonempty=True)
    image: Image | None = spec("A picture printed with the section (a path, or path, caption, alt, width).", default=None)
    where: Where = _where()


@dataclass(frozen=True, kw_only=True)
class Row:
    """One row of a comparison: a label and one cell per column."""

    label: str = spec("The row label (the aspect being compared).", required=True, most=LINE)
    cells: tuple[tuple[Point, ...], ...] = spec(
        "One cell per column; a cell is text or a list of points.", required=True, nonempty=True
    )
    where: Where = _where()


@dataclass(frozen=True, kw_only=True)
class Comparison:
    """A table comparing two or more things, row by row."""

    title: str = spec("What is being compared, e.g. 'Stalin vs Trotsky'.", required=True, most=LINE)
    columns: tuple[str, ...] = spec("The column headings (two or more).", required=True, most=LINE)
    rows: tuple[Row, ...] = spec("The rows.", required=True, nonempty=True)
    where: Where = _where()


@dataclass(frozen=True, kw_only=True)
class Event:
    """A dated event. The date stays text as written ('1924-01', '1931-33', 'c. 1779', '44 BC'):
    it places the event in time (`dates.parse_date`) and prints in human form ('Jan 1924')."""

    date: str = spec("When: '1924', '1924-01', '1924-01-21', '1931-33', '1930s', 'mid-1930s', "
                     "'Summer 1941', '44 BC', 'c. 1779' (see the README for every form).", required=True, most=LINE)
    event: str = spec("What happened.", required=True)
    label: str = spec("What the page prints for the date instead, e.g. 'Winter 1941-42' (optional; "
                      "the date still places the event).", default="", most=LINE)
    where: Where = _where()


@dataclass(frozen=True, kw_only=True)
class Term:
    """A key term and its definition."""

    term: str = spec("The key term.", required=True, most=LINE)
    definition: str = spec("What it means.", required=True)
    image: Image | None = spec("A picture of the term (a path, or path, caption, alt, width).", default=None)
    where: Where = _where()


@dataclass(frozen=True, kw_only=True)
class Person:
    """A key person: name, role and what to remember about them."""

    name: str = spec("The person's name.", required=True, most=LINE)
    role: str = spec("Who they were, in a line.", required=True, most=LINE)
    points: tuple[Point, ...] = spec("What to remember about them.", default=())
    image: Image | None = spec("A picture of the person (a path, or path, caption, alt, width).", default=None)
    where: Where = _where()


@dataclass(frozen=True, kw_only=True)
class Quote:
    """A quotation with who said it."""

    text: str = spec("The words quoted.", required=True)
    who: str = spec("Who said or wrote it.", required=True, most=LINE)
    source: str = spec("Where and when (optional).", default="", most=LINE)
    where: Where = _where()


@dataclass(frozen=True, kw_only=True)
class Interpretation:
    """A historian's (or a school's) view."""

    historian: str = spec("The historian or school of thought.", required=True, most=LINE)
    view: str = spec("Their argument, in a sentence or two.", required=True)
    school: str = spec("The school they belong to, e.g. 'totalitarian' (optional).", default="", most=LINE)
    where: Where = _where()


@dataclass(frozen=True, kw_only=True)
class Stat:
    """A number that matters."""

    value: str = spec("The figure, as text: '6-10 million', '25%'.", required=True, most=LINE)
    label: str = spec("What it counts.", required=True, most=LINE)
    source: str = spec("Where the figure comes from (optional).", default="", most=LINE)
    where: Where = _where()


@dataclass(frozen=True, kw_only=True)
class Card:
    """An explicit question-and-answer card."""

    question: str = spec("The front of the card.", required=True)
    answer: tuple[Point, ...] = spec("The back: text or a list of points.", required=True, nonempty=True)
    id: str = spec("A name for the card that never changes (optional): exports keep its review history "
                   "when the question is reworded.", default="", most=LINE)
    image: Image | None = spec("A picture on the card (on its back unless `side: front`) (a path, or path, caption, alt, width).", default=None)
    where: Where = _where()


@dataclass(frozen=True, kw_only=True)
class Extract:
    """A passage a question asks about: a historian's interpretation or a source, printed above
    the answer lines. Write a summary in your own words (``paraphrase: true``, the default) unless
    the text is an exact, attributed quotation."""

    label: str = spec("How the question names it, e.g. 'Interpretation A' or 'Extract B'.", required=True, most=LINE)
    text: str = spec("The passage: a summary of the argument, or an exact quotation.", required=True)
    author: str = spec("Who wrote it, e.g. 'Robert Conquest'.", required=True, most=LINE)
    work: str = spec("The book or article, e.g. 'The Great Terror'.", default="", most=LINE)
    year: str = spec("When it was published, e.g. '1968'.", default="", most=LINE)
    paraphrase: bool = spec("True (default): the text summarises the author; false: an exact quotation.",
                            default=True)
    where: Where = _where()


@dataclass(frozen=True, kw_only=True)
class Question:
    """An exam-style question for the exam practice sheet. A plain string is a question."""

    text: str = spec("The question.", required=True)
    marks: str = spec("Marks available, e.g. '12' (optional).", default="", most=LINE)
    extracts: tuple[Extract, ...] = spec("Interpretations or extracts the question is about.", default=())
    where: Where = _where()

    SHORTHAND = "text"


@dataclass(frozen=True, kw_only=True)
class Topic:
    """One topic: written once, printed as every view."""

    title: str = spec("The topic title.", required=True, most=LINE)
    id: str = spec("A short name; defaults to the file name without '.yaml'.", default="", most=LINE)
    period: str = spec("The years covered, e.g. '1924-29'.", default="", most=LINE)
    summary: str = spec("One or two sentences that sum the topic up.", default="")
    image: Image | None = spec("A picture for the whole topic, at the head of its summary sheet (a path, or path, caption, alt, width).", default=None)
    figures: tuple[Image, ...] = spec("Labelled diagrams or pictures, printed together on the summary sheet; "
                                      "give each a caption.", default=())
    sections: tuple[Section, ...] = spec("Headings with points (a topic of cards or key terms alone may "
                                         "have none).", default=())
    comparisons: tuple[Comparison, ...] = spec("Tables comparing things.", default=())
    timeline: tuple[Event, ...] = spec("Dated events.", default=())
    terms: tuple[Term, ...] = spec("Key terms with definitions.", default=())
    people: tuple[Person, ...] = spec("Key people.", default=())
    quotes: tuple[Quote, ...] = spec("Quotations.", default=())
    interpretations: tuple[Interpretation, ...] = spec("Historians' views.", default=())
    stats: tuple[Stat, ...] = spec("Figures that matter.", default=())
    cards: tuple[Card, ...] = spec("Question-and-answer cards.", default=())
    questions: tuple[Question, ...] = spec("Exam-style questions.", default=())
    where: Where = _where()

    # A topic needs at least one of these to print anything (a vocabulary set: terms alone).
    NEEDS_ONE_OF = ("sections", "comparisons", "timeline", "terms", "people", "cards")


@dataclass(frozen=True, kw_only=True)
class Theme:
    """How a pack looks and the options a class always uses; the command line overrides them."""

    paper: str = spec("Paper size: 'a4' or 'letter'.", default="a4", choices=PAPERS)
    accent: str = spec("The main colour, as '#rrggbb'.", default="#1f4e79", form=COLOUR)
    font: str = spec("Font family: 'dejavu', 'dejavu-condensed' or 'opendyslexic'.", default="dejavu",
                     choices=FONTS)
    look: str = spec("The look: 'default', 'dyslexia' or 'print-saver' (--theme).", default="", choices=LOOKS)
    recall_level: str = spec("Blank recall sheets: 1, 2 or 3 (--recall-level).", default="",
                             choices=RECALL_LEVELS)
    answers: str = spec("Cloze answer keys: 'inline', 'end' or 'none' (--answers).", default="", choices=ANSWERS)
    card_size: str = spec("Cut-out card size: 'a7', 'a6', '3x5' or '4x6' (cards --size).", default="",
                          choices=CARD_SIZES)
    where: Where = _where()


# `labels:` in pack.yaml: any of revpack's own printed words, replaced (labels.LABELS names them all).
Labels = make_dataclass(
    "Labels",
    [(key, str, spec(f"Printed instead of '{text}'.", default="", most=LINE)) for key, text in ENGLISH.items()]
    + [("where", Where, _where())],
    frozen=True, kw_only=True,
)
Labels.__doc__ = "revpack's own printed words (headings, instructions, '(cont.)'), each replaceable."
Labels.__module__ = __name__


@dataclass(frozen=True, kw_only=True)
class PackInfo:
    """What `pack.yaml` says: cover details, topic order and theme."""

    title: str = spec("The pack title, printed on the cover.", required=True, most=LINE)
    id: str = spec("A short name that stays the same: it names the output files and keeps exported "
                   "cards' identity; defaults to the folder name.", default="", most=LINE)
    subtitle: str = spec("A line under the title.", default="", most=LINE)
    level: str = spec("e.g. 'GCSE' or 'A-level'.", default="", most=LINE)
    board: str = spec("Exam board, e.g. 'AQA'.", default="", most=LINE)
    specification: str = spec("The specification or unit covered.", default="", most=LINE)
    author: str = spec("Who wrote the notes.", default="", most=LINE)
    topics: tuple[str, ...] = spec("Topic ids in print order; defaults to all files A-Z.", default=(), most=LINE)
    theme: Theme = spec("Look and paper.", default=Theme)
    language: str = spec("The language of revpack's own printed words, month names and A-Z order "
                         "(BCP 47: en, fr, de, es, ru).", default="en", choices=LANGUAGES)
    labels: Labels = spec("Any of revpack's own printed words, replaced: e.g. key_terms: Vocabulary.",
                          default=Labels)
    where: Where = _where()


@dataclass(frozen=True)
class Pack:
    """A loaded pack: its info and its topics, in print order."""

    info: PackInfo
    topics: tuple[Topic, ...]
    root: str = ""

    @property
    def id(self) -> str:
        return self.info.id


def iter_text(obj: Any) -> Iterator[str]:
    """Every printed text value inside a model object, in field order (positions, image paths and
    other values no page prints as words skipped)."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, tuple):
        for item in obj:
            yield from iter_text(item)
    elif is_dataclass(obj) and not isinstance(obj, Where):
        for f in fields(obj):
            if f.metadata.get("internal") or not f.metadata.get("printed", True):
                continue
            yield from iter_text(getattr(obj, f.name))
    elif isinstance(obj, Pack):
        yield from iter_text(obj.info)
        yield from iter_text(obj.topics)


def iter_images(obj: Any, path: str = "") -> Iterator[tuple[str, Image]]:
    """Every image inside a model object with its key path ('sections[2].image', 'figures[0]')."""
    if isinstance(obj, Image):
        yield path, obj
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj):
            yield from iter_images(item, f"{path}[{i}]")
    elif is_dataclass(obj) and not isinstance(obj, Where):
        for f in fields(obj):
            if not f.metadata.get("internal") and not isinstance(getattr(obj, f.name), str):
                yield from iter_images(getattr(obj, f.name), f"{path}.{f.name}" if path else f.name)
