"""libyaml reads a file the way the pure-Python parser does, or hands it over.

`yamlsafe.compose` parses with libyaml when it can (fast) and falls back to
PyYAML's pure-Python parser, whose messages the loader's hints match. These
tests pin that the fast reading never differs from the slow one: same values,
same tags, same positions, and nothing accepted that the slow reading refuses.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from revpack import yamlsafe

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(ROOT.glob("packs/*/topics/*.yaml")) + sorted(ROOT.glob("packs/*/pack.yaml"))
# Characters and pieces that change how YAML reads a line.
NOISE = [*":?-#'\"[]{}|>!&*%@`,\t \n\\", "  ", "\n  ", ": ", " #", "- ", "? "]

pytestmark = pytest.mark.skipif(yamlsafe._FastComposer is None, reason="PyYAML built without libyaml")


def tree(node: yaml.Node | None):
    """A node tree as plain tuples: tag, value, style and start position of every node.

    An empty value that YAML implies (``key:`` with nothing after it) is left
    without a position: libyaml and PyYAML place it differently at the very end
    of a file, and the loader reports such a value at its key.
    """
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        where = None if node.value == "" and node.style is None else (node.start_mark.line, node.start_mark.column)
        return node.tag, node.value, node.style, where
    where = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.SequenceNode):
        return node.tag, [tree(child) for child in node.value], where
    return node.tag, [(tree(key), tree(value)) for key, value in node.value], where


def readings(text: str):
    fast = yamlsafe._fast_node(text)
    slow = yamlsafe._slow_node(text, yamlsafe.Source("t.yaml"))
    return fast, slow


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_pack_file_is_read_fast_and_the_same(path: Path):
    fast, slow = readings(path.read_text(encoding="utf-8"))
    assert fast is not False, "libyaml handed a real pack file to the slow parser"
    assert tree(fast) == tree(slow)


def test_mangled_files_read_the_same_either_way():
    rng = random.Random(20261125)
    texts = [p.read_text(encoding="utf-8") for p in FILES]
    fast_reads = 0
    for _ in range(3000):
        lines = rng.choice(texts).split("\n")
        at = rng.randrange(len(lines))
        text = "\n".join(lines[max(0, at - 6) : at + 6])
        for _ in range(rng.randint(1, 3)):
            cut = rng.randrange(len(text) + 1)
            text = text[:cut] + rng.choice(NOISE) + text[cut:]
        fast, slow = readings(text)
        if fast is False:
            continue
        fast_reads += 1
        assert slow is not False, f"libyaml accepted what PyYAML refuses: {text!r}"
        assert tree(fast) == tree(slow), text
    assert fast_reads > 300  # the comparison really ran


@pytest.mark.parametrize("text", ["questions: [Why?]\n", "title: a\tb\n", "a: {b: Why?}\n"])
def test_what_libyaml_reads_loosely_goes_to_the_slow_parser(text: str):
    assert yamlsafe._fast_node(text) is False
