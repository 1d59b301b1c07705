"""Fuzzing: any topic file ends in correct PDFs or in positioned diagnostics, and no word is lost.

`make test` runs a short, derandomised pass (the "ci" profile); `make fuzz` runs
10,000 examples (``REVPACK_FUZZ_PROFILE=fuzz``), keeps what it finds in
Hypothesis's example database (.hypothesis/) and prints statistics.
"""

from __future__ import annotations

import os

from fuzz_strategies import topic_yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from revpack.build import BuildOptions, build_sheet, printed_words
from revpack.errors import Diagnostic, InputError
from revpack.glyphs import printable
from revpack.load import load_topic_text
from revpack.model import Pack, PackInfo
from revpack.preflight import Expectations, preflight
from revpack.theme import THEMES, Style, look_for
from revpack.views import VIEWS

SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile("ci", max_examples=25, derandomize=True, database=None, deadline=None,
                          suppress_health_check=SLOW, print_blob=True)
settings.register_profile("fuzz", max_examples=int(os.environ.get("REVPACK_FUZZ_EXAMPLES", "10000")), deadline=None,
                          suppress_health_check=SLOW, print_blob=True)
PROFILE = settings.get_profile(os.environ.get("REVPACK_FUZZ_PROFILE", "ci"))


def load(text: str, theme: str = "default"):
    """The topic, or None when the loader or the glyph check (as every command runs them)
    refused it with diagnostics (and nothing else)."""
    warnings: list[Diagnostic] = []
    try:
        topic = load_topic_text(text, "fuzz.yaml", warnings)
        printable(Pack(PackInfo(title="Fuzz", id="fuzz"), (topic,)), theme, warnings)
    except InputError as exc:
        assert exc.diagnostics, "an InputError must carry its diagnostics"
        for d in exc.diagnostics:
            assert d.file == "fuzz.yaml" and d.line >= 1 and d.col >= 1, str(d)
            assert "\n" not in str(d) and "Traceback" not in str(d), str(d)
        event("refused: " + ("cannot be printed (right-to-left, surrogate)" if "topic" in locals() else "by the loader"))
        return None
    for w in warnings:
        assert w.severity == "warning" and w.line >= 1, str(w)
    if any("no bundled font can print" in w.message for w in warnings):
        event("built: characters no face has, warned, printed as boxes")
    return topic


@PROFILE
@given(topic_yaml(), st.sampled_from(list(THEMES)))
def test_any_topic_builds_or_fails_with_diagnostics_and_loses_no_word(text, theme):
    """In any theme: every word is found, but for characters no face has (warned about,
    printed as boxes), which split the words they are in (`printed_words` with a font)."""
    event(f"theme: {theme}")
    topic = load(text, theme)
    if topic is None:
        return
    pack = Pack(PackInfo(title="Fuzz", id="fuzz"), (topic,))
    font = Style(look=look_for(theme)).font
    for view in VIEWS.values():
        if not view.applies(topic):
            continue
        pdf = build_sheet(pack, topic.id, view.name, BuildOptions(preflight=False, theme=theme))
        expect = Expectations.sheet("a4", printed_words(topic, view, font))
        assert preflight(pdf, expect) == [], f"view {view.name}, theme {theme}"


@PROFILE
@given(st.text(max_size=300))
def test_any_text_at_all_is_a_topic_or_diagnostics(text):
    load(text)


@PROFILE
@given(st.binary(max_size=300))
def test_any_bytes_at_all_are_a_topic_or_diagnostics(data):
    load(data)
