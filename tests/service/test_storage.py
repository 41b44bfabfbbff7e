"""Audio storage, one contract for both stores: a local directory and S3 (a moto server on loopback)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from service.storage import LocalStorage, Storage, StorageError, check_key, get_storage


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, settings_env: dict[str, str]) -> Storage:
    if request.param == "s3":
        request.getfixturevalue("s3_env")
    return get_storage()


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs/path", "a/../../b", ".hidden", "a//b", "a\\b", ""])
def test_unsafe_keys_are_refused(key: str) -> None:
    with pytest.raises(StorageError):
        check_key(key)


@pytest.mark.parametrize("key", ["../etc/passwd", "programmes/../../x", "/etc/passwd"])
def test_each_store_refuses_unsafe_keys(store: Storage, key: str) -> None:
    for call in (store.exists, store.read_bytes, store.local_path, store.delete):
        with pytest.raises(StorageError):
            call(key)
    with pytest.raises(StorageError):
        store.put_bytes(key, b"x")


def test_write_read_size_delete(store: Storage, tmp_path: Path) -> None:
    src = tmp_path / "in.mp3"
    src.write_bytes(b"\xff\xfb" * 600_000)
    store.put_file("programmes/a.mp3", src)
    store.put_bytes("programmes/a.json", b'{"sha256": "x"}')
    assert store.exists("programmes/a.mp3") and store.size("programmes/a.mp3") == 1_200_000
    assert store.local_path("programmes/a.mp3").read_bytes() == src.read_bytes()
    assert store.read_bytes("programmes/a.json") == b'{"sha256": "x"}'
    store.delete("programmes/a.mp3")
    assert not store.exists("programmes/a.mp3")
    with pytest.raises(StorageError, match="not in audio storage"):
        store.local_path("programmes/a.mp3")
    with pytest.raises(StorageError, match="not in audio storage"):
        store.read_bytes("programmes/missing.json")


def test_rewriting_a_small_object_is_seen_at_once(store: Storage) -> None:
    store.put_bytes("calibration/loudspeaker.json", b"1")
    store.put_bytes("calibration/loudspeaker.json", b"2")
    assert store.read_bytes("calibration/loudspeaker.json") == b"2"


def test_eviction_drops_least_recently_used_first(store: Storage) -> None:
    for n in range(5):
        store.put_bytes(f"cache/e/{n}.wav", b"0" * 100)
        if isinstance(store, LocalStorage):
            os.utime(store.path(f"cache/e/{n}.wav"), (1000 + n, 1000 + n))
        else:
            time.sleep(1.05)  # S3 keeps modification times to the second
    store.touch("cache/e/0.wav")  # used just now: the oldest file is kept
    store.put_bytes("programmes/p.mp3", b"0" * 1000)
    freed = store.evict("cache/", max_bytes=250)
    assert freed == 300
    assert [n for n in range(5) if store.exists(f"cache/e/{n}.wav")] == [0, 4]
    assert store.exists("programmes/p.mp3")


def test_listing_names_every_key_under_a_prefix_with_its_time(store: Storage) -> None:
    before = time.time() - 2  # S3 keeps times to the second
    for key in ("voice-tracks/a.wav", "voice-tracks/incoming/b", "voice-tracks/incoming/b.json", "cache/c.wav"):
        store.put_bytes(key, b"x")
    listed = dict(store.listing("voice-tracks/"))
    assert sorted(listed) == ["voice-tracks/a.wav", "voice-tracks/incoming/b", "voice-tracks/incoming/b.json"]
    assert all(before <= written <= time.time() + 2 for written in listed.values())
    assert list(store.listing("nothing-here/")) == []


def test_ready_check_passes_on_a_working_store(store: Storage) -> None:
    assert store.check() is None


def test_local_put_is_atomic_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    store = LocalStorage(tmp_path)
    store.put_bytes("programmes/a.mp3", b"x" * 1000)
    assert store.path("programmes/a.mp3").read_bytes() == b"x" * 1000
    assert [p.name for p in (tmp_path / "programmes").iterdir()] == ["a.mp3"]


def test_unwritable_local_storage_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match="cannot write"):
        LocalStorage(blocker).put_bytes("programmes/a.mp3", b"x")
    assert "not writable" in (LocalStorage(blocker / "audio").check() or "")


def test_missing_bucket_is_a_clear_error(s3_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import _clear_caches

    monkeypatch.setenv("BANTIN_S3_BUCKET", "no-such-bucket")
    _clear_caches()
    store = get_storage()
    assert "no-such-bucket" in (store.check() or "")
    with pytest.raises(StorageError, match="no-such-bucket"):
        store.put_bytes("programmes/a.mp3", b"x")
