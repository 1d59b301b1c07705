"""Traceability: every seed card is mapped to a topic (or left out with a reason).

Each pack built from the shared seed notes has a COVERAGE.md with a table

    | seed card | topic | note |

and one row per seed card: ``000: 3 of 19`` for the numbered cards, or
``002: <section heading>`` for a seed file without "n of N" markers. The
expected cards are read from the seed files themselves, in
``../shared/seeds`` beside the repository.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
PACKS = ROOT / "packs"

# Which seed files each pack is built from (by their three-digit prefix).
PACK_SEEDS = {
    "gcse-stalin-ussr": ("000", "002"),
    "alevel-soviet-russia": ("001", "003", "004"),
}

MARKER = re.compile(r"^\s*(\d+) of (\d+)\s*$")
NUMBERED = re.compile(r"^(\d{3}): (\d+) of (\d+)$")
HEADED = re.compile(r"^(\d{3}): (.+)$")
HEADER = ["seed card", "topic", "note"]

needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"seed notes not found at {SEEDS} (shared/ must sit beside the repository)"
)


def seed_file(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    assert len(found) == 1, f"expected one seed file {prefix}_*.txt in {SEEDS}, found {found}"
    return found[0]


def seed_lines(prefix: str) -> list[str]:
    return seed_file(prefix).read_text(encoding="utf-8").splitlines()


def numbered_cards(prefix: str) -> set[tuple[int, int]]:
    """The (n, N) of every 'n of N' marker in a seed file."""
    return {(int(m[1]), int(m[2])) for line in seed_lines(prefix) if (m := MARKER.match(line))}


def headings(prefix: str) -> set[str]:
    """Section headings of an un-numbered seed: short lines that are neither bullets nor sentences."""
    out = set()
    for line in seed_lines(prefix):
        text = line.strip()
        if not text or text.startswith(("·", "•", "-", "*")) or len(text) > 60 or text.endswith("."):
            continue
        out.add(text)
    return out


def coverage_rows(pack: str) -> list[tuple[str, str, str]]:
    """The rows of the coverage table (the one headed 'seed card | topic | note')."""
    lines = (PACKS / pack / "COVERAGE.md").read_text(encoding="utf-8").splitlines()
    cells = lambda line: [c.strip() for c in line.strip().strip("|").split("|")]  # noqa: E731
    start = next((i for i, line in enumerate(lines) if line.startswith("|") and cells(line) == HEADER), None)
    assert start is not None, f"{pack}/COVERAGE.md has no '| seed card | topic | note |' table"
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        row = cells(line)
        assert len(row) == 3, f"{pack}/COVERAGE.md: expected 3 cells in {line!r}"
        rows.append((row[0], row[1], row[2]))
    assert rows, f"{pack}/COVERAGE.md: the coverage table is empty"
    return rows


def pack_topics(pack: str) -> list[str]:
    info = yaml.safe_load((PACKS / pack / "pack.yaml").read_text(encoding="utf-8"))
    return list(info.get("topics") or [])


@pytest.fixture(params=sorted(PACK_SEEDS))
def pack(request) -> str:
    return request.param


@needs_seeds
def test_every_seed_card_is_mapped_exactly_once(pack):
    rows = coverage_rows(pack)
    counts = Counter(card for card, _, _ in rows)
    dupes = sorted(card for card, n in counts.items() if n > 1)
    assert not dupes, f"{pack}: cards listed more than once: {dupes}"

    for prefix in PACK_SEEDS[pack]:
        cards = numbered_cards(prefix)
        if cards:
            totals = {total for _, total in cards}
            assert len(totals) == 1, f"seed {prefix}: inconsistent totals {totals}"
            total = totals.pop()
            assert {n for n, _ in cards} == set(range(1, total + 1)), f"seed {prefix}: card numbers have gaps"
            expected = {f"{prefix}: {n} of {total}" for n in range(1, total + 1)}
        else:
            found = headings(prefix)
            assert found, f"seed {prefix}: neither 'n of N' cards nor headings found"
            expected = {f"{prefix}: {h}" for h in found}
        listed = {card for card in counts if card.startswith(f"{prefix}: ")}
        missing = sorted(expected - listed)
        extra = sorted(listed - expected)
        assert not missing, f"{pack}: seed {prefix} cards not in COVERAGE.md: {missing}"
        assert not extra, f"{pack}: COVERAGE.md lists {prefix} cards the seed does not have: {extra}"


@needs_seeds
def test_rows_belong_to_this_packs_seeds(pack):
    for card, _, _ in coverage_rows(pack):
        m = NUMBERED.match(card) or HEADED.match(card)
        assert m, f"{pack}: malformed seed card {card!r} (write '000: 3 of 19' or '002: <heading>')"
        assert m[1] in PACK_SEEDS[pack], f"{pack}: {card!r} comes from a seed of another pack"


def test_mapped_topics_exist_and_are_listed(pack):
    listed = set(pack_topics(pack))
    for card, topic, _ in coverage_rows(pack):
        if topic == "-":
            continue
        assert (PACKS / pack / "topics" / f"{topic}.yaml").is_file(), f"{pack}: {card} maps to missing topic {topic!r}"
        assert topic in listed, f"{pack}: {card} maps to {topic!r}, which pack.yaml does not list"


def test_left_out_rows_give_a_reason(pack):
    for card, topic, note in coverage_rows(pack):
        if topic == "-":
            assert len(note) >= 5, f"{pack}: {card} is left out without a reason"


def test_every_listed_topic_has_a_file(pack):
    topics = pack_topics(pack)
    assert topics, f"{pack}: pack.yaml lists no topics"
    assert len(topics) == len(set(topics)), f"{pack}: pack.yaml lists a topic twice"
    for topic in topics:
        assert (PACKS / pack / "topics" / f"{topic}.yaml").is_file(), f"{pack}: no file for listed topic {topic!r}"


def test_every_listed_topic_is_covered(pack):
    """No topic without a source: each topic in pack.yaml is mapped from at least one seed card."""
    mapped = {topic for _, topic, _ in coverage_rows(pack)}
    unmapped = [t for t in pack_topics(pack) if t not in mapped]
    assert not unmapped, f"{pack}: topics with no seed card mapped to them: {unmapped}"
