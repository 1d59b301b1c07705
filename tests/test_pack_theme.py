"""pack.yaml's `theme:`: a look and the options a class always uses, every value checked
(positioned, the allowed values listed), the command line overriding; and whatever `check`
accepts, `build` builds (issue #13: theme values crashed check or build)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from conftest import pdf_text

from revpack.cli import cli
from revpack.model import FONTS, LOOKS
from revpack.schema import SCHEMA_DIR
from revpack.theme import FAMILIES, THEMES

TOPIC = "title: Photosynthesis\nsections:\n  - heading: Light\n    points: [Chlorophyll absorbs light]\n"


def make(tmp_path: Path, theme: str) -> Path:
    folder = tmp_path / "p"
    (folder / "topics").mkdir(parents=True)
    (folder / "pack.yaml").write_text(f"title: P\ntheme:\n{theme}", "utf-8")
    (folder / "topics" / "a.yaml").write_text(TOPIC, "utf-8")
    return folder


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize("line, message", [
    ("font: comic-sans", "3:9: theme.font: 'comic-sans' is not allowed here; choose from: dejavu, dejavu-condensed, "
                         "opendyslexic"),
    ("accent: red", "3:11: theme.accent: 'red' is not a colour as '#rrggbb', e.g. '#8b1e2d'"),
    ('accent: "red; <script>"', "3:11: theme.accent: 'red; <script>' is not a colour as '#rrggbb', e.g. '#8b1e2d'"),
    ("paper: A4", "3:10: theme.paper: 'A4' is not allowed here; choose from: a4, letter; did you mean 'a4'?"),
    ("paper: a5", "3:10: theme.paper: 'a5' is not allowed here; choose from: a4, letter"),
    ("look: dyslexic", "3:9: theme.look: 'dyslexic' is not allowed here; choose from: default, dyslexia, "
                       "print-saver; did you mean 'dyslexia'?"),
    ("recall_level: 4", "3:17: theme.recall_level: '4' is not allowed here; choose from: 1, 2, 3"),
    ("answers: later", "3:12: theme.answers: 'later' is not allowed here; choose from: inline, end, none"),
    ("card_size: A6", "3:14: theme.card_size: 'A6' is not allowed here; choose from: a7, a6, 3x5, 4x6; "
                      "did you mean 'a6'?"),
])
def test_each_theme_value_is_checked_positioned_with_the_allowed_values(tmp_path, line, message):
    folder = make(tmp_path, f"  {line}\n")
    for command in ("check", "build"):
        done = run(command, folder, "-o", tmp_path / "out") if command == "build" else run(command, folder)
        assert done.exit_code == 1 and done.exception is None or isinstance(done.exception, SystemExit)
        assert done.output.splitlines()[0] == f"{folder}/pack.yaml:{message}"
    assert not (tmp_path / "out").exists()


def test_what_check_accepts_builds_in_every_allowed_value(tmp_path):
    folder = make(tmp_path, "  paper: letter\n  accent: '#AbCdEf'\n  font: dejavu-condensed\n  look: print-saver\n"
                            "  recall_level: 3\n  answers: end\n  card_size: 4x6\n")
    assert run("check", folder).exit_code == 0
    done = run("build", folder, "-o", tmp_path / "out", "-q", "-j", "1")
    assert done.exit_code == 0, done.output
    assert run("cards", folder, "-o", tmp_path / "c.pdf").exit_code == 0


def test_the_look_and_options_come_from_pack_yaml_and_the_command_line_overrides(tmp_path):
    from pypdf import PdfReader

    folder = make(tmp_path, "  look: dyslexia\n  card_size: a6\n  answers: none\n")
    assert run("build", folder, "-o", tmp_path / "a", "-q", "-j", "1").exit_code == 0
    fonts = {f for p in PdfReader(tmp_path / "a" / "p.pdf").pages for f in _fonts(p)}
    assert any("OpenDyslexic" in f for f in fonts)
    assert not (tmp_path / "a" / "topics" / "a-answers.pdf").exists()  # answers: none
    assert run("build", folder, "-o", tmp_path / "b", "-q", "-j", "1", "--theme", "default",
               "--answers", "inline").exit_code == 0
    fonts = {f for p in PdfReader(tmp_path / "b" / "p.pdf").pages for f in _fonts(p)}
    assert not any("OpenDyslexic" in f for f in fonts) and (tmp_path / "b" / "topics" / "a-answers.pdf").exists()
    done = run("cards", folder, "-o", tmp_path / "c.pdf")
    assert done.exit_code == 0 and "2 a sheet" in done.output  # A6: two on A4


def _fonts(page) -> set[str]:
    res = page.get("/Resources") or {}
    return {str(f.get_object().get("/BaseFont")) for f in (res.get("/Font") or {}).values()}


def test_allowed_values_are_the_ones_the_code_knows():
    assert set(LOOKS) == set(THEMES) and set(FONTS) == set(FAMILIES)


def test_the_schema_flags_what_check_refuses():
    schema = json.loads((SCHEMA_DIR / "pack.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    good = yaml.safe_load("title: P\ntheme: {paper: a4, accent: '#8b1e2d', look: dyslexia, recall_level: 2}")
    assert list(validator.iter_errors(good)) == []
    for bad in ("{paper: a5}", "{paper: A4}", "{accent: red}", "{look: dyslexic}", "{font: comic-sans}"):
        assert list(validator.iter_errors(yaml.safe_load(f"title: P\ntheme: {bad}"))), bad
