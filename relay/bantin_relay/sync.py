"""`bantin-relay sync`: send queued receipts, ask what is new (ETag), fetch each new programme into a partial
file (resuming after a cut), verify its SHA-256, rename it into place, delete what is past keeping."""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from pathlib import Path
from typing import Any

from bantin_relay import config as config_mod
from bantin_relay import decide, store
from bantin_relay.client import Server, Unreachable
from bantin_relay.config import Config

STATE = "state.json"
PART = ".part"


def state_path(config: Config) -> Path:
    return config.folder / STATE


def journal(config: Config) -> store.Journal:
    return store.Journal(config.folder / "receipts")


def server_for(config: Config) -> Server:
    return Server(config.server, config_mod.token(config), config.timeout_s)


def on_disk(config: Config) -> dict[str, int]:
    """Complete programmes (verified before they were renamed into place) and their sizes."""
    folder = config.programmes
    return {p.stem: p.stat().st_size for p in folder.glob("*.mp3")} if folder.is_dir() else {}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def queue_receipt(config: Config, programme_id: str, kind: str, at: float) -> None:
    # `downloaded` once per programme, whatever happens; `played` once per start.
    key = f"d-{programme_id}" if kind == "downloaded" else f"p-{programme_id}-{int(at)}"
    journal(config).add({"key": key, "programme_id": programme_id, "kind": kind,
                          "at": decide.iso(at, "milliseconds")})


def send_receipts(config: Config, server: Server) -> tuple[int, str | None]:
    """Send what the journal holds, oldest first; stop at the first failure (the link is down)."""
    sent, spool = 0, journal(config)
    for receipt in spool.pending():
        try:
            server.receipt(receipt)
        except Unreachable as exc:
            return sent, str(exc)
        spool.done(receipt["key"])
        sent += 1
    return sent, None


def fetch(config: Config, server: Server, programme: dict[str, Any]) -> dict[str, Any]:
    """One programme into place, verified; one new full download when the check fails."""
    final = config.programmes / f"{programme['id']}.mp3"
    part = final.with_name(final.name + PART)
    resumed, tries = False, 0
    while True:
        tries += 1
        got = server.download(programme["url"], part, int(programme["size_bytes"]))
        resumed = resumed or got.resumed_from > 0
        if part.stat().st_size == int(programme["size_bytes"]) and sha256_file(part) == programme["sha256"]:
            break
        part.unlink()  # a wrong byte somewhere, before or after a cut: start again from nothing
        if tries >= 2:
            return {"id": programme["id"], "verified": False, "resumed": resumed, "retried": True}
    os.replace(str(part), str(final))
    store.fsync_dir(final.parent)
    queue_receipt(config, programme["id"], "downloaded", time.time())
    return {"id": programme["id"], "verified": True, "resumed": resumed, "retried": tries > 1}


def run(config: Config, server: Server | None = None) -> dict[str, Any]:
    """One sync; returns the report printed as one JSON line (`ok` false when the server could not be
    reached or a programme could not be fetched)."""
    with store.exclusive(config.folder / "sync.lock", wait=False) as mine:
        if not mine:
            return {"ok": True, "skipped": "another sync is running"}
        return _run(config, server or server_for(config))


def _run(config: Config, server: Server) -> dict[str, Any]:
    config.programmes.mkdir(parents=True, exist_ok=True)
    for folder in (config.folder, config.programmes, journal(config).folder):  # what a kill left half written
        store.sweep_tmp(folder)
    state = store.read_json(state_path(config), {})
    now = time.time()
    report: dict[str, Any] = {"ok": True, "not_modified": False, "fetched": [], "resumed": [], "verified": [],
                              "retried": [], "failed": [], "deleted": [], "over_quota": [], "receipts_sent": 0,
                              "error": None}
    sent, error = send_receipts(config, server)
    report["receipts_sent"] += sent
    try:
        listing = server.listing(etag=state.get("etag") if "programmes" in state else None,
                                 since=decide.iso(now - config.keep_days * 86400))
    except Unreachable as exc:
        listing, error = None, str(exc)
    if listing is not None:
        report["not_modified"] = listing.status == 304
        if listing.programmes is not None:
            state.update(etag=listing.etag, programmes=listing.programmes)
        if listing.clock_offset_s is not None:
            state["clock_offset_s"] = listing.clock_offset_s
        state_written(config, state)  # the listing is safe before any download starts
    programmes = state.get("programmes", [])
    todo = decide.plan(programmes, on_disk(config), now=now, keep_s=config.keep_days * 86400,
                       quota=config.quota_bytes)
    for programme_id in todo.delete:
        with contextlib.suppress(FileNotFoundError):
            (config.programmes / f"{programme_id}.mp3").unlink()
        report["deleted"].append(programme_id)
    wanted = {p["id"] for p in programmes}
    for part in config.programmes.glob("*" + PART):  # partial files of programmes no longer listed
        if part.name[: -len(".mp3" + PART)] not in wanted:
            part.unlink()
    report["over_quota"] = todo.over_quota
    if listing is not None:
        for programme in todo.fetch:
            try:
                done = fetch(config, server, programme)
            except Unreachable as exc:
                error = str(exc)
                break
            report["fetched"].append(done["id"])
            for flag in ("resumed", "verified", "retried"):
                if done[flag]:
                    report[flag].append(done["id"])
            if not done["verified"]:
                report["failed"].append(done["id"])
        sent, late_error = send_receipts(config, server)
        report["receipts_sent"] += sent
        error = error or late_error
    store.fsync_dir(config.programmes)
    report["receipts_queued"] = len(journal(config).pending())
    report["ok"] = error is None and not report["failed"]
    report["error"] = error
    state.update(last_attempt=decide.iso(now), last_error=error)
    if listing is not None:
        state["last_sync"] = decide.iso(now)
    state_written(config, state)
    return report


def state_written(config: Config, state: dict[str, Any]) -> None:
    store.write_json(state_path(config), state)
