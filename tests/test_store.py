"""The cache's files: sharded entries saved only where they changed, and never trusted across versions."""

from __future__ import annotations

import hashlib
from pathlib import Path

from archive.store import SHARDS, Store, digest, shard_of


def shard_files(folder: Path, name: str) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in folder.glob(f"{name}-*.pickle")}  # a save replaces the file


def test_a_digest_is_of_each_part_followed_by_a_nul_byte_whether_str_or_bytes() -> None:
    def by_parts(*parts: bytes) -> str:
        hasher = hashlib.blake2b(digest_size=16)
        for part in parts:
            hasher.update(part + b"\x00")
        return hasher.hexdigest()

    assert digest() == by_parts()
    assert digest("a", "bc", "") == by_parts(b"a", b"bc", b"")
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("é", b"\xff\x00") == by_parts("é".encode(), b"\xff\x00")
    assert digest("\udc80") == by_parts(b"\xed\xb2\x80")  # a lone surrogate (from a filename) still digests


def test_sharded_entries_round_trip_and_only_changed_shards_are_written(tmp_path: Path) -> None:
    store = Store(tmp_path)
    entries = {f"key-{n}": f"value {n}" for n in range(200)}
    assert len(store.save_shards("pieces", entries, {}, "v1")) == SHARDS  # 200 keys reach every shard
    loaded = store.load_shards("pieces", "v1")
    assert loaded == entries
    before = shard_files(tmp_path, "pieces")
    changed = {**loaded, "key-7": "a new value", "key-new": "another", "key-none": None}  # None: new all the same
    del changed["key-9"]
    dirty = store.save_shards("pieces", changed, loaded, "v1")
    assert dirty == sorted({shard_of("key-7"), shard_of("key-new"), shard_of("key-none"), shard_of("key-9")})
    after = shard_files(tmp_path, "pieces")
    assert sorted(name for name in before if before[name] != after[name]) == [f"pieces-{n:02d}.pickle" for n in dirty]
    assert store.load_shards("pieces", "v1") == changed


def test_shards_saved_under_another_version_are_misses(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save_shards("pieces", {"a": 1, "b": 2}, {}, "v1")
    assert store.load_shards("pieces", "v2") == {}
    store.save_shards("pieces", {"a": 3}, {}, "v2")  # rewrites only a's shard
    assert store.load_shards("pieces", "v2") == {"a": 3}  # b's shard, still v1, is not read as v2
    assert store.load_shards("pieces", "v1") == ({"b": 2} if shard_of("a") != shard_of("b") else {})


def test_a_corrupt_shard_is_a_miss_for_its_entries_only(tmp_path: Path) -> None:
    store = Store(tmp_path)
    entries = {f"key-{n}": n for n in range(100)}
    store.save_shards("pieces", entries, {}, "")
    broken = shard_of("key-1")
    (tmp_path / f"pieces-{broken:02d}.pickle").write_bytes(b"not a pickle")
    assert store.load_shards("pieces") == {k: v for k, v in entries.items() if shard_of(k) != broken}
