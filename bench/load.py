"""Load: 50 articles submitted and rendered at once on 2 workers (real Redis, offline voice), while a
prober asks GET /health every 20 ms. All must complete, none lost; /health's p99 is compared with its p99
on the idle API in the same run."""

from __future__ import annotations

import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from bench.procs import api, environment, tokens, workers
from bench.table import Row

REDIS = "redis://127.0.0.1:6379/14"
RENDERS = 50


def article(n: int) -> str:
    return "\n\n".join([f"Bản tin số {n} của xã Yên Lộc"] + [
        f"Tin {n}.{k}: thôn {k} đã thu hoạch {n * 10 + k} ha lúa, năng suất đạt {40 + k} tạ/ha." for k in range(1, 7)])


def p99_ms(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98] * 1000 if len(samples) > 2 else float("nan")


def probe(base: str, stop: threading.Event, into: list[float], errors: list[str]) -> None:
    with httpx.Client(timeout=10) as client:
        while not stop.is_set():
            start = time.perf_counter()
            try:
                client.get(f"{base}/health").raise_for_status()
                into.append(time.perf_counter() - start)
            except httpx.HTTPError as exc:
                errors.append(str(exc))
            stop.wait(0.02)


def submit_and_wait(base: str, auth: dict[str, str], n: int) -> str:
    try:
        return _submit_and_wait(base, auth, n)
    except httpx.HTTPError as exc:
        return f"error: {exc}"


def _submit_and_wait(base: str, auth: dict[str, str], n: int) -> str:
    with httpx.Client(timeout=60, headers=auth) as client:
        created = client.post(f"{base}/api/v1/articles", json={"text": article(n)})
        created.raise_for_status()
        job_id = client.post(f"{base}/api/v1/articles/{created.json()['id']}/render").json()["job_id"]
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            state = client.get(f"{base}/api/v1/jobs/{job_id}").json()["state"]
            if state in ("done", "failed"):
                return str(state)
            time.sleep(1.0)
        return "lost"


def run() -> dict[str, float]:
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    with environment(BANTIN_BROKER_URL=REDIS, BANTIN_ENGINES="espeak", BANTIN_LOG_LEVEL="warning") as data, \
            workers(2, data), api(8766, data) as base:
        auth = {"Authorization": f"Bearer {tokens()['editor']}"}
        time.sleep(2)
        idle: list[float] = []
        stop, errors = threading.Event(), []
        prober = threading.Thread(target=probe, args=(base, stop, idle, errors))
        prober.start()
        time.sleep(5)
        stop.set()
        prober.join()
        loaded: list[float] = []
        stop = threading.Event()
        prober = threading.Thread(target=probe, args=(base, stop, loaded, errors))
        prober.start()
        start = time.perf_counter()
        try:
            with ThreadPoolExecutor(max_workers=RENDERS) as pool:
                states = list(pool.map(lambda n: submit_and_wait(base, auth, n), range(RENDERS)))
        finally:
            stop.set()
            prober.join()
        elapsed = time.perf_counter() - start
    refused = [s for s in states if s.startswith("error")]
    if refused:
        print(f"load: {len(refused)} submissions failed, e.g. {refused[0]}", file=sys.stderr)
    return {"done": states.count("done"), "failed": states.count("failed"),
            "lost": RENDERS - states.count("done") - states.count("failed"),
            "seconds": elapsed, "idle_p99_ms": p99_ms(idle), "loaded_p99_ms": p99_ms(loaded),
            "probe_errors": len(errors), "probes": len(loaded)}


def rows() -> list[Row]:
    figures = run()
    return [
        Row(f"load: {RENDERS} renders at once, done (failed {figures['failed']:.0f}, lost {figures['lost']:.0f})",
            figures["done"], "renders submitted", RENDERS, "jobs", "all done, 0 lost"),
        Row(f"load: wall time for {RENDERS} renders on 2 workers", figures["seconds"], "-", 0, "s", "-"),
        Row(f"load: GET /health p99 during the run ({figures['probes']:.0f} probes)", figures["loaded_p99_ms"],
            "p99 on the idle API", figures["idle_p99_ms"], "ms", "< 200 ms"),
    ]


if __name__ == "__main__":
    from bench.table import render

    print(render(rows()))
