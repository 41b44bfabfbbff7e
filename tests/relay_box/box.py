"""Helpers for the relay box tests: programmes published straight into the database and storage (a real MP3,
served by the real API), the agent run as a subprocess, and a player script that records what it was given."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, Accounts

# The box's Python: RELAY_BOX_PYTHON (e.g. a python3.9, the oldest a box runs), else this one. -S: no
# site-packages, so the agent has the standard library and itself, as on a box.
AGENT = [os.environ.get("RELAY_BOX_PYTHON") or sys.executable, "-S", "-m", "bantin_relay"]

# The player: appends what it was given and when, then "plays" for a moment (or until killed).
PLAYER = '''import hashlib, json, sys, time
log, path, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
with open(log, "a") as f:
    f.write(json.dumps({"file": path, "at": time.time(),
                        "sha256": hashlib.sha256(open(path, "rb").read()).hexdigest()}) + "\\n")
time.sleep(seconds)
'''


def agent_env() -> dict[str, str]:
    # The box has only the standard library and the agent: no site-packages of bantin's own environment.
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT / "relay"),
            "PYTHONNOUSERSITE": "1", "LANG": "C.UTF-8"}


def agent(box: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*AGENT, *args, "--dir", str(box)], capture_output=True, text=True, timeout=timeout,
                          env=agent_env(), cwd=box.parent)


def report(box: Path, *args: str, timeout: float = 120) -> tuple[int, dict[str, Any]]:
    """Run one command; its exit code and the one JSON line it printed."""
    done = agent(box, *args, timeout=timeout)
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, (done.stdout, done.stderr)
    return done.returncode, json.loads(lines[0])


def init(box: Path, server: str, token: str, **options: str) -> dict[str, Any]:
    extra = [a for k, v in options.items() for a in (f"--{k.replace('_', '-')}", v)]
    code, out = report(box, "init", "--server", server, "--token", token, *extra)
    assert code == 0 and out["ok"], out
    return out


def player(tmp_path: Path, seconds: float = 1.0) -> tuple[str, Path]:
    """A player command for `init --player`, and the file where it records each start."""
    script, log = tmp_path / "player.py", tmp_path / "played.jsonl"
    script.write_text(PLAYER)
    return f"{sys.executable} {script} {log} {{file}} {seconds}", log


def plays(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def mp3(folder: Path, seconds: float) -> tuple[Path, str, int]:
    """A real MP3 (48 kbps mono, as the loudspeaker profile makes) of `seconds`."""
    from service.storage import sha256_of
    from workers.audio import ffmpeg

    path = folder / f"tone-{seconds:g}.mp3"
    if not path.exists():
        ffmpeg.run(["-f", "lavfi", "-i", f"sine=frequency=660:duration={seconds:g}", "-ac", "1", "-ar", "24000",
                    "-c:a", "libmp3lame", "-b:a", "48k", str(path)])
    return path, sha256_of(path), path.stat().st_size


def publish(accounts: Accounts, folder: Path, *, air_in_s: float, seconds: float = 20,
            commune: str = "Ân Hòa", emergency_article: str | None = None) -> dict[str, Any]:
    """A commune's programme, built and ready: its recording in storage and its broadcast row."""
    from service.db import session_scope
    from service.models import Broadcast, Recording
    from service.storage import get_storage

    path, digest, size = mp3(folder, seconds)
    air = datetime.now(UTC) + timedelta(seconds=air_in_s)
    with session_scope() as session:
        recording = Recording(audio_key=f"programmes/test-{time.monotonic_ns()}.mp3", duration_s=seconds,
                              size_bytes=size, sha256=digest, integrated_lufs=-16.0, true_peak_db=-1.5,
                              loudness_range_lu=3.0, sidecar={})
        get_storage().put_file(recording.audio_key, path)
        session.add(recording)
        session.flush()
        broadcast = Broadcast(station_id=accounts.station_id, commune_id=accounts.communes[commune],
                              air_date=air.date(), air_at=air, state="ready", programme_id=recording.id,
                              article_ids=[], emergency_article_id=emergency_article)
        session.add(broadcast)
        session.flush()
        return {"id": broadcast.id, "sha256": digest, "size": size, "air_at": air.timestamp()}


def receipts(broadcast_id: str | None = None) -> list[tuple[str, str, float]]:
    """(broadcast, kind, at) of every receipt the server recorded."""
    from sqlalchemy import select

    from service.db import session_scope
    from service.models import Receipt

    with session_scope() as session:
        rows = session.scalars(select(Receipt).order_by(Receipt.id))
        return [(r.broadcast_id, r.kind, (r.at if r.at.tzinfo else r.at.replace(tzinfo=UTC)).timestamp())
                for r in rows if broadcast_id in (None, r.broadcast_id)]


def sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(box: Path) -> list[str]:
    """Temporary and partial files anywhere in the box's folder."""
    return sorted(str(p.relative_to(box)) for p in box.rglob("*") if p.name.endswith((".tmp", ".part")))


def iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat()
