"""The fragment cache: what it keeps is used only whole, is written without waiting for the disk,
and a build from it (after an edit too) writes the bytes a build without it writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from revpack.build import BuildOptions, build_pack
from revpack.cache import SEAL_SIZE, Cache, TornEntry, seal, unseal
from revpack.load import load_pack
from revpack.outdir import OutputFolder


def outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.pdf") if ".revpack" not in p.parts}


def entries(out: Path) -> list[Path]:
    return sorted(p for p in OutputFolder(out).cache.iterdir() if p.name != "index.json")


def test_a_sealed_entry_reads_back_and_any_damage_is_a_miss():
    data = b"%PDF-1.4 something\n%%EOF\n"
    stored = seal(data)
    assert unseal(stored) == data
    assert unseal(b"") is None
    assert unseal(stored[:-1]) is None  # cut short
    assert unseal(stored[: len(stored) // 2]) is None
    assert unseal(b"\0" * len(stored)) is None  # the right length, never written (zeros)
    assert unseal(b"%PDF-1.4 sometHing\n%%EOF\n" + stored[len(data):]) is None  # the seal kept, the bytes not


@pytest.mark.parametrize("damage", ["truncated", "empty", "zeros inside"])
def test_a_crash_torn_cache_entry_is_made_again_not_trusted(mini_pack, tmp_path, damage):
    out = tmp_path / "out"
    pack = load_pack(mini_pack)
    build_pack(pack, out, BuildOptions(jobs=1))
    good = outputs(out)
    # What a crash can leave of a file written without fsync: every PDF entry damaged the same way
    # (the facts beside them whole, so the build finds the damage only when it reads the PDFs).
    for entry in entries(out):
        if entry.suffix != ".pdf":
            continue
        stored = entry.read_bytes()
        if damage == "truncated":
            entry.write_bytes(stored[: len(stored) // 2])
        elif damage == "empty":
            entry.write_bytes(b"")
        else:  # the seal intact, blocks before it never written: found only by the hash
            middle = max(0, len(stored) - SEAL_SIZE - 64)
            entry.write_bytes(stored[:middle] + b"\0" * (len(stored) - SEAL_SIZE - middle) + stored[-SEAL_SIZE:])
    for path in out.rglob("*.pdf"):  # the outputs too, so a build that trusted an entry would show it
        if ".revpack" not in path.parts:
            path.unlink()
    build_pack(pack, out, BuildOptions(jobs=1))
    assert outputs(out) == good
    # Every entry the build used is whole again.
    cache = Cache(OutputFolder(out).cache)
    for entry in entries(out):
        assert unseal(entry.read_bytes()) is not None, entry.name
    assert cache.folder.is_dir()


def test_reading_a_torn_entry_raises_and_the_cache_then_misses_it(tmp_path):
    cache = Cache(tmp_path)
    key = "a" * 32
    cache.put(key, b"%PDF-1.4 whole")
    assert cache.has(key) and cache.get(key) == b"%PDF-1.4 whole"
    stored = cache.path(key).read_bytes()
    cache.path(key).write_bytes(b"%PDF-1.4 wh\0le" + stored[-SEAL_SIZE:])
    with pytest.raises(TornEntry):
        cache.path(key).read_bytes()
    assert cache.get(key) is None and not cache.has(key)
    cache.put(key, b"%PDF-1.4 whole")
    assert cache.get(key) == b"%PDF-1.4 whole"


def test_cache_entries_are_not_synced_to_disk_but_outputs_and_the_index_are(mini_pack, tmp_path, monkeypatch):
    synced: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to name a file descriptor's file")
    monkeypatch.setattr(os, "fsync", fsync)
    out = tmp_path / "out"
    build_pack(load_pack(mini_pack), out, BuildOptions(jobs=1))
    cache = str(OutputFolder(out).cache.resolve())
    in_cache = [name for name in synced if name.startswith(cache + "/")]
    assert in_cache and all(Path(name).name.startswith(".index.json.") for name in in_cache)
    assert any(Path(name).name.startswith(".mini.pdf.") for name in synced)


def test_a_build_after_an_edit_writes_what_a_build_from_nothing_writes(mini_pack, tmp_path):
    """The pages kept across builds (the cover, the contents, the glossary's page references, each
    fragment's page count) are reused only while what they show is the same."""
    out = tmp_path / "out"
    build_pack(load_pack(mini_pack), out, BuildOptions(jobs=1))
    alpha = mini_pack / "topics" / "alpha.yaml"
    text = alpha.read_text("utf-8")
    for edit in (text.replace("title: ", "title: Retitled ", 1),  # the cover and contents change
                 text + "\n" * 2):  # nothing printed changes
        alpha.write_text(edit, "utf-8")
        build_pack(load_pack(mini_pack), out, BuildOptions(jobs=1))
        fresh = tmp_path / f"fresh{len(edit)}"
        build_pack(load_pack(mini_pack), fresh, BuildOptions(jobs=1, cache=False))
        assert outputs(out) == outputs(fresh)
