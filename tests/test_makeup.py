"""The make-up audit (revpack preflight --makeup): it finds what a make-up editor would mark,
and the default packs and the fixtures pass it."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from revpack.cli import cli
from revpack.layout import HEADING_TAG, tagged
from revpack.makeup import audit

W, H = A4
M = 14 * 72 / 25.4


def _page(canv: Canvas, lines: list[tuple[float, str, bool]], x: float = M) -> None:
    """Text lines (baseline y, text, is it a heading) in the left column, then a page break."""
    for y, text, heading in lines:
        canv.setFont("Helvetica-Bold" if heading else "Helvetica", 12 if heading else 10)
        if heading:
            with tagged(canv, HEADING_TAG):
                canv.drawString(x, y, text)
        else:
            canv.drawString(x, y, text)
    canv.showPage()


def _pdf(pages) -> bytes:
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=A4, invariant=1)
    for lines in pages:
        _page(canv, lines)
    canv.save()
    return buf.getvalue()


def _body(top: float, n: int) -> list[tuple[float, str, bool]]:
    return [(top - 12.5 * k, f"a line of body text number {k} that runs across the page width", False)
            for k in range(n)]


def test_a_heading_at_the_foot_with_its_content_on_the_next_page_is_orphaned():
    first = [*_body(H - 60, 50), (80, "Causes", True), (66, "only one line of it here, then the break", False)]
    second = [(H - 50, "Causes (cont.)", True), *_body(H - 70, 10)]
    result = audit(_pdf([first, second]))
    assert result.summary()["orphaned headings"] == 1
    assert "orphaned heading 'Causes'" in result.problems()[0]
    assert result.problems()[0].startswith("page 1 ")


def test_a_continuation_of_one_line_is_a_widow_and_three_are_not():
    first = [(H - 50, "Effects", True), *_body(H - 70, 55)]
    short = [(H - 50, "Effects (cont.)", True), (H - 70, "one line left over", False)]
    assert audit(_pdf([first, short])).summary()["widowed continuations"] == 1
    enough = [(H - 50, "Effects (cont.)", True), *_body(H - 70, 3)]
    assert audit(_pdf([first, enough])).summary()["widowed continuations"] == 0


def test_frame_use_is_measured_page_by_page():
    result = audit(_pdf([_body(H - 50, 60), _body(H - 50, 10)]))
    full, short = result.pages
    assert full.used > 0.95 and 0.15 < short.used < 0.25
    assert result.summary()["under 25% used"] == 1 and result.summary()["under 45% used"] == 1


def test_cli_prints_each_page_and_the_totals_and_fails_on_a_breach(tmp_path):
    first = [(H - 50, "Effects", True), *_body(H - 70, 55)]
    short = [(H - 50, "Effects (cont.)", True), (H - 70, "one line left over", False)]
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(_pdf([first, short]))
    result = CliRunner().invoke(cli, ["preflight", "--makeup", str(pdf)])
    assert result.exit_code == 1
    assert "widowed continuation 'Effects (cont.)'" in result.output
    assert "under 45% used: 1" in result.output


def _build(pack, out, **options):
    from revpack.build import BuildOptions, build_pack
    from revpack.load import load_pack

    build_pack(load_pack(pack), out, BuildOptions(jobs=1, **options))
    return (out / f"{pack.name}.pdf").read_bytes()


def test_two_sided_pack_starts_each_topic_on_a_right_hand_page_and_keys_on_their_own_sheet(mini_pack, tmp_path):
    from revpack.preflight import page_texts

    pdf = _build(mini_pack, tmp_path / "two")
    result = audit(pdf, sides=2)
    summary = result.summary()
    assert summary["topics starting on a left-hand page"] == 0
    assert summary["answer keys backing their worksheet"] == 0
    texts = page_texts(pdf)
    blanks = [p for p in result.pages if p.blank]
    assert blanks, "the fixture needs a blank page to keep a topic on a right-hand page"
    for p in blanks:
        assert texts[p.number - 1].strip() == "This page is intentionally blank"
        assert p.number % 2 == 0  # a left-hand page (the cover is page 1, a right-hand page)


def test_one_sided_pack_has_no_blank_pages(mini_pack, tmp_path):
    two = audit(_build(mini_pack, tmp_path / "two"))
    one = audit(_build(mini_pack, tmp_path / "one", sides=1))
    assert not any(p.blank for p in one.pages)
    assert len(one.pages) == len(two.pages) - sum(p.blank for p in two.pages)
