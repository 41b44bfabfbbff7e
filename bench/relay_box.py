"""Relay boxes polling: 500 boxes' `bantin-relay sync` with nothing new (the one request such a sync makes: the
listing with its ETag, answered 304) against one API process, beside the same number of `GET /health` in the
same run: requests a second, p99, and the API process's CPU per request; from that, what a fleet of 500 boxes
polling every minute costs the server in one core."""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import httpx

from bench.procs import ROOT, environment, stop, tokens, wait_http
from bench.table import Row

BOXES = int(os.environ.get("BENCH_RELAY_BOXES", "500"))
ROUNDS = 4  # each box syncs this many times (a new connection each, as the agent makes)
FLEET_POLLS_PER_S = 500 / 60  # 500 boxes, once a minute
PORT = 8776


def listing(station_id: str, commune_id: str) -> None:
    """A week of programmes for the commune (two slots a day), as a box sees on an ordinary day."""
    from service.db import session_scope
    from service.models import Broadcast, Recording

    now = datetime.now(UTC)
    with session_scope() as session:
        for n in range(14):
            air = now - timedelta(days=6) + timedelta(hours=12 * n)
            recording = Recording(audio_key=f"programmes/bench-{n}.mp3", duration_s=600, size_bytes=3_600_000,
                                  sha256=f"{n:064x}", integrated_lufs=-16.0, true_peak_db=-1.5,
                                  loudness_range_lu=3.0, sidecar={})
            session.add(recording)
            session.flush()
            session.add(Broadcast(station_id=station_id, commune_id=commune_id, air_date=air.date(), air_at=air,
                                  state="ready", programme_id=recording.id, article_ids=[]))


@contextmanager
def api(logdir: Path) -> Iterator[tuple[str, int]]:
    """One API process (uvicorn, one worker); yields its URL and pid."""
    log = (logdir / "api-relay-box.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "service.main:app", "--port", str(PORT),
                             "--log-level", "warning", "--no-access-log"], env=dict(os.environ), cwd=ROOT,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{PORT}"
    try:
        wait_http(f"{base}/health")
        yield base, proc.pid
    finally:
        stop(proc)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


async def one(port: int, request: bytes, expect: int, latencies: list[float]) -> None:
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    answer = await reader.read()
    writer.close()
    if int(answer.split(b" ", 2)[1]) != expect:
        raise RuntimeError(answer[:200].decode(errors="replace"))
    latencies.append(time.perf_counter() - start)


async def box(port: int, request: bytes, expect: int, latencies: list[float]) -> None:
    for _ in range(ROUNDS):
        await asyncio.wait_for(one(port, request, expect, latencies), timeout=60)


def load(pid: int, request: bytes, expect: int) -> dict[str, float]:
    """BOXES at once, each ROUNDS requests; requests a second, p99, and the API's CPU per request."""
    latencies: list[float] = []

    async def all_boxes() -> list[object]:
        return await asyncio.gather(*(box(PORT, request, expect, latencies) for _ in range(BOXES)),
                                    return_exceptions=True)

    cpu, start = cpu_seconds(pid), time.perf_counter()
    results = asyncio.run(all_boxes())
    elapsed, used = time.perf_counter() - start, cpu_seconds(pid) - cpu
    errors = [r for r in results if isinstance(r, BaseException)]
    if errors:
        raise RuntimeError(f"{len(errors)} boxes failed: {errors[0]!r}")
    return {"rps": len(latencies) / elapsed, "p99_ms": statistics.quantiles(latencies, n=100)[98] * 1000,
            "cpu_ms": used / len(latencies) * 1000}


def run() -> dict[str, dict[str, float]]:
    with environment(BANTIN_LOG_LEVEL="warning") as data:
        who = tokens()
        listing(who["station_id"], who["commune_id"])
        with api(data) as (base, pid):
            # Exactly what `bantin-relay sync` sends when it has synced before (its `since` is keep_days back).
            since = quote((datetime.now(UTC) - timedelta(days=2)).isoformat(timespec="seconds"))
            path = f"/api/v1/relay/programmes?since={since}"
            auth = {"Authorization": f"Bearer {who['relay']}"}
            first = httpx.get(base + path, headers=auth)
            assert first.status_code == 200 and len(first.json()) >= 4, first.text
            sync = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{PORT}\r\nAccept-Encoding: identity\r\n"
                    f"Authorization: Bearer {who['relay']}\r\nUser-Agent: bantin-relay/0.1\r\n"
                    f"If-None-Match: {first.headers['etag']}\r\nConnection: close\r\n\r\n").encode()
            health = f"GET /health HTTP/1.1\r\nHost: 127.0.0.1:{PORT}\r\nConnection: close\r\n\r\n".encode()
            load(pid, health, 200)  # warm-up: imports, connection pool, first queries
            return {"health": load(pid, health, 200), "sync": load(pid, sync, 304)}


def rows() -> list[Row]:
    r = run()
    fleet = {k: FLEET_POLLS_PER_S * v["cpu_ms"] / 1000 * 100 for k, v in r.items()}
    same = "GET /health, same run"
    return [
        Row(f"relay box: {BOXES} syncs, nothing new (304)", r["sync"]["rps"], same, r["health"]["rps"], "req/s",
            "report"),
        Row("relay box: sync p99", r["sync"]["p99_ms"], same, r["health"]["p99_ms"], "ms", "report"),
        Row("relay box: API CPU per sync", r["sync"]["cpu_ms"], same, r["health"]["cpu_ms"], "ms", "report"),
        Row("relay box: 500 boxes every minute", fleet["sync"], "the same rate of GET /health", fleet["health"],
            "%core", "value < 10"),
    ]


if __name__ == "__main__":
    from bench.table import render

    print(render(rows()))
