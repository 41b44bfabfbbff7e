"""Celery tasks on the real Redis: one render's segments shared by two worker processes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import numpy as np
import pytest

from tests.conftest import Accounts, Processes
from tests.fakes.google_tts import FakeGoogle
from tests.reliability.flows import wait_job
from workers.audio import ffmpeg

ARTICLE = "\n\n".join(
    ["Bản tin nông nghiệp xã Yên Lộc"]
    + [f"Đoạn tin số {n}: thôn {n} đã thu hoạch {n * 10} ha lúa, năng suất đạt {50 + n} tạ/ha." for n in range(1, 13)]
)


@pytest.mark.slow
def test_two_workers_share_one_render_and_match_one_worker(processes: Processes, redis_url: str,
                                                           tmp_path: Path, request: pytest.FixtureRequest,
                                                           accounts: Accounts) -> None:
    auth = accounts.headers("editor")
    # gTTS against the local fake: its audio is the same every time, so two renders can be compared
    # sample for sample (espeak-ng's output depends on what the process spoke before).
    fake = FakeGoogle()
    fake.__enter__()
    request.addfinalizer(lambda: fake.__exit__(None, None, None))
    voice = {"BANTIN_ENGINES": "gtts", "BANTIN_GTTS_BASE_URL": fake.url, "BANTIN_GTTS_RATE_PER_S": "200",
             "BANTIN_GTTS_BURST": "50"}
    processes.env.update({"BANTIN_BROKER_URL": redis_url, **voice})
    processes.worker("alpha")
    processes.worker("beta")
    base = processes.api()
    article = httpx.post(f"{base}/api/v1/articles", json={"text": ARTICLE}, timeout=30, headers=auth).json()
    queued = httpx.post(f"{base}/api/v1/articles/{article['id']}/render", timeout=30, headers=auth).json()
    job = wait_job(base, queued["job_id"], auth, timeout=180)
    assert job["state"] == "done", job

    spoken_by = {name: len(re.findall(r"bantin\.speak_segment\[[^]]+\] succeeded", processes.log(name)))
                 for name in ("alpha", "beta")}
    assert all(count > 0 for count in spoken_by.values()), spoken_by
    (tmp_path / "two.mp3").write_bytes(
        httpx.get(f"{base}/api/v1/programmes/{job['programme_id']}/audio", timeout=30, headers=auth).content)

    # The same article rendered by one process alone, with its own data folder and no shared cache.
    alone = tmp_path / "alone"
    env = {**os.environ, **voice, "BANTIN_DATA_DIR": str(alone), "BANTIN_BROKER_URL": "", "BANTIN_REDIS_URL": ""}
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "bantin", "render", str(tmp_path / "article.txt"), "-o",
                    str(tmp_path / "alone.mp3")], env=env, check=True, capture_output=True, timeout=300)
    two, one = (np.frombuffer(ffmpeg.decode_pcm(tmp_path / name, sample_rate=24_000), dtype="<i2").astype(float)
                for name in ("two.mp3", "alone.mp3"))
    # The same speech in the same places: equal length, and the waveforms move together. Each part's
    # gain may differ a little by what the installation had learned of its voice before (a part is
    # encoded again only when it misses the target), so they are compared for loudness, not bit for bit.
    assert len(two) == pytest.approx(len(one), rel=0.002)
    n = min(len(two), len(one))
    assert float(np.dot(two[:n], one[:n]) / np.sqrt(np.dot(two[:n], two[:n]) * np.dot(one[:n], one[:n]))) > 0.9
    loud_two, loud_one = ffmpeg.measure(tmp_path / "two.mp3"), ffmpeg.measure(tmp_path / "alone.mp3")
    assert abs(loud_two.integrated_lufs - loud_one.integrated_lufs) <= 0.5
    assert abs(loud_two.integrated_lufs - (-16.0)) <= 1.0 and loud_two.true_peak_db <= -1.0


@pytest.mark.parametrize(("chain", "loaded"), [
    ("google,espeak", ["google", "espeak"]),
    ("nosuch,espeak", ["espeak"]),  # an engine that cannot load is left for the render to report
])
def test_a_worker_process_loads_its_engine_chain_before_any_task(chain: str, loaded: list[str],
                                                                 settings_env: dict[str, str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from service.settings import get_settings
    from workers import celery_app
    from workers.tts import get_engine

    monkeypatch.setenv("BANTIN_ENGINES", chain)
    get_settings.cache_clear()
    get_engine.cache_clear()
    celery_app._load_engines()
    assert get_engine.cache_info().currsize == len(loaded)
    assert {type(get_engine(name)).__module__ for name in loaded} <= set(sys.modules)
