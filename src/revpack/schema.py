"""JSON Schema for `pack.yaml` and topic files, generated from the content model.

The dataclasses in `model.py` are the one source of truth: each field's type,
its ``doc``, ``required`` and ``nonempty`` metadata, and a class's
``SHORTHAND`` (a plain string stands for ``{<shorthand>: ...}``) become the
schema here, so editors (VS Code's YAML extension and others that read a
``# yaml-language-server: $schema=...`` line) check files as they are typed.

Scalars are text: the loader never guesses numbers, dates or booleans, so a
text field also accepts what an editor's YAML parser reads as a number or a
boolean (``period: 1924``, ``answer: yes``); revpack prints it as typed.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import MISSING, fields, is_dataclass
from pathlib import Path
from typing import Any

from revpack import SCHEMA_DIR, model  # SCHEMA_DIR: the committed schema files, shipped in the package
from revpack.model import PackInfo, Point, Topic

DIALECT = "http://json-schema.org/draft-07/schema#"  # the draft editors support best
TEXT: dict[str, Any] = {"type": ["string", "number", "boolean"]}
FILES: dict[str, type] = {"pack": PackInfo, "topic": Topic}  # schema name -> root class


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def public_fields(cls: type) -> list:
    """The fields an author writes (positions and other internal fields left out)."""
    return [f for f in fields(cls) if not f.metadata.get("internal")]


def _type(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of one annotated type; dataclasses go to `defs` once and are referenced."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):  # `X | None`: an optional record
        (tp,) = [arg for arg in typing.get_args(tp) if arg is not type(None)]
    if tp is str:
        return dict(TEXT)
    if tp is bool:
        # Editors read `true` as a boolean; a reader that keeps every scalar as text sees "true".
        return {"enum": [True, False, "true", "false", "yes", "no", "on", "off"]}
    if typing.get_origin(tp) is tuple:
        item = typing.get_args(tp)[0]
        array = {"type": "array", "items": _type(item, defs)}
        if item is Point:
            # A list of points also accepts a single string: `answer: Stalin gave him the wrong date`.
            return {"anyOf": [dict(TEXT), array]}
        return array
    if is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # reserve the name first: Point refers to itself
            defs[name] = _object(tp, defs)
        return {"$ref": f"#/definitions/{name}"}
    raise TypeError(f"no schema for {tp!r}")


def _object(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of a dataclass: its fields, required keys and no unknown keys."""
    hints = _hints(cls)
    props: dict[str, Any] = {}
    for f in public_fields(cls):
        prop = {"description": f.metadata["doc"], **_type(hints[f.name], defs)}
        if f.metadata.get("choices"):
            # Editors read `recall_level: 2` as a number: digits are allowed both ways.
            choices = list(f.metadata["choices"])
            prop["enum"] = choices + [int(c) for c in choices if c.isdigit()]
            del prop["type"]
        if f.metadata.get("form"):
            prop["pattern"] = f.metadata["form"][0]
        if f.metadata.get("nonempty"):
            target = prop["anyOf"][1] if "anyOf" in prop else prop
            target["minItems"] = 1
        if f.metadata.get("most"):
            target = prop["items"] if prop.get("type") == "array" else prop
            target["maxLength"] = f.metadata["most"]
        if f.default is not MISSING and isinstance(f.default, str) and f.default:
            prop["default"] = f.default
        props[f.name] = prop
    obj: dict[str, Any] = {
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }
    required = [f.name for f in public_fields(cls) if f.metadata.get("required")]
    if required:
        obj["required"] = required
    needs = getattr(cls, "NEEDS_ONE_OF", ())
    if needs:
        obj["anyOf"] = [{"required": [name]} for name in needs]
    shorthand = getattr(cls, "SHORTHAND", "")
    if shorthand:
        return {"description": obj["description"], "anyOf": [dict(TEXT), obj]}
    return obj


def schema_for(cls: type, file_kind: str) -> dict[str, Any]:
    """The JSON Schema (draft-07) of a file whose top level is `cls`."""
    defs: dict[str, Any] = {}
    root = _object(cls, defs)
    out: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": f"https://revpack.invalid/schema/{file_kind}.schema.json",
        "title": f"revpack {file_kind} file",
        **root,
    }
    if defs:
        out["definitions"] = dict(sorted(defs.items()))
    return out


def schema_text(file_kind: str) -> str:
    """The schema of `file_kind` ('pack' or 'topic') as the exact text committed to the repo."""
    return json.dumps(schema_for(FILES[file_kind], file_kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(out_dir: Path) -> list[Path]:
    """Write ``pack.schema.json`` and ``topic.schema.json`` into `out_dir`; return their paths."""
    from revpack.files import write_if_changed

    written = []
    for kind in FILES:
        path = out_dir / f"{kind}.schema.json"
        write_if_changed(path, schema_text(kind).encode("utf-8"))
        written.append(path)
    return written


def schema_line(yaml_file: Path, file_kind: str, schema_dir: Path = SCHEMA_DIR) -> str:
    """The ``# yaml-language-server: $schema=...`` line for `yaml_file`, a path relative to it.

    Falls back to an absolute ``file://`` URI when the two share no folder to be relative to
    (another drive on Windows).
    """
    import os

    target = (schema_dir / f"{file_kind}.schema.json").resolve()
    try:
        ref = Path(os.path.relpath(target, yaml_file.resolve().parent)).as_posix()
    except ValueError:
        ref = target.as_uri()
    return f"# yaml-language-server: $schema={ref}"
