"""Writing a PDF object by object, for documents too large to hold in memory.

pypdf's writer keeps every object of a document until the document is written: a pack of
a thousand topics (18,000 pages) took 750 MiB. `PdfStream` writes each object to its file
as soon as it is made and keeps only each object's offset (for the cross-reference
table) and a digest of each object it may share. `Source` copies another PDF's pages into
it, read with pypdf, one document at a time.

Every object a page uses (fonts, pictures, their programs and colour maps) is written once
however many documents carry it: an object whose bytes, with the numbers of what it refers
to in the new file, read exactly as an object already written is that object. So a font
program that every fragment of a pack embeds is in the pack once.
"""

from __future__ import annotations

import hashlib
import io
from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import BinaryIO

from pypdf import PageObject, PdfReader
from pypdf.generic import (ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject, PdfObject,
                           StreamObject)

HEADER = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"  # the binary comment tells transfer programs the file is binary


class Ref(NumberObject):
    """A reference to an object of the file being written: its object number (a pypdf object,
    so it can sit in pypdf's dictionaries and arrays; only `serialise` writes it, as a reference)."""


def serialise(value, ref: Callable[[IndirectObject], int]) -> bytes:
    """`value` (pypdf objects, and `Ref`s) as PDF bytes; `ref` numbers a reference into another file.

    Dictionaries are written with their keys sorted, and a stream with its /Length worked out,
    so one object reads the same whichever program wrote the file it came from."""
    out = io.BytesIO()
    _write(value, out, ref)
    return out.getvalue()


def _write(value, out: io.BytesIO, ref: Callable[[IndirectObject], int]) -> None:
    if isinstance(value, Ref):
        out.write(b"%d 0 R" % value)
    elif isinstance(value, IndirectObject):
        out.write(b"%d 0 R" % ref(value))
    elif isinstance(value, DictionaryObject):
        out.write(b"<<")
        for key in sorted(value):
            if key == "/Length" and isinstance(value, StreamObject):
                continue
            key.write_to_stream(out)
            out.write(b" ")
            _write(value.raw_get(key), out, ref)
            out.write(b"\n")
        if isinstance(value, StreamObject):
            data = value._data  # noqa: SLF001 - the stream as stored (still encoded)
            out.write(b"/Length %d>>\nstream\n" % len(data))
            out.write(data)
            out.write(b"\nendstream")
        else:
            out.write(b">>")
    elif isinstance(value, ArrayObject):
        out.write(b"[")
        for i, item in enumerate(list.__iter__(value)):
            if i:
                out.write(b" ")
            _write(item, out, ref)
        out.write(b"]")
    elif value is None:  # a reference pypdf could not resolve
        out.write(b"null")
    else:
        value.write_to_stream(out)


def _foreign(value: IndirectObject) -> int:
    raise TypeError(f"a reference to another file's object {value.idnum}: copy it through a Source")


def pdf_dict(**entries) -> DictionaryObject:
    """A PDF dictionary: `pdf_dict(Type="/Pages", Count=3)` is ``<</Type /Pages /Count 3>>``
    (a string value is a name; give text as a pypdf string object)."""
    return DictionaryObject({NameObject(f"/{key}"): _pdf_value(value) for key, value in entries.items()})


def _pdf_value(value):
    if isinstance(value, str) and not isinstance(value, PdfObject):
        return NameObject(value)
    if isinstance(value, int) and not isinstance(value, PdfObject):
        return NumberObject(value)
    return value


def _shallow(value) -> DictionaryObject:
    """A copy of the dictionary `value` (resolved) whose entries are the original's, unresolved."""
    value = value.get_object()
    return DictionaryObject({key: value.raw_get(key) for key in value})


class PdfStream:
    """A PDF written to `out` object by object; `finish` writes the cross-reference table."""

    def __init__(self, out: BinaryIO):
        self._out = out
        self._offsets = array("q", [0])  # each object's offset in the file, by number (0: not yet written)
        self._shared: dict[bytes, int] = {}  # a shareable object's digest -> its number
        self._pos = 0
        self._emit(HEADER)

    def _emit(self, data: bytes) -> None:
        self._out.write(data)
        self._pos += len(data)

    def reserve(self) -> Ref:
        """A number for an object written later (one that others refer to before it is made)."""
        self._offsets.append(0)
        return Ref(len(self._offsets) - 1)

    def put(self, value, number: Ref | None = None, share: bool = False) -> Ref:
        """Write `value` (its references `Ref`s) as a new object, or as the `number` reserved for it;
        with `share`, an object that reads exactly like it already written is used instead."""
        return self.store(serialise(value, _foreign), number, share)

    def store(self, body: bytes, number: Ref | None = None, share: bool = False) -> Ref:
        """Write an object already serialised (see `put`)."""
        key = hashlib.sha256(body).digest() if share else b""
        if share and key in self._shared:
            return Ref(self._shared[key])
        if number is None:
            number = self.reserve()
        self._offsets[number] = self._pos
        self._emit(b"%d 0 obj\n" % number)
        self._emit(body)
        self._emit(b"\nendobj\n")
        if share:
            self._shared[key] = number
        return Ref(number)

    def finish(self, root: Ref, info: Ref, file_id: bytes) -> None:
        """Write the cross-reference table and the trailer: every reserved number must be written by now."""
        missing = [n for n in range(1, len(self._offsets)) if not self._offsets[n]]
        if missing:
            raise ValueError(f"objects reserved but never written: {missing[:10]}")
        start = self._pos
        self._emit(b"xref\n0 %d\n0000000000 65535 f \n" % len(self._offsets))
        for first in range(1, len(self._offsets), 4096):
            self._emit(b"".join(b"%010d 00000 n \n" % offset for offset in self._offsets[first:first + 4096]))
        ident = file_id.hex().encode()
        self._emit(b"trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>]>>\n"
                   % (len(self._offsets), root, info, ident, ident))
        self._emit(b"startxref\n%d\n%%%%EOF\n" % start)


class Source:
    """Another PDF, its pages to be copied into `stream` (`add_page`), read with pypdf.

    What a page refers to is copied with it, each object once (a second page using it refers
    to the copy), and shared with an identical object already in the stream. Pages and
    annotations are never shared: each page added is a page of its own. `close` lets the document go."""

    def __init__(self, stream: PdfStream, pdf: bytes):
        self.stream = stream
        self.reader = PdfReader(io.BytesIO(pdf))
        self.pages: Sequence[PageObject] = self.reader.pages
        self._numbers: dict[tuple[int, int], int] = {}  # an object of the source -> its number in the stream
        # The objects being copied, each with the number it got if something inside referred back to it.
        self._open: dict[tuple[int, int], int | None] = {}
        # A page is numbered when it is added or first referred to (its annotations' /P), never shared.
        self._pages = {self._key(page.indirect_reference) for page in self.pages}

    @staticmethod
    def _key(ref: IndirectObject) -> tuple[int, int]:
        return ref.idnum, ref.generation

    def ref(self, ref: IndirectObject) -> Ref:
        """The number in the stream of the source's object `ref`, copying it (and what it refers to) first."""
        key = self._key(ref)
        found = self._numbers.get(key)
        if found is not None:
            return Ref(found)
        if key in self._pages:
            number = self._numbers[key] = self.stream.reserve()
            return number
        if key in self._open:  # a cycle: refer to the object before it is written, under a number of its own
            number = self._open[key]
            if number is None:
                number = self._open[key] = self.stream.reserve()
            return Ref(number)
        self._open[key] = None
        obj = ref.get_object()
        body = serialise(obj, self.ref)
        number = self._open.pop(key)
        # An annotation belongs to one page: never shared, even with one that reads the same.
        shareable = number is None and not (isinstance(obj, DictionaryObject) and "/Rect" in obj and "/Subtype" in obj)
        written = self.stream.store(body, number, share=shareable)
        self._numbers[key] = written
        return written

    def add_page(self, page: PageObject, parent: Ref, before: Iterable[Ref] = (), after: Iterable[Ref] = (),
                 fonts: dict[str, Ref] | None = None) -> Ref:
        """Copy `page` (one of `pages`) under the page tree node `parent`, its content streams
        after `before` and before `after`, and with `fonts` added to its font resources."""
        copy = DictionaryObject({key: page.raw_get(key) for key in page if key != "/Parent"})
        copy[NameObject("/Parent")] = parent
        before, after = list(before), list(after)
        if before or after:
            contents = page.raw_get("/Contents") if "/Contents" in page else ArrayObject()
            resolved = contents.get_object() if isinstance(contents, IndirectObject) else contents
            existing = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
            copy[NameObject("/Contents")] = ArrayObject([*before, *existing, *after])
        if fonts:
            resources = _shallow(page["/Resources"]) if "/Resources" in page else DictionaryObject()
            own = resources.get("/Font")
            merged = _shallow(own) if own is not None else DictionaryObject()
            merged.update({NameObject(name): number for name, number in fonts.items()})
            resources[NameObject("/Font")] = merged
            copy[NameObject("/Resources")] = resources
        number = self.ref(page.indirect_reference)  # its number (reserved, as it is a page)
        return self.stream.store(serialise(copy, self.ref), number)

    def close(self) -> None:
        """Let the document go now: its pages and objects refer to the reader (cycles the collector
        would take its time over)."""
        self.reader.resolved_objects.clear()
        self.reader.flattened_pages = None
        self.reader.stream = None
        self.pages = ()
        self._numbers.clear()
