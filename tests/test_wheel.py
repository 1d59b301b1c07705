"""The wheel works anywhere: built from the repository's files, installed into a fresh virtualenv
in a temporary folder away from the checkout, `revpack new`, `check`, `build`, `cards` and `export`
run there (fonts, schemas and the sample packs come from the installed package).

The wheel is built once (pip's isolated build: setuptools comes from the package index) and
installed with --no-deps; the fresh venv reaches this interpreter's libraries through a .pth
file, so nothing is downloaded twice.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[1]
SHIPPED = ("pyproject.toml", "README.md", "src", "fonts", "schema", "packs")


def _run(args: list, cwd: Path, env: dict | None = None, ok: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if ok:
        assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict]:
    """(the installed `revpack` script, the environment to run it in), far from the checkout."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    source.mkdir()
    for name in SHIPPED:  # a copy: setuptools' build/ and egg-info must not land in the checkout
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(src, source / name)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "--disable-pip-version-check",
          "-w", root / "dist", source], root)
    wheel, = (root / "dist").glob("revpack-*.whl")
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], root)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q",
          "--disable-pip-version-check", wheel], root)
    # Only now (pip must not see this interpreter's editable revpack): the dependencies.
    target_site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                            root).stdout.strip())
    (target_site / "zz-deps.pth").write_text(
        "\n".join(dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])) + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return venv / "bin" / "revpack", env, wheel


def test_the_wheel_holds_fonts_licences_schemas_and_samples(installed):
    names = set(zipfile.ZipFile(installed[2]).namelist())
    for needed in ("revpack/data/fonts/DejaVuSans.ttf", "revpack/data/fonts/OpenDyslexic-Regular.ttf",
                   "revpack/data/fonts/LICENSE-DejaVu.txt", "revpack/data/fonts/LICENSE-OpenDyslexic.txt",
                   "revpack/data/schema/pack.schema.json", "revpack/data/schema/topic.schema.json",
                   "revpack/data/packs/gcse-stalin-ussr/pack.yaml",
                   "revpack/data/packs/alevel-soviet-russia/topics/01-lenins-consolidation.yaml"):
        assert needed in names


def test_an_installed_revpack_works_in_a_folder_of_its_own(installed, tmp_path):
    revpack, env, _ = installed
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = _run([revpack.parent / "python", "-c", "import revpack; print(revpack.__file__)"], work, env).stdout
    assert str(revpack.parent.parent) in where and str(REPO) not in where

    _run([revpack, "new", "mypack"], work, env)
    pack = work / "mypack"
    assert (pack / "pack.yaml").is_file()
    assert "no problems" in _run([revpack, "check", "mypack"], work, env).stdout
    built = _run([revpack, "build", "mypack", "-j1", "-q", "-o", "out"], work, env)
    assert built.stderr == ""
    assert len(PdfReader(work / "out" / "mypack.pdf").pages) >= 3
    _run([revpack, "build", "mypack", "-j1", "-q", "--theme", "dyslexia", "-o", "dys"], work, env)
    _run([revpack, "cards", "mypack", "-o", "cards.pdf"], work, env)
    assert len(PdfReader(work / "cards.pdf").pages) >= 2
    _run([revpack, "export", "csv", "mypack", "-o", "cards.csv"], work, env)
    _run([revpack, "export", "anki", "mypack", "-o", "cards.apkg"], work, env)
    assert (work / "cards.csv").stat().st_size > 0 and zipfile.is_zipfile(work / "cards.apkg")
    # The sample packs are reachable by name from anywhere.
    assert "gcse-stalin-ussr: 8 topics" in _run([revpack, "check", "gcse-stalin-ussr"], work, env).stdout
