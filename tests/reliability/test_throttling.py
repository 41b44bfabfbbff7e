"""Google throttling us is not an outage: with real workers and Redis, the seed article is spoken by gTTS
whole, whether 429s come at random or in bursts that stop every request for a while."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from service.db import session_scope
from service.models import Job, JobPiece
from tests.conftest import SEED, Accounts, Processes
from tests.fakes.google_tts import FakeGoogle
from tests.reliability.flows import check_served_programme, gtts_env, start_deployment, submit, wait_job


def engines_of(job_id: str) -> tuple[int, Counter[str]]:
    """Pieces the job planned, and who spoke them."""
    with session_scope() as session:
        job = session.get(Job, job_id)
        assert job is not None
        planned = len(job.result["plan"]["pieces"])
        return planned, Counter(e for e in session.scalars(select(JobPiece.engine).where(JobPiece.job_id == job_id)))


@pytest.mark.slow
@pytest.mark.parametrize("pattern", [
    {"rate_429": 0.2},  # one request in five, at random
    {"bursts_429": (10.0, 30.0)},  # every request for 10 s of each 30 s, starting with the render
])
def test_every_piece_is_spoken_by_gtts_through_429s(pattern: dict, processes: Processes, redis_url: str,
                                                    accounts: Accounts, tmp_path: Path,
                                                    request: pytest.FixtureRequest) -> None:
    fake = FakeGoogle(latency=0.05, **pattern)
    fake.__enter__()
    request.addfinalizer(lambda: fake.__exit__(None, None, None))
    base = start_deployment(processes, redis_url, {**gtts_env(fake), "BANTIN_GTTS_RATE_PER_S": "50",
                                                    "BANTIN_GTTS_BURST": "10"})
    processes.worker("worker1")
    processes.worker("worker2")
    auth = accounts.headers("editor")
    fake.burst_clock = time.monotonic()  # the first burst meets the render's first requests
    job = wait_job(base, submit(base, auth, SEED.read_text(encoding="utf-8")), auth, timeout=300)
    assert job["state"] == "done", job
    answers = Counter(fake.answers)
    assert answers["429"] >= 20, answers  # the throttling really happened
    planned, spoken = engines_of(job["id"])
    assert planned >= 150 and spoken == {"gtts": planned}, (planned, spoken)
    check_served_programme(base, job, auth, tmp_path)
