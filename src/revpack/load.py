"""YAML -> model, with every problem reported at its position.

The model is built from PyYAML's node tree (`yamlsafe.compose`: the pure-Python
safe loader, composing only), never from `yaml.load`'s plain objects, because
nodes keep their line and column: every message reads
``file:line:col: key.path: message``. Plain scalars are taken as the exact text
typed (``node.value``), so YAML 1.1 guessing never turns ``no`` into False,
``3:30`` into 210 or ``0123`` into 83.

The conversion is generic: it follows the dataclass fields and type hints of
`model.py` (text, tuples of items, nested records, a plain string standing for
a record with a ``SHORTHAND`` field), so adding a field there needs no change
here. The few rules types cannot express (comparison shape, dates, ids) are
checks keyed by record class in `_CHECKS`.

Every problem in every file is collected before anything is raised, so one run
of ``revpack check`` lists them all.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import stat
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from revpack import SAMPLE_PACKS
from revpack.chronology import near_duplicates
from revpack.dates import date_problem, parse_date
from revpack.errors import Diagnostic, InputError
from revpack.model import Comparison, Event, Image, Pack, PackInfo, Point, Topic, Where
from revpack.yamlsafe import MAX_BYTES, MAX_DEPTH, Source, compose

__all__ = ["DEFAULT_PACK", "MAX_BYTES", "MAX_DEPTH", "find_pack", "load_pack", "load_topic", "load_topic_text"]

DEFAULT_PACK = "gcse-stalin-ussr"  # the sample `make pack` builds and `revpack new` offers

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_NULLS = {"", "~", "null", "Null", "NULL"}
# Control characters that reach a value through an escape ("\u0001", "\t"); in the
# source itself they are refused earlier, at their exact position.
_VALUE_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
# One space before '#' reads as text cut short ("Russia #1"); two or more, as a comment set apart
# on purpose (the aligned comments `revpack new` writes).
_CUT_BY_COMMENT = re.compile(r"[ \t]#")

NOTHING = "expected text, found nothing (quote it if you mean the word)"


@dataclass
class _File(Source):
    """A source file being converted, with the mark of every key path seen (for later checks)."""

    marks: dict[str, yaml.Mark] = field(default_factory=dict)
    root: Path | None = None  # the pack folder images are found in (None: the current folder)

    def where(self, node: yaml.Node) -> Where:
        return Where(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def error_at(self, node_or_mark: Any, path: str, message: str) -> None:
        mark = getattr(node_or_mark, "start_mark", node_or_mark)
        self.error(mark.line + 1, mark.column + 1, path, message)

    def error_on(self, path: str, fallback: Where, message: str) -> None:
        """An error at the node of `path` if it was seen, else at `fallback`."""
        mark = self.marks.get(path)
        if mark is None:
            self.error(fallback.line, fallback.col, path, message)
        else:
            self.error_at(mark, path, message)


def _display_name(path: Path) -> str:
    """`path` relative to the current directory when it is inside it, as given otherwise."""
    try:
        # (absolute, not resolved: a link is named as itself, not as the file it points to)
        return str(Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(Path.cwd()))))
    except (ValueError, OSError):
        return str(path)


# --- nodes -> model ---------------------------------------------------------------


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.style is None and node.value in _NULLS


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping (key: value pairs)"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "nothing" if _is_null(node) else "text"


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _fields(cls: type) -> list[dataclasses.Field]:
    return [f for f in dataclasses.fields(cls) if not f.metadata.get("internal")]


_CURLY = "\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb"
CURLY_MESSAGE = ("curly quotes (\u201c \u201d \u2018 \u2019, pasted from a word processor) are not YAML quotes, so the "
                 "': ' inside is read as a key; type straight quotes (\") instead")


def _colon_in_text(cls: type, node: yaml.MappingNode, path: str, f: _File) -> str | None | bool:
    """A point (or other one-line record) that YAML read as a mapping because of a ': ' in it.

    `Mot : sens` or `le chat: the cat` alone on its line, neither side a key the record has,
    is text as typed: returned as it stands in the source, with no warning. A mapping that
    cannot be read back unambiguously is reported (None); False: an ordinary record."""
    known = {fl.name for fl in _fields(cls)}
    if not node.value:
        return False
    first_key, first_value = node.value[0]
    braces = f.lines[node.start_mark.line][node.start_mark.column : node.start_mark.column + 1] == "{"
    if braces or not isinstance(first_key, yaml.ScalarNode) or first_key.value in known:
        return False
    if first_key.style is None and first_key.value[:1] in _CURLY:
        f.error_at(first_key, path, CURLY_MESSAGE)
        return None
    plain = first_key.style is None and isinstance(first_value, yaml.ScalarNode) and first_value.style is None
    one_line = first_key.start_mark.line == first_value.end_mark.line
    if len(node.value) == 1 and plain and one_line and first_value.value.strip():
        text = f.lines[first_key.start_mark.line][first_key.start_mark.column : first_value.end_mark.column]
        return _text(yaml.ScalarNode("tag:yaml.org,2002:str", text, first_key.start_mark, first_value.end_mark),
                     path, f, required=True)
    shown = f.lines[first_key.start_mark.line][first_key.start_mark.column :].strip()
    f.error_at(first_key, path, f"a ': ' inside a point is read as a key; quote this point, or write it as "
                                f"`text: {shown}`")
    return None


def _forgotten_dash(node: yaml.ScalarNode, path: str, f: _File) -> None:
    """Warn when a plain value runs on over a line that starts with '- ': a list item meant,
    whose dash was indented past the item above, so the two were silently read as one."""
    for line in range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(f.lines))):
        text = f.lines[line]
        if text.lstrip().startswith("- "):
            col = len(text) - len(text.lstrip()) + 1
            f.warn(line + 1, col, path, f"this line starts with '- ' but is read as more of the text begun on line "
                                        f"{node.start_mark.line + 1}; to make it an item of its own, line its '-' "
                                        "up with the one above")
            return


def _text(node: yaml.Node, path: str, f: _File, *, required: bool = False) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        f.error_at(node, path, f"expected text, found {_kind(node)}")
        return None
    if _is_null(node):
        f.error_at(node, path, NOTHING)
        return None
    if required and not node.value.strip():
        f.error_at(node, path, "expected text, found an empty string")
        return None
    if m := _VALUE_CONTROL.search(node.value):
        if m[0] == "\t":
            f.error_at(node, path, "a tab character in the text; use spaces")
        else:
            f.error_at(node, path, f"control character U+{ord(m[0]):04X} is not allowed; delete it")
        return None
    if node.style is None:
        # A plain value stops at ' #': whatever followed was silently taken for a comment.
        line = node.end_mark.line
        rest = f.lines[line][node.end_mark.column :] if line < len(f.lines) else ""
        if _CUT_BY_COMMENT.match(rest):
            f.warn(node.start_mark.line + 1, node.start_mark.column + 1, path,
                   "the text stops at ' #': the rest of the line is a comment; quote the value to keep it")
        if node.end_mark.line > node.start_mark.line:
            _forgotten_dash(node, path, f)
    return node.value


_TRUE, _FALSE = ("true", "yes", "on"), ("false", "no", "off")


def _flag(node: yaml.Node, path: str, f: _File) -> bool | None:
    """A yes/no value: true/false (yes/no and on/off are read the same way)."""
    value = node.value.strip().lower() if isinstance(node, yaml.ScalarNode) else None
    if value in _TRUE or value in _FALSE:
        return value in _TRUE
    f.error_at(node, path, f"expected true or false, found {_kind(node) if value is None else repr(node.value)}")
    return None


def _convert(tp: Any, node: yaml.Node, path: str, f: _File, *, required: bool = False, most: int = 0) -> Any:
    """Convert `node` to type `tp` (str, tuple[X, ...] or a model dataclass); None on error.
    `most`: the most characters a text (or each text of a list) may have (0: no limit)."""
    f.marks[path] = node.start_mark
    if typing.get_origin(tp) in (typing.Union, types.UnionType):  # `X | None`: an optional record
        (tp,) = [arg for arg in typing.get_args(tp) if arg is not type(None)]
    if tp is str:
        text = _text(node, path, f, required=required)
        if text is not None and most and len(text) > most:
            f.error_at(node, path, f"{len(text):,} characters, more than the {most} this one-line value may have; "
                                   "shorten it (detail belongs in a point)")
            return None
        return text
    if tp is bool:
        return _flag(node, path, f)
    if typing.get_origin(tp) is tuple:
        (item_tp, _) = typing.get_args(tp)
        if item_tp is Point and (isinstance(node, yaml.MappingNode) or
                                 isinstance(node, yaml.ScalarNode) and not _is_null(node)):
            one = _convert(Point, node, path, f)  # a single string (or point) is a one-point list
            return None if one is None else (one,)
        if not isinstance(node, yaml.SequenceNode):
            f.error_at(node, path, f"expected a list, found {_kind(node)}")
            return None
        items = [_convert(item_tp, child, f"{path}[{i}]", f, required=True, most=most)
                 for i, child in enumerate(node.value)]
        return None if any(i is None for i in items) else tuple(items)
    if dataclasses.is_dataclass(tp):
        shorthand = getattr(tp, "SHORTHAND", None)
        if shorthand and isinstance(node, yaml.ScalarNode):
            text = _text(node, path, f, required=True)
            if text is None:
                return None
            return _checked(tp(**{shorthand: text, "where": f.where(node)}), path, f)
        if shorthand and isinstance(node, yaml.SequenceNode):
            f.error_at(node, path, "expected text, found a list")
            return None
        if shorthand and isinstance(node, yaml.MappingNode):
            typed = _colon_in_text(tp, node, path, f)
            if typed is not False:
                return None if typed is None else _checked(tp(**{shorthand: typed, "where": f.where(node)}), path, f)
        return _record(tp, node, path, f)
    raise TypeError(f"no loader for {tp!r}")  # a model field of a type we do not know: a bug


def _record(cls: type, node: yaml.Node, path: str, f: _File) -> Any:
    if not isinstance(node, yaml.MappingNode):
        f.error_at(node, path, f"expected a mapping (key: value pairs), found {_kind(node)}")
        return None
    known = {fl.name: fl for fl in _fields(cls)}
    seen: set[str] = set()
    misspelt: set[str] = set()  # known keys an unknown key was taken for: not also "missing"
    values: dict[str, Any] = {}
    ok = True
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            f.error_at(key_node, path, "a key must be a plain name")
            ok = False
            continue
        key = key_node.value
        key_path = f"{path}.{key}" if path else key
        if key in seen:  # reported, naming both lines, by yamlsafe.compose
            ok = False
            continue
        seen.add(key)
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            misspelt.update(close)
            hint = f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(known)}"
            f.error_at(key_node, path, f"unknown key '{key}'{hint}")
            ok = False
            continue
        required = bool(known[key].metadata.get("required"))
        value = _convert(_hints(cls)[key], value_node, key_path, f, required=required,
                         most=known[key].metadata.get("most", 0))
        if value is None or not _allowed(known[key], value, value_node, key_path, f):
            ok = False
        elif known[key].metadata.get("nonempty") and not value:
            f.error_at(value_node, key_path, f"'{key}' must not be empty")
            ok = False
        else:
            values[key] = value
    for name, fl in known.items():
        if fl.metadata.get("required") and name not in seen and name not in misspelt:
            f.error_at(node, path, f"missing required key '{name}'")
            ok = False
    if not ok:
        return None
    return _checked(cls(**values, where=f.where(node)), path, f)


# --- checks the types cannot express ------------------------------------------------


def _allowed(fl: dataclasses.Field, value: Any, node: yaml.Node, path: str, f: _File) -> bool:
    """A text field's ``choices`` and ``form`` (model.spec), reported with what is allowed."""
    choices, form = fl.metadata.get("choices"), fl.metadata.get("form")
    if choices and value not in choices:
        close = [c for c in choices if c.lower() == value.strip().lower()] or difflib.get_close_matches(
            value, choices, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        f.error_at(node, path, f"'{value}' is not allowed here; choose from: {', '.join(choices)}{hint}")
        return False
    if form and not re.fullmatch(form[0], value.strip()):
        f.error_at(node, path, f"'{value}' is not {form[1]}")
        return False
    return True



def _check_comparison(c: Comparison, path: str, f: _File) -> bool:
    if not 2 <= len(c.columns) <= 6:
        f.error_on(f"{path}.columns", c.where, f"a comparison needs 2 to 6 columns, found {len(c.columns)}")
        return False
    ok = True
    for r, row in enumerate(c.rows):
        if len(row.cells) != len(c.columns):
            f.error_on(f"{path}.rows[{r}].cells", row.where,
                       f"expected {len(c.columns)} cells (one per column), found {len(row.cells)}")
            ok = False
    return ok


def _check_event(e: Event, path: str, f: _File) -> bool:
    if parse_date(e.date) is None:
        f.error_on(f"{path}.date", e.where, date_problem(e.date))
        return False
    return True


def _check_id(obj: Topic | PackInfo, path: str, f: _File) -> bool:
    if obj.id and not _ID.match(obj.id):
        f.error_on("id", obj.where, f"'{obj.id}' cannot be a file name; use letters, digits, '-', '_' and '.'")
        return False
    return True


def _check_topic(t: Topic, path: str, f: _File) -> bool:
    if not any(getattr(t, name) for name in Topic.NEEDS_ONE_OF):
        f.error_on("sections", t.where, "the topic has nothing to print; give it sections "
                                        f"(or {', '.join(Topic.NEEDS_ONE_OF[1:])})")
        return False
    return _check_id(t, path, f)


def _check_image(image: Image, path: str, f: _File) -> Image | bool:
    """The image file checked (inside the pack, a whole PNG, JPEG or SVG) and its digest recorded."""
    from revpack.images import ImageProblem, read

    try:
        found, _ = read(f.root or Path.cwd(), image.path)
    except ImageProblem as exc:
        f.error_on(f"{path}.path" if f"{path}.path" in f.marks else path, image.where, str(exc))
        return False
    return dataclasses.replace(image, digest=found.digest, source=str(found.source))


_CHECKS: dict[type, Callable[[Any, str, _File], Any]] = {
    Image: _check_image,
    Comparison: _check_comparison,
    Event: _check_event,
    Topic: _check_topic,
    PackInfo: _check_id,
}


def _checked(obj: Any, path: str, f: _File) -> Any:
    """`obj` if it passes its check (a check may return it completed, as an image with its
    digest), else None."""
    check = _CHECKS.get(type(obj))
    if check is None:
        return obj
    result = check(obj, path, f)
    return obj if result is True else result or None


# --- topics ----------------------------------------------------------------------------


def _default_id(stem: str) -> str:
    """A file stem usable as an id ('<memory>' -> 'memory')."""
    if _ID.match(stem):
        return stem
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.") or "topic"


def _topic_from(raw: bytes, stem: str, f: _File) -> Topic | None:
    node = compose(raw, f)
    if node is None:
        return None
    topic = _record(Topic, node, "", f)
    if topic is None or f.problems:
        return None
    return topic if topic.id else dataclasses.replace(topic, id=_default_id(stem))


def load_topic_text(text: str | bytes, filename: str = "<memory>", warnings: list[Diagnostic] | None = None,
                    root: str | Path | None = None) -> Topic:
    """One topic from its YAML text; raises `InputError` with every problem found.

    `filename` names the file in messages and gives the default id (its stem); `root` is the
    pack folder its images are in (default: the current folder).
    """
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    f = _File(filename, root=Path(root) if root is not None else None)
    topic = _topic_from(raw, Path(filename).stem, f)
    if warnings is not None:
        warnings.extend(f.warnings)
    if topic is None:
        raise InputError(f.problems)
    return topic


def _read(path: Path, f: Source, what: str = "file", root: Path | None = None) -> bytes | None:
    """The bytes of `path`, or None with the reason on `f`: only a regular file is read (a pipe
    would block the build, a device never end), and, with `root`, only one inside `root` (a link
    in a shared pack must not print a file from elsewhere on the reader's disk)."""
    try:
        kind = path.stat().st_mode
    except FileNotFoundError:
        f.error(1, 1, "", "a link to nothing (its target is gone)" if path.is_symlink() else f"no such {what}")
        return None
    except OSError as exc:
        f.error(1, 1, "", f"cannot read the file: {exc.strerror or exc}")
        return None
    if stat.S_ISDIR(kind):
        f.error(1, 1, "", "this is a folder, not a file")
        return None
    if not stat.S_ISREG(kind):
        f.error(1, 1, "", "not a regular file (a pipe, socket or device); revpack reads only files")
        return None
    if root is not None and path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root.resolve()):
            f.error(1, 1, "", f"a link to {target}, outside the pack; copy the file into the pack instead")
            return None
    try:
        return path.read_bytes()
    except OSError as exc:
        f.error(1, 1, "", f"cannot read the file: {exc.strerror or exc}")
    return None


def topic_files(folder: Path) -> dict[str, Path]:
    """The pack's topic files by id: topics/*.yaml, A-Z, hidden names left out (editors' lock
    and swap files such as `.#alpha.yaml`); what each is, is checked when it is read."""
    try:
        return {p.stem: p for p in sorted((folder / "topics").glob("*.yaml")) if not p.name.startswith(".")}
    except OSError:
        return {}


def load_topic(path: str | Path, warnings: list[Diagnostic] | None = None) -> Topic:
    """One topic file; raises `InputError` with every problem found."""
    path = Path(path)
    name = _display_name(path)
    f = _File(name)
    raw = _read(path, f)
    if raw is None:
        raise InputError(f.problems)
    return load_topic_text(raw, name, warnings, root=enclosing_pack(path.parent) or path.parent)


# --- packs -------------------------------------------------------------------------------


def _available() -> list[str]:
    return sorted({p.parent.name for base in (Path("packs"), SAMPLE_PACKS) for p in base.glob("*/pack.yaml")})


def _one_line(name: str, message: str) -> InputError:
    error = InputError([Diagnostic(name, 0, 0, "", message)])
    error.message = message  # one line: there is no position to give
    return error


def enclosing_pack(start: Path | None = None) -> Path | None:
    """The nearest folder holding pack.yaml: `start` (default: the current folder) or one above
    it, as git finds its repository; None if there is none."""
    here = (start or Path.cwd()).resolve()
    return next((folder for folder in (here, *here.parents) if (folder / "pack.yaml").is_file()), None)


def find_pack(name: str | None) -> Path:
    """The folder of pack `name`: a folder holding pack.yaml (or that pack.yaml itself), or a
    folder under ``packs/`` of the current directory, or a sample pack shipped with revpack.
    None is the pack you are in (`enclosing_pack`). Raises `InputError` (one line) saying what
    to do when there is none, or naming the packs there are.
    """
    if name is None:
        found = enclosing_pack()
        if found is None:
            samples = _available()
            sample = DEFAULT_PACK if DEFAULT_PACK in samples else next(iter(samples), "")
            raise _one_line(".", (
                "no pack here (no pack.yaml in this folder or any above it): start one with `revpack new NAME`"
                + (f", or copy a sample with `revpack new NAME --from {sample}` (samples: {', '.join(samples)})"
                   if sample else "")))
        return found
    given = Path(name)
    if given.name == "pack.yaml" and given.is_file():
        return given.parent
    for folder in (given, Path("packs") / name, SAMPLE_PACKS / name):
        if (folder / "pack.yaml").is_file():
            return folder
    raise _one_line(name, f"{name}: no pack here (a pack is a folder holding pack.yaml); "
                          f"available: {', '.join(_available()) or 'none'}")


def _load_info(folder: Path, f: _File) -> PackInfo | None:
    raw = _read(folder / "pack.yaml", f, "file: a pack is a folder holding pack.yaml and a topics/ folder")
    node = None if raw is None else compose(raw, f)
    if node is None:
        return None
    info = _record(PackInfo, node, "", f)
    if info is None or f.problems:
        return None
    return info if info.id else dataclasses.replace(info, id=folder.resolve().name)


SUGGESTIONS = 100_000  # the most name comparisons a pack's "did you mean" hints may cost


def _topic_order(folder: Path, info: PackInfo | None, f: _File, files: dict[str, Path],
                 found: list[Diagnostic]) -> list[str]:
    """The topic ids in print order; problems with pack.yaml's list go to `f`."""
    for other in sorted((folder / "topics").glob("*.yml")):
        found.append(Diagnostic(_display_name(other), 1, 1, "",
                                "topic files end in '.yaml'; rename this one to be read", "warning"))
    if info is None or not info.topics:
        if info is not None and not files:
            f.error(1, 1, "", "the pack has no topics: put topic files in topics/ (e.g. topics/01-first.yaml)")
        return list(files)
    first: dict[str, int] = {}
    order = []
    listed = set(info.topics)
    unlisted = [s for s in files if s not in listed]
    # "Did you mean" compares each missing name with each unlisted file: only while that stays
    # small, so a list of 100,000 names is checked in linear time (each still reported).
    missing = sum(1 for tid in listed if tid not in files)
    suggest = missing * len(unlisted) <= SUGGESTIONS
    for i, tid in enumerate(info.topics):
        if tid in first:
            f.error_on(f"topics[{i}]", info.where, f"'{tid}' is listed twice (first at topics[{first[tid]}])")
            continue
        first[tid] = i
        order.append(tid)
        if tid not in files:
            close = difflib.get_close_matches(tid, unlisted, n=1) if suggest else []
            hint = f"; did you mean '{close[0]}'?" if close else ""
            f.error_on(f"topics[{i}]", info.where, f"no file topics/{tid}.yaml{hint}")
    for stem, path in files.items():
        if stem not in first:
            found.append(Diagnostic(_display_name(path), 1, 1, "",
                                    "this topic is not listed in pack.yaml 'topics', so it is not printed", "warning"))
    return order


def _near_duplicates(topics: Sequence[Topic]) -> list[Diagnostic]:
    """A warning for each pair of events the chronology would print as two rows though they
    say the same thing: the same date, one's words inside the other's."""
    out = []
    for (ta, ia), (tb, ib) in near_duplicates(topics):
        a, b = ta.timeline[ia], tb.timeline[ib]
        out.append(Diagnostic(b.where.file, b.where.line, b.where.col, f"timeline[{ib}]",
                              f"\"{b.event}\" ({b.date}) and \"{a.event}\" ({a.date}, at {a.where}) are the same "
                              "date and one text holds the other: word them alike (the chronology then prints one "
                              "row naming both topics) or tell them apart",
                              "warning"))
    return out


def pack_id(folder: Path) -> str:
    """The id of the pack in `folder` (pack.yaml's, else the folder's name), reading nothing else."""
    info = _load_info(folder, _File(_display_name(folder / "pack.yaml")))
    return info.id if info is not None else folder.resolve().name


def load_pack(
    path: str | Path,
    *,
    only: Sequence[str] = (),
    warnings: list[Diagnostic] | None = None,
) -> Pack:
    """A pack folder: pack.yaml and its topics in print order, or `InputError` with every problem.

    `only` keeps just those topic ids (still in print order). Warnings (unlisted
    topic files, text cut short by ' #', ...) are appended to `warnings` if given.
    """
    folder = Path(path)
    problems: list[Diagnostic] = []
    found: list[Diagnostic] = []

    info_file = _File(_display_name(folder / "pack.yaml"))
    info = _load_info(folder, info_file)
    files = topic_files(folder)
    order = _topic_order(folder, info, info_file, files, found)
    for tid in only:
        if tid not in order:
            close = difflib.get_close_matches(tid, order, n=1) if len(order) * len(only) <= SUGGESTIONS else []
            hint = f"; did you mean '{close[0]}'?" if close else f"; topics are: {', '.join(order) or 'none'}"
            info_file.error(1, 1, "", f"no topic '{tid}' in this pack{hint}")
    problems += info_file.problems
    found += info_file.warnings

    topics: list[Topic] = []
    ids: dict[str, str] = {}
    for tid in order:
        if tid not in files or (only and tid not in only):
            continue
        f = _File(_display_name(files[tid]), root=folder)
        raw = _read(files[tid], f, root=folder)
        topic = None if raw is None else _topic_from(raw, tid, f)
        if topic is not None and topic.id in ids:
            f.error_on("id", topic.where, f"topic id '{topic.id}' is used by {ids[topic.id]} too")
            topic = None
        problems += f.problems
        found += f.warnings
        if topic is not None:
            ids[topic.id] = f.name
            topics.append(topic)

    found += _near_duplicates(topics)
    if warnings is not None:
        warnings.extend(found)
    if problems or info is None:
        raise InputError(problems)
    return Pack(info=info, topics=tuple(topics), root=str(folder))
