"""Reading YAML safely: bytes -> one node tree, or positioned diagnostics.

Only PyYAML's safe machinery is used, and only up to *composing* nodes: nothing
is ever constructed, so no YAML tag can run code or build an object. Files are
parsed by libyaml (PyYAML's C parser, twelve times faster) where PyYAML was built
with it; a file libyaml finds fault with is read again by the pure-Python parser,
whose messages the hints below were written for, so every message is the same
either way. The composer refuses what notes never need and attackers love:
anchors and aliases (the "billion laughs"), explicit tags (``!x`` silently eats
the first word of a value), and nesting deep enough to exhaust the stack.

Every problem, including PyYAML's own syntax errors, becomes a `Diagnostic`
with a 1-based line and column and, for the traps authors fall into most, a
hint in plain words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml

from revpack.errors import Diagnostic

MAX_BYTES = 2_000_000
MAX_DEPTH = 40

# What the source may not hold, anywhere (PyYAML's reader refuses most of these with
# a message that names no line): C0 controls except tab, LF and CR; DEL; C1 controls
# except NEL; lone surrogates; U+FFFE and U+FFFF.
_SOURCE_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# PyYAML counts these as line breaks (YAML 1.1); split the same way so marks match lines.
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")

ANCHOR_MESSAGE = "anchors and aliases are not allowed (&name, *name); write the text out in full"
TAG_MESSAGE = "a value starting with '!' is read as a YAML tag; quote the value"


class _Refused(yaml.MarkedYAMLError):
    """A construct refused while composing (anchors, aliases, tags, deep nesting)."""


class _Refusing:
    """A composer mix-in that refuses aliases, tags and deep nesting.

    The depth is counted here, in the (recursive) composer: PyYAML's scanner and
    parser are iterative, so a file of 10,000 ``[`` reaches this check long before
    Python's recursion limit.
    """

    _depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(problem=ANCHOR_MESSAGE, problem_mark=event.start_mark)
        if getattr(event, "tag", None) is not None:
            raise _Refused(problem=TAG_MESSAGE, problem_mark=event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(problem=f"nested more than {MAX_DEPTH} levels deep", problem_mark=event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_scalar_node(self, anchor):  # noqa: ANN001 - PyYAML's signature
        node = super().compose_scalar_node(anchor)
        node.style = node.style or None  # libyaml says '' for a plain scalar, PyYAML None
        return node


class _Composer(_Refusing, yaml.SafeLoader):
    """The pure-Python safe loader, used only to compose nodes."""


try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: the pure-Python parser does it all
    _FastComposer = None
else:

    class _FastComposer(_Refusing, yaml.composer.Composer, CParser, yaml.resolver.Resolver):
        """libyaml's parser under PyYAML's composer: the same nodes and marks, faster."""

        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)


def _fast_node(text: str) -> yaml.Node | None | bool:
    """The node tree by libyaml, or False to read the file again with the pure-Python parser:
    when libyaml is not built in, finds fault, or meets what it reads more loosely than
    PyYAML does: a '?' inside ``[...]`` or ``{...}`` (``[Why?]``) or a tab. tests/test_yamlsafe.py
    compares the two readings on thousands of mangled files."""
    if _FastComposer is None or "\t" in text:  # PyYAML refuses tabs libyaml lets through
        return False
    loader = _FastComposer(text)
    try:
        node = loader.get_single_node()
    except Exception:  # noqa: BLE001 - the pure-Python reading reports it, in its own words
        return False
    finally:
        loader.dispose()
    return False if _question_in_flow(node) else node


def _question_in_flow(root: yaml.Node | None) -> bool:
    """Whether a flow collection (``[...]``, ``{...}``) in the tree holds a plain '?'."""
    stack = [(root, False)] if root is not None else []
    while stack:
        node, in_flow = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if in_flow and node.style is None and "?" in node.value:
                return True
            continue
        in_flow = in_flow or bool(node.flow_style)
        children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
        stack.extend((child, in_flow) for child in children)
    return False


@dataclass
class Source:
    """One file being read: its display name, its lines, and what was found wrong with it."""

    name: str
    lines: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    def error(self, line: int, col: int, path: str, message: str) -> None:
        """An error at a 1-based position."""
        self.problems.append(Diagnostic(self.name, line, col, path, message))

    def warn(self, line: int, col: int, path: str, message: str) -> None:
        """A warning at a 1-based position."""
        self.warnings.append(Diagnostic(self.name, line, col, path, message, "warning"))


def decode(raw: bytes, src: Source) -> str | None:
    """The text of a file: UTF-8 (a BOM is dropped), at most MAX_BYTES, no control characters."""
    if len(raw) > MAX_BYTES:
        src.error(1, 1, "", f"the file is larger than {MAX_BYTES // 1_000_000} MB; split it into several topics")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[start : exc.start].decode("utf-8", "replace")) + 1  # characters, not bytes
        src.error(line, col, "", f"byte 0x{raw[exc.start]:02X} is not UTF-8 text; save the file as UTF-8")
        return None
    src.lines = _LINE_BREAK.split(text)
    for number, line_text in enumerate(src.lines, 1):
        if m := _SOURCE_CONTROL.search(line_text):
            src.error(number, m.start() + 1, "", f"control character U+{ord(m[0]):04X} is not allowed; delete it")
    return None if src.problems else text


@dataclass(frozen=True)
class _Hint:
    problem: str  # a piece of PyYAML's problem text ("" matches any)
    context: str  # a piece of its context text ("" matches any)
    message: str
    at_context: bool = False  # point at the start of the construct rather than where it broke


_HINTS = (
    _Hint("found character '\\t' that cannot start any token", "", "a tab character; indent with spaces, not tabs"),
    _Hint("", "while scanning an alias", "a value starting with '*' is read as an alias; quote the value"),
    _Hint("", "while scanning an anchor", "a value starting with '&' is read as an anchor; quote the value"),
    _Hint("found character '@' that cannot start any token", "", "a value cannot start with '@'; quote the value"),
    _Hint("found character '`' that cannot start any token", "", "a value cannot start with '`'; quote the value"),
    _Hint("found character '%' that cannot start any token", "", "a value cannot start with '%'; quote the value"),
    _Hint("expected '<document start>'", "", "a value cannot start with '%'; quote the value"),
    _Hint("found undefined tag handle", "", TAG_MESSAGE),
    _Hint("", "while scanning a tag", TAG_MESSAGE),
    _Hint("", "while scanning a block scalar",
          "a value starting with '|' or '>' starts a block of text; quote the value"),
    _Hint("sequence entries are not allowed here", "",
          "a value starting with '- ' on the key's line; quote the value, or put the list items on lines of their own"),
    _Hint("", "expected a single document in the stream",
          "several documents in one file (a line '---' starts another); keep one per file"),
    _Hint("found unexpected end of stream", "while scanning a quoted scalar",
          "a quoted value is not closed; add the closing quote", at_context=True),
    _Hint("", "while scanning a double-quoted scalar",
          "a backslash in double quotes starts an escape; use single quotes, or write \\\\ for a backslash"),
    _Hint("expected <block end>, but found '<scalar>'", "",
          "text after a quoted or bracketed value; quote the whole value, e.g. '\"Stalin\" said it'"),
    _Hint("but got '<stream end>'", "while parsing a flow",
          "a '[' or '{' is not closed; close it, or quote a value that starts with one", at_context=True),
    _Hint("but got '?'", "while parsing a flow",
          "inside [...] or {...} a '?' ends the text; quote the value, e.g. [\"Why?\"]"),
    _Hint("", "while parsing a flow",
          "inside [...] or {...} a value holding ',', ':', '?' or a bracket must be quoted "
          "(or a bracket is not closed)"),
)


# A quote that starts a value: after the dashes of list items and a key, if any.
_VALUE_QUOTE = re.compile(r"^\s*(?:-\s+)*(?:[^\s#'\"\[{][^#]*?:\s+)?([\"'])")
_LOOKS_LIKE_KEY = re.compile(r"^[^\s#'\"][^#]*?:(\s|$)")
# PyYAML's errors that a line indented wrongly (earlier in the file) leads to.
_INDENT_TROUBLE = ("expected <block end>", "mapping values are not allowed here", "could not find expected ':'",
                   "did not find expected key", "did not find expected '-' indicator")


def _closing_quote(lines: list[str], line: int, col: int) -> tuple[int, int] | None:
    """Where the quoted value opening at (line, col) closes, or None if it never does."""
    quote = lines[line][col]
    i, j = line, col + 1
    while i < len(lines):
        text = lines[i]
        while j < len(text):
            if quote == '"' and text[j] == "\\":
                j += 2
                continue
            if text[j] == quote:
                if quote == "'" and text[j + 1 : j + 2] == "'":
                    j += 2
                    continue
                return i, j
            j += 1
        i, j = i + 1, 0
    return None


def _unclosed_quote(lines: list[str], error_line: int) -> tuple[int, int, str] | None:
    """A quoted value opened on an earlier line and closed only on `error_line`, where the parser
    then stumbled: the quote the author forgot to close, at the line it opened on."""
    i = 0
    while i < min(error_line, len(lines)):
        m = _VALUE_QUOTE.match(lines[i])
        if m:
            close = _closing_quote(lines, i, m.start(1))
            if close is not None and close[0] > i:
                if close[0] == error_line:
                    return i, m.start(1), (f"the quote opened here is not closed on this line (it runs on to line "
                                           f"{close[0] + 1}); add the closing {m[1]}")
                i = close[0]
        i += 1
    return None


def _indent_slip(lines: list[str], error_line: int) -> tuple[int, int, str] | None:
    """The first line up to `error_line` whose indentation matches no open block: (line, column,
    message), or None. Keys of one mapping and items of one list start in one column; a deeper
    line must follow a key that opens a block (or continue a plain value's text)."""
    stack, opened, block = [0], False, -1  # open columns; the line above opened a block; block scalar
    for i in range(min(error_line + 1, len(lines))):
        raw = lines[i]
        content = raw.strip()
        depth = len(raw) - len(raw.lstrip(" "))
        if block >= 0 and (not content or depth > block):
            continue  # the text of a `|` or `>` block
        block = -1
        if not content or content.startswith("#") or content in ("---", "..."):
            continue
        if depth > stack[-1]:
            if not opened:
                if not _LOOKS_LIKE_KEY.match(content):
                    continue  # a plain value's text running on
                return i, depth, _indent_message(i, depth, stack[-1])
            stack.append(depth)
        elif depth < stack[-1]:
            above = stack[-1]
            while stack[-1] > depth:
                above = stack.pop()
            if stack[-1] != depth:
                return i, depth, _indent_message(i, depth, above)
        rest, col = raw[depth:], depth
        while m := re.match(r"-(\s+|$)", rest):  # each '- ' opens an item whose keys line up after it
            col += m.end()
            rest = rest[m.end() :]
            stack.append(col)
        value = re.sub(r"\s+#.*$", "", rest).rstrip()
        opened = value.endswith(":") or not value
        if re.search(r":\s+[|>][-+0-9]*$", value):
            block = depth
    return None


def _indent_message(line: int, depth: int, above: int) -> str:
    return (f"line {line + 1} is indented {depth} spaces; the item above {above}: line them up "
            "(keys of one mapping, and the items of one list, start in the same column)")


def _syntax_message(exc: yaml.MarkedYAMLError, src: Source) -> tuple[yaml.Mark | None, str]:
    """Where and what, in plain words, for one of PyYAML's errors."""
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    if isinstance(exc, _Refused):
        return mark, problem
    if mark is not None and (found := _unclosed_quote(src.lines, mark.line)):
        return yaml.Mark("", 0, found[0], found[1], None, None), found[2]
    if mark is not None and any(t in problem for t in _INDENT_TROUBLE) and (
            found := _indent_slip(src.lines, mark.line)):
        return yaml.Mark("", 0, found[0], found[1], None, None), found[2]
    if "mapping values are not allowed here" in problem and mark is not None:
        before = src.lines[mark.line][: mark.column] if mark.line < len(src.lines) else ""
        if re.search(r":\s*[\u201c\u201d\u2018\u2019\u201e\u00ab]", before):  # `key: “What is: this?”`
            return mark, ("curly quotes (\u201c \u201d \u2018 \u2019, pasted from a word processor) are not YAML "
                          "quotes, so the ': ' inside is read as a key; type straight quotes (\") instead")
    if "mapping values are not allowed here" in problem and mark is not None:
        before = src.lines[mark.line][: mark.column] if mark.line < len(src.lines) else ""
        if re.search(r":\s", before):  # `key: What is: this?`
            return mark, "a ': ' inside a value is read as a new key; quote the value, e.g. \"What is: this?\""
        return mark, "a key where none can start; check this line's indentation (keys of one mapping line up)"
    if "while parsing a flow" in context and exc.context_mark and mark and mark.line != exc.context_mark.line:
        # `title: [Draft notes` runs on into the following lines before PyYAML gives up.
        return exc.context_mark, "a '[' or '{' is not closed; close it, or quote a value that starts with one"
    for hint in _HINTS:
        if hint.problem in problem and hint.context in context:
            return (exc.context_mark or mark) if hint.at_context else mark, hint.message
    return mark, f"YAML syntax: {problem}" + (f" ({context})" if context else "")


def _slow_node(text: str, src: Source) -> yaml.Node | None | bool:
    """The node tree by the pure-Python parser, or False with its problem recorded in `src`."""
    loader = _Composer(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark, message = _syntax_message(exc, src)
        src.error((mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1, "", message)
    except yaml.reader.ReaderError as exc:  # decode() refuses these characters first; kept as a safety net
        before = text[: exc.position]
        lines = _LINE_BREAK.split(before)
        src.error(len(lines), len(lines[-1]) + 1, "", f"character U+{exc.character:04X} is not allowed; delete it"
                  if isinstance(exc.character, int) else f"YAML: {exc.reason}")
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error above carries a mark
        src.error(1, 1, "", f"YAML: {exc}")
    finally:
        loader.dispose()
    return False


def compose(raw: bytes, src: Source) -> yaml.Node | None:
    """The one document of a file as a node tree, or None with the problems recorded in `src`."""
    text = decode(raw, src)
    if text is None:
        return None
    node = _fast_node(text)
    if node is False:
        node = _slow_node(text, src)
        if node is False:
            return None
    if node is None or (isinstance(node, yaml.ScalarNode) and node.style is None and node.value == ""):
        src.error(1, 1, "", "the file is empty")
        return None
    for where, message in _duplicate_keys(node):
        src.error(where.start_mark.line + 1, where.start_mark.column + 1, message[0], message[1])
    return node


def _duplicate_keys(root: yaml.Node) -> Iterator[tuple[yaml.Node, tuple[str, str]]]:
    """Every repeated key in every mapping of the tree, with its key path (iterative: no recursion)."""
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, f"{path}[{i}]") for i, child in enumerate(node.value))
        elif isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                key = key_node.value
                key_path = f"{path}.{key}" if path else key
                if key in first:
                    yield key_node, (key_path, f"duplicate key '{key}' (first at line {first[key]}); remove one")
                    continue
                first[key] = key_node.start_mark.line + 1
                stack.append((value_node, key_path))
