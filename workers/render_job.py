"""Carry out a render job recorded in the database: plan, speak segments, assemble.

Each step is idempotent and keeps its state in the database, so Celery can run the steps on any
worker, redeliver them after a crash, or run them twice, and one job still makes one programme.
"""

from __future__ import annotations

import json
import logging
import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from sqlalchemy import delete, func, or_, select, update

from service import deadlines, running_order, workflow
from service import voice_tracks as voice_track_index
from service.articles import get_article, get_job, mark_running, script_of
from service.db import session_scope
from service.lexicon import station_speaker
from service.metrics import tally
from service.models import Job, JobPiece, Recording, seconds_since, utcnow
from service.settings import Settings, get_settings
from service.stations import settings_for
from service.storage import get_storage
from service.text.edit import respeak
from workers import recording
from workers.heartbeat import keep_alive
from workers.pipeline import (
    PartPlan,
    Piece,
    Plan,
    assemble_plan,
    encode_early,
    plan,
    programme_tags,
    recorded,
    speak_piece,
    synth_threads,
    with_voice_tracks,
)
from workers.synth import Spoken, cached
from workers.tts import EngineError, get_engine

log = logging.getLogger("bantin.render")


def start(job_id: str, *, settings: Settings | None = None) -> list[list[int]] | None:
    """Plan the job's parts; the parts to speak in batches (one task each), or None when the job is
    finished already."""
    settings = settings or get_settings()
    with session_scope() as session:
        job = get_job(session, job_id)
        if job.state in ("done", "failed"):
            return None  # a redelivered message for finished work
        mark_running(session, job)
        article = get_article(session, job.article_id)
        settings = settings_for(session, settings, article.station_id)
        # Station lexicon entries added since the upload apply to this render.
        script = respeak(script_of(article), station_speaker(session, article.station_id))
        tracks = voice_track_index.matching(session, article.id, script)
        the_plan = with_voice_tracks(
            plan([script], settings, running_order.for_station(settings, get_storage(settings))),
            {(0, index): key for index, key in tracks.items()})
        if not any(p.role != "station" for p in the_plan.pieces):
            job.state, job.error, job.finished_at = "failed", "The script has nothing to read aloud.", utcnow()
            return None
        # The script as spoken for this render: what an approver hears is what a broadcast will say.
        job.result = {"plan": the_plan.to_dict(), "title": script.title or "Bản tin", "script": script.model_dump()}
        # Pieces spoken before (an unchanged paragraph) need no task: record them now.
        storage = get_storage(settings)
        session.execute(delete(JobPiece).where(JobPiece.job_id == job_id))
        todo: dict[int, list[str]] = {}
        for i, piece in enumerate(the_plan.pieces):
            hit = recorded(piece, settings, storage) or cached(
                piece.text, piece.role, engines=settings.engine_chain, storage=storage,
                sample_rate=settings.house_sample_rate, voice_set=settings.voice_set)
            if hit is None:
                todo.setdefault(piece.part, []).append(piece.text)
            else:
                session.add(JobPiece(job_id=job_id, idx=i, engine=hit.engine, audio_key=hit.key, cached=True,
                                     failures=[]))
        log.info("render planned: %d parts, %d to speak", len(the_plan.parts), len(todo),
                 extra={"job_id": job_id, "article_id": article.id})
        return batches(todo, synth_threads(settings))


BATCH_CHARS = 1200  # about a minute and a half of speech: a task's own cost (queue, database) stays small
MIN_BATCHES = 4  # a short article is still spread over several workers


def batches(todo: dict[int, list[str]], threads: int) -> list[list[int]]:
    """Consecutive parts grouped until a batch holds at least `threads` pieces to speak and BATCH_CHARS
    characters (a quarter of the whole, for a short article).

    A worker runs one task at a time; with one part a task, a network voice would have only that part's
    two or three pieces in flight, however many threads may wait on it. An offline voice speaks one piece
    at a time (threads == 1), and a task of one short part cost nearly as much in the queue and the
    database as in speaking it: a minute or two of speech a task still spreads a programme over every
    worker's CPU.
    """
    out: list[list[int]] = []
    pieces = chars = 0
    enough = min(BATCH_CHARS, sum(len(t) for texts in todo.values() for t in texts) // MIN_BATCHES)
    for part in sorted(todo):
        if not out or (pieces >= threads and chars >= enough):
            out.append([])
            pieces = chars = 0
        out[-1].append(part)
        pieces += len(todo[part])
        chars += sum(len(text) for text in todo[part])
    return out


def _plan_of(job: Job) -> Plan:
    return Plan.from_dict((job.result or {}).get("plan") or {"parts": [], "pieces": []})


def speak_segment(job_id: str, segment: int, *, settings: Settings | None = None) -> None:
    speak_segments(job_id, [segment], settings=settings)


def speak_segments(job_id: str, segments: list[int], *, settings: Settings | None = None) -> None:
    """Speak every piece of these parts that is not spoken yet, side by side, and record engine and
    audio per piece; a part none of whose pieces went over the network is encoded too, so that assembly
    only has to join."""
    settings = settings or get_settings()
    storage = get_storage(settings)
    with session_scope() as session:
        job = get_job(session, job_id)
        if job.state != "running":
            return
        station = get_article(session, job.article_id).station_id
        settings = settings_for(session, settings, station)
        the_plan = _plan_of(job)
        due = deadlines.seconds(job.deadline)
        pieces = {segment: the_plan.pieces_of(segment) for segment in segments}
        done = {row.idx: _spoken(row) for row in session.scalars(select(JobPiece).where(JobPiece.job_id == job_id))
                if row.audio_key and storage.exists(row.audio_key)}
    todo = [(i, p) for segment in segments for i, p in pieces[segment] if i not in done]

    def one(item: tuple[int, Piece]) -> tuple[int, Spoken | None, str | None]:
        try:
            return item[0], speak_piece(item[1], settings, storage, station=station, deadline=due), None
        except EngineError as exc:
            return item[0], None, str(exc)

    with keep_alive(Job, job_id), ThreadPoolExecutor(max_workers=synth_threads(settings)) as pool:
        results = list(pool.map(one, todo))
    with session_scope() as session:
        for idx, spoken, error in results:
            session.execute(delete(JobPiece).where(JobPiece.job_id == job_id, JobPiece.idx == idx))
            session.add(JobPiece(job_id=job_id, idx=idx, error=error,
                                 engine=spoken.engine if spoken else None, audio_key=spoken.key if spoken else None,
                                 cached=bool(spoken and spoken.cached), failures=spoken.failures if spoken else []))
        session.flush()
        job = get_job(session, job_id)
        total = max(1, len(the_plan.pieces))
        spoken_count = session.scalar(select(func.count()).select_from(JobPiece).where(
            JobPiece.job_id == job_id, JobPiece.audio_key.is_not(None))) or 0
        if job.state == "running":
            job.progress = max(job.progress, min(90, 90 * spoken_count // total))
    fresh = {idx: spoken for idx, spoken, _ in results if spoken is not None}
    ready: list[tuple[PartPlan, list[Spoken]]] = []
    for segment in segments:
        mine = [(i, fresh.get(i) or done.get(i)) for i, _ in pieces[segment]]
        if any(s is None for _, s in mine) or any(
                get_engine(s.engine).remote for i, s in mine if s is not None and i in fresh and not s.cached):
            # A worker that spoke offline is CPU-bound anyway; one that waited on the network keeps its
            # time for the next requests, and its parts are encoded at assembly.
            continue
        ready.append((the_plan.parts[segment], [s for _, s in mine if s is not None]))
    if ready:
        template = running_order.for_station(settings, storage)
        with keep_alive(Job, job_id):
            for part, voiced in ready:
                encode_early(part, voiced, template=template, settings=settings, storage=storage)


def _spoken(row: JobPiece) -> Spoken:
    return Spoken(row.audio_key or "", row.engine or "", row.cached,
                  list(row.failures or []))


def missing_segments(job_id: str, *, settings: Settings | None = None) -> list[int]:
    """Segments with a piece not spoken yet (or whose audio has gone from storage)."""
    storage = get_storage(settings or get_settings())
    with session_scope() as session:
        job = get_job(session, job_id)
        rows = {row.idx: row for row in session.scalars(select(JobPiece).where(JobPiece.job_id == job_id))}
        return sorted({p.part for i, p in enumerate(_plan_of(job).pieces)
                       if i not in rows or not (rows[i].error or storage.exists(rows[i].audio_key or ""))})


def fail(job_id: str, message: str) -> None:
    with session_scope() as session:
        job = get_job(session, job_id)
        if job.state != "done":
            if job.state != "failed":
                tally.add("bantin_jobs_finished", state="failed")
                log.warning("render failed: %s", message, extra={"job_id": job_id})
            job.state, job.error, job.finished_at = "failed", message, utcnow()


def _claim_assembly(job_id: str, settings: Settings) -> bool:
    """Only one worker assembles a job: an atomic claim in the database (a stale claim may be taken over)."""
    now = utcnow()
    stale = now - timedelta(seconds=settings.task_time_limit_s)
    with session_scope() as session:
        claimed = session.execute(
            update(Job).where(Job.id == job_id, Job.state == "running",
                              or_(Job.assembling_since.is_(None), Job.assembling_since < stale))
            .values(assembling_since=now).execution_options(synchronize_session=False))
        return bool(claimed.rowcount)  # type: ignore[attr-defined]


def finish(job_id: str, *, settings: Settings | None = None) -> str | None:
    """Assemble the programme once every piece is spoken; returns its id (None: not running, or another
    worker is assembling it)."""
    settings = settings or get_settings()
    storage = get_storage(settings)
    with session_scope() as session:
        job = get_job(session, job_id)
        if job.state == "done":
            return job.programme_id
    if not _claim_assembly(job_id, settings):
        return None
    with session_scope() as session:
        job = get_job(session, job_id)
        settings = settings_for(session, settings, get_article(session, job.article_id).station_id)
        the_plan = _plan_of(job)
        rows = {row.idx: row for row in session.scalars(select(JobPiece).where(JobPiece.job_id == job_id))}
        title, article_id = job.result.get("title", "Bản tin"), job.article_id
    errors = [f"segment {the_plan.parts[the_plan.pieces[i].part].index}: {row.error}"
              for i, row in sorted(rows.items()) if row.error]
    if errors:
        fail(job_id, "No voice could read part of the script: " + "; ".join(errors[:3]))
        return None
    spoken = [_spoken(rows[i]) for i in range(len(the_plan.pieces))]
    try:
        with keep_alive(Job, job_id), tempfile.TemporaryDirectory(prefix="bantin-job-") as tmp:
            out = Path(tmp) / "programme.mp3"
            result = assemble_plan(the_plan, spoken, out, template=running_order.for_station(settings, storage),
                                   settings=settings, storage=storage,
                                   tags=programme_tags(title, station=settings.station_name))
            stored = recording.store(storage, out, name=job_id, assembled=result.assembled)
    except Exception as exc:
        log.exception("assembly failed", extra={"job_id": job_id})
        fail(job_id, f"Render failed: {exc}")
        raise
    with session_scope() as session:
        locked = session.scalar(select(Job).where(Job.id == job_id).with_for_update())
        assert locked is not None
        job = locked
        if job.state == "done" and job.programme_id:  # another assembler finished first: keep its programme
            done = session.get(Recording, job.programme_id)
            if done is not None and done.audio_key != stored.key:
                recording.discard(storage, stored.key)
            return job.programme_id
        programme = session.scalar(select(Recording).where(Recording.job_id == job_id))
        if programme is None:
            programme = Recording(job_id=job_id, article_id=article_id)
            session.add(programme)
        a = result.assembled
        recording.describe(programme, stored, a)
        session.flush()
        job.state, job.progress, job.finished_at, job.programme_id = "done", 100, utcnow(), programme.id
        tally.add("bantin_jobs_finished", state="done")
        tally.observe("bantin_render_seconds", seconds_since(job.created_at))
        log.info("programme ready: %.1f s, %.1f LUFS", a.duration_s, a.integrated_lufs,
                 extra={"job_id": job_id, "programme_id": programme.id, "engines": json.dumps(result.engines)})
        article = get_article(session, article_id)
        article.last_programme_id = programme.id
        workflow.rendered(session, article)
        job.result = {**job.result, "engines": result.engines, "segment_engines": result.segment_engines,
                      "warnings": result.warnings, "cache_hits": result.cache_hits,
                      "cache_misses": result.cache_misses, "loudness_passes": a.passes}
        return programme.id


def run(job_id: str, *, settings: Settings | None = None) -> str | None:
    """The whole job in this process: plan, speak every segment, assemble. Safe to run twice."""
    settings = settings or get_settings()
    segments = start(job_id, settings=settings)
    if segments is None:
        with session_scope() as session:
            return get_job(session, job_id).programme_id
    try:
        for batch in segments:
            speak_segments(job_id, batch, settings=settings)
    except Exception as exc:
        fail(job_id, f"Render failed: {exc}")
        raise
    return finish(job_id, settings=settings)
