"""Carry out one render job recorded in the database: the logic behind the Celery task."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from service.articles import get_article, get_job, mark_running, script_of
from service.db import session_scope
from service.lexicon import station_lexicon
from service.models import Job, Programme, utcnow
from service.settings import Settings, get_settings
from service.storage import get_storage
from service.text.edit import respeak
from service.text.normalize import normalize
from workers.pipeline import render_script, sha256_of

log = logging.getLogger("bantin.render")


def _set_progress(job_id: str, value: int) -> None:
    with session_scope() as session:
        job = session.get(Job, job_id)
        if job is not None and job.state == "running":
            job.progress = max(job.progress, min(99, value))


def run(job_id: str, *, settings: Settings | None = None) -> str | None:
    """Render the job's article into a programme; returns the programme id. Safe to run twice."""
    settings = settings or get_settings()
    with session_scope() as session:
        job = get_job(session, job_id)
        if job.state == "done":
            return job.programme_id  # a redelivered message for finished work
        mark_running(session, job)
        # Station lexicon entries added since the upload apply to this render.
        lexicon = station_lexicon(session)
        script = respeak(script_of(get_article(session, job.article_id)), lambda t: normalize(t, lexicon))
        article_id = job.article_id
        title = script.title or "Bản tin"

    storage = get_storage(settings)
    try:
        with tempfile.TemporaryDirectory(prefix="bantin-job-") as tmp:
            out = Path(tmp) / "programme.mp3"
            result = render_script(script, out, settings=settings, storage=storage,
                                   progress=lambda p: _set_progress(job_id, p),
                                   tags={"title": title, "artist": "bantin", "genre": "Speech"})
            digest = sha256_of(out)
            key = f"programmes/{job_id}.mp3"
            storage.put_file(key, out)
            size = out.stat().st_size
    except Exception as exc:
        log.exception("render failed", extra={"job_id": job_id})
        with session_scope() as session:
            job = get_job(session, job_id)
            job.state, job.error, job.finished_at = "failed", f"Render failed: {exc}", utcnow()
        raise

    with session_scope() as session:
        job = get_job(session, job_id)
        programme = session.query(Programme).filter_by(job_id=job_id).one_or_none()
        if programme is None:
            programme = Programme(job_id=job_id, article_id=article_id)
            session.add(programme)
        a = result.assembled
        programme.audio_key, programme.size_bytes, programme.sha256 = key, size, digest
        programme.duration_s, programme.integrated_lufs = a.duration_s, a.integrated_lufs
        programme.true_peak_db, programme.loudness_range_lu = a.true_peak_db, a.loudness_range_lu
        programme.sidecar = {"segments": a.timeline, "sha256": digest}
        session.flush()
        job.state, job.progress, job.finished_at = "done", 100, utcnow()
        job.programme_id = programme.id
        job.result = {"engines": result.engines, "segment_engines": result.segment_engines,
                      "warnings": result.warnings, "cache_hits": result.cache_hits,
                      "cache_misses": result.cache_misses}
        return programme.id
