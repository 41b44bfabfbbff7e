"""Characters billed by the paid cloud voices, per station, engine and month, and the monthly cap that
makes the chain fall back to the next engine when a station's month is spent.

The check and the count are two steps, so pieces spoken side by side may pass the cap by the pieces in
flight (a few thousand characters): the cap is a budget guard, not an invoice.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from service.db import session_scope
from service.models import VoiceUsage
from service.settings import Settings


def month_of(moment: datetime, timezone: str) -> str:
    """The station's local month of a moment, YYYY-MM: a month starts at midnight in Vietnam, not in UTC."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m")


def parse_caps(text: str) -> dict[str, int]:
    """'fptai=2000000, google=1000000' -> {'fptai': 2000000, 'google': 1000000}; no entry, no cap."""
    caps: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        engine, _, number = item.partition("=")
        if not number.strip().isdigit():
            raise ValueError(f"BANTIN_CLOUD_MONTHLY_CAPS: {item!r} is not engine=characters")
        caps[engine.strip()] = int(number)
    return caps


def over_cap(used: int, chars: int, cap: int | None) -> bool:
    """Whether speaking `chars` more would pass the month's cap."""
    return cap is not None and used + chars > cap


def this_month(settings: Settings) -> str:
    return month_of(datetime.now(UTC), settings.timezone)


def used(station: str | None, engine: str, month: str) -> int:
    with session_scope() as session:
        return session.scalar(select(VoiceUsage.chars).where(
            VoiceUsage.station_id == (station or ""), VoiceUsage.engine == engine, VoiceUsage.month == month)) or 0


def refusal(settings: Settings, station: str | None, engine: str, chars: int) -> str | None:
    """Why the station may not spend `chars` more on engine this month, or None."""
    cap = parse_caps(settings.cloud_monthly_caps).get(engine)
    if cap is None:
        return None
    spent = used(station, engine, this_month(settings))
    if over_cap(spent, chars, cap):
        return f"this month's cap of {cap:,} characters is reached ({spent:,} used)"
    return None


def record(settings: Settings, station: str | None, engine: str, chars: int) -> None:
    """Add characters billed to the station's month, atomically (an upsert), whichever worker spoke."""
    with session_scope() as session:
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        stmt = insert(VoiceUsage).values(station_id=station or "", engine=engine, month=this_month(settings),
                                         chars=chars)
        session.execute(stmt.on_conflict_do_update(index_elements=["station_id", "engine", "month"],
                                                   set_={"chars": VoiceUsage.chars + chars}))


def month_use(settings: Settings, station: str | None, month: str | None = None) -> list[dict[str, object]]:
    """Each paid engine the station used, or has a cap for, this month: characters and cap."""
    month = month or this_month(settings)
    caps = parse_caps(settings.cloud_monthly_caps)
    with session_scope() as session:
        rows = {engine: chars for engine, chars in session.execute(select(VoiceUsage.engine, VoiceUsage.chars).where(
            VoiceUsage.station_id == (station or ""), VoiceUsage.month == month))}
    return [{"engine": engine, "month": month, "chars": rows.get(engine, 0), "cap": caps.get(engine)}
            for engine in sorted(set(rows) | set(caps))]
