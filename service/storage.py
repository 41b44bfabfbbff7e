"""Where audio lives: a local directory (the embedded default) or S3-compatible object storage.

Writes are atomic in both: a reader sees the whole file or none of it. ffmpeg reads files, so both
hand out a local path to read (`local_path`); the S3 store keeps a read-through copy on this host.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Collection, Iterator
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from service.settings import Settings, get_settings

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")


class StorageError(RuntimeError):
    """The store refused a write or a read; the message says what to fix."""


def check_key(key: str) -> str:
    """Keys are relative slash paths of safe names: no '..', no absolute paths, no hidden files."""
    if not _KEY.match(key) or ".." in key.split("/"):
        raise StorageError(f"invalid storage key {key!r}")
    return key


class Storage(Protocol):
    """What the rest of bantin may ask of audio storage."""

    def exists(self, key: str) -> bool: ...
    def size(self, key: str) -> int: ...
    def put_file(self, key: str, src: Path) -> None: ...
    def put_bytes(self, key: str, data: bytes) -> None: ...
    def read_bytes(self, key: str) -> bytes: ...
    def local_path(self, key: str) -> Path: ...
    def delete(self, key: str) -> None: ...
    def touch(self, key: str) -> None: ...
    def evict(self, prefix: str, max_bytes: int) -> int: ...
    def listing(self, prefix: str) -> Iterator[tuple[str, float]]: ...
    def check(self) -> str | None: ...


class StorageMissing(StorageError):
    """The key is not in the store."""


def _missing(key: str) -> StorageMissing:
    return StorageMissing(f"{key} is not in audio storage (deleted, or never written)")


def _atomic_copy(src: Path, dest: Path) -> None:
    """Copy under a temporary name in dest's folder, then rename: readers never see half a file."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-", suffix=dest.suffix)
    try:
        with os.fdopen(fd, "wb") as out, src.open("rb") as inp:
            shutil.copyfileobj(inp, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def delete_stale(storage: Storage, prefix: str, *, older_than_s: float, keep: Collection[str] = (),
                 now: float | None = None) -> int:
    """Delete the keys under prefix written more than older_than_s ago and not in keep; how many."""
    cutoff = (time.time() if now is None else now) - older_than_s
    doomed = [key for key, written in storage.listing(prefix) if written < cutoff and key not in keep]
    for key in doomed:
        storage.delete(key)
    return len(doomed)


def _evict_files(root: Path, max_bytes: int) -> int:
    """Delete the least recently used files under root until they fit in max_bytes; bytes freed."""
    if not root.is_dir():
        return 0
    files = []
    for path in root.rglob("*"):
        with contextlib.suppress(OSError):
            if path.is_file() and not path.name.startswith(".tmp-"):
                stat = path.stat()
                files.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in files)
    freed = 0
    for _, size, path in sorted(files):
        if total - freed <= max_bytes:
            break
        with contextlib.suppress(OSError):
            path.unlink()
            freed += size
    return freed


def _unwritable(folder: Path) -> str | None:
    """Why nothing can be written in folder (created if missing), or None when it can."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".tmp-ready-"):
            pass
    except OSError as exc:
        return str(exc.strerror or exc)
    return None


class LocalStorage:
    """A directory on local disk (the embedded default; shared between hosts only over a network mount)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def local_path(self, key: str) -> Path:
        path = self.path(key)
        if not path.is_file():
            raise _missing(key)
        return path

    def read_bytes(self, key: str) -> bytes:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError as exc:
            raise _missing(key) from exc

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def size(self, key: str) -> int:
        return self.path(key).stat().st_size

    def put_file(self, key: str, src: Path) -> None:
        """Copy src in under a temporary name, then rename: readers never see half a file."""
        try:
            _atomic_copy(src, self.path(key))
        except OSError as exc:
            raise StorageError(f"cannot write {key} to audio storage: {exc.strerror or exc}") from exc

    def put_bytes(self, key: str, data: bytes) -> None:
        with tempfile.NamedTemporaryFile(delete=False) as tmp:
            tmp.write(data)
        try:
            self.put_file(key, Path(tmp.name))
        finally:
            Path(tmp.name).unlink(missing_ok=True)

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def touch(self, key: str) -> None:
        """Mark a file as just used, so eviction keeps it."""
        with contextlib.suppress(OSError):
            os.utime(self.path(key))

    def evict(self, prefix: str, max_bytes: int) -> int:
        """Delete the least recently used files under prefix until they fit in max_bytes; bytes freed."""
        return _evict_files(self.path(prefix.rstrip("/")), max_bytes)

    def listing(self, prefix: str) -> Iterator[tuple[str, float]]:
        """Every stored key under prefix, with when it was last written (seconds since the epoch)."""
        root = self.path(prefix.rstrip("/"))
        if not root.is_dir():
            return
        for path in root.rglob("*"):
            with contextlib.suppress(OSError):
                if path.is_file() and not path.name.startswith(".tmp-"):
                    yield path.relative_to(self.root).as_posix(), path.stat().st_mtime

    def check(self) -> str | None:
        problem = _unwritable(self.root)
        return f"audio storage not writable at {self.root}: {problem}" if problem else None


if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client


class S3Storage:
    """An S3-compatible bucket (MinIO, AWS, Ceph...), shared by every host.

    An S3 PUT is atomic, so readers never see half an object. Each host keeps what it read in a local
    directory (objects under one key never change: keys name content, jobs or uploads), trimmed with
    the synthesis cache.
    """

    def __init__(self, client: S3Client, bucket: str, *, prefix: str, cache_dir: Path) -> None:
        self.client, self.bucket, self.prefix, self.cache_dir = client, bucket, prefix.strip("/"), cache_dir
        self._lock = threading.Lock()

    def _name(self, key: str) -> str:
        key = check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _cached(self, key: str) -> Path:
        return self.cache_dir / check_key(key)

    def _error(self, exc: Exception, doing: str) -> StorageError:
        return StorageError(f"object storage refused to {doing} (bucket {self.bucket}): {exc}")

    def _read_failure(self, exc: Exception, key: str) -> StorageError:
        """A read that failed: the object is not there (StorageMissing), or the store refused."""
        from botocore.exceptions import ClientError

        if isinstance(exc, ClientError) and exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
            return _missing(key)
        return self._error(exc, f"read {key}")

    def _head(self, key: str) -> dict[str, Any] | None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return dict(self.client.head_object(Bucket=self.bucket, Key=self._name(key)))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise self._error(exc, f"look up {key}") from exc
        except BotoCoreError as exc:
            raise self._error(exc, f"look up {key}") from exc

    def exists(self, key: str) -> bool:
        return self._head(key) is not None

    def size(self, key: str) -> int:
        head = self._head(key)
        if head is None:
            raise _missing(key)
        return int(head["ContentLength"])

    def put_file(self, key: str, src: Path) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.upload_file(str(src), self.bucket, self._name(key))
        except (BotoCoreError, ClientError) as exc:
            raise self._error(exc, f"store {key}") from exc
        with contextlib.suppress(OSError):
            _atomic_copy(src, self._cached(key))  # this host will read it again soon (ffmpeg, downloads)

    def put_bytes(self, key: str, data: bytes) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data)
        except (BotoCoreError, ClientError) as exc:
            raise self._error(exc, f"store {key}") from exc
        self._cached(key).unlink(missing_ok=True)

    def read_bytes(self, key: str) -> bytes:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._name(key))["Body"].read()
        except (BotoCoreError, ClientError) as exc:
            raise self._read_failure(exc, key) from exc

    def local_path(self, key: str) -> Path:
        path = self._cached(key)
        if path.is_file():
            return path
        from botocore.exceptions import BotoCoreError, ClientError

        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        os.close(fd)
        try:
            self.client.download_file(self.bucket, self._name(key), tmp)
            os.replace(tmp, path)
        except (BotoCoreError, ClientError) as exc:
            raise self._read_failure(exc, key) from exc
        finally:
            Path(tmp).unlink(missing_ok=True)
        return path

    def delete(self, key: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._name(key))
        except (BotoCoreError, ClientError) as exc:
            raise self._error(exc, f"delete {key}") from exc
        self._cached(key).unlink(missing_ok=True)

    def touch(self, key: str) -> None:
        """Copying an object onto itself renews its modification time, which eviction goes by."""
        with contextlib.suppress(Exception):
            name = self._name(key)
            self.client.copy_object(Bucket=self.bucket, Key=name, CopySource={"Bucket": self.bucket, "Key": name},
                                    MetadataDirective="REPLACE",
                                    Metadata={"used": datetime.now(UTC).isoformat(timespec="seconds")})
        with contextlib.suppress(OSError):
            os.utime(self._cached(key))

    def _objects(self, prefix: str) -> Iterator[dict[str, Any]]:
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self._name(prefix.rstrip("/")) + "/"):
            yield from page.get("Contents", [])

    def evict(self, prefix: str, max_bytes: int) -> int:
        """Oldest objects first until the prefix fits; this host's read-through copies likewise."""
        objects = sorted(self._objects(prefix), key=lambda o: o["LastModified"])
        total = sum(int(o["Size"]) for o in objects)
        freed, doomed = 0, []
        for obj in objects:
            if total - freed <= max_bytes:
                break
            doomed.append(obj["Key"])
            freed += int(obj["Size"])
        for start in range(0, len(doomed), 1000):
            self.client.delete_objects(Bucket=self.bucket, Delete={
                "Objects": [{"Key": k} for k in doomed[start:start + 1000]], "Quiet": True})
        _evict_files(self._cached(prefix.rstrip("/")), max_bytes)
        return freed

    def listing(self, prefix: str) -> Iterator[tuple[str, float]]:
        skip = len(self.prefix) + 1 if self.prefix else 0
        for obj in self._objects(prefix):
            yield obj["Key"][skip:], obj["LastModified"].timestamp()

    def check(self) -> str | None:
        try:
            probe = self._name("ready-probe")
            self.client.put_object(Bucket=self.bucket, Key=probe, Body=b"ok")
            self.client.delete_object(Bucket=self.bucket, Key=probe)
        except Exception as exc:
            return f"object storage bucket {self.bucket!r} not writable: {exc}"
        problem = _unwritable(self.cache_dir)
        return f"local copy of object storage not writable at {self.cache_dir}: {problem}" if problem else None


@cache
def _s3_client(endpoint: str, region: str, key_id: str, secret: str) -> S3Client:
    import boto3
    from botocore.config import Config

    config = Config(connect_timeout=5, read_timeout=60, retries={"max_attempts": 5, "mode": "standard"},
                    max_pool_connections=32)
    client: S3Client = boto3.client("s3", endpoint_url=endpoint or None, region_name=region,
                                    aws_access_key_id=key_id or None, aws_secret_access_key=secret or None,
                                    config=config)
    return client


def get_storage(settings: Settings | None = None) -> Storage:
    settings = settings or get_settings()
    if settings.storage == "s3":
        client = _s3_client(settings.s3_endpoint_url, settings.s3_region, settings.s3_access_key_id,
                            settings.s3_secret_access_key.get_secret_value())
        return S3Storage(client, settings.s3_bucket, prefix=settings.s3_prefix,
                         cache_dir=settings.data_dir.resolve() / "s3-cache")
    return LocalStorage(settings.audio_root)


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in blocks (programmes and jingles can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
