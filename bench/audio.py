"""Audio figures: a naive espeak + pydub script against bantin on the seed article (API submit to MP3 ready,
two workers, offline voice), bantin's CPU seconds against the floor (bench/floor.py), a re-render after
editing one paragraph, and long programmes."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.procs import ROOT, api, environment, tokens, workers
from bench.render_run import peak_rss_mb
from bench.table import Row
from bench.text import SEED

WARM_UP = Path(__file__).resolve().parent / "data" / "warm-up.txt"

REDIS = "redis://127.0.0.1:6379/13"
FLOOR = "floor: roles' voices, 1 process, 1 ffmpeg"


def _timed_child(args: list[str], env: dict[str, str] | None = None) -> tuple[float, dict[str, float], float]:
    """Wall seconds, the JSON the child printed (its own figures, peak memory among them: the rusage of
    children keeps the largest child seen so far, whichever it was), and its CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, dict(json.loads(proc.stdout.strip().splitlines()[-1])), cpu


def naive() -> tuple[float, float, float]:
    """Seconds, peak MB and CPU seconds of the naive script on the seed."""
    with tempfile.TemporaryDirectory() as tmp:
        seconds, printed, cpu = _timed_child([sys.executable, "-m", "bench.naive", str(SEED), f"{tmp}/naive.mp3"])
    return seconds, printed["peak_mb"], cpu


def floor(*, one_voice: bool = False) -> tuple[float, float]:
    """Seconds and CPU seconds of the floor (bench/floor.py): the seed spoken in one process, one ffmpeg pass;
    in its roles' voices, or (one_voice) all in espeak's default voice."""
    with tempfile.TemporaryDirectory() as tmp:
        seconds, _, cpu = _timed_child([sys.executable, "-m", "bench.floor", f"{tmp}/floor.mp3",
                                        *(["--one-voice"] if one_voice else [])])
    return seconds, cpu


def _tree(pid: int) -> list[int]:
    """A process and its descendants, as they are now."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [pid, *(d for c in children for d in _tree(int(c)))]


def _cpu_seconds(pid: int) -> float:
    """CPU seconds of a process and of the children it has reaped (ffmpeg)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime, stime, cutime, cstime


def _cpu_of_tree(pid: int) -> float:
    return sum(_cpu_seconds(p) for p in _tree(pid))


def _peak_of_tree(pid: int) -> float:
    """Largest VmHWM (MB) among a process and its descendants."""
    return max([0.0, *(peak_rss_mb(p) for p in _tree(pid))])


def _wait_done(client: httpx.Client, job_id: str) -> dict:
    """Poll the job every 50 ms over one kept-alive connection (a new connection per poll would cost
    the machine more CPU than the answer, and the bench would slow down what it measures)."""
    while True:
        job = client.get(f"/api/v1/jobs/{job_id}").json()
        if job["state"] in ("done", "failed"):
            if job["state"] == "failed":
                raise RuntimeError(job["error"])
            return job
        time.sleep(0.05)


def _render(client: httpx.Client, name: str, text: bytes) -> tuple[dict, dict]:
    article = client.post("/api/v1/articles", files={"file": (name, text)}).json()
    return article, _wait_done(client, client.post(f"/api/v1/articles/{article['id']}/render").json()["job_id"])


def through_the_api(*, warm_up: bool) -> dict[str, float]:
    """Seconds from submit to MP3 ready, the same after editing one paragraph, peak worker memory, and the
    CPU seconds the workers (with their ffmpeg children) spent on the first render. On a new installation,
    or (warm_up) on one that has rendered another article before: its jingles are levelled and cached,
    and the gain each voice needs is known, as on any station after its first programme."""
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    port = 8765
    with environment(BANTIN_BROKER_URL=REDIS, BANTIN_ENGINES="espeak") as data, workers(2, data) as procs, \
            api(port, data) as base, httpx.Client(base_url=base, timeout=60,
                                                  headers={"Authorization": f"Bearer {tokens()['editor']}"}) as client:
        time.sleep(2)  # workers connected
        if warm_up:
            _render(client, WARM_UP.name, WARM_UP.read_bytes())
        time.sleep(0.5)
        cpu_before = sum(_cpu_of_tree(p.pid) for p in procs)
        start = time.perf_counter()
        article, _ = _render(client, SEED.name, SEED.read_bytes())
        first = time.perf_counter() - start
        time.sleep(0.5)  # the last task's own bookkeeping
        cpu = sum(_cpu_of_tree(p.pid) for p in procs) - cpu_before
        segments = [{k: s[k] for k in ("role", "speaker", "text", "source_lines")}
                    for s in article["script"]["segments"]]
        segments[5]["text"] = segments[5]["text"].replace("Hai là", "Thứ hai là", 1)
        start = time.perf_counter()
        client.put(f"/api/v1/articles/{article['id']}/script", json={"segments": segments})
        _wait_done(client, client.post(f"/api/v1/articles/{article['id']}/render").json()["job_id"])
        again = time.perf_counter() - start
        peak = max(_peak_of_tree(p.pid) for p in procs)
    return {"first": first, "again": again, "peak_mb": peak, "cpu": cpu}


def long_programme(minutes: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "BANTIN_DATA_DIR": tmp, "BANTIN_ENGINES": "espeak", "BANTIN_BROKER_URL": ""}
        _, printed, _ = _timed_child([sys.executable, "-m", "bench.render_run", str(minutes), f"{tmp}/p.mp3"],
                                     env=env)
    return printed


def rows() -> list[Row]:
    naive_s, naive_mb, naive_cpu = naive()
    _, floor_cpu = floor()
    _, one_voice_cpu = floor(one_voice=True)
    new = through_the_api(warm_up=False)
    warm = through_the_api(warm_up=True)
    rows = [
        Row("seed, new install: submit to MP3 ready",
            new["first"], "naive espeak+pydub script", naive_s, "s", "ratio <= 1.0"),
        Row("seed, after 1 other article: submit to MP3",
            warm["first"], "naive espeak+pydub script", naive_s, "s", "ratio <= 1.0"),
        Row("seed, new install: CPU s (workers+ffmpeg)", new["cpu"], FLOOR, floor_cpu,
            "s", "ratio <= 1.5"),
        Row("seed: CPU s of that render (workers+ffmpeg)", warm["cpu"], FLOOR, floor_cpu, "s", "ratio <= 1.5"),
        Row("seed: CPU s of that render (workers+ffmpeg)", warm["cpu"], "floor in espeak's default voice",
            one_voice_cpu, "s", "-"),
        Row("seed: CPU s of the naive script", naive_cpu, "floor in espeak's default voice", one_voice_cpu, "s", "-"),
        Row("seed: re-render after editing 1 paragraph", warm["again"], "naive espeak+pydub script", naive_s,
            "s", "ratio <= 0.15"),
        Row("seed: peak memory of a worker process", max(new["peak_mb"], warm["peak_mb"]), "naive script peak",
            naive_mb, "MB", "-"),
    ]
    base = None
    for minutes in (15, 30, 60):
        run = long_programme(minutes)
        base = base or run
        rows.append(Row(f"{minutes}-min programme render, in-process ({run['duration_s'] / 60:.0f} min)",
                        run["seconds"], "15-min render", base["seconds"], "s", "linear in length"))
        rows.append(Row(f"{minutes}-min programme: peak memory (python, ffmpeg)",
                        max(run["python_peak_mb"], run["ffmpeg_peak_mb"]), "15-min peak", max(
                            base["python_peak_mb"], base["ffmpeg_peak_mb"]), "MB", "< 150 MB"))
    return rows


if __name__ == "__main__":
    from bench.table import render

    print(render(rows()))
