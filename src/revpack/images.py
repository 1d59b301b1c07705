"""Image files: which a pack may use, and each read once, checked and keyed by its bytes.

A pack names its images by paths relative to its own folder (`images/cell.svg`). Nothing
outside the folder is ever read: an absolute path, a web address, `..`, or a link that leads
out of the folder is refused, and so are a missing or unreadable file, a folder, a pipe, a
file too large, and anything that is not a whole PNG, JPEG or SVG image. Each refusal is one
sentence the loader prints at the image's position.

No ReportLab here (`revpack check` stays light); drawing is `pictures.py`.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

KINDS = ("PNG", "JPEG", "SVG")
MOST_BYTES = 50 * 1024 * 1024  # a 50 MB file is a poster scan, not a revision-sheet picture
MOST_PIXELS = 80_000_000  # 80 megapixels (Pillow warns from 89): a 10,000 x 8,000 photo


@dataclass(frozen=True)
class ImageFile:
    """An image file that passed every check: where it is, its kind and the hash of its bytes."""

    source: Path
    kind: str  # one of KINDS
    digest: str


class ImageProblem(Exception):
    """Why an image cannot be used, as a sentence for the author."""


def _path_problem(text: str) -> str | None:
    """What is wrong with `text` as a pack-relative path, before looking at the disk."""
    if "://" in text or text.lower().startswith(("data:", "www.")):
        return "a web address; save the image into the pack folder and give its path, e.g. images/map.png"
    if "\\" in text:
        return "write the path with '/' between folders (images/cell.png), not '\\'"
    if text.startswith("/") or text.startswith("~") or (len(text) > 1 and text[1] == ":"):
        return (f"'{text}' is an absolute path; give the path inside the pack folder instead "
                "(e.g. images/cell.png), so the pack works wherever it is copied")
    if ".." in PurePosixPath(text).parts:
        return f"'{text}' leads out of the pack folder ('..'); images must be inside the pack folder"
    return None


def _suggest(root: Path, rel: PurePosixPath) -> str:
    try:
        folder = root.joinpath(*rel.parts[:-1])
        names = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    except OSError:
        return ""
    close = difflib.get_close_matches(rel.name, names, n=1)
    return f"; did you mean '{PurePosixPath(*rel.parts[:-1], close[0])}'?" if close else ""


def locate(root: Path, text: str) -> Path:
    """The file `text` names inside the pack folder `root`; raises `ImageProblem`."""
    problem = _path_problem(text)
    if problem:
        raise ImageProblem(problem)
    rel = PurePosixPath(text)
    path = root.joinpath(*rel.parts)
    top = root.resolve()
    # Every link on the way is followed: the file must end up inside the pack folder.
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        if path.is_symlink():
            raise ImageProblem(f"'{text}' is a link to nothing (its target is gone)") from None
        raise ImageProblem(f"no such file '{text}' in the pack folder{_suggest(root, rel)}") from None
    except (OSError, RuntimeError) as exc:
        raise ImageProblem(f"cannot read '{text}': {getattr(exc, 'strerror', None) or exc}") from None
    if not target.is_relative_to(top):
        raise ImageProblem(f"'{text}' is a link to {target}, outside the pack folder; copy the image into the "
                           "pack instead")
    try:
        mode = target.stat().st_mode
    except OSError as exc:
        raise ImageProblem(f"cannot read '{text}': {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise ImageProblem(f"'{text}' is a folder, not an image file")
    if not stat.S_ISREG(mode):
        raise ImageProblem(f"'{text}' is not a regular file (a pipe, socket or device); revpack reads only files")
    return target


def read(root: Path, text: str) -> tuple[ImageFile, bytes]:
    """The image `text` names in `root`, checked whole, and its bytes; raises `ImageProblem`."""
    source = locate(root, text)
    size = source.stat().st_size
    if size > MOST_BYTES:
        raise ImageProblem(f"'{text}' is {size / 1024 / 1024:.0f} MB, more than the {MOST_BYTES // 1024 // 1024} MB "
                           "an image may have; save it smaller")
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ImageProblem(f"cannot read '{text}': {exc.strerror or exc}") from None
    kind = sniff(data, text)
    return ImageFile(source, kind, hashlib.sha256(data).hexdigest()), data


def _looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in data[:65536].lower()


def sniff(data: bytes, name: str = "") -> str:
    """The kind of image `data` is, after decoding it whole; raises `ImageProblem` if it is none
    of PNG, JPEG or SVG, or is damaged."""
    if not data:
        raise ImageProblem(f"'{name}' is empty (0 bytes)")
    if _looks_like_svg(data):
        check_svg(data, name)
        return "SVG"
    from PIL import Image as PILImage

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as im:
                kind = im.format
                if kind not in ("PNG", "JPEG"):
                    raise ImageProblem(f"'{name}' is a {kind} image; revpack prints PNG, JPEG and SVG: "
                                       "save it as one of those")
                if im.width * im.height > MOST_PIXELS:
                    raise ImageProblem(f"'{name}' is {im.width} x {im.height} pixels, more than the "
                                       f"{MOST_PIXELS // 1_000_000} megapixels an image may have; save it smaller")
                im.load()  # decode it all: a truncated or damaged file is found now, not mid-build
    except ImageProblem:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ImageProblem(f"'{name}' has too many pixels to print; save it smaller") from None
    except PILImage.UnidentifiedImageError:
        raise ImageProblem(f"'{name}' is not a PNG, JPEG or SVG image (its contents are none of these)") from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageProblem(f"'{name}' is a damaged image file ({exc}); save it again") from None
    return kind


def check_svg(data: bytes, name: str = "") -> None:
    """Parse an SVG the way it will be drawn; raises `ImageProblem` if it cannot be (not XML, not
    an <svg>, or with no size)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ImageProblem(f"'{name}' is not a readable SVG image ({exc}); save it again") from None
    if root is None or etree.QName(root).localname != "svg":
        raise ImageProblem(f"'{name}' is not an SVG image (its outermost element is not <svg>)")
    if not (root.get("viewBox") or (root.get("width") and root.get("height"))):
        raise ImageProblem(f"'{name}' gives no size: add a viewBox (or width and height) to its <svg> element")
