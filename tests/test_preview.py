"""`revpack preview`: a page as PNG, through pypdfium2."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from PIL import Image

from revpack.cli import cli
from revpack.errors import RevpackError
from revpack.load import load_pack
from revpack.preview import docs_images, preview


@pytest.fixture(scope="module")
def mini():
    return load_pack(FIXTURES / "mini")


def test_a4_page_at_80_dpi_is_a_picture_of_the_sheet(mini):
    image = Image.open(io.BytesIO(preview(mini, "alpha", "summary", dpi=80)))
    assert image.format == "PNG" and image.size == (662, 936)  # 595 x 842 pt at 80/72, rounded up
    # The accent band across the top is drawn: the pixel under the title is not white.
    assert image.convert("RGB").getpixel((image.width // 2, 80)) != (255, 255, 255)
    assert preview(mini, "alpha", "summary") == preview(mini, "alpha", "summary")  # same bytes


def test_missing_page_view_or_topic_is_a_sentence(mini):
    with pytest.raises(RevpackError, match="there is no page 7: the sheet has 1 page"):
        preview(mini, "alpha", "summary", page=7)
    with pytest.raises(RevpackError, match="'nope' is not a view"):
        preview(mini, "alpha", "nope")
    with pytest.raises(RevpackError, match="has no topic 'gamma'"):
        preview(mini, "gamma", "summary")


def test_cli_writes_the_png(tmp_path):
    out = tmp_path / "p.png"
    result = CliRunner().invoke(cli, ["preview", str(FIXTURES / "mini"), "beta", "--dpi", "40", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with Image.open(out) as image:
        assert image.size == (331, 468)


def test_docs_images_one_per_view(mini, tmp_path):
    from revpack.views import VIEWS

    written = docs_images(mini, tmp_path, dpi=30)
    assert [p.name for p in written] == [f"{name}.png" for name, v in VIEWS.items()
                                        if any(v.applies(t) for t in mini.topics)]
