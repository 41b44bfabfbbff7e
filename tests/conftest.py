"""Shared fixtures: isolated settings, the real Redis, real worker and API processes."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests import guard

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEED = DATA / "seed" / "kim-son-chi-thi-05.txt"
SEED_GOLD = DATA / "seed" / "kim-son-chi-thi-05.gold.json"
# A development aid beside the repository on developers' machines; no user has it.
SHARED = ROOT.parent / "shared"

guard.install()


@pytest.fixture
def shared() -> Iterator[Path]:
    """`../shared`, for checks that may add to the project's own: skipped, with the reason, where it is absent."""
    if not (SHARED / "eval").is_dir():
        pytest.skip(f"{SHARED} is not beside this repository (a development aid, not part of the project)")
    with guard.allow_outside():
        yield SHARED


REDIS_URL = os.environ.get("BANTIN_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


def _clear_caches() -> None:
    from service import credentials, db, queue, settings, storage
    from workers.tts import limits

    limits.reset_local()
    credentials.forget()
    settings.get_settings.cache_clear()
    db.dispose_engines()
    queue._client.cache_clear()
    storage._s3_client.cache_clear()


@pytest.fixture
def settings_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Settings pointing at a fresh data folder; the database is migrated."""
    # Tests never reach the internet: offline voice unless a test points gTTS at the local fake.
    env = {"BANTIN_DATA_DIR": str(tmp_path / "data"), "BANTIN_ENVIRONMENT": "test", "BANTIN_ENGINES": "espeak",
           "BANTIN_GTTS_BASE_URL": "http://127.0.0.1:9", "BANTIN_REDIS_URL": ""}
    if os.environ.get("BANTIN_TEST_DATABASE_URL"):
        env["BANTIN_DATABASE_URL"] = os.environ["BANTIN_TEST_DATABASE_URL"]
        _fresh_postgres(env["BANTIN_DATABASE_URL"])
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    _clear_caches()
    from service.db import migrate

    migrate()
    yield env
    _clear_caches()


def _fresh_postgres(url: str) -> None:
    """Each test starts from an empty schema on the real PostgreSQL, as each SQLite test has its own file."""
    require_service("127.0.0.1", 5432, "PostgreSQL")
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def article_count() -> int:
    """Articles stored: what a refused upload must leave as it was."""
    from sqlalchemy import func, select

    from service.db import session_scope
    from service.models import Article

    with session_scope() as session:
        return int(session.scalar(select(func.count()).select_from(Article)) or 0)


def require_service(host: str, port: int, name: str) -> None:
    """Under CI a missing real service is a failure, never a skip."""
    if _reachable(host, port):
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} is not reachable at {host}:{port}; CI needs the real server")
    pytest.skip(f"{name} is not running at {host}:{port}")


@pytest.fixture
def redis_url() -> str:
    require_service("127.0.0.1", 6379, "Redis")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    return REDIS_URL


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A moto S3 server on loopback, reachable from this process and from worker and API processes."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_env(s3_endpoint: str, settings_env: dict[str, str], monkeypatch: pytest.MonkeyPatch,
           tmp_path: Path) -> dict[str, str]:
    """Settings for audio in a fresh bucket of the moto server (added to settings_env)."""
    import boto3

    bucket = f"bantin-{tmp_path.name.lower().replace('_', '-')[-40:]}"
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", aws_access_key_id="test",
                 aws_secret_access_key="test").create_bucket(Bucket=bucket)
    env = {"BANTIN_STORAGE": "s3", "BANTIN_S3_ENDPOINT_URL": s3_endpoint, "BANTIN_S3_BUCKET": bucket,
           "BANTIN_S3_ACCESS_KEY_ID": "test", "BANTIN_S3_SECRET_ACCESS_KEY": "test"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
        settings_env[key] = value
    _clear_caches()
    return settings_env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Processes:
    """Real bantin processes (API, workers) started for one test and stopped after it."""

    def __init__(self, env: dict[str, str], logdir: Path) -> None:
        self.env = {**os.environ, **env}
        self.logdir = logdir
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, args: list[str]) -> subprocess.Popen[bytes]:
        log = (self.logdir / f"{name}.log").open("wb")
        # Each in its own process group, so a test can kill a worker with all its children at once.
        proc = subprocess.Popen(args, env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                                start_new_session=True)
        self.procs.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen[bytes]) -> None:
        """SIGKILL the process and its children: no cleanup, no acknowledgements, as in a power cut."""
        import signal

        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def beat(self) -> subprocess.Popen[bytes]:
        schedule = self.logdir / "celerybeat-schedule"
        return self.start("beat", [sys.executable, "-m", "celery", "-A", "workers.celery_app", "beat",
                                   "--loglevel", "INFO", "--schedule", str(schedule)])

    def worker(self, name: str = "worker", concurrency: int = 1) -> subprocess.Popen[bytes]:
        return self.start(name, [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker",
                                 "--loglevel", "INFO", "--concurrency", str(concurrency), "--without-gossip",
                                 "--without-mingle", "-n", f"{name}@%h"])

    def api(self) -> str:
        port = free_port()
        self.start("api", [sys.executable, "-m", "uvicorn", "service.main:app", "--host", "127.0.0.1",
                           "--port", str(port)])
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    return base
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError(f"API did not start; log: {self.log('api')}")

    def log(self, name: str, tail: int | None = 3000) -> str:
        """What the process printed: its last `tail` characters (for assertion messages), or all of it."""
        path = self.logdir / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return text[-tail:] if tail else text

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, 9)  # children left behind (a worker's pool processes)


@pytest.fixture
def processes(settings_env: dict[str, str], tmp_path: Path) -> Iterator[Processes]:
    procs = Processes(dict(settings_env), tmp_path)
    yield procs
    procs.stop()


@dataclass
class Accounts:
    """A station with two communes and one account of each role; tokens are the secrets to send."""

    station_id: str
    communes: dict[str, str]
    tokens: dict[str, str]
    passwords: dict[str, str]

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


PASSWORD = "mat-khau-rat-dai-2024"


def make_accounts(station: str = "Đài truyền thanh huyện Kim Sơn", prefix: str = "") -> Accounts:
    from service import auth
    from service.db import session_scope

    with session_scope() as session:
        st = auth.get_or_create_station(session, station)
        communes = {name: auth.get_or_create_commune(session, st, name).id for name in ("Ân Hòa", "Yên Lộc")}
        tokens: dict[str, str] = {}
        for role in ("admin", "editor", "approver"):
            user = auth.add_user(session, station=st, username=f"{prefix}{role}", role=role, password=PASSWORD)
            tokens[role], _ = auth.new_token(session, user)
        for key, name in (("relay", "Ân Hòa"), ("relay_other", "Yên Lộc")):
            commune = auth.get_or_create_commune(session, st, name)
            relay = auth.add_user(session, station=st, username=f"{prefix}{key.replace('_', '-')}", role="relay",
                                  password=None, commune=commune)
            tokens[key], _ = auth.new_token(session, relay)
        return Accounts(st.id, communes, tokens, {r: PASSWORD for r in ("admin", "editor", "approver")})


@pytest.fixture
def accounts(settings_env: dict[str, str]) -> Accounts:
    return make_accounts()
