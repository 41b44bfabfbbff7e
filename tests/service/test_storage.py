"""Audio storage: atomic writes, safe keys, least-recently-used eviction of the synthesis cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from service.storage import LocalStorage, StorageError, check_key


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs/path", "a/../../b", ".hidden", "a//b", "a\\b", ""])
def test_unsafe_keys_are_refused(key: str) -> None:
    with pytest.raises(StorageError):
        check_key(key)


def test_put_is_atomic_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    store = LocalStorage(tmp_path)
    store.put_bytes("programmes/a.mp3", b"x" * 1000)
    assert store.path("programmes/a.mp3").read_bytes() == b"x" * 1000
    assert [p.name for p in (tmp_path / "programmes").iterdir()] == ["a.mp3"]


def test_unwritable_storage_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match="cannot write"):
        LocalStorage(blocker).put_bytes("programmes/a.mp3", b"x")


def test_eviction_drops_least_recently_used_first(tmp_path: Path) -> None:
    store = LocalStorage(tmp_path)
    for n in range(5):
        store.put_bytes(f"cache/e/{n}.wav", b"0" * 100)
        os.utime(store.path(f"cache/e/{n}.wav"), (1000 + n, 1000 + n))
    store.touch("cache/e/0.wav")  # used just now: the oldest file is kept
    store.put_bytes("programmes/p.mp3", b"0" * 1000)
    freed = store.evict("cache/", max_bytes=250)
    assert freed == 300
    assert sorted(p.name for p in (tmp_path / "cache" / "e").iterdir()) == ["0.wav", "4.wav"]
    assert store.exists("programmes/p.mp3")
