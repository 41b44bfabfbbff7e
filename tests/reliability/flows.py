"""What the fault tests share: a running deployment (real Redis, workers, beat, API), a long article,
and checks on the finished programme made as a relay would make them."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select

from service.db import session_scope
from service.models import Job, JobPiece, Recording
from tests.audio import decoded_seconds
from tests.conftest import Processes
from tests.fakes.google_tts import FakeGoogle

LONG_ARTICLE = "\n\n".join(
    ["Bản tin nông nghiệp xã Yên Lộc tuần này"]
    + [f"Đoạn tin số {n}: thôn {n} đã thu hoạch {n * 10} ha lúa xuân, năng suất bình quân đạt {50 + n} tạ/ha, "
       f"cao hơn vụ trước {n % 5 + 1} tạ." for n in range(1, 41)]
)
# A fault must be seen to recover within seconds in a test, not within the production ten minutes.
# Ten seconds, not fewer: on a busy machine a rescuer's assembly can pass three seconds without touching the
# job, and the sweep then counts it as another lost attempt.
FAST_RECOVERY = {"BANTIN_JOB_STALE_S": "10", "BANTIN_RECOVERY_INTERVAL_S": "1"}


def gtts_env(fake: FakeGoogle) -> dict[str, str]:
    return {"BANTIN_ENGINES": "gtts,espeak", "BANTIN_GTTS_BASE_URL": fake.url, "BANTIN_GTTS_RATE_PER_S": "500",
            "BANTIN_GTTS_BURST": "100", "BANTIN_GTTS_BACKOFF_BASE_S": "0.05", "BANTIN_GTTS_BACKOFF_MAX_S": "0.2",
            "BANTIN_GTTS_READ_TIMEOUT_S": "1", "BANTIN_SYNTH_CONCURRENCY": "4"}


def submit(base: str, auth: dict[str, str], text: str = LONG_ARTICLE) -> str:
    article = httpx.post(f"{base}/api/v1/articles", json={"text": text}, timeout=30, headers=auth)
    assert article.status_code == 201, article.text
    queued = httpx.post(f"{base}/api/v1/articles/{article.json()['id']}/render", timeout=30, headers=auth)
    assert queued.status_code == 202, queued.text
    return str(queued.json()["job_id"])


def wait_job(base: str, job_id: str, auth: dict[str, str], timeout: float = 240) -> dict:
    deadline = time.monotonic() + timeout
    job: dict = {}
    while time.monotonic() < deadline:
        job = httpx.get(f"{base}/api/v1/jobs/{job_id}", timeout=10, headers=auth).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} did not finish: {job}")


def wait_for(condition: object, timeout: float = 60, every: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("the awaited moment never came")
        time.sleep(every)


def pieces_spoken(job_id: str) -> int:
    with session_scope() as session:
        return session.scalar(select(func.count()).select_from(JobPiece).where(
            JobPiece.job_id == job_id, JobPiece.audio_key.is_not(None))) or 0


def assembling(job_id: str) -> bool:
    with session_scope() as session:
        job = session.get(Job, job_id)
        return bool(job and job.assembling_since and job.state == "running")


def programmes_of(job_id: str) -> int:
    with session_scope() as session:
        return session.scalar(select(func.count()).select_from(Recording).where(Recording.job_id == job_id)) or 0


def check_served_programme(base: str, job: dict, auth: dict[str, str], tmp_path: Path) -> None:
    """The MP3 as served: whole (decodes to its recorded length), and the bytes its checksum names."""
    meta = httpx.get(f"{base}/api/v1/programmes/{job['programme_id']}", timeout=10, headers=auth).json()
    audio = httpx.get(f"{base}/api/v1/programmes/{job['programme_id']}/audio", timeout=30, headers=auth)
    assert audio.status_code == 200
    assert hashlib.sha256(audio.content).hexdigest() == meta["sha256"] == audio.headers["x-content-sha256"]
    assert len(audio.content) == meta["size_bytes"]
    mp3 = tmp_path / f"{job['id']}.mp3"
    mp3.write_bytes(audio.content)
    assert abs(decoded_seconds(mp3) - meta["duration_s"]) / meta["duration_s"] < 0.01


def start_deployment(processes: Processes, redis_url: str, extra: dict[str, str]) -> str:
    processes.env.update({"BANTIN_BROKER_URL": redis_url, **FAST_RECOVERY, **extra})
    processes.beat()
    return processes.api()
