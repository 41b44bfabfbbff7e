"""Google throttling us is not an outage: with real workers and Redis, the seed article is spoken by gTTS
whole, whether 429s come at random or in bursts that stop every request for a while; only a deadline
makes a part fall back, and the job names the parts that did."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
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


@pytest.mark.slow
def test_a_slot_programme_is_re_published_in_the_better_voice_before_air(
        processes: Processes, redis_url: str, accounts: Accounts, monkeypatch: pytest.MonkeyPatch,
        request: pytest.FixtureRequest) -> None:
    from service.models import Broadcast, Recording
    from service.queue import BUILD_BROADCAST, enqueue
    from tests.conftest import _clear_caches
    from tests.reliability.flows import wait_for
    from tests.workers.test_programmes import morning
    from workers.voice_upgrade import fallback_parts

    fake = FakeGoogle()
    fake.__enter__()
    request.addfinalizer(lambda: fake.__exit__(None, None, None))
    # The build's deadline is now (an air time tomorrow, a margin of two days): throttled parts fall back at
    # once, and the upgrade, every 2 s until air, has all the time there is.
    base = start_deployment(processes, redis_url, {**gtts_env(fake), "BANTIN_FALLBACK_MARGIN_S": str(2 * 86400),
                                                    "BANTIN_UPGRADE_RETRY_S": "2"})
    processes.worker(concurrency=2)
    editor, approver, relay = (accounts.headers(r) for r in ("editor", "approver", "relay"))
    fake.default = "500"  # the preview goes out in the offline voice: nothing of Google's is in the cache
    job = wait_job(base, submit(base, editor, ARTICLE), editor)
    url = f"{base}/api/v1/articles/{job['article_id']}"
    assert httpx.post(f"{url}/submit", headers=editor, timeout=10).status_code == 200
    # the approver accepts the robot-voice parts: the upgrade is what replaces them before air
    approved = httpx.post(f"{url}/approve", json={"robot_voice_ok": True}, headers=approver, timeout=10)
    assert approved.json()["status"] == "approved"

    fake.default = "429"  # Google throttles while the programme is built
    monkeypatch.setenv("BANTIN_BROKER_URL", redis_url)
    _clear_caches()
    tomorrow = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date() + timedelta(days=1)
    enqueue(BUILD_BROADCAST, accounts.station_id, morning(accounts).id, tomorrow.isoformat(),
            accounts.communes["Ân Hòa"])

    def latest() -> dict:
        reply = httpx.get(f"{base}/api/v1/relay/programmes/latest", headers=relay, timeout=10)
        return reply.json() if reply.status_code == 200 else {}

    wait_for(lambda: latest().get("sha256"), timeout=120, every=0.3)
    first = latest()
    with session_scope() as session:
        built = session.get(Recording, session.get(Broadcast, first["id"]).programme_id)  # type: ignore[union-attr]
        fallbacks = fallback_parts(built.sidecar, "gtts")  # type: ignore[union-attr]
    assert fallbacks > 0

    fake.default = "ok"  # Google answers again, well before air
    wait_for(lambda: latest().get("sha256") not in (None, first["sha256"]), timeout=120, every=0.3)
    second = latest()
    assert second["id"] == first["id"]
    audio = httpx.get(f"{base}{second['url']}", headers=relay, timeout=30)
    assert audio.status_code == 200 and hashlib.sha256(audio.content).hexdigest() == second["sha256"]
    with session_scope() as session:
        broadcast = session.get(Broadcast, first["id"])
        assert broadcast is not None and broadcast.voice_upgraded_at is not None
        assert fallback_parts(session.get(Recording, broadcast.programme_id).sidecar, "gtts") == 0  # type: ignore[union-attr]
