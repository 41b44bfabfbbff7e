"""Upgrade after fallback: a slot programme whose parts a fallback engine spoke (the network voice was
throttled or away when it was built) is built again while there is time before air; where the first
engine now speaks those parts, the better programme replaces the first and relays fetch it again.
The decisions are pure functions; the rebuild lives with the other broadcast work (`broadcast_job`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from service.settings import Settings


def fallback_parts(sidecar: dict[str, Any], primary: str) -> int:
    """Spoken parts of a programme in which any engine other than the first of the chain spoke."""
    return sum(1 for s in sidecar.get("segments", [])
               if s.get("kind") == "speech" and s.get("engine")
               and any(engine != primary for engine in str(s["engine"]).split(",")))


def last_chance(air_at: datetime, settings: Settings) -> datetime:
    """The last moment a better programme may replace the one built: relays need time to fetch it."""
    aware = air_at if air_at.tzinfo else air_at.replace(tzinfo=UTC)
    return aware - timedelta(seconds=settings.upgrade_margin_s)


def worth_trying(fallbacks: int, now: datetime, air_at: datetime, settings: Settings) -> bool:
    return fallbacks > 0 and now < last_chance(air_at, settings)


def better(before: int, after: int) -> bool:
    """Publish the rebuilt programme only when fewer parts are in the fallback voice."""
    return after < before
