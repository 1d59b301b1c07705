"""YAML -> model, with every problem reported at its position.

The model is built from PyYAML's node tree (`yaml.compose` with the pure-Python
safe loader), never from `yaml.load`'s plain objects, because nodes keep their
line and column: every message reads ``file:line:col: key.path: message``.
Plain scalars are taken as the exact text typed (``node.value``), so YAML 1.1
guessing never turns ``no`` into False, ``3:30`` into 210 or ``0123`` into 83.

The conversion is generic: it follows the dataclass fields and type hints of
`model.py`, so adding a field there needs no change here.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from revpack.dates import FORMS, parse_date
from revpack.errors import Diagnostic, InputError, RevpackError
from revpack.model import Comparison, Event, Pack, PackInfo, Point, Topic, Where

MAX_BYTES = 2_000_000
MAX_DEPTH = 40
DEFAULT_PACK = "gcse-stalin-ussr"
REPO_PACKS = Path(__file__).resolve().parents[2] / "packs"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_NULLS = {"", "~", "null", "Null", "NULL"}


class _Refused(yaml.MarkedYAMLError):
    """A construct we refuse while composing (anchors, aliases, deep nesting)."""


class _Composer(yaml.SafeLoader):
    """The pure-Python safe loader, composing nodes only, refusing aliases and deep nesting."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                problem="anchors and aliases (&name, *name) are not allowed; write the text out in full",
                problem_mark=event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(
                    problem=f"nested more than {MAX_DEPTH} levels deep", problem_mark=event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


@dataclass
class _File:
    """One file being read: its name, lines, and the diagnostics found in it."""

    name: str
    lines: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    def where(self, node: yaml.Node) -> Where:
        return Where(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def error(self, node_or_mark: Any, path: str, message: str) -> None:
        mark = getattr(node_or_mark, "start_mark", node_or_mark)
        self.problems.append(Diagnostic(self.name, mark.line + 1, mark.column + 1, path, message))

    def warn(self, node: yaml.Node, path: str, message: str) -> None:
        mark = node.start_mark
        self.warnings.append(Diagnostic(self.name, mark.line + 1, mark.column + 1, path, message, "warning"))


# --- reading and composing ------------------------------------------------------


def _display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _decode(raw: bytes, f: _File) -> str | None:
    if len(raw) > MAX_BYTES:
        f.problems.append(Diagnostic(f.name, 1, 1, "", f"the file is larger than {MAX_BYTES // 1_000_000} MB; split it into several topics"))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start]
        f.problems.append(Diagnostic(f.name, line, col, "", f"byte 0x{byte:02X} is not UTF-8 text; save the file as UTF-8"))
        return None
    for number, line in enumerate(text.split("\n"), 1):
        if m := _CONTROL.search(line):
            f.problems.append(
                Diagnostic(f.name, number, m.start() + 1, "", f"control character U+{ord(m[0]):04X} is not allowed; delete it")
            )
    if f.problems:
        return None
    return text


_HINTS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed here", "a ': ' inside a value is read as a new key; quote the value, e.g. \"What is: this?\""),
    ("found character '\\t' that cannot start any token", "a tab character; indent with spaces, not tabs"),
    ("expected alphabetic or numeric character, but found", "a value starting with '*' is read as an alias; quote the value"),
    ("found character '@' that cannot start any token", "a value cannot start with '@'; quote the value"),
    ("found character '`' that cannot start any token", "a value cannot start with '`'; quote the value"),
    ("found character '%' that cannot start any token", "a value cannot start with '%'; quote the value"),
    ("expected a single document in the stream", "several documents in one file (a line '---' starts another); keep one per file"),
    ("while scanning a quoted scalar", "a quoted value is not closed; add the closing quote"),
)


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    if isinstance(exc, _Refused):
        return problem
    for needle, hint in _HINTS:
        if needle in problem or needle in (exc.context or ""):
            return hint
    if "expected '<document start>'" in problem:
        return "a value cannot start with '%' or the file has stray text; quote the value"
    return f"YAML syntax: {problem}" + (f" ({exc.context})" if exc.context else "")


def _compose(raw: bytes, f: _File) -> yaml.Node | None:
    text = _decode(raw, f)
    if text is None:
        return None
    f.lines = text.split("\n")
    loader = _Composer(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        f.problems.append(
            Diagnostic(f.name, (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1, "", _yaml_message(exc))
        )
        return None
    except yaml.YAMLError as exc:  # reader errors carry no mark
        f.problems.append(Diagnostic(f.name, 1, 1, "", f"YAML: {exc}"))
        return None
    finally:
        loader.dispose()
    if node is None:
        f.problems.append(Diagnostic(f.name, 1, 1, "", "the file is empty"))
    return node


# --- nodes -> model ---------------------------------------------------------------


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping (key: value pairs)"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "text"


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _fields(cls: type) -> list[dataclasses.Field]:
    return [f for f in dataclasses.fields(cls) if not f.metadata.get("internal")]


def _text(node: yaml.Node, path: str, f: _File) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        f.error(node, path, f"expected text, found {_kind(node)}")
        return None
    if node.style is None and node.value in _NULLS:
        f.error(node, path, "expected text, found nothing (quote it if you mean the word)")
        return None
    if node.style is None and node.start_mark.line == node.end_mark.line:
        rest = f.lines[node.end_mark.line][node.end_mark.column :] if node.end_mark.line < len(f.lines) else ""
        if re.match(r"\s+#", rest):
            f.warn(node, path, "the text stops at ' #': the rest of the line is a comment; quote the value to keep it")
    return node.value


def _convert(tp: Any, node: yaml.Node, path: str, f: _File) -> Any:
    """Convert `node` to type `tp` (str, tuple[X, ...] or a model dataclass); None on error."""
    if tp is str:
        return _text(node, path, f)
    if typing.get_origin(tp) is tuple:
        (item_tp, _) = typing.get_args(tp)
        if isinstance(node, yaml.ScalarNode) and item_tp is Point:
            one = _convert(Point, node, path, f)  # a single string is a one-point list
            return None if one is None else (one,)
        if not isinstance(node, yaml.SequenceNode):
            f.error(node, path, f"expected a list, found {_kind(node)}")
            return None
        items = [_convert(item_tp, child, f"{path}[{i}]", f) for i, child in enumerate(node.value)]
        return None if any(i is None for i in items) else tuple(items)
    if dataclasses.is_dataclass(tp):
        shorthand = getattr(tp, "SHORTHAND", None)
        if shorthand and isinstance(node, yaml.ScalarNode):
            text = _text(node, path, f)
            return None if text is None else tp(**{shorthand: text, "where": f.where(node)})
        if shorthand and isinstance(node, yaml.SequenceNode):
            f.error(node, path, "expected text, found a list")
            return None
        return _record(tp, node, path, f)
    raise TypeError(f"no loader for {tp!r}")  # a model field of a type we do not know: a bug


def _record(cls: type, node: yaml.Node, path: str, f: _File) -> Any:
    if not isinstance(node, yaml.MappingNode):
        f.error(node, path, f"expected a mapping (key: value pairs), found {_kind(node)}")
        return None
    known = {fl.name: fl for fl in _fields(cls)}
    seen: dict[str, int] = {}
    misspelt: set[str] = set()  # known keys an unknown key was taken for: not also "missing"
    values: dict[str, Any] = {}
    ok = True
    for key_node, value_node in node.value:
        key_path = lambda k: f"{path}.{k}" if path else k  # noqa: E731
        if not isinstance(key_node, yaml.ScalarNode):
            f.error(key_node, path, "a key must be a plain name")
            ok = False
            continue
        key = key_node.value
        if key in seen:
            f.error(key_node, key_path(key), f"duplicate key '{key}' (first at line {seen[key]}); remove one")
            ok = False
            continue
        seen[key] = key_node.start_mark.line + 1
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            misspelt.update(close)
            hint = f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(known)}"
            f.error(key_node, path, f"unknown key '{key}'{hint}")
            ok = False
            continue
        value = _convert(_hints(cls)[key], value_node, key_path(key), f)
        if value is None:
            ok = False
        elif known[key].metadata.get("nonempty") and not value:
            f.error(value_node, key_path(key), f"'{key}' must not be empty")
            ok = False
        else:
            values[key] = value
    for name, fl in known.items():
        if fl.metadata.get("required") and name not in seen and name not in misspelt:
            f.error(node, path, f"missing required key '{name}'")
            ok = False
    if not ok:
        return None
    return cls(**values, where=f.where(node))


# --- checks the types cannot express ------------------------------------------------


def _check_topic(topic: Topic, f: _File) -> None:
    def at(where: Where, path: str, message: str) -> None:
        f.problems.append(Diagnostic(f.name, where.line, where.col, path, message))

    for i, comparison in enumerate(topic.comparisons):
        _check_comparison(comparison, f"comparisons[{i}]", at)
    for i, event in enumerate(topic.timeline):
        _check_event(event, f"timeline[{i}].date", at)
    if topic.id and not _ID.match(topic.id):
        at(topic.where, "id", f"'{topic.id}' cannot be a file name; use letters, digits, '-' and '_'")


def _check_comparison(c: Comparison, path: str, at) -> None:
    if not 2 <= len(c.columns) <= 6:
        at(c.where, f"{path}.columns", f"a comparison needs 2 to 6 columns, found {len(c.columns)}")
        return
    for r, row in enumerate(c.rows):
        if len(row.cells) != len(c.columns):
            at(row.where, f"{path}.rows[{r}].cells",
               f"expected {len(c.columns)} cells (one per column), found {len(row.cells)}")


def _check_event(e: Event, path: str, at) -> None:
    if parse_date(e.date) is None:
        at(e.where, path, f"'{e.date}' is not a date revpack can place; write {FORMS}")


# --- public API ------------------------------------------------------------------------


def _finish(f: _File, warnings: list[Diagnostic] | None) -> None:
    if warnings is not None:
        warnings.extend(f.warnings)


def _topic_from(raw: bytes, name: str, stem: str, f: _File) -> Topic | None:
    node = _compose(raw, f)
    if node is None:
        return None
    topic = _record(Topic, node, "", f)
    if topic is None:
        return None
    if not topic.id:
        topic = dataclasses.replace(topic, id=stem)
    _check_topic(topic, f)
    return None if f.problems else topic


def load_topic_text(text: str | bytes, filename: str = "<memory>", warnings: list[Diagnostic] | None = None) -> Topic:
    """One topic from its YAML text; raises `InputError` with every problem found."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    f = _File(filename)
    topic = _topic_from(raw, filename, Path(filename).stem, f)
    _finish(f, warnings)
    if topic is None:
        raise InputError(f.problems)
    return topic


def load_topic(path: str | Path, warnings: list[Diagnostic] | None = None) -> Topic:
    """One topic file; raises `InputError` with every problem found."""
    path = Path(path)
    return load_topic_text(_read(path, _File(_display_name(path))), _display_name(path), warnings)


def _read(path: Path, f: _File) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError([Diagnostic(f.name, 1, 1, "", f"cannot read: {exc.strerror or exc}")]) from None


def find_pack(name: str | None) -> Path:
    """The folder of pack `name`: a path holding pack.yaml, or a folder under packs/."""
    name = name or DEFAULT_PACK
    candidates = [Path(name), Path("packs") / name, REPO_PACKS / name]
    for folder in candidates:
        if (folder / "pack.yaml").is_file():
            return folder
    available = sorted({p.parent.name for base in (Path("packs"), REPO_PACKS) for p in base.glob("*/pack.yaml")})
    raise RevpackError(
        f"{name}: no pack here (a pack is a folder holding pack.yaml); available: {', '.join(available) or 'none'}"
    )


def load_pack(
    path: str | Path,
    *,
    only: Sequence[str] = (),
    warnings: list[Diagnostic] | None = None,
) -> Pack:
    """A pack folder: pack.yaml and its topics in print order, or `InputError` with every problem."""
    folder = Path(path)
    problems: list[Diagnostic] = []
    found: list[Diagnostic] = []

    info_file = _File(_display_name(folder / "pack.yaml"))
    info: PackInfo | None = None
    try:
        raw = (folder / "pack.yaml").read_bytes()
    except OSError as exc:
        info_file.problems.append(Diagnostic(info_file.name, 1, 1, "", f"cannot read: {exc.strerror or exc}"))
    else:
        node = _compose(raw, info_file)
        if node is not None:
            info = _record(PackInfo, node, "", info_file)
    if info is not None and not info.id:
        info = dataclasses.replace(info, id=folder.resolve().name)
    problems += info_file.problems
    found += info_file.warnings

    files = {p.stem: p for p in sorted((folder / "topics").glob("*.yaml"))}
    order = list(info.topics) if info is not None and info.topics else list(files)
    if info is not None and info.topics:
        for i, tid in enumerate(info.topics):
            if tid not in files:
                close = difflib.get_close_matches(tid, files, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                problems.append(Diagnostic(info_file.name, info.where.line, info.where.col, f"topics[{i}]",
                                           f"no file topics/{tid}.yaml{hint}"))
        for stem in files:
            if stem not in info.topics:
                found.append(Diagnostic(_display_name(files[stem]), 1, 1, "",
                                        "this topic is not listed in pack.yaml 'topics', so it is not printed", "warning"))
    for tid in only:
        if tid not in order:
            close = difflib.get_close_matches(tid, order, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; topics are: {', '.join(order)}"
            problems.append(Diagnostic(info_file.name, 1, 1, "", f"no topic '{tid}' in this pack{hint}"))

    wanted = [tid for tid in order if tid in files and (not only or tid in only)]
    topics: list[Topic] = []
    ids: dict[str, str] = {}
    for tid in wanted:
        f = _File(_display_name(files[tid]))
        try:
            raw = files[tid].read_bytes()
        except OSError as exc:
            problems.append(Diagnostic(f.name, 1, 1, "", f"cannot read: {exc.strerror or exc}"))
            continue
        topic = _topic_from(raw, f.name, tid, f)
        problems += f.problems
        found += f.warnings
        if topic is None:
            continue
        if topic.id in ids:
            problems.append(Diagnostic(f.name, topic.where.line, topic.where.col, "id",
                                       f"topic id '{topic.id}' is used by {ids[topic.id]} too"))
            continue
        ids[topic.id] = f.name
        topics.append(topic)

    if warnings is not None:
        warnings.extend(found)
    if problems or info is None:
        raise InputError(problems)
    return Pack(info=info, topics=tuple(topics), root=str(folder))
