"""`docker compose up`, for real: the production compose file with locally built stand-ins for the third-party
images (tests/compose/standins.sh) and an S3 stand-in for MinIO (docker-compose.test.yml).

Run by `make compose-test` (which sets BANTIN_COMPOSE_TEST=1 and builds the stand-ins); skipped otherwise. The
tests share one stack and run in order: up, render, a worker killed mid-render, down and up again, doctor.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.audio import decoded_seconds
from tests.conftest import ROOT, SEED
from workers.audio import ffmpeg

pytestmark = [pytest.mark.skipif(os.environ.get("BANTIN_COMPOSE_TEST") != "1",
                                 reason="the compose smoke test runs with `make compose-test`"),
              pytest.mark.timeout(1800)]  # building the image and starting the stack take minutes on vfs

PROJECT = "bantinsmoke"
BASE = "http://127.0.0.1:8000"
ADMIN = ("smoke-admin", "smoke-test-password-1")
ENV = {"BANTIN_ADMIN_USERNAME": ADMIN[0], "BANTIN_ADMIN_PASSWORD": ADMIN[1], "POSTGRES_PASSWORD": "smoke-db-pw",
       "MINIO_ROOT_USER": "smoke", "MINIO_ROOT_PASSWORD": "smoke-s3-password",
       "BANTIN_CREDENTIALS_KEY": "c21va2UtdGVzdC1rZXktZm9yLWNyZWRlbnRpYWxzLTA="}  # a Fernet key: 32 bytes, base64


def compose(*args: str, check: bool = True, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("docker-compose", path=str(Path(sys.executable).parent)) or "docker-compose"
    command = [binary, "-p", PROJECT, "-f", str(ROOT / "docker-compose.yml"),
               "-f", str(ROOT / "tests" / "compose" / "docker-compose.test.yml"), *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          env={**os.environ, **ENV})
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n"
                             f"{done.stderr[-3000:]}")
    return done


def wait_ready(timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            answer = httpx.get(f"{BASE}/ready", timeout=5)
            last = answer.text
            if answer.status_code == 200:
                return dict(answer.json())
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(2)
    raise AssertionError(f"/ready never answered 200: {last}")


@pytest.fixture(scope="module")
def stack() -> Iterator[dict[str, str]]:
    compose("down", "-v", "--remove-orphans", check=False)  # what an interrupted earlier run left
    try:
        compose("up", "-d", "--build", "--wait", "--wait-timeout", "600", timeout=1500)
        wait_ready()
        with httpx.Client(base_url=BASE, timeout=30) as client:
            me = client.post("/api/v1/auth/login", json={"username": ADMIN[0], "password": ADMIN[1]})
            assert me.status_code == 200, me.text
            body = me.json()
            # In production the session cookie is Secure; over this test's plain http it is sent back by hand.
            cookie = "; ".join(f"{c.name}={c.value}" for c in me.cookies.jar)
            made = client.post(f"/api/v1/users/{body['id']}/tokens",
                               headers={"x-csrf-token": body["csrf_token"], "cookie": cookie})
            assert made.status_code == 201, made.text
        yield {"Authorization": f"Bearer {made.json()['token']}"}
    finally:
        logs = compose("logs", "--no-color", "--tail", "80", check=False)
        print(logs.stdout[-20000:])
        compose("down", "-v", "--remove-orphans", check=False)
        subprocess.run(["docker", "image", "rm", "-f", "bantin:latest"], capture_output=True, check=False)
        subprocess.run(["docker", "image", "prune", "-f"], capture_output=True, check=False)


def submit(auth: dict[str, str]) -> tuple[str, str]:  # the seed, uploaded as a station's staff would
    with SEED.open("rb") as f:
        created = httpx.post(f"{BASE}/api/v1/articles", files={"file": (SEED.name, f, "text/plain")}, headers=auth,
                             timeout=60)
    assert created.status_code == 201, created.text
    article = created.json()["id"]
    queued = httpx.post(f"{BASE}/api/v1/articles/{article}/render", headers=auth, timeout=30)
    assert queued.status_code == 202, queued.text
    return article, str(queued.json()["job_id"])


def wait_job(job_id: str, auth: dict[str, str], timeout: float = 600) -> dict:
    deadline = time.monotonic() + timeout
    job: dict = {}
    while time.monotonic() < deadline:
        job = httpx.get(f"{BASE}/api/v1/jobs/{job_id}", headers=auth, timeout=10).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(1)
    raise AssertionError(f"job {job_id} did not finish: {job}")


def download(programme_id: str, auth: dict[str, str], tmp_path: Path) -> Path:
    audio = httpx.get(f"{BASE}/api/v1/programmes/{programme_id}/audio", headers=auth, timeout=120)
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/mpeg"
    mp3 = tmp_path / f"{programme_id}.mp3"
    mp3.write_bytes(audio.content)
    return mp3


STATE: dict[str, str] = {}


def test_the_stack_comes_up_ready(stack: dict[str, str]) -> None:
    ready = wait_ready()
    assert ready["checks"] == {"database": "ok", "broker": "ok", "storage": "ok", "workers": "ok"}
    metrics = httpx.get(f"{BASE}/metrics", timeout=10)
    assert metrics.status_code == 200 and "bantin_" in metrics.text
    listed = compose("ps", "--format", "json").stdout.strip()
    rows = json.loads(listed) if listed.startswith("[") else [json.loads(line) for line in listed.splitlines()]
    states = {row["Service"]: row for row in rows}
    for service in ("api", "worker", "beat", "redis", "postgres", "minio"):
        assert states[service]["State"] == "running", states[service]


def test_the_seed_renders_through_the_published_port(stack: dict[str, str], tmp_path: Path) -> None:
    article, job_id = submit(stack)
    job = wait_job(job_id, stack)
    assert job["state"] == "done", job
    mp3 = download(job["programme_id"], stack, tmp_path)
    assert ffmpeg.info(mp3).channels == 1
    assert 8 * 60 < decoded_seconds(mp3) < 20 * 60
    measured = ffmpeg.measure(mp3)
    assert abs(measured.integrated_lufs - (-16.0)) <= 1.0 and measured.true_peak_db <= -1.0
    STATE.update(article=article, programme=job["programme_id"], sha=httpx.get(
        f"{BASE}/api/v1/programmes/{job['programme_id']}", headers=stack, timeout=10).json()["sha256"])


def _busy_worker(workers: list[str], since: str) -> str | None:
    """A worker container that has taken a piece of the render in hand (and not yet acknowledged it)."""
    for container in workers:
        logs = subprocess.run(["docker", "logs", "--since", since, container], capture_output=True, text=True,
                              check=False)
        if "bantin.speak_segment" in logs.stdout + logs.stderr:
            return container
    return None


def test_a_worker_killed_mid_render_leaves_one_programme(stack: dict[str, str], tmp_path: Path) -> None:
    compose("up", "-d", "--scale", "worker=3", "--no-recreate", "--wait", "--wait-timeout", "300", timeout=600)
    workers = compose("ps", "-q", "worker").stdout.split()
    assert len(workers) == 3
    since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 1))
    # Forty paragraphs nobody has heard yet: nothing of it is in the speech cache, so the workers must speak.
    text = "\n\n".join(["Bản tin nông nghiệp xã Yên Lộc tuần này"] + [
        f"Đoạn tin số {n}: thôn {n} đã thu hoạch {n * 10} ha lúa xuân, năng suất bình quân đạt {50 + n} tạ/ha."
        for n in range(1, 41)])
    article = httpx.post(f"{BASE}/api/v1/articles", json={"text": text}, headers=stack, timeout=30)
    assert article.status_code == 201, article.text
    queued = httpx.post(f"{BASE}/api/v1/articles/{article.json()['id']}/render", headers=stack, timeout=30)
    assert queued.status_code == 202, queued.text
    job_id = str(queued.json()["job_id"])
    deadline = time.monotonic() + 120
    doomed = None
    while doomed is None and time.monotonic() < deadline:
        doomed = _busy_worker(workers, since)
        time.sleep(0.2)
    assert doomed, "no worker was seen taking a piece of the render"
    subprocess.run(["docker", "kill", doomed], check=True, capture_output=True)
    job = wait_job(job_id, stack)
    assert job["state"] == "done", job
    mp3 = download(job["programme_id"], stack, tmp_path)
    assert decoded_seconds(mp3) > 60
    counted = compose("exec", "-T", "postgres", "psql", "-U", "bantin", "-d", "bantin", "-tAc",
                      f"SELECT count(*) FROM programmes WHERE job_id = '{job_id}'")
    assert counted.stdout.strip() == "1"


def test_down_and_up_keeps_accounts_articles_and_audio(stack: dict[str, str], tmp_path: Path) -> None:
    compose("down", timeout=300)
    compose("up", "-d", "--wait", "--wait-timeout", "600", timeout=900)
    wait_ready()
    again = httpx.get(f"{BASE}/api/v1/articles/{STATE['article']}", headers=stack, timeout=10)  # the same token
    assert again.status_code == 200, again.text
    mp3 = download(STATE["programme"], stack, tmp_path)
    assert hashlib.sha256(mp3.read_bytes()).hexdigest() == STATE["sha"]


def test_doctor_inside_the_api_container_finds_nothing_wrong(stack: dict[str, str]) -> None:
    done = compose("exec", "-T", "api", "bantin", "doctor", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "FAIL" not in done.stdout
