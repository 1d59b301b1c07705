"""revpack: write a topic once in YAML, print it many ways."""

__version__ = "0.1.0"
