"""`revpack new`: scaffolds that build straight away and show every field of the model."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO

from revpack.cli import cli
from revpack.model import PackInfo, Topic
from revpack.scaffold import add_to_topic_order, title_from
from revpack.schema import SCHEMA_DIR, public_fields


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_new_pack_builds_straight_away(in_tmp):
    made = invoke("new", "my-pack")
    assert made.exit_code == 0, made.output
    assert (in_tmp / "my-pack/pack.yaml").is_file()
    assert (in_tmp / "my-pack/topics/01-first-topic.yaml").is_file()
    # Zero warnings: the scaffold's own comments are not mistaken for text cut short.
    assert invoke("check", "my-pack").output == "my-pack: 1 topics, no problems found.\n"
    built = invoke("build", "-q", "-j", "1", "my-pack")
    assert built.exit_code == 0, built.output
    assert (in_tmp / "build/my-pack/my-pack.pdf").stat().st_size > 1000


def test_new_writes_vs_code_settings_mapping_the_schemas(in_tmp):
    invoke("new", "my-pack")
    settings = json.loads((in_tmp / "my-pack/.vscode/settings.json").read_text("utf-8"))
    mapped = {tuple(globs): (in_tmp / "my-pack" / ref).resolve() for ref, globs in settings["yaml.schemas"].items()}
    assert json.loads(mapped["pack.yaml",].read_text("utf-8"))["title"] == "revpack pack file"
    assert json.loads(mapped["topics/*.yaml",].read_text("utf-8"))["title"] == "revpack topic file"


def test_a_bare_name_goes_under_packs_where_there_is_one(in_tmp):
    (in_tmp / "packs").mkdir()
    assert invoke("new", "class-pack").exit_code == 0
    assert (in_tmp / "packs/class-pack/pack.yaml").is_file()
    assert invoke("check", "class-pack").exit_code == 0


def test_every_field_is_shown_with_its_doc_and_the_files_validate(in_tmp):
    invoke("new", "my-pack")
    folder = in_tmp / "my-pack"
    for kind, cls, path in (("pack", PackInfo, folder / "pack.yaml"),
                            ("topic", Topic, folder / "topics/01-first-topic.yaml")):
        text = path.read_text("utf-8")
        for f in public_fields(cls):
            assert f"{f.name}:" in text and f.metadata["doc"] in text, f.name
        # Uncommented, every optional field is valid too: the commented examples have the right shape.
        everything = "\n".join(line.replace("# ", "", 1) if line.startswith("#") and ":" in line[:30] else line
                               for line in text.splitlines()[1:])
        schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text("utf-8"))
        for doc in (text, everything):
            data = yaml.load(doc, Loader=yaml.BaseLoader)
            assert list(jsonschema.Draft7Validator(schema).iter_errors(data)) == [], doc


def test_schema_line_resolves_from_outside_the_checkout(in_tmp):
    invoke("new", "my-pack")
    topic = in_tmp / "my-pack/topics/01-first-topic.yaml"
    ref = topic.read_text("utf-8").splitlines()[0].split("$schema=")[1]
    target = (topic.parent / ref).resolve()
    assert target.is_file() and json.loads(target.read_text("utf-8"))["title"] == "revpack topic file"


def test_schema_line_inside_the_checkout_is_relative_to_schema_dir():
    from revpack.scaffold import _schema_line

    line = _schema_line(REPO / "packs" / "x" / "topics" / "a.yaml", "topic")
    assert line == "# yaml-language-server: $schema=../../../schema/topic.schema.json"


def test_new_topic_is_added_to_the_order_and_builds(in_tmp):
    invoke("new", "my-pack")
    made = invoke("new", "topic", "my-pack", "02-the-next-one")
    assert made.exit_code == 0, made.output
    pack = yaml.safe_load((in_tmp / "my-pack/pack.yaml").read_text("utf-8"))
    assert pack["topics"] == ["01-first-topic", "02-the-next-one"]
    text = (in_tmp / "my-pack/topics/02-the-next-one.yaml").read_text("utf-8")
    assert "title: The next one" in text
    assert invoke("build", "-q", "-j", "1", "my-pack").exit_code == 0


def test_refuses_to_overwrite_and_bad_names(in_tmp):
    invoke("new", "my-pack")
    again = invoke("new", "my-pack")
    assert again.exit_code == 1 and "already exists; nothing was written" in again.output
    assert invoke("new", "topic", "my-pack", "01-first-topic").exit_code == 1
    assert invoke("new", "topic", "my-pack", "con").exit_code == 0  # numbered like the others: 02-con
    assert (in_tmp / "my-pack/topics/02-con.yaml").is_file() and not (in_tmp / "my-pack/topics/con.yaml").exists()
    assert "Windows keeps it" in invoke("new", "nul").output
    assert "no letters or digits" in invoke("new", "topic", "my-pack", "!!!").output
    assert invoke("new", "topic", "nowhere", "x").exit_code == 1
    assert invoke("new", "a", "b").exit_code == 2


def test_add_to_block_style_order_keeps_comments(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("title: T\ntopics:\n  - one   # first\n  - two\n\n# theme next\ntheme: {paper: a4}\n")
    assert add_to_topic_order(pack, "three")
    assert pack.read_text() == "title: T\ntopics:\n  - one   # first\n  - two\n  - three\n\n# theme next\ntheme: {paper: a4}\n"
    assert not add_to_topic_order(pack, "two")
    free = tmp_path / "free.yaml"
    free.write_text("title: T\n")
    assert not add_to_topic_order(free, "x")


def test_titles_from_names():
    assert title_from("02-power-struggle") == "Power struggle"
    assert title_from("collectivisation") == "Collectivisation"


@pytest.mark.parametrize("typed, made", [
    ("Year 10 Biology", "02-year-10-biology"),
    ("Фотосинтез", "02-fotosintez"),
    ("Ärger über Öl", "02-arger-uber-ol"),
    ("02-given-id", "02-given-id"),
])
def test_new_topic_takes_a_title_and_makes_the_id(in_tmp, typed, made):
    invoke("new", "my-pack")
    done = invoke("new", "topic", "my-pack", typed)
    assert done.exit_code == 0, done.output
    path = in_tmp / "my-pack" / "topics" / f"{made}.yaml"
    assert path.is_file() and made in (in_tmp / "my-pack/pack.yaml").read_text("utf-8")
    title = typed if typed != "02-given-id" else "Given id"
    assert f'new topic: id {made}, title "{title}"' in done.output
    assert yaml.safe_load(path.read_text("utf-8"))["title"] == title
    assert invoke("check", "my-pack").exit_code == 0


def test_ids_windows_cannot_make_are_suffixed(tmp_path):
    from revpack.scaffold import topic_name

    (tmp_path / "topics").mkdir()
    assert topic_name(tmp_path, "CON") == ("con-topic", "CON")
    assert topic_name(tmp_path, "Nul") == ("nul-topic", "Nul")
    assert topic_name(tmp_path, "com1")[0] == "com1-topic"
    (tmp_path / "topics" / "lpt1-topic.yaml").write_text("")
    assert topic_name(tmp_path, "LPT1")[0] == "lpt1-topic-2"
