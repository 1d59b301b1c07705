"""The JSON Schemas: generated from the model, committed, and true to the packs we ship."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from revpack.cli import cli
from revpack.schema import FILES, SCHEMA_DIR, schema_line, schema_text

from conftest import FIXTURES, REPO

SCHEMA_REF = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.M)


def validator(kind: str) -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text("utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def errors(kind: str, text: str) -> list[str]:
    # BaseLoader keeps every scalar as text, as revpack's loader does.
    return [e.message for e in validator(kind).iter_errors(yaml.load(text, Loader=yaml.BaseLoader))]


def yaml_files() -> list[tuple[str, Path]]:
    out = []
    for root in [*sorted((REPO / "packs").glob("*/")), FIXTURES / "mini"]:
        if (root / "pack.yaml").is_file():
            out.append(("pack", root / "pack.yaml"))
            out += [("topic", p) for p in sorted((root / "topics").glob("*.yaml"))]
    return out


@pytest.mark.parametrize("kind", list(FILES))
def test_committed_schema_is_the_generated_one(kind: str) -> None:
    assert (SCHEMA_DIR / f"{kind}.schema.json").read_text("utf-8") == schema_text(kind), (
        "schema/ is stale: run `revpack schema`"
    )


def test_every_shipped_file_validates_and_its_schema_line_resolves() -> None:
    files = yaml_files()
    assert any(kind == "topic" for kind, _ in files)
    for kind, path in files:
        text = path.read_text("utf-8")
        assert errors(kind, text) == [], path
        ref = SCHEMA_REF.search(text)
        if ref:  # the fixtures carry no schema line; the shipped packs do
            assert (path.parent / ref.group(1)).resolve() == (SCHEMA_DIR / f"{kind}.schema.json").resolve(), path


def test_schema_catches_misspelt_keys_missing_fields_and_empty_lists() -> None:
    assert errors("topic", "title: T\nsections: [{heading: H, points: [a]}]\n") == []
    assert any("'sectoins' was unexpected" in m for m in errors("topic", "title: T\nsectoins: []\n"))
    assert errors("topic", "title: T\n") != []  # nothing to print: sections, or terms, cards ...
    assert errors("topic", "title: T\nterms: [{term: le pain, definition: bread}]\n") == []
    assert errors("topic", "title: T\nsections: [{heading: H, points: []}]\n") != []
    assert errors("pack", "title: P\ntheme: {paper: a4, colour: red}\n") != []


def test_shorthands_a_string_for_a_point_a_question_or_a_list_of_points() -> None:
    text = """\
title: T
sections:
  - heading: H
    points:
      - plain point
      - text: with sub-points
        points: just one string
comparisons:
  - title: C
    columns: [A, B]
    rows: [{label: L, cells: [one text, [two, points]]}]
cards:
  - {question: Q, answer: a single string}
questions: ["Why?", {text: "How far?", marks: "12"}]
"""
    assert errors("topic", text) == []


def test_numbers_and_booleans_as_an_editor_parses_them_are_text_too() -> None:
    # Editors read YAML 1.2: `1924` is a number there, but revpack prints it as typed.
    data = {"title": 1984, "period": 1924, "sections": [{"heading": True, "points": [3]}]}
    assert list(validator("topic").iter_errors(data)) == []


def test_every_model_field_is_documented_in_the_schema() -> None:
    topic = json.loads(schema_text("topic"))
    assert topic["properties"]["sections"]["description"].startswith("Headings with points")
    point = topic["definitions"]["Point"]["anyOf"][1]
    assert point["required"] == ["text"] and "where" not in point["properties"]


def test_schema_command_writes_both_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["schema", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for kind in FILES:
        assert (tmp_path / f"{kind}.schema.json").read_text("utf-8") == schema_text(kind)


def test_schema_line_is_relative_to_the_yaml_file(tmp_path: Path) -> None:
    topic = REPO / "packs" / "x" / "topics" / "a.yaml"
    assert schema_line(topic, "topic") == "# yaml-language-server: $schema=../../../schema/topic.schema.json"
    assert schema_line(REPO / "packs" / "x" / "pack.yaml", "pack").endswith("=../../schema/pack.schema.json")
