"""Thin Celery tasks: they carry ids and call the logic in workers.render_job.

A render is a plan task, one task per batch of segments (spread over all workers), and an assembly task
that checks every piece itself instead of a chord, so a lost segment task is re-sent rather than hanging.
"""

from __future__ import annotations

import logging
from typing import Any, cast

import redis
from celery import group
from sqlalchemy.exc import OperationalError

from service import voice_models
from service import voice_tracks as track_index
from service.db import session_scope
from service.models import Job, utcnow
from service.queue import (
    ASSEMBLE_RENDER,
    BUILD_BROADCAST,
    BUILD_EMERGENCY,
    BUILD_SLOT,
    EVICT_CACHE,
    EXPIRE_RECORDINGS,
    INSTALL_PIPER_VOICE,
    LISTEN_PART,
    PLAN_BROADCASTS,
    PREPARE_TEMPLATE_FILE,
    PREPARE_VOICE_TRACK,
    PUBLISH_DUE,
    RECOVER,
    RENDER_ARTICLE,
    RESUME_BROADCAST,
    SPEAK_SEGMENT,
    SWEEP_VOICE_TRACKS,
    UPGRADE_BROADCAST,
)
from service.settings import get_settings
from service.storage import get_storage
from workers import broadcast_job, heartbeat, listen, recovery, render_job, template_job, voice_tracks
from workers.celery_app import app
from workers.tts import piper_voices

log = logging.getLogger("bantin.tasks")
POLL_S = 0.25
INLINE_SEGMENTS = 2
TRANSIENT_RETRIES = 3


@app.task(name=RENDER_ARTICLE)
def render_article(job_id: str) -> None:
    batches = render_job.start(job_id)
    if batches is None:
        return
    segments = [segment for batch in batches for segment in batch]
    if len(segments) <= INLINE_SEGMENTS:
        # A re-render after a small edit: speaking one or two parts here beats a round trip through the
        # queue for each, and the assembly follows at once. Were this worker to die, the sweep resumes it.
        try:
            for segment in segments:
                render_job.speak_segment(job_id, segment)
        except Exception as exc:
            log.exception("job %s: speaking failed", job_id)
            render_job.fail(job_id, f"Render failed: {exc}")
            return
        render_job.finish(job_id)  # None when it failed, or another worker is assembling it
        return
    group(speak_segment.s(job_id, batch) for batch in batches).apply_async()
    assemble_render.apply_async((job_id,), countdown=POLL_S)


@app.task(name=EVICT_CACHE)
def evict_cache() -> int:
    """Keep the synthesis and part caches within their size (run by beat)."""
    settings = get_settings()
    storage = get_storage(settings)
    limit = settings.cache_max_mb * 1024 * 1024
    return storage.evict("cache/", limit) + storage.evict("parts/", limit) + storage.evict("listen/", limit)


def transient(exc: BaseException) -> bool:
    """A failure of the machinery rather than of the work: Redis or the database dropped a connection (as
    a Redis restart does to every client), a socket or a disk hiccuped. Worth the same task again."""
    return isinstance(exc, (OSError, redis.RedisError, OperationalError))


@app.task(name=SPEAK_SEGMENT, bind=True, max_retries=TRANSIENT_RETRIES)
def speak_segment(self: Any, job_id: str, segments: int | list[int]) -> None:
    """One segment (as a lost task is re-sent) or a batch of them (as a render first sends them)."""
    batch = segments if isinstance(segments, list) else [segments]
    try:
        render_job.speak_segments(job_id, batch)
    except Exception as exc:
        if transient(exc) and self.request.retries < TRANSIENT_RETRIES:
            # Pieces spoken before the hiccup are in the cache: the retry only speaks the rest.
            log.warning("segments %s of job %s: %s; trying again", batch, job_id, exc)
            raise self.retry(countdown=1 + self.request.retries) from exc
        log.exception("segments %s of job %s failed", batch, job_id)
        render_job.fail(job_id, f"Render failed: {exc}")
        return
    if not render_job.missing_segments(job_id):
        # The last segment done: assemble now rather than at the poller's next look (one claim wins).
        render_job.finish(job_id)


@app.task(name=LISTEN_PART)
def listen_part(article_id: str, index: int, station_id: str, key: str) -> None:
    listen.listen_part(article_id, index, station_id, key)


@app.task(name=ASSEMBLE_RENDER, bind=True, max_retries=None)
def assemble_render(self, job_id: str, waited_s: float = 0.0, stalled_s: float = 0.0,
                       last_missing: int = -1) -> str | None:
    missing = render_job.missing_segments(job_id)
    if not missing:
        return render_job.finish(job_id)  # None when a segment task is assembling it already
    settings = get_settings()
    every = heartbeat.interval()
    if int(waited_s / every) != int((waited_s - POLL_S) / every):
        heartbeat.touch(Job, job_id)  # this poller is alive: the job is not lost
    if waited_s > settings.task_time_limit_s:
        render_job.fail(job_id, f"Render failed: {len(missing)} segments were not spoken in time.")
        return None
    stalled_s = stalled_s + POLL_S if len(missing) == last_missing else 0.0
    if stalled_s > min(settings.task_soft_time_limit_s / 3, settings.job_stale_s):
        # No progress for a long while: the segment tasks were lost (a worker died). Send them again.
        log.warning("job %s: re-sending %d lost segment tasks", job_id, len(missing))
        group(speak_segment.s(job_id, n) for n in missing).apply_async()
        stalled_s = 0.0
    raise self.retry(args=(job_id, waited_s + POLL_S, stalled_s, len(missing)), countdown=POLL_S)


@app.task(name=PREPARE_VOICE_TRACK)
def prepare_voice_track(key: str) -> None:
    voice_tracks.check(key)


@app.task(name=SWEEP_VOICE_TRACKS)
def sweep_voice_tracks() -> int:
    """Remove voice-track files nothing refers to any more, and uploads nobody waits for (run by beat)."""
    storage = get_storage(get_settings())
    with session_scope() as session:
        return track_index.sweep(session, storage) + voice_models.sweep(storage)


@app.task(name=INSTALL_PIPER_VOICE)
def install_piper_voice(key: str, name: str) -> None:
    piper_voices.install_upload(key, name)


@app.task(name=PREPARE_TEMPLATE_FILE)
def prepare_template_file(file_id: str) -> str:
    return template_job.prepare(file_id)


@app.task(name=PLAN_BROADCASTS)
def plan_broadcasts() -> int:
    """Run by beat every minute: send one build task for each slot with broadcasts due and not built yet,
    naming its communes (communes with the same articles then share one programme, built once)."""
    builds = broadcast_job.due_builds(utcnow())
    slots: dict[tuple[str, str, str], list[str]] = {}
    for station_id, slot_id, air_date, commune_id in builds:
        slots.setdefault((station_id, slot_id, air_date), []).append(commune_id)
    for (station_id, slot_id, air_date), communes in slots.items():
        build_slot.delay(station_id, slot_id, air_date, communes)
    return len(builds)


@app.task(name=BUILD_BROADCAST)
def build_broadcast(station_id: str, slot_id: str, air_date: str, commune_id: str) -> str | None:
    return broadcast_job.build(station_id, slot_id, air_date, commune_id)


@app.task(name=BUILD_SLOT)
def build_slot(station_id: str, slot_id: str, air_date: str, commune_ids: list[str]) -> list[str]:
    return broadcast_job.build_slot(station_id, slot_id, air_date, commune_ids)


@app.task(name=BUILD_EMERGENCY)
def build_emergency(article_id: str) -> list[str]:
    return broadcast_job.build_emergency(article_id)


@app.task(name=PUBLISH_DUE)
def publish_due() -> int:
    return broadcast_job.publish_due(utcnow())


@app.task(name=EXPIRE_RECORDINGS)
def expire_recordings() -> int:
    return broadcast_job.expire(utcnow())


@app.task(name=RECOVER)
def recover() -> dict[str, int]:
    """Run by beat: send again what the database says is unfinished and no worker is working on."""
    found = recovery.sweep(utcnow())
    for job_id in found.start:
        render_article.delay(job_id)
    for job_id in found.resume:
        missing = render_job.missing_segments(job_id)
        if missing:
            group(speak_segment.s(job_id, n) for n in missing).apply_async()
        assemble_render.apply_async((job_id,), countdown=POLL_S)
    for broadcast_id in found.rebuild:
        resume_broadcast.delay(broadcast_id)
    return {"start": len(found.start), "resume": len(found.resume), "rebuild": len(found.rebuild),
            "failed": len(found.failed)}


@app.task(name=RESUME_BROADCAST)
def resume_broadcast(broadcast_id: str) -> str | None:
    return broadcast_job.resume(broadcast_id)


@app.task(name=UPGRADE_BROADCAST)
def upgrade_broadcast(broadcast_id: str) -> bool:
    return broadcast_job.upgrade(broadcast_id)


# The names these tasks had before: a message queued by an older version is still carried out after an upgrade.
@app.task(name="bantin.assemble_programme", bind=True, max_retries=None)
def _renamed_assemble(self: Any, *args: Any, **kwargs: Any) -> str | None:
    return cast(str | None, assemble_render.run(*args, **kwargs))


@app.task(name="bantin.build_programme")
def _renamed_build(*args: Any) -> str | None:
    return build_broadcast(*args)


@app.task(name="bantin.plan_programmes")
def _renamed_plan() -> int:
    return plan_broadcasts()


@app.task(name="bantin.expire_programmes")
def _renamed_expire() -> int:
    return expire_recordings()
