"""When a job's spoken pieces are due: the deadline that decides when a piece stops waiting for a network
voice (throttled, slow, failing) and the next engine speaks it instead.

A staff preview waits a little (`preview_wait_s`); a scheduled programme, built `slot_lead_minutes`
before air, may wait until `fallback_margin_s` before air, which leaves time to speak the rest offline
and assemble. Pure functions of the clock and the settings.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from service.settings import Settings


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite gives times back without the zone


def preview(now: datetime, settings: Settings) -> datetime:
    return now + timedelta(seconds=settings.preview_wait_s)


def programme(air_at: datetime, now: datetime, settings: Settings) -> datetime:
    """Before air by the margin; never before now, so that a late build (an emergency bulletin, a build
    resumed after air) still gives the network voice one try."""
    return max(_aware(now), _aware(air_at) - timedelta(seconds=settings.fallback_margin_s))


def seconds(deadline: datetime | None) -> float | None:
    """As time.time() counts, for the piece being spoken (`workers.tts.deadline`)."""
    if deadline is None:
        return None
    return _aware(deadline).timestamp()
