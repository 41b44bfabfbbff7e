"""Redis loses its queue while jobs are queued and running: the database still knows every job, and the
recovery sweep sends the lost ones again. Nothing stays "running" forever."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import redis

from service.articles import create_job
from service.db import session_scope
from service.models import Article, Job, utcnow
from tests.conftest import Accounts, Processes
from tests.fakes.google_tts import FakeGoogle
from tests.reliability.flows import (
    check_served_programme,
    gtts_env,
    pieces_spoken,
    programmes_of,
    start_deployment,
    submit,
    wait_for,
    wait_job,
)
from workers import recovery


def lose_the_queue(url: str) -> int:
    """What a Redis restart without persistence does to bantin: every key of the broker's database gone,
    every connection dropped. Returns how many keys were lost."""
    client = redis.Redis.from_url(url)
    db = client.connection_pool.connection_kwargs["db"]
    lost = int(client.dbsize())
    client.flushdb()
    me = client.client_id()
    for entry in client.client_list():
        if int(entry["db"]) == db and int(entry["id"]) != me:
            client.client_kill_filter(_id=entry["id"])
    return lost


@pytest.mark.slow
def test_jobs_complete_after_redis_loses_the_queue(processes: Processes, redis_url: str, accounts: Accounts,
                                                   tmp_path: Path, request: pytest.FixtureRequest) -> None:
    fake = FakeGoogle(latency=0.1)
    fake.__enter__()
    request.addfinalizer(lambda: fake.__exit__(None, None, None))
    base = start_deployment(processes, redis_url, gtts_env(fake))
    auth = accounts.headers("editor")
    processes.worker(concurrency=1)
    jobs = [submit(base, auth) for _ in range(3)]  # one running, two waiting in the queue
    wait_for(lambda: pieces_spoken(jobs[0]) >= 3)
    assert lose_the_queue(redis_url) > 0

    for job_id in jobs:
        job = wait_job(base, job_id, auth, timeout=300)
        failed = [line for line in processes.log("worker", tail=None).splitlines() if '"level": "error"' in line]
        assert job["state"] == "done", (job.get("error"), failed[-3:])
        assert programmes_of(job_id) == 1
        check_served_programme(base, job, auth, tmp_path)
    assert "recovery sweep" in processes.log("beat", tail=None) + processes.log("worker", tail=None)
    assert httpx.get(f"{base}/ready", timeout=10).json()["checks"]["broker"] == "ok"


def _job(state: str, *, stale: bool, attempts: int = 0, planned: bool = False) -> str:
    with session_scope() as session:
        article = Article(title="t", source_text="x", script={"title": "t", "segments": []}, status="draft")
        session.add(article)
        session.flush()
        job = create_job(session, article_id=article.id)
        job.state, job.attempts = state, attempts
        job.result = {"plan": {"parts": [], "pieces": []}} if planned else {}
        moment = utcnow() - timedelta(seconds=3600 if stale else 1)
        job.created_at, job.heartbeat_at = moment, moment if state != "queued" else None
        return job.id


@pytest.mark.parametrize(("state", "stale", "attempts", "planned", "action"), [
    ("queued", True, 0, False, "start"),     # its message was lost before any worker took it
    ("running", True, 1, False, "start"),    # lost while being planned
    ("running", True, 1, True, "resume"),    # lost mid-synthesis or mid-assembly
    ("running", True, 3, True, "failed"),    # lost three times: failed, with a message, not retried forever
    ("running", False, 1, True, None),       # a worker touched it a second ago: not lost
    ("done", True, 1, True, None),
    ("failed", True, 1, True, None),
])
def test_sweep_decides_from_the_database(settings_env: dict[str, str], state: str, stale: bool, attempts: int,
                                         planned: bool, action: str | None) -> None:
    job_id = _job(state, stale=stale, attempts=attempts, planned=planned)
    found = recovery.sweep(utcnow())
    acted = {name: job_id in getattr(found, name) for name in ("start", "resume", "failed")}
    assert acted == {name: name == action for name in acted}
    with session_scope() as session:
        job = session.get(Job, job_id)
        assert job is not None
        if action == "failed":
            assert job.state == "failed" and "interrupted" in (job.error or "")
        if action is not None:
            assert recovery.sweep(utcnow()).start + recovery.sweep(utcnow()).resume == []  # once per staleness
