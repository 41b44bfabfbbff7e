"""Google throttling us is not an outage: with real workers and Redis, the seed article is spoken by gTTS
whole, whether 429s come at random or in bursts that stop every request for a while; only a deadline
makes a part fall back, and the job names the parts that did."""

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
from tests.reliability.test_gtts_faults import ARTICLE


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
], ids=["random", "bursts"])
def test_every_piece_is_spoken_by_gtts_through_429s(pattern: dict, processes: Processes, redis_url: str,
                                                    accounts: Accounts, tmp_path: Path,
                                                    request: pytest.FixtureRequest) -> None:
    fake = FakeGoogle(latency=0.05, **pattern)
    fake.__enter__()
    request.addfinalizer(lambda: fake.__exit__(None, None, None))
    # A preview with a programme's patience: the deadline is not what is tested here.
    base = start_deployment(processes, redis_url, {**gtts_env(fake), "BANTIN_GTTS_RATE_PER_S": "50",
                                                    "BANTIN_GTTS_BURST": "10", "BANTIN_PREVIEW_WAIT_S": "600"})
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


def test_a_preview_falls_back_at_its_deadline_and_names_the_parts(processes: Processes, redis_url: str,
                                                                 accounts: Accounts) -> None:
    with FakeGoogle(bursts_429=(60.0, 120.0)) as fake:  # Google throttles us for the next minute
        base = start_deployment(processes, redis_url, {**gtts_env(fake), "BANTIN_PREVIEW_WAIT_S": "3"})
        processes.worker(concurrency=2)
        auth = accounts.headers("editor")
        fake.burst_clock = time.monotonic()
        job = wait_job(base, submit(base, auth, ARTICLE), auth, timeout=60)
        waited = time.monotonic() - fake.burst_clock
    assert job["state"] == "done", job
    assert waited < 30, waited  # the preview did not wait for Google to come back
    assert set(job["engines"]) == {"espeak"} and fake.answers and set(fake.answers) == {"429"}
    planned, spoken = engines_of(job["id"])
    assert spoken == {"espeak": planned}
    named = {w.split(":")[0] for w in job["warnings"] if "would miss the deadline" in w}
    assert named == {f"segment {n}" for n in range(len(ARTICLE.split("\n\n")))}, job["warnings"]
