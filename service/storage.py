"""Where audio lives. Writes are atomic: a reader sees the whole file or none of it."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from service.settings import Settings, get_settings

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")


class StorageError(RuntimeError):
    """The store refused a write or a read; the message says what to fix."""


def check_key(key: str) -> str:
    """Keys are relative slash paths of safe names: no '..', no absolute paths, no hidden files."""
    if not _KEY.match(key) or ".." in key.split("/"):
        raise StorageError(f"invalid storage key {key!r}")
    return key


class LocalStorage:
    """A directory on local disk (the embedded default)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def size(self, key: str) -> int:
        return self.path(key).stat().st_size

    def put_file(self, key: str, src: Path) -> None:
        """Copy src in under a temporary name, then rename: readers never see half a file."""
        dest = self.path(key)
        try:
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
        root = self.path(prefix.rstrip("/"))
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


def get_storage(settings: Settings | None = None) -> LocalStorage:
    settings = settings or get_settings()
    return LocalStorage(settings.audio_root)
