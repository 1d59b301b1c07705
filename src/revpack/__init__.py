"""revpack: write a topic once in YAML, print it many ways."""

__version__ = "0.1.0"

from pathlib import Path as _Path

_HERE = _Path(__file__).resolve().parent


def _data(name: str) -> _Path:
    """A folder of bundled data: inside the installed package (the wheel ships the repository's
    top-level fonts/, schema/ and packs/ as revpack/data/<name>/), else at the checkout's top."""
    installed = _HERE / "data" / name
    return installed if installed.is_dir() else _HERE.parents[1] / name


FONT_DIR = _data("fonts")  # DejaVu and OpenDyslexic, with their licences
SCHEMA_DIR = _data("schema")  # pack.schema.json, topic.schema.json
SAMPLE_PACKS = _data("packs")  # the sample packs, reachable by name from anywhere
