"""Google's endpoint misbehaving for a while: the programme still completes (retries, then the offline
voice), and the job says which engine spoke."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from service.db import session_scope
from service.models import Job
from tests.conftest import Accounts, Processes
from tests.fakes.google_tts import FakeGoogle
from tests.reliability.flows import check_served_programme, gtts_env, start_deployment, submit, wait_job

ARTICLE = "\n\n".join(["Tin thời tiết xã Yên Lộc"] + [
    f"Ngày {n}, trời nhiều mây, có mưa rào rải rác, nhiệt độ từ {20 + n} đến {28 + n} độ C." for n in range(1, 7)])


@pytest.mark.slow
@pytest.mark.parametrize(("fault", "first", "then", "engines"), [
    # Fewer bad answers than tries per piece: retries carry every piece through on Google's voice.
    ("rate limited for a while", ["429"] * 3, "ok", {"gtts"}),
    ("server errors for a while", ["500"] * 3, "ok", {"gtts"}),
    ("slower than the read timeout", ["slow"] * 3, "ok", {"gtts"}),
    ("garbage instead of audio", ["garbage"] * 3, "ok", {"gtts"}),
    ("a mix of every fault", ["429", "slow", "500", "garbage"] * 5, "ok", {"gtts", "espeak"}),
    ("down for good", [], "500", {"espeak"}),
    ("answers only garbage", [], "garbage", {"espeak"}),
])
def test_programme_completes_through_gtts_faults(fault: str, first: list[str], then: str, engines: set[str],
                                                 processes: Processes, redis_url: str, accounts: Accounts,
                                                 tmp_path: Path, request: pytest.FixtureRequest) -> None:
    fake = FakeGoogle()
    fake.schedule.extend(first)
    fake.default = then
    fake.slow_seconds = 2.0  # the read timeout is 1 s
    fake.__enter__()
    request.addfinalizer(lambda: fake.__exit__(None, None, None))
    base = start_deployment(processes, redis_url, {**gtts_env(fake), "BANTIN_GTTS_MAX_ATTEMPTS": "4"})
    processes.worker(concurrency=2)
    auth = accounts.headers("editor")
    job = wait_job(base, submit(base, auth, ARTICLE), auth)
    assert job["state"] == "done", (fault, job)
    # Google answering badly is still Google there: each piece tries its attempts, then the offline voice speaks it.
    assert job["engines"] and set(job["engines"]) <= engines, (fault, job["engines"])
    if len(engines) == 1:
        assert set(job["engines"]) == engines, (fault, job["engines"])
    sidecar = httpx.get(f"{base}/api/v1/programmes/{job['programme_id']}/sidecar", timeout=10, headers=auth).json()
    speech = [s for s in sidecar["segments"] if s["kind"] == "speech" and s["role"] != "station"]
    assert speech and all(s["engine"] in job["engines"] for s in speech)
    check_served_programme(base, job, auth, tmp_path)
    if engines == {"espeak"}:
        # Server errors never open the breaker (only an unreachable Google does): every piece had its own
        # four tries, and none more.
        with session_scope() as session:
            pieces = len(session.get(Job, job["id"]).result["plan"]["pieces"])  # type: ignore[union-attr]
        assert len(fake.requests) == 4 * pieces, (len(fake.requests), pieces)
