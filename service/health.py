"""Readiness: the database, the broker, the storage, and at least one worker answering."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, text

from service.db import session_scope
from service.models import WorkerHeartbeat, utcnow
from service.settings import Settings

HEARTBEAT_S = 10
ALIVE_S = 45


def check_database() -> str | None:
    try:
        with session_scope() as session:
            session.execute(text("SELECT 1"))
    except Exception as exc:
        return f"database unreachable: {exc.__class__.__name__}: {exc}"
    return None


def check_broker(settings: Settings) -> str | None:
    from kombu import Connection

    try:
        with Connection(settings.broker_url, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:
        return f"broker unreachable ({settings.broker_url.split('://')[0]}): {exc}"
    return None


def check_storage(settings: Settings) -> str | None:
    from service.storage import get_storage

    return get_storage(settings).check()


def check_workers() -> str | None:
    since = utcnow() - timedelta(seconds=ALIVE_S)
    try:
        with session_scope() as session:
            alive = session.scalar(select(WorkerHeartbeat).where(WorkerHeartbeat.seen_at >= since).limit(1))
    except Exception as exc:
        return f"cannot read worker heartbeats: {exc}"
    return None if alive else f"no worker has answered in the last {ALIVE_S} seconds; start `bantin worker`"


def readiness(settings: Settings) -> dict[str, str]:
    checks = {"database": check_database(), "broker": check_broker(settings), "storage": check_storage(settings),
              "workers": check_workers()}
    return {name: problem or "ok" for name, problem in checks.items()}


def beat(name: str) -> None:
    """Record that the worker `name` is alive."""
    with session_scope() as session:
        row = session.get(WorkerHeartbeat, name)
        if row is None:
            session.add(WorkerHeartbeat(name=name, seen_at=utcnow()))
        else:
            row.seen_at = utcnow()
