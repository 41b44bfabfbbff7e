"""A fresh installation started all at once: the API, three workers and beat, as an operator (or `docker compose
up`) starts them, on an empty database. Every process migrates at start-up; the schema is built once, every
process stays up, and /ready is green. Ten times over: a race shows itself only now and then."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, _fresh_postgres, free_port

ROUNDS = 10


def _env(data: Path, port: int) -> dict[str, str]:
    env = {**os.environ, "BANTIN_DATA_DIR": str(data), "BANTIN_ENVIRONMENT": "test", "BANTIN_ENGINES": "espeak",
           "BANTIN_REDIS_URL": "", "BANTIN_API_HOST": "127.0.0.1", "BANTIN_API_PORT": str(port),
           "BANTIN_GTTS_BASE_URL": "http://127.0.0.1:9"}
    if os.environ.get("BANTIN_TEST_DATABASE_URL"):
        env["BANTIN_DATABASE_URL"] = os.environ["BANTIN_TEST_DATABASE_URL"]
    return env


def _schema(env: dict[str, str]) -> tuple[str | None, str | None]:
    """The database's revision and the newest, asked by a fresh process (it must not migrate by asking)."""
    code = "from service.db import schema_revisions; print(*schema_revisions())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT,
                         timeout=60, check=True).stdout.split()
    return out[0], out[1]


@pytest.mark.slow
# Each round has its own deadlines (ready within 120 s, each process gone 20 s after SIGTERM). A round takes about
# 21 s alone on 2 cores and more inside the full suite: the suite's 300 s default cut ten rounds short once.
@pytest.mark.timeout(ROUNDS * 90)
def test_processes_started_together_on_an_empty_database(tmp_path: Path) -> None:
    for round_ in range(ROUNDS):
        data, port = tmp_path / f"round-{round_}", free_port()
        env = _env(data, port)
        if "BANTIN_DATABASE_URL" in env:
            _fresh_postgres(env["BANTIN_DATABASE_URL"])
        commands = {"api": ["api"], "worker-1": ["worker", "--concurrency", "1"],
                    "worker-2": ["worker", "--concurrency", "1"], "worker-3": ["worker", "--concurrency", "1"],
                    "beat": ["beat"]}
        data.mkdir(parents=True)
        logs = {name: (data / f"{name}.log").open("wb") for name in commands}
        procs = {name: subprocess.Popen([sys.executable, "-m", "bantin", *args], env=env, cwd=ROOT,
                                        stdout=logs[name], stderr=subprocess.STDOUT, start_new_session=True)
                 for name, args in commands.items()}
        try:
            ready, deadline = None, time.monotonic() + 120
            while time.monotonic() < deadline:
                crashed = {name: p.returncode for name, p in procs.items() if p.poll() is not None}
                assert not crashed, f"round {round_}: {crashed} exited:\n" + "\n".join(
                    (data / f"{name}.log").read_text(errors="replace")[-1500:] for name in crashed)
                try:
                    ready = httpx.get(f"http://127.0.0.1:{port}/ready", timeout=2)
                    if ready.status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.3)
            assert ready is not None and ready.status_code == 200, (round_, ready.text if ready else "no answer")
            current, head = _schema(env)
            assert current == head, (round_, current, head)
        finally:
            for p in procs.values():  # each `bantin` command and the process it started (celery, uvicorn)
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(p.pid, signal.SIGTERM)
            for p in procs.values():
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
                    p.wait(timeout=10)
            # A worker's pool processes may outlive a celery that was killed or stuck: end the whole group, or
            # each round leaves workers holding database connections.
            for p in procs.values():
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(p.pid, signal.SIGKILL)
            for handle in logs.values():
                handle.close()
