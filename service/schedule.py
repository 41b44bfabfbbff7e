"""Programme slots: which slots are due, and which approved articles go into a commune's programme."""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import Article, Broadcast, Commune, Receipt, Recording, Slot, Station, utcnow
from service.settings import Settings

PRIORITY_RANK = {"emergency": 0, "priority": 1, "normal": 2}
JINGLES_S = 20.0  # intro, ident, greeting, closing, outro: what a programme spends besides its articles


@cache
def _titles() -> dict[str, str]:
    return dict(tomllib.loads(resources.files("service").joinpath("data/slots.toml").read_text("utf-8"))["titles"])


def default_title(name: str) -> str:
    """What a slot is called in the station's words ("morning" → "Bản tin sáng")."""
    return _titles().get(name, f"Bản tin {name}")


def slot_title(slot: Slot | None) -> str:
    """A slot's display name; an emergency bulletin has no slot."""
    if slot is None:
        return default_title("emergency")
    return slot.title or default_title(slot.name)


def ensure_default_slots(session: Session, station: Station, settings: Settings) -> list[Slot]:
    """The station's slots; the default ones (morning 06:00, evening 17:00) when it has none yet."""
    slots = list(session.scalars(select(Slot).where(Slot.station_id == station.id)))
    if slots:
        return slots
    for spec in settings.default_slots.split(","):
        name, _, at = spec.strip().partition("=")
        session.add(Slot(station_id=station.id, name=name, title=default_title(name), air_time=at,
                         lead_minutes=settings.slot_lead_minutes, max_minutes=settings.slot_max_minutes, active=True))
    session.flush()
    return list(session.scalars(select(Slot).where(Slot.station_id == station.id)))


def air_at(slot: Slot, day: date, zone: str) -> datetime:
    hours, minutes = (int(x) for x in slot.air_time.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=ZoneInfo(zone))


def due(slot: Slot, now: datetime, zone: str) -> date | None:
    """The air date whose programme should be built now (inside the lead time before air), if any."""
    today = now.astimezone(ZoneInfo(zone)).date()
    for day in (today, today + timedelta(days=1)):
        at = air_at(slot, day, zone)
        if at - timedelta(minutes=slot.lead_minutes) <= now < at:
            return day
    return None


@dataclass
class Selection:
    chosen: list[Article]
    deferred: list[Article]


def estimated_seconds(session: Session, article: Article) -> float:
    programme = session.get(Recording, article.last_programme_id) if article.last_programme_id else None
    if programme is not None:
        return max(1.0, programme.duration_s - 8.0)  # a preview carries intro and outro
    return sum(len(s.get("spoken", "")) for s in article.script.get("segments", [])) / 14.0


def times_to_air(article: Article) -> int:
    """How many slots an article goes out in: once, or as often as a notice asks ("phát 02 lần/ngày")."""
    return max(1, int((article.script or {}).get("repeat") or 1))


def select_articles(session: Session, *, station_id: str, commune_id: str, max_minutes: int) -> Selection:
    """Approved articles for the commune not aired there yet (or not as often as a notice asks to be), by
    priority then approval time, within the slot's length; what does not fit waits for the next slot."""
    aired = Counter(a for b in session.scalars(select(Broadcast).where(Broadcast.commune_id == commune_id,
                                                                        Broadcast.state == "ready"))
                    for a in b.article_ids)
    candidates = [a for a in session.scalars(select(Article).where(
        Article.station_id == station_id, Article.status.in_(("approved", "scheduled", "published"))))
        if aired[a.id] < times_to_air(a) and (a.targets is None or commune_id in a.targets)]
    candidates.sort(key=lambda a: (PRIORITY_RANK.get(a.priority, 2), a.approved_at or a.created_at))
    budget = max_minutes * 60.0 - JINGLES_S
    chosen: list[Article] = []
    deferred: list[Article] = []
    for article in candidates:
        length = estimated_seconds(session, article)
        if length <= budget or (not chosen and article.priority == "emergency"):
            chosen.append(article)
            budget -= length
        else:
            deferred.append(article)
    return Selection(chosen, deferred)


def broadcast_rows(session: Session, station_id: str, limit: int = 300) -> list[dict[str, Any]]:
    """What staff see of the station's programmes: commune, slot, state, fetched, played, late."""
    now = utcnow()
    out = []
    for b in session.scalars(select(Broadcast).where(Broadcast.station_id == station_id)
                             .order_by(Broadcast.air_at.desc()).limit(limit)):
        kinds = {r.kind for r in session.scalars(select(Receipt).where(Receipt.broadcast_id == b.id))}
        commune = session.get(Commune, b.commune_id)
        slot = session.get(Slot, b.slot_id) if b.slot_id else None
        programme = session.get(Recording, b.programme_id) if b.programme_id else None
        air = b.air_at if b.air_at.tzinfo else b.air_at.replace(tzinfo=UTC)
        out.append({"id": b.id, "commune": commune.name if commune else "", "slot": slot_title(slot),
                    "air_at": air.isoformat(), "state": b.state, "articles": len(b.article_ids),
                    "deferred": len(b.deferred_ids), "downloaded": "downloaded" in kinds, "played": "played" in kinds,
                    "late": b.state == "ready" and air <= now and "downloaded" not in kinds, "error": b.error,
                    "voice_upgraded": b.voice_upgraded_at is not None,
                    "robot_parts": list(b.robot_parts or []), "held": b.state == "held",
                    "article_ids": list(b.article_ids),
                    "released_by": b.released_by,
                    "released_at": _aware(b.released_at).isoformat() if b.released_at else None,
                    "duration_s": programme.duration_s if programme else None,
                    "lufs": programme.integrated_lufs if programme else None})
    return out


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def local_time(at: datetime, zone: str, fmt: str = "%H:%M %d/%m/%Y") -> str:
    """A stored time as the station's staff read it: in their zone (SQLite hands back naive UTC)."""
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(zone)).strftime(fmt)
