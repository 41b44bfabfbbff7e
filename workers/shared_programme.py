"""Communes that get the same articles in the same slot get the same programme: built once and stored once.

The MP3 carries the station, slot and date but no commune (the relay listing and the feeds say which
commune a broadcast is for), and it is named by its content, so identical audio is one file. Builders of
one recipe take turns under a lock; the second finds the first one's programme and gives its own broadcast
a row naming the same file. A file goes when no row names it any more.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import Iterator
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.models import Broadcast, Recording
from service.settings import Settings
from service.storage import Storage
from workers import recording

log = logging.getLogger("bantin.broadcasts")
LOCK_S = 900  # longer than any programme takes to build; a builder that died frees it after this


def recipe(*, station_id: str, slot_id: str | None, emergency_article_id: str | None, air_date: date,
           article_ids: list[str]) -> str:
    """Everything that makes two broadcasts' audio the same (the station's voices and template are the
    station's; the articles are read as approved)."""
    return hashlib.sha256(json.dumps([station_id, slot_id, emergency_article_id, air_date.isoformat(),
                                      article_ids]).encode()).hexdigest()[:32]


@contextlib.contextmanager
def one_builder(settings: Settings, key: str) -> Iterator[None]:
    """Builders of one recipe one after another; without Redis, side by side (the files still match)."""
    lock = None
    if settings.redis_url:
        import redis

        try:
            client = redis.Redis.from_url(settings.redis_url, socket_timeout=5, socket_connect_timeout=3)
            candidate = client.lock(f"bantin:programme:{key}", timeout=LOCK_S, blocking_timeout=LOCK_S)
            lock = candidate if candidate.acquire() else None
        except redis.RedisError:
            log.warning("no lock for programme %s: building it without", key, exc_info=True)
    try:
        yield
    finally:
        if lock is not None:
            with contextlib.suppress(Exception):  # expired while building: the next builder already went
                lock.release()


def twin(session: Session, broadcast: Broadcast, article_ids: list[str]) -> Recording | None:
    """The programme of another ready broadcast of the same recipe, if there is one."""
    same_slot = (Broadcast.slot_id == broadcast.slot_id if broadcast.slot_id is not None
                 else Broadcast.slot_id.is_(None))
    same_bulletin = (Broadcast.emergency_article_id == broadcast.emergency_article_id
                     if broadcast.emergency_article_id is not None else Broadcast.emergency_article_id.is_(None))
    for other in session.scalars(select(Broadcast).where(
            Broadcast.station_id == broadcast.station_id, same_slot, same_bulletin,
            Broadcast.air_date == broadcast.air_date, Broadcast.state.in_(("ready", "held")),
            Broadcast.programme_id.is_not(None), Broadcast.id != broadcast.id)):
        if list(other.article_ids) == article_ids and other.programme_id is not None:
            return session.get(Recording, other.programme_id)
    return None


def copy_of(programme: Recording) -> Recording:
    """A row of its own for another broadcast, naming the same file."""
    return Recording(audio_key=programme.audio_key, duration_s=programme.duration_s,
                     size_bytes=programme.size_bytes, sha256=programme.sha256,
                     integrated_lufs=programme.integrated_lufs, true_peak_db=programme.true_peak_db,
                     loudness_range_lu=programme.loudness_range_lu, sidecar=programme.sidecar)


def discard_unused(session: Session, storage: Storage, audio_key: str) -> bool:
    """Remove a programme's files when no row names them any more (rows deleted first, and flushed)."""
    if session.scalar(select(func.count()).select_from(Recording).where(Recording.audio_key == audio_key)):
        return False
    recording.discard(storage, audio_key)
    return True
