"""`bantin doctor`: check a deployment and say in plain words what is wrong and what to do."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from service.settings import Settings

Level = Literal["ok", "warn", "fail"]


@dataclass(frozen=True)
class Finding:
    check: str
    level: Level
    message: str


def _database(settings: Settings) -> tuple[Level, str]:
    from service.db import schema_revisions
    from service.health import check_database

    problem = check_database()
    if problem:
        return "fail", f"{problem}. Check BANTIN_DATABASE_URL and that the database server is running."
    current, head = schema_revisions()
    if current != head:
        return "fail", (f"the schema is at revision {current or 'none'}, the code needs {head}: "
                        "run `bantin api` or `bantin worker` once, which migrate it.")
    kind = settings.database_url.split(":", 1)[0]
    if kind.startswith("sqlite") and settings.environment == "production":
        return "warn", "SQLite in production: fine for one machine; several hosts need PostgreSQL."
    return "ok", f"{kind}, schema at revision {head}"


def _broker(settings: Settings) -> tuple[Level, str]:
    from service.health import check_broker

    problem = check_broker(settings)
    if problem:
        return "fail", f"{problem}. Check BANTIN_BROKER_URL and that Redis is running."
    if not settings.broker_url.startswith(("redis://", "rediss://")):
        if settings.environment == "production":
            return "warn", "the embedded SQLite broker in production: workers on other hosts cannot reach it."
        return "ok", "embedded SQLite broker"
    import redis

    client = redis.Redis.from_url(settings.broker_url, socket_timeout=3)
    try:
        policy = client.config_get("maxmemory-policy").get("maxmemory-policy")
        aof = client.config_get("appendonly").get("appendonly")
    except redis.RedisError:
        return "ok", "Redis (its configuration cannot be read with this account)"
    if policy != "noeviction":
        return "fail", (f"Redis evicts keys (maxmemory-policy {policy}): queued jobs can vanish. "
                        "Set maxmemory-policy noeviction.")
    if aof != "yes":
        return "warn", ("Redis keeps the queue only in memory (appendonly no): a Redis restart loses queued tasks "
                        "until the recovery sweep re-sends them. Turn on appendonly.")
    return "ok", "Redis, noeviction, append-only file on"


def _storage(settings: Settings) -> tuple[Level, str]:
    from service.storage import get_storage

    problem = get_storage(settings).check()
    if problem:
        return "fail", f"{problem}. Check BANTIN_STORAGE and its settings."
    if settings.storage == "local":
        free = shutil.disk_usage(settings.audio_root).free / 2**30
        if free < 2:
            return "warn", f"only {free:.1f} GB free under {settings.audio_root}: programmes may fail to save."
        return "ok", f"local folder {settings.audio_root}, {free:.0f} GB free"
    return "ok", f"bucket {settings.s3_bucket} at {settings.s3_endpoint_url or 'AWS'}"


def _workers(_: Settings) -> tuple[Level, str]:
    from service.health import check_workers

    problem = check_workers()
    return ("fail", problem) if problem else ("ok", "at least one worker answered in the last 45 seconds")


def _ffmpeg(_: Settings) -> tuple[Level, str]:
    from workers.audio import ffmpeg

    try:
        return "ok", ffmpeg.version()
    except ffmpeg.FfmpegError as exc:
        return "fail", f"ffmpeg does not run: {exc}. Reinstall the imageio-ffmpeg package."


def _voices(settings: Settings) -> tuple[Level, str]:
    from workers.tts import ENGINES, EngineError, get_engine

    unknown = [n for n in settings.engine_chain if n not in ENGINES]
    if unknown:
        return "fail", (f"BANTIN_ENGINES names engines that do not exist: {', '.join(unknown)} "
                        f"(known: {', '.join(ENGINES)}).")
    usable, notes = [], []
    for name in settings.engine_chain:
        try:
            ok, why = get_engine(name).available()
        except EngineError as exc:
            ok, why = False, str(exc)
        (usable.append(name) if ok else notes.append(f"{name}: {why}"))
    if not usable:
        return "fail", "no speech engine can speak: " + "; ".join(notes)
    if notes:
        return "warn", f"speaking with {', '.join(usable)}; not available: " + "; ".join(notes)
    return "ok", ", ".join(usable)


def _google(settings: Settings) -> tuple[Level, str]:
    if "gtts" not in settings.engine_chain:
        return "ok", "gTTS not in the engine chain"
    import requests

    try:
        requests.head(settings.gtts_base_url, timeout=(settings.gtts_connect_timeout_s, 5))
    except requests.RequestException as exc:
        fallback = [n for n in settings.engine_chain if n != "gtts"]
        then = f"{', '.join(fallback)} will speak instead" if fallback else "and there is no other voice: renders fail"
        return "warn", f"cannot reach {settings.gtts_base_url} ({exc.__class__.__name__}); {then}."
    return "ok", f"{settings.gtts_base_url} answers"


def _cloud_voices(settings: Settings) -> tuple[Level, str]:
    """One tiny request ("Xin chào.", 9 billed characters) per paid engine in the chain and per key: the
    installation's and each station's own. A failure is a warning: the next engine in the chain speaks."""
    from sqlalchemy import select

    from service.db import session_scope
    from service.models import Station, StationCredential
    from workers.tts import EngineError, get_engine
    from workers.tts.http import speaking_for
    from workers.tts.voices import profile_for

    paid = []
    for name in settings.engine_chain:
        try:
            if getattr(get_engine(name), "billed", False):
                paid.append(name)
        except EngineError:
            continue  # an unknown or uninstallable engine is the voices check's to report
    if not paid:
        return "ok", "no paid cloud voice in the engine chain"
    with session_scope() as session:
        own = session.execute(select(StationCredential.engine, Station.id, Station.name).join(
            Station, Station.id == StationCredential.station_id)).all()
    good, bad = [], []
    for name in paid:
        engine = get_engine(name)
        keys: list[tuple[str | None, str]] = [(sid, f"{name} ({station})") for e, sid, station in own if e == name]
        if engine.installation_secret(settings) or not keys:  # type: ignore[attr-defined]
            keys.insert(0, (None, name))
        for station_id, label in keys:
            try:
                with speaking_for(station_id):
                    engine.synthesize("Xin chào.", profile_for(name, "narrator").voice)
                good.append(label)
            except EngineError as exc:
                bad.append(f"{label}: {exc}")
    if bad:
        return "warn", "; ".join(bad) + (f" (working: {', '.join(good)})" if good else "")
    return "ok", "spoke one short sentence: " + ", ".join(good)


def _templates(settings: Settings) -> tuple[Level, str]:
    from service import running_order

    try:
        template = running_order.load(settings.templates_dir)
    except (OSError, KeyError, ValueError) as exc:
        return "fail", f"the audio template in {settings.templates_dir} cannot be read: {exc}"
    missing = [name for name in template.files if not template.file(name).is_file()]
    if missing:
        return "fail", f"template files missing: {', '.join(missing)}; run `make jingles`."
    return "ok", f"{len(template.files)} files in {settings.templates_dir}"


def _secrets(settings: Settings) -> tuple[Level, str]:
    if settings.environment == "production" and settings.admin_password and len(settings.admin_password) < 12:
        return "warn", "BANTIN_ADMIN_PASSWORD is shorter than 12 characters."
    return "ok", "nothing to report"


CHECKS: dict[str, Callable[[Settings], tuple[Level, str]]] = {
    "database": _database, "broker": _broker, "storage": _storage, "workers": _workers, "ffmpeg": _ffmpeg,
    "voices": _voices, "google": _google, "cloud-voices": _cloud_voices, "templates": _templates, "secrets": _secrets,
}


def diagnose(settings: Settings) -> list[Finding]:
    findings = []
    for name, check in CHECKS.items():
        try:
            level, message = check(settings)
        except Exception as exc:  # a check that breaks is itself a finding, never a crash
            level, message = "fail", f"the check itself failed: {exc.__class__.__name__}: {exc}"
        findings.append(Finding(name, level, message))
    return findings
