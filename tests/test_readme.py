"""Every YAML example in the README passes `revpack check`: topic examples load as topics, the
pack.yaml example loads as a pack (with the topics it names)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from revpack.errors import Diagnostic
from revpack.load import load_pack, load_topic_text

EXAMPLES = re.findall(r"^```yaml\n(.*?)^```", (REPO / "README.md").read_text("utf-8"), re.S | re.M)
MINIMAL = "title: T\nsections:\n  - heading: H\n    points: [p]\n"


def test_the_readme_has_examples():
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("text", EXAMPLES, ids=[f"example-{i + 1}" for i in range(len(EXAMPLES))])
def test_each_readme_yaml_example_checks_clean(text, tmp_path: Path):
    warnings: list[Diagnostic] = []
    data = yaml.safe_load(text)
    if "sections" in data:
        # The pictures the examples name are the science fixture's (tests/fixtures/cells/images/).
        load_topic_text(text, "example.yaml", warnings, root=REPO / "tests" / "fixtures" / "cells")
    else:
        (tmp_path / "topics").mkdir()
        (tmp_path / "pack.yaml").write_text(text, "utf-8")
        for tid in data.get("topics") or ["01-first"]:
            (tmp_path / "topics" / f"{tid}.yaml").write_text(MINIMAL, "utf-8")
        load_pack(tmp_path, warnings=warnings)
    assert [str(w) for w in warnings] == []
