"""Cloze gaps: which words of a topic's notes to blank out, and the word bank.

Pure logic, no ReportLab: the cloze sheet and its answer key both print from
the `Cloze` made here, so they always agree. The choice is deterministic: the
only randomness is a SHA-256 of the topic id and a word's position, so a
reprint has the same gaps as the answer key printed last term.

What may be a gap, most wanted first: a key term of the topic, a person's name
(in full or the surname), a date or number, another capitalised name. Gaps
keep `BETWEEN` words apart and leave at least `CLUE` words of their text
standing, so every sentence still gives a clue.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from revpack.markup import plain, styled_chars
from revpack.model import Point, Topic

BETWEEN = 4  # words left standing between two gaps, at least
CLUE = 3  # words of a text that must stay ungapped before it gets any gap
REPEATS = 2  # the same answer is gapped at most this often in a topic
PUNCT = "\"'()[]{},.;:!?\u2018\u2019\u201c\u201d\u2013\u2014-"
TERM, NAME, NUMBER, PROPER = range(4)  # kinds of gap, most wanted first


@dataclass(frozen=True)
class Piece:
    """A run of printed text with its style, or a gap (`text` is then the answer)."""

    text: str
    bold: bool = False
    italic: bool = False
    gap: bool = False


Line = tuple[Piece, ...]


@dataclass(frozen=True)
class ClozeSection:
    heading: str
    points: tuple[tuple[int, Line], ...]  # (depth, the point's pieces), in reading order


@dataclass(frozen=True)
class Cloze:
    """A topic's summary text and section points, cut into text and gaps."""

    summary: Line
    sections: tuple[ClozeSection, ...]
    bank: tuple[str, ...]  # every gap's answer once, in a seeded shuffle

    def lines(self) -> list[Line]:
        return [self.summary, *(line for s in self.sections for _, line in s.points)]

    def answers(self) -> list[str]:
        """Every gap's answer in reading order (repeats included)."""
        return [p.text for line in self.lines() for p in line if p.gap]


def _rank(seed: str, *where: object) -> str:
    """A stable pseudo-random sort key (never Python's salted `hash`)."""
    return hashlib.sha256(":".join(map(str, (seed, *where))).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Word:
    start: int  # the core's first and last+1 character index in the text
    end: int
    core: str  # the word without surrounding punctuation or a possessive 's
    stop: bool  # the word ends a sentence or clause (".", ":", ...), so the next may be capitalised
    joins_left: bool  # no punctuation before the core: it may continue the name before it
    joins_right: bool  # no punctuation after the core: the name may continue into the next word


def _words(text: str) -> list[_Word]:
    out = []
    for m in re.finditer(r"\S+", text):
        word, start = m.group(), m.start()
        core = word.strip(PUNCT)
        start += word.find(core) if core else 0
        for suffix in ("'s", "\u2019s"):
            if core.endswith(suffix) and len(core) > len(suffix):
                core = core[: -len(suffix)]
        stop = word.rstrip("\"'\u2019\u201d)").endswith((".", "!", "?", ":", ";"))
        out.append(_Word(start, start + len(core), core, stop, m.start() == start, m.end() == start + len(core)))
    return out


def _phrases(topic: Topic) -> dict[tuple[str, ...], int]:
    """Word sequences worth a gap, with their kind."""
    wanted: dict[tuple[str, ...], int] = {}
    for person in topic.people:
        name = tuple(w.strip(PUNCT) for w in plain(person.name).split())
        if name and all(name):
            wanted.setdefault(name, NAME)
            wanted.setdefault(name[-1:], NAME)  # "Trotsky" stands for "Leon Trotsky"
    for term in topic.terms:
        words = tuple(w.strip(PUNCT) for w in plain(term.term).split())
        if words and all(words):
            wanted[words] = TERM
    return wanted


def _capitalised(word: _Word) -> bool:
    return len(word.core) > 1 and word.core[0].isupper() and word.core.replace("-", "").isalpha()


def _starts_name(word: _Word) -> bool:
    return _capitalised(word) and word.core not in NOT_NAMES


LINKS = ("of", "de", "von")  # lower-case words inside a name: "Union of Soviet Socialist Republics"
# Capitalised at the start of a sentence, but never the start of a name ("The Right" gaps "Right").
NOT_NAMES = frozenset(
    "A An The This That These Those His Her Its Their Our In On At By From To For With After Before Under "
    "During Until Since As And But Or If When While".split()
)


def _name_length(words: list[_Word], i: int) -> int:
    """How many words from `i` make a run of capitalised words (0 if `words[i]` is not one)."""
    n = 0
    if not _starts_name(words[i]):
        return 0
    while i + n < len(words) and _capitalised(words[i + n]) and (n == 0 or words[i + n - 1].joins_right and words[i + n].joins_left):
        n += 1
        link = i + n
        if link + 1 < len(words) and words[link].core in LINKS and words[link - 1].joins_right \
                and words[link].joins_right and _capitalised(words[link + 1]):
            n += 1
    return n


def _candidates(words: list[_Word], wanted: dict[tuple[str, ...], int]) -> list[tuple[int, int, int]]:
    """(kind, first word, last word + 1) of every possible gap in a text: a wanted phrase
    (longest first), a number, or a run of capitalised words (a name such as "Red Square";
    a single one only where it cannot be starting a sentence)."""
    longest = max((len(p) for p in wanted), default=1)
    found = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            cores = tuple(x.core for x in words[i : i + n])
            if cores in wanted:
                found.append((wanted[cores], i, i + n))
                break
        else:
            n = _name_length(words, i)
            opens = i == 0 or words[i - 1].stop
            if n >= 2 or (n == 1 and not opens and len(words[i].core) > 2):
                found.append((PROPER, i, i + n))
            elif any(c.isdigit() for c in words[i].core):
                found.append((NUMBER, i, i + 1))
            n = max(n, 1)
        i += n
    return found


def _choose(texts: dict[object, str], wanted: dict[tuple[str, ...], int], seed: str) -> dict[object, Line]:
    """Each text cut into pieces, the gaps chosen over all texts together: the most wanted
    kinds first, ties in seeded order; gaps `BETWEEN` words apart, `CLUE` words left
    standing, and no answer used more than `REPEATS` times."""
    chars = {key: styled_chars(text) for key, text in texts.items()}
    printed = {key: "".join(c for c, _, _ in cs) for key, cs in chars.items()}
    words = {key: _words(text) for key, text in printed.items()}
    found = [
        (kind, _rank(seed, key, first), key, first, last)
        for key, ws in words.items()
        if len(ws) > CLUE
        for kind, first, last in _candidates(ws, wanted)
    ]
    chosen: dict[object, list[tuple[int, int]]] = {key: [] for key in texts}
    used: Counter[str] = Counter()
    for _, _, key, first, last in sorted(found, key=lambda c: c[:2]):
        ws = words[key]
        answer = printed[key][ws[first].start : ws[last - 1].end]
        if used[answer] >= REPEATS or len(ws) - (last - first) < CLUE:
            continue
        if all(first - b >= BETWEEN or a - last >= BETWEEN for a, b in chosen[key]):
            chosen[key].append((first, last))
            used[answer] += 1
    return {key: _cut(chars[key], printed[key], words[key], chosen[key]) for key in texts}


def _cut(chars: list[tuple[str, bool, bool]], printed: str, words: list[_Word], gaps: list[tuple[int, int]]) -> Line:
    spans = sorted((words[a].start, words[b - 1].end) for a, b in gaps)
    pieces: list[Piece] = []
    pos = 0
    for start, end in [*spans, (len(chars), len(chars))]:
        pieces += _runs(chars[pos:start])
        if end > start:
            _, bold, italic = chars[start]
            pieces.append(Piece(printed[start:end], bold, italic, gap=True))
        pos = end
    return tuple(pieces)


def _runs(chars: list[tuple[str, bool, bool]]) -> list[Piece]:
    out: list[Piece] = []
    for ch, bold, italic in chars:
        if out and (out[-1].bold, out[-1].italic) == (bold, italic):
            out[-1] = Piece(out[-1].text + ch, bold, italic)
        else:
            out.append(Piece(ch, bold, italic))
    return out


def _flat(points: tuple[Point, ...], depth: int = 0):
    for point in points:
        yield depth, point
        yield from _flat(point.points, depth + 1)


def cloze(topic: Topic) -> Cloze:
    """The gapped summary and section points of `topic`, and its shuffled word bank."""
    seed = topic.id or plain(topic.title)
    texts: dict[object, str] = {"summary": topic.summary}
    for s, section in enumerate(topic.sections):
        texts.update({(s, n): point.text for n, (_, point) in enumerate(_flat(section.points))})
    lines = _choose(texts, _phrases(topic), seed)
    sections = tuple(
        ClozeSection(section.heading, tuple((depth, lines[s, n]) for n, (depth, _) in enumerate(_flat(section.points))))
        for s, section in enumerate(topic.sections)
    )
    answers = [p.text for line in lines.values() for p in line if p.gap]
    bank = tuple(sorted(set(answers), key=lambda word: _rank(seed, "bank", word)))
    return Cloze(lines["summary"], sections, bank)


def bank_counts(made: Cloze) -> list[tuple[str, int]]:
    """The word bank with how many gaps each word fills."""
    counts = Counter(made.answers())
    return [(word, counts[word]) for word in made.bank]
