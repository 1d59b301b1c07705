"""Cloze gaps: which words of a topic's notes to blank out, and the word bank.

Pure logic, no ReportLab: the cloze sheet and its answer key both print from
the `Cloze` made here, so they always agree. The choice is deterministic: the
only randomness is a SHA-256 of the topic id and a word's position, so a
reprint has the same gaps as the answer key printed last term.

What may be a gap, most wanted first: a key term of the topic, a person's name
(in full or the surname), a date or a figure that matters (a year, a decade, a
percentage, "7 million", "680,000"; never a bare "21"), another capitalised name,
then the topic's own vocabulary (a longer word the topic uses in more than one
place, such as "glucose" or "peasants"), so plain prose gets gaps too. Gaps keep
`BETWEEN` words apart, leave at least `CLUE` words of their text standing, are at
most `LONGEST` characters (so one gap length fits them all), and come one per
`DENSITY` words of the topic at most. No gap gives itself away: an answer that is
printed again in its own text, or whose acronym or expansion is ("the Union of
Soviet Socialist Republics (USSR)", "New Economic Policy (NEP, 1921)"), is not gapped.

A teacher who marks gaps (``[[word]]`` in the summary or a section's points) chooses
them all: the sheet then gaps exactly the marked words, in reading order, and the
rules above choose nothing.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

from revpack.markup import has_gaps, marked_chars, plain
from revpack.model import Point, Topic

BETWEEN = 4  # words left standing between two gaps, at least
CLUE = 3  # words of a text that must stay ungapped before it gets any gap
REPEATS = 2  # the same answer is gapped at most this often in a topic
DENSITY = 15  # one gap per this many words of the topic, at most
LONGEST = 24  # characters in an answer, at most ("Socialism in One Country")
VOCABULARY = 5  # letters in a word of the topic's vocabulary, at least
PUNCT = "\"'()[]{},.;:!?\u2018\u2019\u201c\u201d\u2013\u2014-"
TERM, NAME, NUMBER, PROPER, WORD = range(5)  # kinds of gap, most wanted first
SCALES = frozenset("hundred thousand million billion trillion".split())  # "7 million" is one figure
# A year, a span of years or a decade ("1917", "1922-23", "1931-1933", "1930s"), a percentage,
# a number in thousands ("680,000") or a decimal ("5.5"): figures worth learning.
FIGURE = re.compile(r"(1\d{3}|20\d{2})(s|[-\u2013]\d{2}(\d{2})?)?|\d+(\.\d+)?%|\d{1,3}(,\d{3})+|\d+\.\d+")
# Everyday words that are long enough to look like vocabulary but teach nothing.
COMMON = frozenset("""
about above after again against almost along already also although always among another
around because become became before began being below between both built called cannot could
country during early either enough every first following found further given great having
however large later least little longer major making might months never other others
people place point power rather really right second several shall should since small
still their there these they things those though three through today together under until
using various wanted where whether which while whole within without would years
also each from have into made make more most much only over plus such than that them then
they this very were what when with
""".split())


@dataclass(frozen=True)
class Piece:
    """A run of printed text with its style, or a gap (`text` is then the answer)."""

    text: str
    bold: bool = False
    italic: bool = False
    gap: bool = False
    script: str = ""  # "sub", "super" or "" (see markup.py); a gap's answer has one only if all of it has


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
    bank: tuple[str, ...]  # every gap's answer once (in any case), in a seeded shuffle

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
    for term in topic.terms:  # matched in any case: "Chlorophyll absorbs ..." and "... pigment chlorophyll"
        words = tuple(w.strip(PUNCT).lower() for w in plain(term.term).split())
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
# A month or a day alone ("in December") is not worth a gap; inside a name ("October Revolution") it is.
CALENDAR = frozenset(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
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


def _candidates(words: list[_Word], wanted: dict[tuple[str, ...], int],
                vocabulary: Counter[str] | None = None) -> list[tuple[int, int, int]]:
    """(kind, first word, last word + 1) of every possible gap in a text: a wanted phrase
    (longest first), a run of capitalised words (a name such as "Red Square"; a single one
    only where it cannot be starting a sentence), a figure, or a word of `vocabulary`."""
    vocabulary = vocabulary or Counter()
    longest = max((len(p) for p in wanted), default=1)
    found = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            cores = tuple(x.core for x in words[i : i + n])
            kind = wanted.get(cores, wanted.get(tuple(c.lower() for c in cores), NAME))
            if cores in wanted or (kind != NAME and all(words[k].joins_right for k in range(i, i + n - 1))):
                found.append((kind, i, i + n))
                break
        else:
            n = _name_length(words, i)
            opens = i == 0 or words[i - 1].stop
            if n >= 2 or (n == 1 and not opens and len(words[i].core) > 2 and words[i].core not in CALENDAR):
                found.append((PROPER, i, i + n))
            elif FIGURE.fullmatch(words[i].core):
                scaled = i + 1 < len(words) and words[i].joins_right and words[i + 1].core.lower() in SCALES
                n = 2 if scaled else 1
                found.append((NUMBER, i, i + n))
            elif words[i].core.lower() in vocabulary and not _capitalised(words[i]) or (
                    words[i].core.lower() in vocabulary and opens):
                found.append((WORD, i, i + 1))
            n = max(n, 1)
        i += n
    return found


def _initials(words: list[_Word]) -> str:
    """The acronym a run of capitalised words makes ("Union of Soviet Socialist Republics": USSR)."""
    return "".join(w.core[0] for w in words if w.core[:1].isupper())


def _gives_away(words: list[_Word], first: int, last: int) -> bool:
    """True if the rest of the text prints the answer `words[first:last]` again, or an
    acronym of the name it is part of, or the name an acronym answer stands for."""
    answer = [w.core.lower() for w in words[first:last]]
    rest = words[:first] + words[last:]
    for i in range(len(rest) - len(answer) + 1):
        if [w.core.lower() for w in rest[i : i + len(answer)]] == answer:
            return True
    acronyms = {w.core for w in rest if _acronym(w.core)}
    if _capitalised(words[first]):  # widen to the whole name: "State Machine Tractor Stations"
        lo, hi = first, last
        while lo > 0 and _capitalised(words[lo - 1]) and words[lo - 1].joins_right and words[lo].joins_left:
            lo -= 1
        while hi < len(words) and _capitalised(words[hi]) and words[hi - 1].joins_right and words[hi].joins_left:
            hi += 1
        short = _initials(words[lo:hi])
        if len(short) > 1 and any(a in short for a in acronyms):
            return True
    if last - first == 1 and _acronym(words[first].core):
        i = 0
        while i < len(words):
            n = _name_length(words, i) if not first <= i < last else 0
            if n > 1 and words[first].core in _initials(words[i : i + n]):
                return True
            i += max(n, 1)
    return False


def _acronym(core: str) -> bool:
    return len(core) > 1 and core.isupper() and core.isalpha()


def _vocabulary(texts: list[str]) -> tuple[Counter[str], dict[tuple[str, ...], int]]:
    """The topic's own vocabulary: longer lower-case words it uses in more than one of
    `texts`, with how many, and the pairs of them it repeats ("carbon dioxide")."""
    seen: Counter[str] = Counter()
    pairs: Counter[tuple[str, ...]] = Counter()
    for text in texts:
        words = [w.lower() for w in re.findall(r"[^\W\d_]+", plain(text))]
        seen.update({w for w in words if len(w) >= VOCABULARY and w not in COMMON})
        pairs.update({(a, b) for a, b in zip(words, words[1:])
                      if min(len(a), len(b)) >= VOCABULARY - 1 and not {a, b} & COMMON})
    # (pairs are counted in lower case; a pair is only gapped where its two words stand together)
    words = Counter({w: n for w, n in seen.items() if n > 1})
    return words, {pair: WORD for pair, n in pairs.items() if n > 1}


def _choose(texts: dict[object, str], wanted: dict[tuple[str, ...], int], seed: str,
            vocabulary: Counter[str] | None = None) -> dict[object, Line]:
    """Each text cut into pieces, the gaps chosen over all texts together: the most wanted
    kinds first, ties in seeded order, until there is one per `DENSITY` words; gaps
    `BETWEEN` words apart, `CLUE` words left standing, none longer than `LONGEST`, none
    giving itself away, and no answer used more than `REPEATS` times."""
    chars = {key: _styled(text) for key, text in texts.items()}
    printed = {key: "".join(c[0] for c in cs) for key, cs in chars.items()}
    words = {key: _words(text) for key, text in printed.items()}
    vocabulary = vocabulary or Counter()
    # The most wanted kinds first; the topic's words by how widely it uses them; then seeded.
    found = [
        (kind, -vocabulary[ws[first].core.lower()] if kind == WORD else 0, _rank(seed, key, first), key, first, last)
        for key, ws in words.items()
        if len(ws) > CLUE
        for kind, first, last in _candidates(ws, wanted, vocabulary)
    ]
    most = max(1, round(sum(len(ws) for ws in words.values()) / DENSITY))
    chosen: dict[object, list[tuple[int, int]]] = {key: [] for key in texts}  # each kept in order
    used: Counter[str] = Counter()
    total = 0
    for *_, key, first, last in sorted(found, key=lambda c: c[:3]):
        if total >= most:
            break
        ws = words[key]
        answer = printed[key][ws[first].start : ws[last - 1].end]
        if used[answer.lower()] >= REPEATS or len(ws) - (last - first) < CLUE or len(answer) > LONGEST:
            continue
        if _gives_away(ws, first, last):
            continue
        # The chosen gaps are apart from each other, so only the neighbours in order can be too near.
        spans = chosen[key]
        at = bisect_left(spans, (first, last))
        if all(first - b >= BETWEEN or a - last >= BETWEEN for a, b in spans[max(0, at - 1) : at + 1]):
            spans.insert(at, (first, last))
            used[answer.lower()] += 1
            total += 1
    return {key: _cut(chars[key], printed[key], [(words[key][a].start, words[key][b - 1].end) for a, b in chosen[key]])
            for key in texts}


def _marked(texts: dict[object, str]) -> dict[object, Line]:
    """Each text cut into pieces at the gaps its author marked (``[[word]]``), and only there."""
    out = {}
    for key, text in texts.items():
        chars = marked_chars(text)
        spans, start = [], None
        for i, gap in enumerate([c[3] for c in chars] + [False]):
            if gap and start is None:
                start = i
            elif not gap and start is not None:
                spans.append((start, i))
                start = None
        out[key] = _cut(_styled(text), "".join(c[0] for c in chars), spans)
    return out


Char = tuple[str, bool, bool, str]  # a printed character, bold, italic, its script


def _styled(text: str) -> list[Char]:
    return [(ch, bold, italic, script) for ch, bold, italic, _, script in marked_chars(text)]


def _cut(chars: list[Char], printed: str, spans: list[tuple[int, int]]) -> Line:
    spans = sorted(spans)
    pieces: list[Piece] = []
    pos = 0
    for start, end in [*spans, (len(chars), len(chars))]:
        pieces += _runs(chars[pos:start])
        if end > start:
            _, bold, italic, script = chars[start]
            script = script if all(c[3] == script for c in chars[start:end]) else ""
            pieces.append(Piece(printed[start:end], bold, italic, gap=True, script=script))
        pos = end
    return tuple(pieces)


def _runs(chars: list[Char]) -> list[Piece]:
    """Runs of characters in one style and script, as pieces (joined once: linear in the text)."""
    return [Piece("".join(c[0] for c in run), bold, italic, script=script)
            for (bold, italic, script), run in groupby(chars, key=lambda c: (c[1], c[2], c[3]))]


def _flat(points: tuple[Point, ...], depth: int = 0):
    for point in points:
        yield depth, point
        yield from _flat(point.points, depth + 1)


@lru_cache(maxsize=4)  # the cloze sheet and its answer key ask for the same topic's, one after the other
def cloze(topic: Topic) -> Cloze:
    """The gapped summary and section points of `topic`, and its shuffled word bank (a
    pure function of the topic: computed once for the sheet and its key)."""
    seed = topic.id or plain(topic.title)
    texts: dict[object, str] = {"summary": topic.summary}
    for s, section in enumerate(topic.sections):
        texts.update({(s, n): point.text for n, (_, point) in enumerate(_flat(section.points))})
    if any(has_gaps(text) for text in texts.values()):
        lines = _marked(texts)
    else:
        extra = [s.heading for s in topic.sections] + [f"{t.term} {t.definition}" for t in topic.terms]
        vocabulary, pairs = _vocabulary([*texts.values(), *extra])
        lines = _choose(texts, {**pairs, **_phrases(topic)}, seed, vocabulary)
    sections = tuple(
        ClozeSection(section.heading, tuple((depth, lines[s, n]) for n, (depth, _) in enumerate(_flat(section.points))))
        for s, section in enumerate(topic.sections)
    )
    answers = [p.text for line in lines.values() for p in line if p.gap]
    # One entry per word whatever its case ("Glucose is ..." and "... of glucose"): as the
    # text writes it mid-sentence where it does.
    forms: dict[str, str] = {}
    for answer in answers:
        if answer.lower() not in forms or answer[:1].islower():
            forms[answer.lower()] = answer
    bank = tuple(sorted(forms.values(), key=lambda word: _rank(seed, "bank", word)))
    return Cloze(lines["summary"], sections, bank)


def bank_counts(made: Cloze) -> list[tuple[str, int]]:
    """The word bank with how many gaps each entry fills (in any case)."""
    counts = Counter(a.lower() for a in made.answers())
    return [(word, counts[word.lower()]) for word in made.bank]
