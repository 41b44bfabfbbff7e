"""`bantin-relay status`: what the box knows, from its files alone (no network)."""

from __future__ import annotations

import time
from typing import Any

from bantin_relay import decide, store
from bantin_relay import sync as sync_mod
from bantin_relay.config import Config
from bantin_relay.play import PLAYED

CLOCK_WARN_S = 30.0


def warnings(state: dict[str, Any], queued: int, now: float, poll_s: float) -> list[str]:
    out = []
    offset = state.get("clock_offset_s")
    if offset is not None and abs(offset) > CLOCK_WARN_S:
        out.append(f"clock is {offset:+.0f} s off the server's: programmes air at the wrong time (check NTP)")
    if not state.get("last_sync"):
        out.append("never synced with the server")
    elif now - decide.epoch(state["last_sync"]) > max(3 * poll_s, 600):
        out.append(f"last successful sync at {state['last_sync']}: {state.get('last_error') or 'not run since'}")
    if queued:
        out.append(f"{queued} receipt(s) waiting to be sent")
    return out


def report(config: Config) -> dict[str, Any]:
    now = time.time()
    state = store.read_json(sync_mod.state_path(config), {})
    played = store.read_json(config.folder / PLAYED, {})
    disk = sync_mod.on_disk(config)
    queued = len(sync_mod.journal(config).pending())
    upcoming = decide.next_up(state.get("programmes", []), set(played), now=now)
    return {
        "last_sync": state.get("last_sync"), "last_attempt": state.get("last_attempt"),
        "last_error": state.get("last_error"),
        "next_programme": None if upcoming is None else {
            "id": upcoming["id"], "title": upcoming.get("title"), "air_at": upcoming["air_at"],
            "on_disk": upcoming["id"] in disk},
        "programmes_on_disk": len(disk), "disk_bytes": sum(disk.values()), "quota_bytes": config.quota_bytes,
        "queued_receipts": queued, "clock_offset_s": state.get("clock_offset_s"),
        "warnings": warnings(state, queued, now, config.poll_s),
    }
