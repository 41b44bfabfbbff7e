"""Database tables: the source of truth for articles, jobs and programmes (the queue carries only ids)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    title: Mapped[str | None] = mapped_column(String(500))
    source_text: Mapped[str] = mapped_column(Text)
    script: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Job(Base):
    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    programme_id: Mapped[str | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    assembling_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class JobPiece(Base):
    """One spoken piece of a render job: which engine spoke it and where its audio is (or why it failed)."""

    __tablename__ = "job_pieces"
    __table_args__ = (UniqueConstraint("job_id", "idx"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    engine: Mapped[str | None] = mapped_column(String(32))
    audio_key: Mapped[str | None] = mapped_column(String(300))
    cached: Mapped[bool] = mapped_column(Boolean, default=False)
    failures: Mapped[list[str]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Programme(Base):
    __tablename__ = "programmes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    article_id: Mapped[str | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    job_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    audio_key: Mapped[str] = mapped_column(String(300))
    duration_s: Mapped[float] = mapped_column(Float)
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    integrated_lufs: Mapped[float] = mapped_column(Float)
    true_peak_db: Mapped[float] = mapped_column(Float)
    loudness_range_lu: Mapped[float] = mapped_column(Float)
    sidecar: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LexiconEntry(Base):
    """A station's own pronunciation: a written term and how the announcer says it."""

    __tablename__ = "lexicon_entries"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    term: Mapped[str] = mapped_column(String(100), unique=True)
    spoken: Mapped[str] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class TemplateFile(Base):
    """A station's own jingle, stinger or bed: uploaded, then checked and converted by a worker."""

    __tablename__ = "template_files"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    template: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending | ready | rejected
    error: Mapped[str | None] = mapped_column(Text)
    filename: Mapped[str | None] = mapped_column(String(255))
    upload_key: Mapped[str] = mapped_column(String(300))
    audio_key: Mapped[str | None] = mapped_column(String(300))
    duration_s: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
