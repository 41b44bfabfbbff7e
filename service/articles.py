"""Article, job and programme records: the service functions the API and the workers call."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service import versions, workflow
from service.errors import Invalid, NotFound
from service.models import Article, Job, Recording, User, utcnow
from service.schemas import JobOut, ProgrammeOut, Script, ScriptEdit
from service.text.edit import apply_edit
from service.text.script import build_script, non_blank_lines


def create_article(session: Session, *, text: str, title: str | None, speak: Callable[[str], str],
                   station_id: str | None = None, user: User | None = None) -> Article:
    """Segment and store an article as a draft; nothing is stored if segmentation fails or nothing is left to
    read (a page of menus and share bars only)."""
    script = build_script(text, title=title, speak=speak)
    if not any(s.role != "title" for s in script.segments):
        raise Invalid("Không tìm thấy nội dung để đọc: văn bản chỉ có tiêu đề, menu, chú thích hoặc phần "
                      "khung trang (nothing to read: only a headline, menus, captions or page furniture).")
    article = Article(title=script.title, source_text=text, script=script.model_dump(), station_id=station_id,
                      created_by=user.id if user else None, status="draft", priority="normal")
    session.add(article)
    session.flush()
    workflow.record(session, article, user, "create")
    versions.snapshot(session, article, user, "create")
    return article


def article_for(session: Session, article_id: str, user: User) -> Article:
    """The article, if the user's station owns it (others get 404: they must not learn it exists)."""
    article = get_article(session, article_id)
    if article.station_id != user.station_id:
        raise NotFound(f"No article with id {article_id!r}.")
    return article


def job_for(session: Session, job_id: str, user: User) -> Job:
    job = get_job(session, job_id)
    article_for(session, job.article_id, user)
    return job


def list_articles(session: Session, user: User, status: str | None = None) -> list[Article]:
    stmt = select(Article).where(Article.station_id == user.station_id)
    if status:
        stmt = stmt.where(Article.status == status)
    return list(session.scalars(stmt.order_by(Article.created_at.desc()).limit(500)))


def edit_script(session: Session, article: Article, edit: ScriptEdit, *, speak: Callable[[str], str]) -> Script:
    """Store staff corrections to the script; rendering uses them from now on."""
    lines = non_blank_lines(article.source_text)
    script = apply_edit(script_of(article), edit, line_count=len(lines), source=lines,
                        speak=speak)
    article.script = script.model_dump()
    article.title = script.title
    session.flush()
    return script


def get_article(session: Session, article_id: str) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"No article with id {article_id!r}.")
    return article


def create_job(session: Session, *, article_id: str, deadline: datetime | None = None) -> Job:
    get_article(session, article_id)
    job = Job(article_id=article_id, state="queued", progress=0, result={}, deadline=deadline)
    session.add(job)
    session.flush()
    return job


def get_job(session: Session, job_id: str) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound(f"No job with id {job_id!r}.")
    return job


def get_programme(session: Session, programme_id: str) -> Recording:
    programme = session.get(Recording, programme_id)
    if programme is None:
        raise NotFound(f"No programme with id {programme_id!r}.")
    return programme


def stale_jobs(session: Session, *, before: datetime) -> list[Job]:
    """Jobs queued or running that no worker has touched since `before`: their work was lost (a worker
    killed, the queue emptied by a Redis restart). The recovery sweep sends them again."""
    last_sign = func.coalesce(Job.heartbeat_at, Job.created_at)
    stmt = select(Job).where(Job.state.in_(["queued", "running"]), last_sign < before).with_for_update(
        skip_locked=True)
    return list(session.scalars(stmt))


def script_of(article: Article) -> Script:
    return Script.model_validate(article.script)


def job_out(job: Job) -> JobOut:
    result: dict[str, Any] = job.result or {}
    return JobOut(id=job.id, article_id=job.article_id, state=job.state, progress=job.progress,
                  error=job.error, programme_id=job.programme_id, warnings=result.get("warnings", []),
                  engines=result.get("engines", {}), cache_hits=result.get("cache_hits", 0),
                  cache_misses=result.get("cache_misses", 0), loudness_passes=result.get("loudness_passes", 0))


def programme_out(programme: Recording) -> ProgrammeOut:
    return ProgrammeOut(
        id=programme.id, duration_s=programme.duration_s, size_bytes=programme.size_bytes,
        sha256=programme.sha256, integrated_lufs=programme.integrated_lufs,
        true_peak_db=programme.true_peak_db, loudness_range_lu=programme.loudness_range_lu,
        audio_url=f"/api/v1/programmes/{programme.id}/audio",
    )


def mark_running(session: Session, job: Job) -> None:
    job.state = "running"
    job.attempts += 1
    job.started_at = job.heartbeat_at = utcnow()
    job.error = None
