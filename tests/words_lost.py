"""Words lost: every word of the YAML that a view prints, looked for in the text of its PDF.

    PYTHONPATH=src python tests/words_lost.py [PACK ...] [--theme NAME ...]

For each pack and theme, every topic's every view is rendered (as `revpack sheet` makes
it, preflight off so nothing is hidden), and every card as `revpack cards` makes it (the
card-sized PDF), and the page text read back; a word is lost when it is not there. Words are counted as the YAML has them (markup removed), with no
allowance for characters a font lacks: those count as lost too. Prints one line per pack
and theme and the lost words themselves; exits 1 if any word is lost.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from revpack.build import BuildOptions, build_sheet, style_for
from revpack.expectations import printed_words
from revpack.cutouts import CardOptions, make_cards, pack_cards
from revpack.load import load_pack
from revpack.markup import plain
from revpack.model import iter_text
from revpack.preflight import absent, page_texts
from revpack.theme import THEMES
from revpack.views import VIEWS

REPO = Path(__file__).resolve().parents[1]
PACKS = (REPO / "packs" / "gcse-stalin-ussr", REPO / "packs" / "alevel-soviet-russia",
         REPO / "tests" / "fixtures" / "cyrillic-science")


@dataclass
class Count:
    words: int = 0
    lost: list[str] = field(default_factory=list)  # "topic/view: word"


def words_lost(pack_dir: Path, theme: str) -> Count:
    """The words of `pack_dir`'s topics its views print, and those not found in their PDFs."""
    pack = load_pack(pack_dir)
    count = Count()
    for topic in pack.topics:
        for view in VIEWS.values():
            if not view.applies(topic):
                continue
            pdf = build_sheet(pack, topic.id, view.name, BuildOptions(theme=theme, preflight=False))
            words = printed_words(topic, view)
            count.words += len(words)
            count.lost += [f"{topic.id}/{view.name}: {w}" for w in absent(" ".join(page_texts(pdf)), words)]
    cards = CardOptions()
    pdf = make_cards(pack, style_for(pack, BuildOptions(theme=theme)), cards).cards
    words = [w for card in pack_cards(pack, cards)
             for text in (card.front, card.lead, *iter_text(card.answer)) for w in plain(text).split()]
    count.words += len(words)
    count.lost += [f"cards: {w}" for w in absent(" ".join(page_texts(pdf)), words)]
    return count


def main(argv: Sequence[str]) -> int:
    themes = [a for i, a in enumerate(argv) if i and argv[i - 1] == "--theme"] or list(THEMES)
    packs = [Path(a) for i, a in enumerate(argv) if a != "--theme" and not (i and argv[i - 1] == "--theme")]
    lost = 0
    for pack in packs or PACKS:
        for theme in themes:
            count = words_lost(pack, theme)
            lost += len(count.lost)
            print(f"{pack.name:24} {theme:12} words {count.words:6}  lost {len(count.lost)}", flush=True)
            for line in count.lost:
                print(f"    {line}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
