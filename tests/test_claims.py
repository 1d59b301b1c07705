"""Corrected history stays corrected: a wrong statement listed as forbidden never comes back.

Each default pack has ``tests/claims/<pack-id>.yaml``: a list of claims the seed notes made
and the pack corrected (see the pack's COVERAGE.md, "Corrections to the notes"). Each claim is

    - pattern: "10 ?(to|-|–) ?30 million"   # a regular expression, matched case-insensitively
      why: Cold War whole-era estimates given as Great Terror victims; NKVD records: ~1.5m arrested

and the test fails if the pattern matches any text of the pack (every topic field and pack.yaml).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from revpack.load import load_pack
from revpack.markup import plain
from revpack.model import iter_text

ROOT = Path(__file__).resolve().parents[1]
CLAIMS = sorted((ROOT / "tests" / "claims").glob("*.yaml"))


def _claims(path: Path) -> list[dict]:
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    assert isinstance(items, list) and items, f"{path.name}: a list of claims, please"
    for item in items:
        assert set(item) == {"pattern", "why"}, f"{path.name}: each claim has a pattern and a why: {item}"
        re.compile(item["pattern"])
    return items


@pytest.mark.parametrize("claims_file", CLAIMS, ids=lambda p: p.stem)
def test_no_corrected_claim_comes_back(claims_file: Path) -> None:
    pack = load_pack(ROOT / "packs" / claims_file.stem)
    texts = [" ".join(plain(t).split()) for t in iter_text(pack)]
    found = []
    for claim in _claims(claims_file):
        pattern = re.compile(claim["pattern"], re.IGNORECASE)
        found += [f"{claim['pattern']!r} ({claim['why']}) in: {t[:120]}" for t in texts if pattern.search(t)]
    assert not found, "\n".join(found)

