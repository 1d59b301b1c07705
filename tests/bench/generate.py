"""Synthetic packs for the benchmark: seeded, so every run measures the same words.

The workload per topic follows issue #7: 6 sections x 6 points of about 15 words,
an 8-row comparison and 12 cards.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

WORDS = (
    "party congress peasants grain quota purge kulak factory plan output steel coal army terror "
    "trial politburo secretary commissar famine collective farm worker industry propaganda "
    "opposition faction leader state police camp gulag labour target production russia soviet "
    "revolution socialism country history economy policy reform control power support"
).split()


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def topic(rng: random.Random, i: int) -> dict:
    return {
        "title": f"Topic {i}: {sentence(rng, 4)}",
        "period": f"{1917 + i % 30}-{(i % 30) + 20:02d}",
        "summary": sentence(rng, 25),
        "sections": [
            {
                "heading": sentence(rng, 3),
                "points": [f"**{sentence(rng, 2)}**: {sentence(rng, 13)}" for _ in range(6)],
            }
            for _ in range(6)
        ],
        "comparisons": [
            {
                "title": sentence(rng, 3),
                "columns": ["Stalin", "Trotsky"],
                "rows": [
                    {"label": sentence(rng, 2), "cells": [sentence(rng, 10), sentence(rng, 10)]}
                    for _ in range(8)
                ],
            }
        ],
        "cards": [{"question": sentence(rng, 8) + "?", "answer": [sentence(rng, 10), sentence(rng, 8)]} for _ in range(12)],
    }


def write_pack(folder: Path, topics: int, seed: int = 7) -> Path:
    """Write a pack of `topics` synthetic topics into `folder`; return the folder."""
    rng = random.Random(seed)
    (folder / "topics").mkdir(parents=True, exist_ok=True)
    ids = [f"t{i:04d}" for i in range(topics)]
    meta = {"title": f"Benchmark pack ({topics} topics)", "level": "GCSE", "board": "AQA", "topics": ids}
    (folder / "pack.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    for i, tid in enumerate(ids):
        (folder / "topics" / f"{tid}.yaml").write_text(
            yaml.safe_dump(topic(rng, i), sort_keys=False, width=1000), encoding="utf-8"
        )
    return folder


if __name__ == "__main__":
    write_pack(Path(sys.argv[1]), int(sys.argv[2]))
