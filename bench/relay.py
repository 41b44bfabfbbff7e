"""Relay delivery: 500 relay boxes fetch the latest 5 MB programme at once over loopback, each checking its
SHA-256. bantin's API alone, and bantin handing the bytes to nginx (X-Accel-Redirect), against nginx
serving the same file as a static file, all in one run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench.procs import ROOT, api, environment, tokens, wait_http
from bench.table import Row

CLIENTS = int(os.environ.get("BENCH_RELAY_CLIENTS", "500"))
SIZE_BYTES = 5_000_000


def programme(data: Path, station_id: str, commune_id: str) -> tuple[str, str]:
    """A real 5 MB MP3 (48 kbps mono, as the loudspeaker profile makes), published to commune Ân Hòa."""
    from service.db import session_scope
    from service.models import Broadcast, Recording
    from service.storage import get_storage, sha256_of
    from workers.audio import ffmpeg

    mp3 = data / "latest.mp3"
    seconds = SIZE_BYTES / 6000
    ffmpeg.run(["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds:.0f}", "-ac", "1", "-ar", "24000",
                "-c:a", "libmp3lame", "-b:a", "48k", str(mp3)])
    key = "programmes/bench-latest.mp3"
    get_storage().put_file(key, mp3)
    digest = sha256_of(mp3)
    now = datetime.now(UTC)
    with session_scope() as session:
        row = Recording(audio_key=key, duration_s=seconds, size_bytes=mp3.stat().st_size, sha256=digest,
                        integrated_lufs=-16.0, true_peak_db=-1.5, loudness_range_lu=3.0, sidecar={})
        session.add(row)
        session.flush()
        broadcast = Broadcast(station_id=station_id, commune_id=commune_id, air_date=now.date(), air_at=now,
                              state="ready", programme_id=row.id, article_ids=[])
        session.add(broadcast)
        session.flush()
        return broadcast.id, digest


def clients(url: str, digest: str, token: str | None) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "bench.relay_client", url, str(CLIENTS), digest, token or ""],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    return dict(json.loads(out))


def nginx_binary() -> str:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).exists():
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx-light"], check=True, capture_output=True)
    return found


def run() -> dict[str, dict[str, float]]:
    from service.nginx import ACCEL_PREFIX, nginx_config
    from service.settings import get_settings

    results: dict[str, dict[str, float]] = {}
    with environment(BANTIN_LOG_LEVEL="warning") as data, tempfile.TemporaryDirectory() as run_dir:
        who = tokens()
        broadcast, digest = programme(data, who["station_id"], who["commune_id"])
        path = f"/api/v1/relay/programmes/{broadcast}/audio"
        with api(8771, data) as base:
            results["bantin"] = clients(base + path, digest, who["relay"])
        os.environ["BANTIN_ACCEL_REDIRECT"] = ACCEL_PREFIX
        with api(8772, data) as _:
            conf = Path(run_dir) / "nginx.conf"
            audio = get_settings().audio_root
            static = f"server {{ listen 127.0.0.1:8774; location /static/ {{ alias {audio}/; }} }}"
            conf.write_text(nginx_config(listen="127.0.0.1:8773", api="127.0.0.1:8772", audio_dir=audio,
                                         run_dir=Path(run_dir), extra=static,
                                         main=("user root;\n" if os.geteuid() == 0 else "")
                                         + "worker_rlimit_nofile 16384;"))
            nginx = subprocess.Popen([nginx_binary(), "-c", str(conf), "-g", "daemon off;"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                wait_http("http://127.0.0.1:8773/health")
                results["accel"] = clients(f"http://127.0.0.1:8773{path}", digest, who["relay"])
                results["nginx"] = clients("http://127.0.0.1:8774/static/programmes/bench-latest.mp3", digest, None)
            finally:
                nginx.terminate()
                nginx.wait(timeout=20)
    return results


def rows() -> list[Row]:
    r = run()
    print(json.dumps({k: {**v, "errors": v.get("errors")} for k, v in r.items()}), file=sys.stderr)
    mbps = {name: v["bytes"] / v["seconds"] / 1e6 for name, v in r.items()}
    good = {name: f"{v['good']:.0f}/{CLIENTS}" for name, v in r.items()}
    return [
        Row(f"relay: nginx static, {CLIENTS} clients x 5 MB ({good['nginx']} ok)", mbps["nginx"],
            "nginx static (itself)", mbps["nginx"], "MB/s", "baseline"),
        Row(f"relay: bantin API alone ({good['bantin']} checksums ok)", mbps["bantin"], "nginx static, same run",
            mbps["nginx"], "MB/s", "ratio >= 0.5, all ok"),
        Row(f"relay: bantin + nginx X-Accel ({good['accel']} ok)", mbps["accel"], "nginx static, same run",
            mbps["nginx"], "MB/s", "ratio >= 0.5, all ok"),
    ]


if __name__ == "__main__":
    from bench.table import render

    print(render(rows()))
