"""The seed article through the real API and a real Celery worker, on Redis and on the embedded broker."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from tests.audio import decoded_seconds
from tests.conftest import SEED, Accounts, Processes
from workers.audio import ffmpeg


def _render_through_api(base: str, tmp_path: Path, auth: dict[str, str]) -> tuple[dict, Path]:
    with SEED.open("rb") as f:
        created = httpx.post(f"{base}/api/v1/articles", files={"file": (SEED.name, f, "text/plain")}, timeout=30,
                             headers=auth)
    assert created.status_code == 201, created.text
    article = created.json()
    roles = {s["role"] for s in article["script"]["segments"]}
    assert {"title", "narrator", "reporter", "official", "byline"} <= roles

    queued = httpx.post(f"{base}/api/v1/articles/{article['id']}/render", timeout=30, headers=auth)
    assert queued.status_code == 202, queued.text
    job_id = queued.json()["job_id"]

    seen_progress = set()
    deadline = time.monotonic() + 240
    job: dict = {}
    while time.monotonic() < deadline:
        job = httpx.get(f"{base}/api/v1/jobs/{job_id}", timeout=10, headers=auth).json()
        seen_progress.add(job["progress"])
        if job["state"] in ("done", "failed"):
            break
        time.sleep(0.5)
    assert job.get("state") == "done", job
    assert job["programme_id"]
    assert job["engines"].get("espeak", 0) > 0

    audio = httpx.get(f"{base}/api/v1/programmes/{job['programme_id']}/audio", timeout=60, headers=auth)
    assert audio.status_code == 200
    assert audio.headers["content-type"] == "audio/mpeg"
    out = tmp_path / "programme.mp3"
    out.write_bytes(audio.content)
    return job, out


def _check_programme(base: str, job: dict, mp3: Path, auth: dict[str, str]) -> None:
    info = ffmpeg.info(mp3)
    assert info.channels == 1
    assert info.sample_rate == 24_000
    seconds = decoded_seconds(mp3)
    # The seed is about twelve minutes of speech; jingles add a few seconds.
    assert 8 * 60 < seconds < 20 * 60
    meta = httpx.get(f"{base}/api/v1/programmes/{job['programme_id']}", timeout=10, headers=auth).json()
    assert abs(meta["duration_s"] - seconds) / seconds < 0.01
    assert meta["size_bytes"] == mp3.stat().st_size
    measured = ffmpeg.measure(mp3)
    assert abs(measured.integrated_lufs - meta["integrated_lufs"]) < 0.5
    # The loudspeaker profile, on the decoded file: -16 LUFS within 1 LU, true peak under -1 dBTP,
    # reached in one pass on a fresh install (the profile's starting gain suits the house voices).
    assert abs(measured.integrated_lufs - (-16.0)) <= 1.0
    assert measured.true_peak_db <= -1.0 and meta["true_peak_db"] <= -1.0
    assert job["loudness_passes"] == 1


@pytest.mark.slow
def test_seed_article_end_to_end_on_redis(processes: Processes, redis_url: str, tmp_path: Path,
                                          accounts: Accounts) -> None:
    processes.env["BANTIN_BROKER_URL"] = redis_url
    processes.worker()
    base = processes.api()
    deadline = time.monotonic() + 60
    while httpx.get(f"{base}/ready", timeout=10).status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.5)  # the worker's first heartbeat
    assert httpx.get(f"{base}/ready", timeout=10).json()["checks"] == {
        "database": "ok", "broker": "ok", "storage": "ok", "workers": "ok"}
    job, mp3 = _render_through_api(base, tmp_path, accounts.headers("editor"))
    _check_programme(base, job, mp3, accounts.headers("editor"))


@pytest.mark.slow
def test_seed_article_end_to_end_on_embedded_sqlite_broker(processes: Processes, tmp_path: Path,
                                                           accounts: Accounts) -> None:
    assert "BANTIN_BROKER_URL" not in processes.env or not processes.env["BANTIN_BROKER_URL"]
    processes.worker()
    base = processes.api()
    job, mp3 = _render_through_api(base, tmp_path, accounts.headers("editor"))
    _check_programme(base, job, mp3, accounts.headers("editor"))
    # The embedded defaults put everything under the data folder.
    data = Path(processes.env["BANTIN_DATA_DIR"])
    assert (data / "broker.db").is_file()
    assert (data / "bantin.db").is_file() or "postgresql" in processes.env.get("BANTIN_DATABASE_URL", "")
    assert any((data / "audio" / "programmes").glob("*.mp3"))
