"""The box's decisions as pure functions of the listing, what is on disk and the time: what to fetch, what
to delete, what to play now. Times are seconds since the epoch; programmes are the server's listing rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

Programme = dict[str, Any]


def epoch(iso: str) -> float:
    """An ISO time from the server; one without a zone is UTC (SQLite keeps none)."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp()


def iso(seconds: float, timespec: str = "seconds") -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec=timespec)


def _order(programme: Programme) -> tuple[bool, float]:
    """Emergency bulletins first, then by air time."""
    return (not programme.get("emergency", False), epoch(programme["air_at"]))


@dataclass
class Plan:
    fetch: list[Programme] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    over_quota: list[str] = field(default_factory=list)  # wanted, but not fetched: the disk quota is full


def plan(listing: list[Programme], on_disk: dict[str, int], *, now: float, keep_s: float, quota: int) -> Plan:
    """Keep what airs later and what aired less than `keep_s` ago, within `quota` bytes: when the disk is short,
    what is still to air (emergencies first) comes before what aired, and of what aired the newest first."""
    wanted = [p for p in listing if epoch(p["air_at"]) + keep_s > now]
    upcoming = sorted((p for p in wanted if p.get("emergency") or epoch(p["air_at"]) >= now), key=_order)
    aired = sorted((p for p in wanted if p not in upcoming), key=lambda p: -epoch(p["air_at"]))
    out = Plan(delete=sorted(set(on_disk) - {p["id"] for p in wanted}))
    used = 0
    for p in upcoming + aired:
        size = on_disk.get(p["id"], int(p["size_bytes"]))
        if used + size > quota:
            (out.delete if p["id"] in on_disk else out.over_quota).append(p["id"])
            continue
        used += size
        if p["id"] not in on_disk:
            out.fetch.append(p)
    out.fetch.sort(key=_order)
    return out


def due(listing: list[Programme], on_disk: set[str], played: set[str], *, now: float,
        late_s: float) -> list[Programme]:
    """What should be on air now: aired at most `late_s` ago, on disk, not played; emergencies first."""
    return sorted((p for p in listing if p["id"] in on_disk and p["id"] not in played
                   and 0 <= now - epoch(p["air_at"]) <= late_s), key=_order)


def next_up(listing: list[Programme], played: set[str], *, now: float) -> Programme | None:
    """The next programme to air (not played yet, air time still ahead)."""
    ahead = [p for p in listing if p["id"] not in played and epoch(p["air_at"]) > now]
    return min(ahead, key=lambda p: epoch(p["air_at"])) if ahead else None
