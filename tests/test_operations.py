"""Operations on a real worker and API: Prometheus metrics from every process, JSON logs with job ids."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import Accounts, Processes
from tests.fakes.google_tts import FakeGoogle
from tests.reliability.flows import wait_job
from tests.workers.test_tasks import ARTICLE


def scrape(base: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    reply = httpx.get(f"{base}/metrics", timeout=10)
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/plain")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(reply.text) for s in family.samples}


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def json_lines(log: str) -> list[dict]:
    entries = []
    for line in log.splitlines():
        if line.startswith("{"):
            entries.append(json.loads(line))
    return entries


@pytest.mark.slow
def test_metrics_and_logs_follow_a_render(processes: Processes, redis_url: str, tmp_path: Path,
                                          accounts: Accounts, request: pytest.FixtureRequest) -> None:
    fake = FakeGoogle()
    fake.schedule.extend(["429", "500"])  # two retries before Google answers
    fake.__enter__()
    request.addfinalizer(lambda: fake.__exit__(None, None, None))
    processes.env.update({"BANTIN_BROKER_URL": redis_url, "BANTIN_ENGINES": "gtts,espeak", "BANTIN_LOG_FORMAT": "json",
                          "BANTIN_GTTS_BASE_URL": fake.url, "BANTIN_GTTS_BACKOFF_BASE_S": "0.01",
                          "BANTIN_GTTS_RATE_PER_S": "200", "BANTIN_GTTS_BURST": "50",
                          "BANTIN_TTS_RATE_RECOVERY_S": "3600"})
    processes.worker()
    base = processes.api()
    auth = accounts.headers("editor")
    before = scrape(base)
    assert value(before, "bantin_jobs", state="done") == 0

    article = httpx.post(f"{base}/api/v1/articles", json={"text": ARTICLE}, timeout=30, headers=auth).json()
    job_ids = []
    for _ in range(2):  # the second render is answered by the cache
        queued = httpx.post(f"{base}/api/v1/articles/{article['id']}/render", timeout=30, headers=auth).json()
        job = wait_job(base, queued["job_id"], auth, timeout=180)
        assert job["state"] == "done", job
        job_ids.append(job["id"])
    assert httpx.get(f"{base}/api/v1/programmes/{job['programme_id']}/audio", timeout=30,
                     headers=auth).status_code == 200

    deadline = time.monotonic() + 10  # the last task's counts are written as it ends
    while time.monotonic() < deadline and value(scrape(base), "bantin_render_seconds_count") < 2:
        time.sleep(0.3)
    after = scrape(base)
    assert value(after, "bantin_jobs", state="done") == 2
    assert value(after, "bantin_jobs_finished_total", state="done") == 2
    assert value(after, "bantin_render_seconds_count") == 2
    assert value(after, "bantin_render_seconds_bucket", le="+Inf") == 2
    assert value(after, "bantin_render_seconds_sum") > 0
    spoken = value(after, "bantin_tts_requests_total", engine="gtts", outcome="ok")
    assert spoken == len(fake.requests) - 2  # every request Google answered, and nothing else
    assert value(after, "bantin_tts_retries_total", engine="gtts") == 2
    hits, misses = (value(after, "bantin_tts_cache_total", result=r) for r in ("hit", "miss"))
    assert misses == spoken and hits >= spoken  # the second render spoke nothing anew
    assert value(after, "bantin_tts_cache_hit_ratio") == pytest.approx(hits / (hits + misses))
    assert value(after, "bantin_downloads_total", route="staff", answer="full") == 1
    # The one 429 halved the shared rate, and the good answers since have only begun to raise it again.
    assert 100 <= value(after, "bantin_tts_rate_per_s", engine="gtts") < 120

    entries = json_lines(processes.log("worker", tail=None))
    assert entries, "the worker wrote no JSON log lines"
    for job_id in job_ids:
        mine = [e for e in entries if e.get("job_id") == job_id]
        assert any(e["message"].startswith("programme ready") for e in mine), mine
    assert all({"time", "level", "logger", "message"} <= set(e) for e in entries)
    api_entries = json_lines(processes.log("api", tail=None))
    assert any(e["logger"] == "uvicorn.access" for e in api_entries)
