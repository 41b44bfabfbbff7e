"""`bantin-relay play`: the box's on-air loop. A background thread syncs every `poll_s` (so an emergency
bulletin arrives within that); the main loop starts each programme at its air time through the player command,
from disk, with or without a link, and queues a `played` receipt with the actual start time."""

from __future__ import annotations

import json
import signal
import subprocess
import threading
import time
from typing import Any

from bantin_relay import decide, store
from bantin_relay import sync as sync_mod
from bantin_relay.config import Config

PLAYED = "played.json"
TICK_S = 0.5  # how often the loop looks at the clock and the listing


def say(event: str, **fields: Any) -> None:
    print(json.dumps({"event": event, "at": decide.iso(time.time()), **fields}, ensure_ascii=False), flush=True)


class Stop(Exception):
    pass


def _stop(signum: int, frame: object) -> None:
    raise Stop()


def syncing(config: Config, stop: threading.Event) -> None:
    """Sync now and then every `poll_s` until told to stop; a failed sync is reported and tried again."""
    while not stop.is_set():
        try:
            report = sync_mod.run(config)
            if report.get("fetched") or report.get("deleted") or not report.get("ok", True):
                say("sync", **report)
        except Exception as exc:  # noqa: BLE001 - the box keeps playing whatever goes wrong with a sync
            say("sync", ok=False, error=repr(exc))
        stop.wait(config.poll_s)


def run(config: Config, *, sync: bool = True) -> int:
    signal.signal(signal.SIGTERM, _stop)
    stop = threading.Event()
    if sync:
        threading.Thread(target=syncing, args=(config, stop), daemon=True).start()
    played: dict[str, str] = store.read_json(config.folder / PLAYED, {})
    player: subprocess.Popen[bytes] | None = None
    current: dict[str, Any] | None = None
    say("play", dir=str(config.folder), emergency=config.emergency)
    try:
        while True:
            now = time.time()
            listing = store.read_json(sync_mod.state_path(config), {}).get("programmes", [])
            waiting = decide.due(listing, set(sync_mod.on_disk(config)), set(played), now=now, late_s=config.late_s)
            if player is not None and player.poll() is not None:
                say("ended", id=current["id"] if current else None, code=player.returncode)
                player, current = None, None
            if player is not None and current is not None and not current.get("emergency") and waiting \
                    and waiting[0].get("emergency") and config.emergency == "interrupt":
                _end(player)
                say("interrupted", id=current["id"], by=waiting[0]["id"])
                played.pop(current["id"], None)  # it airs again after the bulletin, if still in time
                store.write_json(config.folder / PLAYED, played)
                player, current = None, None
            if player is None and waiting:
                current = waiting[0]
                path = config.programmes / f"{current['id']}.mp3"
                started = time.time()
                try:
                    player = subprocess.Popen(config.player_argv(path))
                except OSError as exc:
                    say("player_failed", id=current["id"], error=str(exc))
                    player = None
                played = {k: v for k, v in played.items() if k in {p["id"] for p in listing}}  # forget the old
                played[current["id"]] = decide.iso(started)
                store.write_json(config.folder / PLAYED, played)
                if player is not None:
                    sync_mod.queue_receipt(config, current["id"], "played", started)
                    say("playing", id=current["id"], air_at=current["air_at"], emergency=bool(current.get("emergency")))
            time.sleep(TICK_S)
    except (Stop, KeyboardInterrupt):
        return 0
    finally:
        stop.set()
        if player is not None:
            _end(player)


def _end(player: subprocess.Popen[bytes]) -> None:
    player.terminate()
    try:
        player.wait(timeout=5)
    except subprocess.TimeoutExpired:
        player.kill()
        player.wait()


