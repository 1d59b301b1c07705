"""Shared test helpers: tiny packs and ways to read PDFs back."""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from revpack.markup import fold_typography

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]


def pdf_text(pdf: bytes | Path, fold: bool = True) -> str:
    """All text of a PDF, whitespace folded to single spaces; with `fold`, typographic quotes and
    en dashes read as typed (`markup.fold_typography`), so the text compares with the YAML."""
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    reader = PdfReader(io.BytesIO(data))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))
    return fold_typography(text) if fold else text


def words(text: str) -> list[str]:
    """The words of a text, as text extraction will find them."""
    return re.findall(r"\S+", text)


@pytest.fixture
def mini_pack(tmp_path: Path) -> Path:
    """A writable copy of the two-topic fixture pack."""
    dest = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", dest)
    return dest


@pytest.fixture(autouse=True, scope="session")
def _own_state_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """revpack lists the files it wrote with -o under $XDG_STATE_HOME: a folder of the tests' own."""
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("state"))


DEFAULT_PACKS = ("gcse-stalin-ussr", "alevel-soviet-russia")


@pytest.fixture(scope="session")
def default_pack_build(tmp_path_factory: pytest.TempPathFactory):
    """Build a default pack once per test session (cold, no cache, as a teacher's first build) and
    return its output folder; every test that reads a whole default pack shares that one build."""
    from revpack.build import BuildOptions, build_pack
    from revpack.load import load_pack

    built: dict[str, Path] = {}

    def build(name: str) -> Path:
        if name not in built:
            out = tmp_path_factory.mktemp(f"built-{name}")
            build_pack(load_pack(REPO / "packs" / name), out, BuildOptions(jobs=1, cache=False))
            built[name] = out
        return built[name]

    return build


@pytest.fixture(scope="session")
def gcse_pack_build(default_pack_build) -> Path:
    """The output folder of one session-wide build of the GCSE default pack."""
    return default_pack_build("gcse-stalin-ussr")


@pytest.fixture(scope="session")
def alevel_pack_build(default_pack_build) -> Path:
    """The output folder of one session-wide build of the A-level default pack."""
    return default_pack_build("alevel-soviet-russia")
