"""Signs of life on a job or a broadcast while a worker works on it, read by the recovery sweep."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator

from sqlalchemy import update

from service.db import session_scope
from service.models import Broadcast, Job, utcnow

EVERY_S = 10.0


def interval() -> float:
    """Often enough that a row is never taken for lost while its worker lives: well inside the stale time."""
    from service.settings import get_settings

    return min(EVERY_S, get_settings().job_stale_s / 4)
log = logging.getLogger("bantin.heartbeat")


def touch(model: type[Job] | type[Broadcast], row_id: str | list[str]) -> None:
    ids = [row_id] if isinstance(row_id, str) else row_id
    with session_scope() as session:
        session.execute(update(model).where(model.id.in_(ids)).values(heartbeat_at=utcnow())
                        .execution_options(synchronize_session=False))


@contextlib.contextmanager
def keep_alive(model: type[Job] | type[Broadcast], row_id: str | list[str], every_s: float | None = None
               ) -> Iterator[None]:
    """Touch the row (or rows) now and every few seconds until the block ends (long synthesis, long assembly)."""
    stop = threading.Event()
    every_s = every_s or interval()

    def loop() -> None:
        while True:
            try:
                touch(model, row_id)
            except Exception:  # a missed heartbeat only makes the sweep look sooner
                log.warning("heartbeat of %s %s not written", model.__tablename__, row_id, exc_info=True)
            if stop.wait(every_s):
                return

    thread = threading.Thread(target=loop, name="bantin-keepalive", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
