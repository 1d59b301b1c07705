"""Inline markup: ``**bold**``, ``*italic*``, ``[[gap]]`` and ``H_2O``/``x^2`` notation;
every other character is text.

``[[word]]`` marks a word the teacher wants gapped on the cloze sheet (see `gaps.py`);
the brackets never print: every view and export gets its text from the converters
here (`to_para`, `plain`, `styled_chars`, `marked_chars`), and each removes them.

Sub- and superscripts: a ``_`` (subscript) or ``^`` (superscript) directly after a
letter, a digit or ``)`` and followed by a braced group (``10^{-6}``, ``Fe^{3+}``,
``v_{max}``) or by digits with an optional sign (``H_2O``, ``x^2``, ``10^-6``), or a
``^`` followed by a lone sign that ends the word (``Na^+``, ``Cl^-``). In a script that
is a number or a charge, "-" prints as a minus sign (U+2212). Nothing else is
notation: ``snake_case``, ``2^n``, ``_`` after a space stay as typed. A backslash makes
notation literal (``file\\_2`` prints "file_2"); it is removed only there.

ReportLab's paragraph parser reads XML-ish tags and entities and silently drops
tags it does not know, so text is escaped *before* it reaches the parser: no
YAML value can read a file (``<img src>``), choose a font or make a link.
"""

from __future__ import annotations

import re
from functools import lru_cache
from xml.sax.saxutils import escape

# A marker opens only before a non-space and closes only after one, so
# "5 * 3 * 2" and a lone "*" stay literal.
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")
# A chosen gap: "[[" before a non-space, "]]" after one, on one line ("[[ x ]]" and a lone "[[" stay literal).
_GAP = re.compile(r"\[\[(?=[^\s\]])([^\n]+?)(?<=[^\s\[])\]\]")
# Sub/superscript notation (see above); a braced group holds no "*" so tags always nest.
_AFTER = r"(?<=[^\W_]|\))"
_SCRIPTED = r"(?:\{([^{}*\n]+)\}|([+\-\u2212]?\d+)|(?<=\^)([+\-\u2212])(?![\w+\-\u2212]))"
_SCRIPT = re.compile(_AFTER + r"([_^])" + _SCRIPTED)
_ESCAPED = re.compile(_AFTER + r"\\(?=[_^]" + _SCRIPTED + ")")
_NOTATION_MARK = re.compile(_AFTER + r"(?=[_^]" + _SCRIPTED + ")")
# Stand-ins for a gap's brackets and a script's start and end while bold and italics are read:
# neither a word character, nor a space, nor "*", so the bold and italic rules read
# "**[[x]]**" as they read "**x**".
_GAP_OPEN, _GAP_CLOSE = "\x03", "\x04"
_SUB, _SUPER, _END = "\x05", "\x06", "\x07"
_STAND_INS = re.compile("[\x03-\x07]")
# A script is 80% of its line's size (`SCRIPT_SIZE`), a superscript raised 35% of it, a subscript
# lowered 20%: within the line's leading, so it never touches the lines above and below.
SCRIPT_SIZE = 0.8
_TAGS = {_SUB: '<sub rise="20%" size="80%">', _SUPER: '<super rise="35%" size="80%">', _END: ""}


def scripted(markup: str, script: str) -> str:
    """Paragraph markup set as a subscript ("sub"), a superscript ("super") or as it is ("")."""
    if not script:
        return markup
    return (_TAGS[_SUB] if script == "sub" else _TAGS[_SUPER]) + markup + f"</{script}>"


def _script(m: re.Match) -> str:
    inner = m.group(2) or m.group(3) or m.group(4)
    if re.fullmatch(r"[\d+\-.,\u2212]+", inner):  # a number or a charge: its hyphen is a minus sign (10⁻⁶, O²⁻)
        inner = inner.replace("-", "\u2212")
    return (_SUB if m.group(1) == "_" else _SUPER) + inner + _END


def literal(text: str) -> str:
    """Plain text from elsewhere (an import) written so it prints as typed: a backslash before
    each ``_``/``^`` the notation would read as a script (``file_2`` -> ``file\\_2``)."""
    return _NOTATION_MARK.sub("\\\\", text)


def _staged(text: str) -> str:
    text = _GAP.sub(lambda m: _GAP_OPEN + m.group(1) + _GAP_CLOSE, text)
    text = _SCRIPT.sub(_script, text)
    return _ESCAPED.sub("", text)


# Typography, applied when text is laid out (`to_para`, `marked_chars`); the YAML and `plain` stay as typed.
# Text inside a gap or a script is never touched: it is masked with `_MASK` while the rules run.
_MASK = "\ue000"
_PROTECTED = re.compile("\x03[^\x04]*\x04|[\x05\x06][^\x07]*\x07")
_LETTER = r"(?:[^\W\d_]|\ue000)"
_TYPE_RULES = (
    # "..." pairs: an opening quote after a non-word character, before a non-space; its closing one next.
    (re.compile(r'(?<![\w"])"(?=\S)([^"\n]*?)(?<=\S)"(?![\w"])'), "\u201c\\1\u201d"),
    # An apostrophe between letters: Stalin's, don't, *Pravda*'s.
    (re.compile(r"(?:(?<=" + _LETTER + r")|(?<=[^\W\d_]\*)|(?<=[^\W\d_]\*\*))'(?=" + _LETTER + r")"), "\u2019"),
    # '...' pairs, only where they clearly pair: opened at a word's start before a letter or digit
    # (not an elided '90s), closed after a word or punctuation before a non-word, with no other opening between.
    (re.compile(r"(?<![\w'])'(?=[*]*(?:\w|\ue000))(?!\d\ds\b)((?:(?!\s')[^'\n])*?)(?<=[\w.,!?;:)*\ue000])'(?!\w)"),
     "\u2018\\1\u2019"),
    # What is left after a word (workers') or before a decade ('90s) is an apostrophe.
    (re.compile(r"(?<=[^\W_])'(?!\w)|(?<![\w'])'(?=\d\ds\b)"), "\u2019"),
    # A number range: 1931-33, 10-15 million (not a date 2024-01-15, a sum 5-3=2 or a code A4-7).
    (re.compile(r"(?<![\w\-/.:=+^\u2212])(\d+)-(\d+)(?![\w\-/:=+]|[.,]\d)"), "\\1\u2013\\2"),
)


@lru_cache(maxsize=65536)
def typeset(staged: str) -> str:
    """Staged text with typographic quotes, apostrophes and en dashes in number ranges."""
    if ("'" not in staged and '"' not in staged and "-" not in staged) or _MASK in staged:
        return staged
    kept = _PROTECTED.findall(staged)
    out = _PROTECTED.sub(_MASK, staged)
    for rule, repl in _TYPE_RULES:
        out = rule.sub(repl, out)
    pieces = iter(kept)
    return re.sub(_MASK, lambda m: next(pieces), out)


_FOLDS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-"})


def fold_typography(text: str) -> str:
    """`text` with typographic quotes, apostrophes and en dashes folded back to the typed forms, so
    fidelity checks compare the YAML with its printed form."""
    return text.translate(_FOLDS)


def _unstaged(text: str) -> str:
    return _STAND_INS.sub("", text)


def _tagged(text: str) -> str:
    """Staged text with each script's stand-ins turned into its tags."""
    out, opened = [], []
    for part in re.split("([\x05-\x07])", text):
        if part in (_SUB, _SUPER):
            opened.append(part)
            out.append(_TAGS[part])
        elif part == _END:
            out.append("</sub>" if opened.pop() == _SUB else "</super>")
        else:
            out.append(part)
    return "".join(out)


@lru_cache(maxsize=65536)
def to_para(text: str, typographic: bool = True) -> str:
    """Text with inline markup -> ReportLab paragraph markup (escaped), with typographic quotes and
    dashes (`typeset`) unless `typographic` is False (exports, which keep the text as typed)."""
    staged = _staged(text)
    out = escape(typeset(staged) if typographic else staged)
    out = _BOLD.sub(r"<b>\1</b>", out)
    out = _ITALIC.sub(_italic, out)
    return _unstaged(_tagged(out)).replace("\n", "<br/>")


def _italic(match: re.Match) -> str:
    # An italic span may cross a bold tag ("***both***" is <b>*both</b>* by then):
    # close and reopen it there, so the tags nest as the paragraph parser requires.
    inner = match.group(1).replace("<b>", "</i><b><i>").replace("</b>", "</i></b><i>")
    return f"<i>{inner}</i>"


@lru_cache(maxsize=65536)
def bolded(text: str) -> str:
    """`text` (markup) set in bold as a whole: its own bold markers are dropped first, so a
    term typed as "**NEP**" or "The **NEP**" is bold once, not printed with stray asterisks."""
    return f"**{_BOLD.sub(lambda m: m.group(1), text)}**" if text.strip() else text


def plain(text: str) -> str:
    """The words as printed: markup markers removed, nothing else changed."""
    out = _BOLD.sub(r"\1", _staged(text))
    return _unstaged(_ITALIC.sub(r"\1", out))


_SUBSCRIPTS = dict(zip("0123456789+-\u2212=()", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089\u208a\u208b\u208b\u208c\u208d\u208e"))
_SUPERSCRIPTS = dict(zip("0123456789+-\u2212=()n", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207a\u207b\u207b\u207c\u207d\u207e\u207f"))


@lru_cache(maxsize=65536)
def plain_scripts(text: str) -> str:
    """`plain`, but a sub- or superscript made of digits and signs is written with Unicode's
    sub/superscript characters ("H₂O", "x²", "10⁻⁶"), for plain-text exports; others stay on the line."""
    out = []
    for ch, _, _, _, script in marked_chars(text):
        table = _SUBSCRIPTS if script == "sub" else _SUPERSCRIPTS if script == "super" else {}
        out.append((ch, table))
    runs, i = [], 0
    while i < len(out):
        j = i
        while j < len(out) and out[j][1] is out[i][1]:
            j += 1
        chars, table = "".join(c for c, _ in out[i:j]), out[i][1]
        runs.append("".join(table[c] for c in chars) if table and all(c in table for c in chars) else chars)
        i = j
    return "".join(runs)


def lead(text: str) -> str:
    """The bold lead of a point ('**1928**: ...' -> '1928'), or ''."""
    match = _BOLD.match(_staged(text))
    return _unstaged(match.group(1)) if match else ""


# Stand-ins for the <b> and </b> tags `to_para` inserts before it looks for italics:
# neither a word character, nor a space, nor "*", exactly as the tags' "<" and ">" are.
_OPEN, _CLOSE = "\x01", "\x02"


def styled_chars(text: str) -> list[tuple[str, bool, bool]]:
    """Each printed character of `text` with its (bold, italic) flags, markers removed.

    Follows `to_para` step by step (bold first, then italics over the result), so the
    flags are exactly what the paragraph parser will print.
    """
    return [(ch, bold, italic) for ch, bold, italic, *_ in marked_chars(text)]


def has_gaps(text: str) -> bool:
    """True if `text` marks a chosen gap (``[[word]]``)."""
    return bool(_GAP.search(text))


def marked_chars(text: str) -> list[tuple[str, bool, bool, bool, str]]:
    """`styled_chars` with a fourth flag, the character is inside a chosen gap, and
    a fifth field: "sub", "super" or "" (on the line)."""
    staged = _BOLD.sub(lambda m: _OPEN + m.group(1) + _CLOSE, typeset(_staged(text)))
    italic = [False] * len(staged)
    drop = set()
    for m in _ITALIC.finditer(staged):
        drop.update((m.start(), m.end() - 1))
        italic[m.start(1) : m.end(1)] = [True] * (m.end(1) - m.start(1))
    out: list[tuple[str, bool, bool, bool, str]] = []
    bold = gap = False
    script = ""
    for i, ch in enumerate(staged):
        if ch in (_OPEN, _CLOSE):
            bold = ch == _OPEN
        elif ch in (_GAP_OPEN, _GAP_CLOSE):
            gap = ch == _GAP_OPEN
        elif ch in (_SUB, _SUPER, _END):
            script = {_SUB: "sub", _SUPER: "super", _END: ""}[ch]
        elif i not in drop:
            out.append((ch, bold, italic[i], gap, script))
    return out
