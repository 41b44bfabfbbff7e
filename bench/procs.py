"""Start real bantin worker processes for a benchmark, with their own settings, and stop them."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def clear_caches() -> None:
    from service import db, queue, settings
    from workers.tts import limits

    limits.reset_local()
    settings.get_settings.cache_clear()
    db.dispose_engines()
    queue._client.cache_clear()


@contextmanager
def environment(**values: str) -> Iterator[Path]:
    """A fresh data folder and BANTIN_* settings for this process and the workers it starts."""
    old = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="bantin-bench-") as tmp:
        os.environ.update({"BANTIN_DATA_DIR": tmp, **values})
        clear_caches()
        from service.db import migrate

        migrate()
        try:
            yield Path(tmp)
        finally:
            os.environ.clear()
            os.environ.update(old)
            clear_caches()


@contextmanager
def workers(count: int, logdir: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    procs = []
    for n in range(count):
        log = (logdir / f"worker{n}.log").open("wb")
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "--loglevel", "WARNING",
             "--concurrency", "1", "--without-gossip", "--without-mingle", "-n", f"bench{n}@%h"],
            env=dict(os.environ), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT))
    try:
        yield procs
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def tokens(station: str = "Đài truyền thanh huyện Kim Sơn") -> dict[str, str]:
    """Bearer tokens for an editor and for the relay of commune Ân Hòa (in the current environment)."""
    from service import auth
    from service.db import session_scope

    with session_scope() as session:
        st = auth.get_or_create_station(session, station)
        editor = auth.add_user(session, station=st, username="bench-editor", role="editor",
                               password="bench-password-long-enough")
        commune = auth.get_or_create_commune(session, st, "Ân Hòa")
        relay = auth.add_user(session, station=st, username="bench-relay", role="relay", password=None,
                              commune=commune)
        return {"editor": auth.new_token(session, editor)[0], "relay": auth.new_token(session, relay)[0],
                "station_id": st.id, "commune_id": commune.id}


def wait_http(url: str, timeout: float = 30.0) -> None:
    import time

    import httpx

    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextmanager
def api(port: int, logdir: Path, *extra: str) -> Iterator[str]:
    """The API as `bantin api` runs it (uvicorn), on loopback; yields its base URL."""
    log = (logdir / f"api-{port}.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "service.main:app", "--port", str(port),
                             "--log-level", "warning", *extra],
                            env=dict(os.environ), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/health")
        yield base
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Ask a server to stop; kill it if it has not within 20 s."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
