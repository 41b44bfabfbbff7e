"""A worker killed with SIGKILL mid-synthesis or mid-assembly: another worker finishes the job, with one
programme and no half-written MP3 served."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from service.db import session_scope
from service.models import Recording
from service.settings import get_settings
from tests.conftest import Accounts, Processes
from tests.fakes.google_tts import FakeGoogle
from tests.reliability.flows import (
    assembling,
    check_served_programme,
    gtts_env,
    pieces_spoken,
    programmes_of,
    start_deployment,
    submit,
    wait_for,
    wait_job,
)


@pytest.mark.slow
@pytest.mark.parametrize("phase", ["synthesis", "assembly"])
def test_job_completes_after_its_worker_is_killed(phase: str, processes: Processes, redis_url: str,
                                                  accounts: Accounts, tmp_path: Path,
                                                  request: pytest.FixtureRequest) -> None:
    fake = FakeGoogle(latency=0.15)  # slow enough to catch the worker mid-synthesis
    fake.__enter__()
    request.addfinalizer(lambda: fake.__exit__(None, None, None))
    base = start_deployment(processes, redis_url, gtts_env(fake))
    auth = accounts.headers("editor")
    doomed = processes.worker("doomed", concurrency=2)
    job_id = submit(base, auth)

    if phase == "synthesis":
        wait_for(lambda: pieces_spoken(job_id) >= 5)
    else:
        wait_for(lambda: assembling(job_id), timeout=180, every=0.01)
    processes.kill(doomed)
    spoken_at_kill = pieces_spoken(job_id)

    processes.worker("rescuer", concurrency=2)
    job = wait_job(base, job_id, auth)
    assert job["state"] == "done", job
    assert programmes_of(job_id) == 1
    check_served_programme(base, job, auth, tmp_path)
    if phase == "synthesis":
        assert 5 <= spoken_at_kill < len(fake.requests)  # the rescuer spoke the rest
    # Whatever the killed worker left under a temporary name is never a programme.
    folder = get_settings().audio_root / "programmes"
    finished = [p for p in folder.iterdir() if not p.name.startswith(".tmp-")]
    with session_scope() as session:
        programme = session.scalar(select(Recording).where(Recording.job_id == job_id))
        assert programme is not None
    assert [f"programmes/{p.name}" for p in finished if p.suffix == ".mp3"] == [programme.audio_key]
