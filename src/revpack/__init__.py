"""revpack: write a topic once in YAML, print it many ways."""

__version__ = "0.1.0"

from pathlib import Path as _Path

# The bundled fonts (DejaVu, OpenDyslexic): beside src/ in the repository.
FONT_DIR = _Path(__file__).resolve().parents[2] / "fonts"
