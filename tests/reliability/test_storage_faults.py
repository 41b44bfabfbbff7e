"""Audio storage full or unwritable: the job fails with a clear message, no programme is recorded, and
no half-written file is left behind."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Accounts, Processes
from tests.reliability.flows import programmes_of, start_deployment, submit, wait_job
from tests.workers.test_tasks import ARTICLE


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 192 KB filesystem: writes past it fail with ENOSPC, as on a full disk."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=192k", "tmpfs", str(mount)], capture_output=True)
    if made.returncode:
        if os.environ.get("CI"):
            pytest.fail(f"cannot mount a small tmpfs: {made.stderr.decode()}")
        pytest.skip("mounting a tmpfs needs root")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def leftovers(root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in root.rglob(".tmp-*")]


def failed_render(processes: Processes, redis_url: str, accounts: Accounts, audio: Path) -> str:
    """Render with audio stored in `audio`: the job must fail, record no programme and leave no temporary
    file behind. Returns the job's error message."""
    base = start_deployment(processes, redis_url, {"BANTIN_AUDIO_DIR": str(audio)})
    processes.worker()
    auth = accounts.headers("editor")
    job_id = submit(base, auth, ARTICLE)
    job = wait_job(base, job_id, auth)
    assert job["state"] == "failed"
    assert programmes_of(job_id) == 0
    assert leftovers(audio) == []
    return str(job["error"])


@pytest.mark.slow
def test_full_storage_fails_the_job_clearly(tiny_disk: Path, processes: Processes, redis_url: str,
                                            accounts: Accounts) -> None:
    error = failed_render(processes, redis_url, accounts, tiny_disk)
    assert "No space left on device" in error and "audio storage" in error, error
    assert not (tiny_disk / "programmes").exists() or not any((tiny_disk / "programmes").iterdir())


@pytest.mark.slow
def test_unwritable_storage_fails_the_job_clearly(processes: Processes, redis_url: str, accounts: Accounts,
                                                  tmp_path: Path) -> None:
    audio = tmp_path / "audio"
    audio.mkdir()
    (audio / "programmes").write_text("a file where the programmes folder should be")
    error = failed_render(processes, redis_url, accounts, audio)
    assert "cannot write programmes/" in error and "audio storage" in error, error
