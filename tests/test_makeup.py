"""The make-up audit (revpack preflight --makeup): it finds what a make-up editor would mark,
and the default packs and the fixtures pass it."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, REPO
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


# -- the make-up rules, read back through the audit ------------------------------------------

def _story_pdf(story, columns=1, header=()):
    from revpack.render import DocInfo, render_story
    from revpack.theme import Style

    return render_story(story, Style(), DocInfo("t"), footer="x", columns=columns, header=header)


def _section(title, n, style):
    from revpack.layout import Block, bullets
    from revpack.model import Point

    return Block(title, bullets([Point(text=f"Point {k} of {title}, a line long") for k in range(n)], style), style)


def test_a_heading_never_ends_a_page_and_a_continuation_keeps_three_lines():
    from reportlab.platypus import Spacer

    from revpack.preflight import page_texts
    from revpack.render import body_frames
    from revpack.theme import Style

    style = Style()
    frame = body_frames(style)[0]._height
    for room in range(20, 90, 7):  # the block meets the page foot at every offset from a line to several
        pdf = _story_pdf([Spacer(1, frame - room), _section("Causes", 8, style)])
        result = audit(pdf)
        assert result.summary()["orphaned headings"] == 0, room
        assert result.summary()["widowed continuations"] == 0, room
        first_page_text = page_texts(pdf)[0]
        if "Causes" in first_page_text:  # split: at least three points on each side
            assert first_page_text.count("Point") >= 3, room


def test_a_table_keeps_its_header_and_two_rows_and_leaves_two():
    from reportlab.platypus import Spacer

    from revpack.layout import Block, grid, para
    from revpack.preflight import page_texts
    from revpack.render import body_frames
    from revpack.theme import Style

    style = Style()
    frame = body_frames(style)[0]._height
    for room in range(30, 120, 9):
        rows = [[para(f"row {k}", style.body), para("cell", style.body)] for k in range(6)]
        table = grid(rows, [100, 300], style, header=[para("A", style.body), para("B", style.body)])
        pdf = _story_pdf([Spacer(1, frame - room), Block("Table", [table], style)])
        pages = page_texts(pdf)
        if len(pages) == 2 and "row 0" in pages[0]:
            assert "row 1" in pages[0] and "row 4" in pages[1] and "row 5" in pages[1], room


def test_a_box_entry_stays_whole_and_a_persons_points_stay_with_their_name():
    from reportlab.platypus import Spacer

    from revpack.layout import Block, Stack, bullets, para
    from revpack.model import Point
    from revpack.preflight import page_texts
    from revpack.render import body_frames
    from revpack.theme import Style

    style = Style()
    frame = body_frames(style)[0]._height
    for room in range(40, 140, 11):
        people = [Stack([para(f"**Person {k}**: a role", style.body),
                         *bullets([Point(text=f"point {k}.{j}") for j in range(3)], style, depth=1)])
                  for k in range(5)]
        pdf = _story_pdf([Spacer(1, frame - room), Block("Key people", people, style, "panel")])
        for text in page_texts(pdf):
            for k in range(5):
                if f"point {k}.0" in text:
                    assert f"Person {k}" in text, room  # never sub-points cut off from the name


def test_the_last_page_of_two_columns_is_balanced():
    from revpack.theme import Style

    style = Style()
    story = [_section(f"Section {s}", 9, style) for s in range(11)]
    pdf = _story_pdf(story, columns=2)
    result = audit(pdf)
    assert len(result.pages) == 2
    left, right = result.pages[-1].columns
    assert abs(left - right) <= 2 * style.body.leading
    assert result.summary()["unbalanced last pages"] == 0


def test_a_sheet_a_little_over_a_page_is_set_tighter_to_fit_one():
    from pypdf import PdfReader

    from revpack.expectations import printed_words
    from revpack.model import Point, Section, Topic
    from revpack.preflight import Expectations, preflight
    from revpack.render import DocInfo, render_story
    from revpack.theme import Style
    from revpack.views import VIEWS, Context, render_view

    style, view, ctx = Style(), VIEWS["summary"], Context()

    def topic(n):
        return Topic(title="Fit", id="fit", sections=tuple(
            Section(heading=f"Section {i}", points=tuple(Point(text=f"Point {i}.{j} of the section") for j in range(6)))
            for i in range(n)))

    def pages(pdf):
        return len(PdfReader(io.BytesIO(pdf)).pages)

    def loose(t):  # as designed, without fitting
        return render_story(view.story(t, style, ctx), style, DocInfo("t"), columns=2, header=view.header(t, style, ctx))

    n = next(n for n in range(4, 40) if pages(loose(topic(n))) > 1)  # the first to overflow: by a few lines
    fitted = render_view(view, topic(n), style, ctx)
    assert pages(fitted) == 1
    assert preflight(fitted, Expectations.sheet("a4", printed_words(topic(n), view))) == []  # words, 10 pt floor


# -- the audit on the default packs and the fixtures: the make-up targets of issue #15 -------

TARGETS = ("orphaned headings", "widowed continuations", "topics starting on a left-hand page",
           "answer keys backing their worksheet", "handouts not on a sheet of their own")
PACKS = ["gcse_pack_build", "alevel_pack_build"]  # one build of each default pack per session (conftest)
FIXTURE_PACKS = sorted(p.name for p in FIXTURES.iterdir() if (p / "pack.yaml").exists())


def _pack_pdf(folder):
    from revpack.load import load_pack

    pdf = next(folder.glob("*.pdf"))
    return pdf, load_pack(REPO / "packs" / pdf.stem)


def _fixture_pdf(name: str, folder):
    from revpack.build import BuildOptions, build_pack
    from revpack.load import load_pack

    pack = load_pack(FIXTURES / name)
    build_pack(pack, folder, BuildOptions(jobs=1))
    return folder / f"{pack.id}.pdf", pack


def _meets_the_targets(pdf, pack) -> None:
    """The two-sided make-up audit of `pack`'s built `pdf` finds no orphaned heading, no widowed
    continuation, no topic on a left-hand page, no answer key on its worksheet's sheet; the cover
    is one page, the contents one page for up to 12 topics (two for up to 30)."""
    result = audit(pdf, sides=2)
    summary = result.summary()
    assert {name: summary[name] for name in TARGETS} == dict.fromkeys(TARGETS, 0), "\n".join(result.problems())
    assert summary["cover pages"] == 1
    assert 1 <= summary["contents pages"] <= (1 if len(pack.topics) <= 12 else 2)
    assert summary["content pages"] > 0 and all(p.view for p in result.content)


@pytest.mark.parametrize("built", PACKS)
def test_the_default_packs_meet_the_make_up_targets(built, request):
    _meets_the_targets(*_pack_pdf(request.getfixturevalue(built)))


@pytest.mark.parametrize("fixture", FIXTURE_PACKS)
def test_the_fixture_packs_meet_the_make_up_targets(fixture, tmp_path):
    _meets_the_targets(*_fixture_pdf(fixture, tmp_path))


@pytest.mark.parametrize("built", PACKS)
def test_the_default_packs_last_pages_are_balanced(built, request):
    """Every two-column view of both default packs ends on a page whose columns end within two
    lines of each other (issue #15 item 2), the keep-together rules still met."""
    pdf, pack = _pack_pdf(request.getfixturevalue(built))
    _balanced(audit(pdf, sides=2))


def _balanced(result) -> None:
    summary = result.summary()
    assert summary["unbalanced last pages"] == 0, "\n".join(result.problems())
    assert summary["orphaned headings"] == 0 and summary["widowed continuations"] == 0, "\n".join(result.problems())
