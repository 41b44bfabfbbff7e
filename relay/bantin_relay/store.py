"""Files that survive a power cut at any moment: every write goes to a temporary name, is fsynced, renamed
over the old file and the folder fsynced, so a reader finds the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

TMP_SUFFIX = ".tmp"


def fsync_dir(folder: Path) -> None:
    fd = os.open(str(folder), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_bytes(path: Path, data: bytes, mode: int = 0o644) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}{TMP_SUFFIX}")  # the writer's pid: see sweep_tmp
    fd = os.open(str(tmp), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(str(tmp), mode)  # the umask may have narrowed it; a token file must be exactly 0600
    os.replace(str(tmp), str(path))
    fsync_dir(path.parent)


def write_json(path: Path, value: Any, mode: int = 0o644) -> None:
    write_bytes(path, (json.dumps(value, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"), mode)


def read_json(path: Path, default: Any) -> Any:
    """The file's value; `default` when it is missing (a first run) or unreadable (it never is, by the above,
    unless the disk itself failed: then starting afresh beats refusing to run)."""
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return default


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_tmp(folder: Path) -> list[str]:
    """Remove temporary files a kill left behind (the rename never happened, so nothing refers to them); those
    of a live writer (`play`'s loop while a timer's `sync` runs) are still being written."""
    removed = []
    for path in folder.glob("*" + TMP_SUFFIX) if folder.is_dir() else []:
        pid = path.name[: -len(TMP_SUFFIX)].rsplit(".", 1)[-1]
        if pid.isdigit() and _alive(int(pid)):  # this process's own other threads included
            continue
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path.name)
    return removed


@contextlib.contextmanager
def exclusive(lock_path: Path, wait: bool) -> Iterator[bool]:
    """An advisory lock held while the block runs (the kernel drops it when the process dies, even by
    SIGKILL); yields False at once when `wait` is False and another process holds it."""
    fd = os.open(str(lock_path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


class Journal:
    """Receipts waiting to be sent: one file per receipt in a spool folder, named by its idempotency key. A
    receipt is queued by an atomic write and forgotten only after the server acknowledged it; the server
    records a key once, so one sent again after a lost answer still counts once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def add(self, receipt: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_json(self.folder / f"{receipt['key']}.json", receipt)

    def pending(self) -> list[dict[str, Any]]:
        """Queued receipts, in the order of their keys."""
        if not self.folder.is_dir():
            return []
        out = []
        for path in sorted(self.folder.glob("*.json")):
            receipt = read_json(path, None)
            if isinstance(receipt, dict) and "key" in receipt:
                out.append(receipt)
        return out

    def done(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.folder / f"{key}.json").unlink()
        fsync_dir(self.folder)
