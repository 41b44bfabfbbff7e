"""Database tables: the source of truth for articles, jobs and programmes (the queue carries only ids)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


def seconds_since(moment: datetime) -> float:
    """SQLite hands back naive datetimes; every time bantin stores is UTC."""
    return (utcnow() - (moment if moment.tzinfo else moment.replace(tzinfo=UTC))).total_seconds()


class Base(DeclarativeBase):
    # Named constraints, so migrations can alter them on PostgreSQL and SQLite alike.
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s", "fk": "fk_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
    })


class Station(Base):
    __tablename__ = "stations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    template: Mapped[str] = mapped_column(String(64), default="house")
    voice_set: Mapped[str] = mapped_column(String(64), default="default")
    # False: a programme with parts in the robot voice cannot be approved, even with the approver's word.
    allow_robot_voice: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # When only espeak-ng could speak parts of a scheduled programme: "warn" (publish it, marked) or "hold"
    # (keep it from relays until staff release it or the voice upgrade replaces those parts).
    robot_voice_policy: Mapped[str] = mapped_column(String(8), default="warn", server_default="warn")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Commune(Base):
    __tablename__ = "communes"
    __table_args__ = (UniqueConstraint("station_id", "name"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"), index=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # admin | editor | approver | relay
    password_hash: Mapped[str | None] = mapped_column(String(300))
    commune_id: Mapped[str | None] = mapped_column(ForeignKey("communes.id", ondelete="CASCADE"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ApiToken(Base):
    """A bearer token; only its SHA-256 is stored, so a database leak gives no usable token."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="api")  # api | session | feed
    csrf_token: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(100))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LoginFailure(Base):
    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class AuditEntry(Base):
    """Who did what to an article, and when: the approval trail Thông tư 39 asks stations to keep."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    username: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int | None] = mapped_column(Integer)  # the article's version after the action
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    station_id: Mapped[str | None] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"), index=True)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    priority: Mapped[str] = mapped_column(String(16), default="normal")
    targets: Mapped[list[str] | None] = mapped_column(JSON)  # commune ids; None means every commune
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_programme_id: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(String(500))
    source_text: Mapped[str] = mapped_column(Text)
    script: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # one more at every save
    approved_version: Mapped[int | None] = mapped_column(Integer)  # what the approver heard is what airs
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class ArticleVersion(Base):
    """A saved state of an article: its script and settings, who saved it, when and why (create, edit, merge,
    restore). Nothing a person saved is ever lost."""

    __tablename__ = "article_versions"
    __table_args__ = (UniqueConstraint("article_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(String(500))
    script: Mapped[dict[str, Any]] = mapped_column(JSON)
    priority: Mapped[str] = mapped_column(String(16))
    targets: Mapped[list[str] | None] = mapped_column(JSON)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    username: Mapped[str | None] = mapped_column(String(100))
    why: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


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
    # Refreshed while a worker works on the job; a stale one means the work was lost (see recovery).
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When its pieces must be spoken by: a piece stops waiting for a network voice only to meet it.
    deadline: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
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


class Recording(Base):
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
    __table_args__ = (UniqueConstraint("station_id", "term"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    station_id: Mapped[str | None] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"), index=True)
    term: Mapped[str] = mapped_column(String(100))
    spoken: Mapped[str] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class TemplateFile(Base):
    """A station's own jingle, stinger or bed: uploaded, then checked and converted by a worker."""

    __tablename__ = "template_files"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    station_id: Mapped[str | None] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"), index=True)
    template: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending | ready | rejected
    error: Mapped[str | None] = mapped_column(Text)
    filename: Mapped[str | None] = mapped_column(String(255))
    upload_key: Mapped[str] = mapped_column(String(300))
    audio_key: Mapped[str | None] = mapped_column(String(300))
    duration_s: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Slot(Base):
    """A programme slot of a station: the morning or evening programme, prepared a lead time before air."""

    __tablename__ = "slots"
    __table_args__ = (UniqueConstraint("station_id", "name"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))  # an id ("morning"): stable, used in URLs and code
    title: Mapped[str] = mapped_column(String(120), default="", server_default="")  # "Bản tin sáng": what people see
    air_time: Mapped[str] = mapped_column(String(5))  # HH:MM, station time
    lead_minutes: Mapped[int] = mapped_column(Integer, default=30)
    max_minutes: Mapped[int] = mapped_column(Integer, default=15)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Broadcast(Base):
    """One commune's programme for one slot and day (or an emergency bulletin). The unique key makes
    two beat processes or a retried worker unable to build it twice."""

    __tablename__ = "broadcasts"
    __table_args__ = (UniqueConstraint("commune_id", "slot_id", "air_date"),
                      UniqueConstraint("commune_id", "emergency_article_id"))

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"), index=True)
    commune_id: Mapped[str] = mapped_column(ForeignKey("communes.id", ondelete="CASCADE"), index=True)
    slot_id: Mapped[str | None] = mapped_column(ForeignKey("slots.id", ondelete="CASCADE"))
    emergency_article_id: Mapped[str | None] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    air_date: Mapped[date] = mapped_column(Date)
    air_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # building | ready | held (robot-voice parts under the station's "hold" policy: not on relays) | empty | failed
    state: Mapped[str] = mapped_column(String(16), default="building")
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programmes.id", ondelete="SET NULL"))
    article_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    deferred_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When a rebuild replaced parts spoken by a fallback engine with the first engine's voice.
    voice_upgraded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The parts only espeak-ng could speak, each with where it starts, who it is and why the better
    # engines failed (service/robot_voice.py); empty when every part is in a better voice.
    robot_parts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Who aired a held programme anyway ("phát dù giọng máy"), and when.
    released_by: Mapped[str | None] = mapped_column(String(100))
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Receipt(Base):
    """A relay's report: it downloaded, or played, a programme."""

    __tablename__ = "receipts"
    # A box queues receipts while offline and may send one again when an answer was lost: its key makes the
    # second copy a no-op.
    __table_args__ = (UniqueConstraint("commune_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    broadcast_id: Mapped[str] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"), index=True)
    commune_id: Mapped[str] = mapped_column(ForeignKey("communes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # downloaded | played
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    key: Mapped[str | None] = mapped_column(String(64))  # the box's idempotency key
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WorkerHeartbeat(Base):
    """Each worker process writes here every few seconds; /ready says whether any worker is alive."""

    __tablename__ = "worker_heartbeats"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Counter(Base):
    """A monotonic counter that worker processes add to (TTS requests, retries, cache hits, render times);
    the API reads them all for /metrics, whichever host counted."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    labels: Mapped[str] = mapped_column(String(300), primary_key=True)  # canonical JSON of the label set
    value: Mapped[float] = mapped_column(Float, default=0.0)


class VoiceUsage(Base):
    """Characters a station sent to a paid cloud voice in one month (its local month): what the provider bills."""

    __tablename__ = "voice_usage"

    station_id: Mapped[str] = mapped_column(String(32), primary_key=True)  # "" for renders outside a station
    engine: Mapped[str] = mapped_column(String(32), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    chars: Mapped[int] = mapped_column(BigInteger, default=0)


class StationCredential(Base):
    """A station's own key for a paid cloud voice, encrypted with BANTIN_CREDENTIALS_KEY (Fernet); the API
    says only whether one is set, never what it is."""

    __tablename__ = "station_credentials"

    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"), primary_key=True)
    engine: Mapped[str] = mapped_column(String(32), primary_key=True)
    sealed: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class VoiceTrack(Base):
    """A staff member's own reading of one part of an article's script (a voice track): it replaces the synthetic
    voice for that part while the part's text is the text that was read (its SHA-256 is kept with it)."""

    __tablename__ = "voice_tracks"
    __table_args__ = (UniqueConstraint("article_id", "idx"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)  # the part's index in the script
    text_sha256: Mapped[str] = mapped_column(String(64))  # of the part's text when it was read
    audio_key: Mapped[str] = mapped_column(String(300))  # house-format WAV in storage, named by content
    duration_s: Mapped[float] = mapped_column(Float)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    username: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
