"""`revpack new`: a pack or a topic to start from, with every field shown and explained.

The files are generated from the model (`model.py`): each field appears with its
``doc`` as a comment. What a file needs to build (required fields) is written
out with a placeholder; every optional field is shown commented out, in the
shape it takes, ready to uncomment. The first line points editors at the JSON
Schema (`schema.py`), so the file is checked as it is typed.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import MISSING, is_dataclass
from pathlib import Path
from typing import Any

from revpack import model
from revpack.errors import RevpackError
from revpack.model import PackInfo, Point, Topic
from revpack.schema import SCHEMA_DIR, public_fields, schema_line, write_schemas

# Placeholders and examples, by (class, field); other text fields show their own name.
EXAMPLES: dict[tuple[str, str], str] = {
    ("Topic", "id"): "first-topic",
    ("Topic", "period"): "1924-29",
    ("Topic", "summary"): "One or two sentences that sum the topic up.",
    ("Section", "heading"): "First heading",
    ("Point", "text"): "A point, with **bold** and *italic* if you like",
    ("Comparison", "title"): "Stalin vs Trotsky",
    ("Comparison", "columns"): "Stalin, Trotsky",
    ("Row", "label"): "Power base",
    ("Event", "date"): "1924-01",
    ("Event", "event"): "Lenin dies",
    ("Term", "term"): "NEP",
    ("Term", "definition"): "New Economic Policy, 1921",
    ("Person", "name"): "Leon Trotsky",
    ("Person", "role"): "Commissar for War",
    ("Quote", "who"): "Lenin",
    ("Quote", "source"): "Testament, 1922",
    ("Interpretation", "historian"): "Robert Conquest",
    ("Interpretation", "school"): "totalitarian",
    ("Stat", "value"): "25%",
    ("Card", "question"): "A question?",
    ("Question", "text"): "Explain why ... (8 marks)",
    ("Question", "marks"): "8",
    ("Extract", "label"): "Interpretation A",
    ("Extract", "text"): "A summary, in your own words, of the historian's argument",
    ("Extract", "author"): "Robert Conquest",
    ("Extract", "work"): "The Great Terror",
    ("Extract", "year"): "1968",
    ("PackInfo", "id"): "my-pack",
    ("PackInfo", "level"): "GCSE",
    ("PackInfo", "board"): "AQA",
    ("Theme", "recall_level"): "2",
    ("Image", "path"): "images/diagram.png",
    ("Image", "caption"): "What the picture shows",
    ("Image", "alt"): "A description for readers who cannot see it",
    ("Image", "width"): "50%",
}
COMMENT_COLUMN = 40
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _quote(text: str) -> str:
    """`text` as a YAML scalar that reads back as the same text."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 ,.'()?-]*", text) and ": " not in text:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _example(cls: type, name: str, f) -> str:
    if (cls.__name__, name) in EXAMPLES:
        return EXAMPLES[cls.__name__, name]
    if f.default is not MISSING and isinstance(f.default, str) and f.default:
        return f.default
    if f.metadata.get("choices"):
        return f.metadata["choices"][0]
    return name.capitalize()


def _line(text: str, doc: str) -> str:
    return f"{text.ljust(COMMENT_COLUMN - 1)} # {doc}" if doc else text


def _fields(cls: type, indent: str, comment: bool, values: dict[str, str]) -> list[str]:
    """The lines of one object's fields; optional ones commented out (all of them if `comment`)."""
    out: list[str] = []
    hints = _hints(cls)
    for f in public_fields(cls):
        off = comment or not f.metadata.get("required") and f.name not in values
        lead = indent + ("# " if off and not comment else "")
        doc = f.metadata["doc"] + (" (required)" if f.metadata.get("required") else "")
        out += _value(cls, f, hints[f.name], lead, off, doc, values)
    return out


def _value(cls: type, f, tp: Any, lead: str, comment: bool, doc: str, values: dict[str, str]) -> list[str]:
    name = f.name
    if typing.get_origin(tp) in (typing.Union, types.UnionType):  # `X | None`: an optional record
        (tp,) = [arg for arg in typing.get_args(tp) if arg is not type(None)]
    if tp is str:
        return [_line(f"{lead}{name}: {_quote(values.get(name) or _example(cls, name, f))}", doc)]
    if tp is bool:
        return [_line(f"{lead}{name}: {'true' if f.default else 'false'}", doc)]
    if is_dataclass(tp):
        return [_line(f"{lead}{name}:", doc), *_fields(tp, lead + "  ", comment, {})]
    item = typing.get_args(tp)[0]
    if item is str:
        listed = values.get(name) or _example(cls, name, f)
        return [_line(f"{lead}{name}: [{listed}]", doc)]
    if typing.get_origin(item) is tuple:  # a comparison's cells: one list of points per column
        return [_line(f"{lead}{name}: [One cell, [Another cell, as points]]", doc)]
    if item is Point:
        return [_line(f"{lead}{name}:", doc), _line(f"{lead}  - {_quote(EXAMPLES['Point', 'text'])}", "")]
    first, *rest = _fields(item, lead + "    ", comment, {})
    return [_line(f"{lead}{name}:", doc), lead + "  - " + first[len(lead) + 4 :], *rest]


def _with_schema(path: Path, kind: str, body: list[str]) -> str:
    return "\n".join([_schema_line(path, kind), *body]) + "\n"


def _schema_dir(pack_root: Path) -> Path:
    """Where a pack's files find the schemas: the checkout's schema/ for a pack inside it; else a
    copy written into the pack's ``.schema/``, so the pack stays self-contained."""
    inside = pack_root.resolve().is_relative_to(SCHEMA_DIR.parent.resolve())
    if inside and all((SCHEMA_DIR / f"{kind}.schema.json").is_file() for kind in ("pack", "topic")):
        return SCHEMA_DIR
    write_schemas(pack_root / ".schema")
    return pack_root / ".schema"


def _schema_line(path: Path, kind: str) -> str:
    """The editor's schema line of a pack's file at `path` (pack.yaml or topics/<id>.yaml)."""
    return schema_line(path, kind, _schema_dir(path.parent if kind == "pack" else path.parent.parent))


def pack_text(path: Path, title: str, first_topic: str) -> str:
    """The text of a new `pack.yaml` at `path`."""
    # The pack's id is written out: exported cards keep their identity by it, whatever the folder's name.
    body = _fields(PackInfo, "", False, {"title": title, "id": path.parent.name, "topics": first_topic})
    return _with_schema(path, "pack", body)


def topic_text(path: Path, title: str) -> str:
    """The text of a new topic file at `path`: it builds as it is, every optional field shown."""
    return _with_schema(path, "topic", _fields(Topic, "", False, {"title": title, "sections": "shown"}))


def title_from(name: str) -> str:
    """'02-power-struggle' -> 'Power struggle'."""
    words = re.sub(r"^[0-9]+[-_ ]*", "", name).replace("-", " ").replace("_", " ").strip()
    return (words or name).capitalize()


def pack_folder(arg: str) -> Path:
    """A bare name is a folder under packs/ where the current folder has one (a checkout, found by
    name as `revpack build NAME` finds it), else a folder here; anything else is a path."""
    if "/" in arg or "\\" in arg or arg.startswith(".") or not Path("packs").is_dir():
        return Path(arg)
    return Path("packs") / arg


# Names Windows keeps for devices: a file called con.yaml cannot be made there.
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def _reserved(name: str) -> bool:
    return name.split(".")[0].lower() in RESERVED


def _check_name(name: str, what: str) -> None:
    if not NAME.match(name):
        raise RevpackError(f"'{name}' cannot be a {what} name: use letters, digits, '-', '_' and '.'")
    if _reserved(name):
        raise RevpackError(f"'{name}' cannot be a {what} name: Windows keeps it for a device; choose another")


def slug(title: str) -> str:
    """A file id for a title: its words in ASCII (other scripts transliterated: 'Фотосинтез' ->
    'fotosintez'), lower case, joined by '-'; '' when nothing is left."""
    from anyascii import anyascii

    return "-".join(re.findall(r"[a-z0-9]+", anyascii(title).lower()))[:60].strip("-")


def topic_name(folder: Path, arg: str) -> tuple[str, str]:
    """(id, title) of a new topic from what was typed: an id as it is ('02-power-struggle',
    titled from its words), or a title ('Year 10 Biology') made into an id, numbered like the
    pack's other topics ('03-year-10-biology' after '02-...'), Windows-safe and not yet taken."""
    if NAME.match(arg) and not _reserved(arg) and not re.search(r"[A-Z]", arg):
        return arg, title_from(arg)
    base = slug(arg)
    if not base:
        raise RevpackError(f"'{arg}' has no letters or digits to make a topic id from; give the id too, "
                           f"e.g. `revpack new topic PACK 02-my-topic`")
    existing = sorted(p.stem for p in (folder / "topics").glob("*.yaml"))
    numbers = [re.match(r"^(\d+)-", stem) for stem in existing]
    if existing and all(numbers):
        width = max(len(m[1]) for m in numbers)
        base = f"{max(int(m[1]) for m in numbers) + 1:0{width}d}-{base}"
    if _reserved(base):
        base += "-topic"
    tid, n = base, 2
    while tid in existing:
        tid, n = f"{base}-{n}", n + 1
    return tid, arg.strip()


def new_pack(folder: Path, first_topic: str = "01-first-topic") -> list[Path]:
    """Create `folder` with a `pack.yaml` and one topic; refuse to overwrite. Returns the files written."""
    _check_name(folder.name, "pack")
    if (folder / "pack.yaml").exists():
        raise RevpackError(f"{folder / 'pack.yaml'} already exists; nothing was written.")
    folder.mkdir(parents=True, exist_ok=True)
    pack_yaml = folder / "pack.yaml"
    pack_yaml.write_text(pack_text(pack_yaml, title_from(folder.name), first_topic), "utf-8")
    return [pack_yaml, *new_topic(folder, first_topic, add_to_order=False), *editor_settings(folder)]


def editor_settings(folder: Path) -> list[Path]:
    """``.vscode/settings.json`` in the pack at `folder`: VS Code's YAML extension maps the schemas
    to pack.yaml and topics/*.yaml, so opening the pack folder checks every file as it is typed
    (the files' own ``$schema`` lines do this for other editors). An existing file is left alone."""
    import json
    import os

    path = folder / ".vscode" / "settings.json"
    if path.exists():
        return []
    # The extension resolves relative schema paths from the workspace folder (the pack's).
    schemas = {}
    for kind, files in (("pack", ["pack.yaml"]), ("topic", ["topics/*.yaml"])):
        target = (_schema_dir(folder) / f"{kind}.schema.json").resolve()
        try:
            ref = Path(os.path.relpath(target, folder.resolve())).as_posix()
            ref = ref if ref.startswith("..") else f"./{ref}"
        except ValueError:  # another drive (Windows): no relative path
            ref = target.as_uri()
        schemas[ref] = files
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"yaml.schemas": schemas}, indent=2) + "\n", "utf-8")
    return [path]


def copy_sample(folder: Path, sample: str) -> list[Path]:
    """Create `folder` as a copy of the sample pack `sample` (its pack.yaml and topics), each
    file's editor schema line pointing at schemas the copy can reach. Returns the files written."""
    from revpack.load import find_pack

    _check_name(folder.name, "pack")
    source = find_pack(sample)
    if (folder / "pack.yaml").exists():
        raise RevpackError(f"{folder / 'pack.yaml'} already exists; nothing was written.")
    written = []
    for src in [source / "pack.yaml", *sorted((source / "topics").glob("*.yaml"))]:
        dest = folder / src.relative_to(source)
        first, _, rest = src.read_text("utf-8").partition("\n")
        if first.startswith("# yaml-language-server:"):
            dest.parent.mkdir(parents=True, exist_ok=True)
            first = _schema_line(dest, "pack" if src.name == "pack.yaml" else "topic")
        if src.name == "pack.yaml":  # the copy is its own pack: named after its folder, not the sample
            rest = re.sub(r"(?m)^id:.*$", f"id: {folder.name}", rest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(f"{first}\n{rest}", "utf-8")
        written.append(dest)
    return written


def new_topic(folder: Path, name: str, add_to_order: bool = True, title: str = "") -> list[Path]:
    """Create ``topics/<name>.yaml`` (titled `title`, else from its name) in the pack at `folder`
    and list it in `pack.yaml`'s order.

    Returns the files written or changed. Refuses to overwrite a topic.
    """
    _check_name(name, "topic")
    if not (folder / "pack.yaml").is_file():
        raise RevpackError(f"{folder}: no pack.yaml here; make a pack first with `revpack new {folder}`.")
    path = folder / "topics" / f"{name}.yaml"
    if path.exists():
        raise RevpackError(f"{path} already exists; nothing was written.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(topic_text(path, title or title_from(name)), "utf-8")
    written = [path]
    if add_to_order and add_to_topic_order(folder / "pack.yaml", name):
        written.append(folder / "pack.yaml")
    return written


def add_to_topic_order(pack_yaml: Path, name: str) -> bool:
    """Append `name` to the ``topics:`` list of `pack_yaml`, keeping every other line as written.

    Returns False when there is nothing to do: no explicit order (every file is
    printed A-Z) or `name` already listed.
    """
    lines = pack_yaml.read_text("utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        flow = re.match(r"^topics:\s*\[(.*)\](\s*#.*)?\s*$", line)
        if flow:
            items = [x.strip() for x in flow.group(1).split(",") if x.strip()]
            if name in items:
                return False
            lines[i] = f"topics: [{', '.join([*items, name])}]{flow.group(2) or ''}\n"
            break
        if re.match(r"^topics:\s*(#.*)?$", line):
            end = i + 1
            while end < len(lines) and re.match(r"^\s+(- |#)|^\s*$", lines[end]):
                if re.match(rf"^\s+- {re.escape(name)}\s*(#.*)?$", lines[end]):
                    return False
                end += 1
            while end > i + 1 and not lines[end - 1].lstrip().startswith("- "):
                end -= 1  # after the last item, not after trailing blanks or comments
            indent = re.match(r"^(\s+)- ", lines[end - 1]).group(1) if end > i + 1 else "  "
            lines.insert(end, f"{indent}- {name}\n")
            break
    else:
        return False
    pack_yaml.write_text("".join(lines), "utf-8")
    return True
