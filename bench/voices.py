"""Synthesis against the local fake of Google's endpoint (150 ms a request): bantin on two Celery workers
against gTTS called sequentially the way gtts-cli does, and two throttling patterns against the unthrottled
run: 20% of requests answered HTTP 429 at random, and every request answered 429 for 10 s of each 30 s."""

from __future__ import annotations

import io
import os
import time
from collections import Counter

from bench.procs import environment, workers
from bench.table import Row
from bench.text import SEED
from tests.fakes.cloud import FakeCloud
from tests.fakes.google_tts import FakeGoogle

LATENCY = 0.15
REDIS = os.environ.get("BANTIN_BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
BURSTS = (10.0, 30.0)  # 429 for 10 s of each 30 s, starting with the render


def spoken_text() -> str:
    from service.text.script import build_script

    return "\n".join(s.spoken for s in build_script(SEED.read_text(encoding="utf-8")).segments)


def gtts_cli_seconds(fake: FakeGoogle) -> tuple[float, int]:
    """gTTS itself, one request after another, its own tokenizer cutting at every comma."""
    import gtts.tts

    original = gtts.tts._translate_url
    gtts.tts._translate_url = lambda tld="com", path="": f"{fake.url}/{path}"
    try:
        start = time.perf_counter()
        before = len(fake.requests)
        gtts.tts.gTTS(spoken_text(), lang="vi", lang_check=False).write_to_fp(io.BytesIO())
        return time.perf_counter() - start, len(fake.requests) - before
    finally:
        gtts.tts._translate_url = original


def bantin_seconds(fake: FakeGoogle | FakeCloud, worker_count: int = 2,
                   settings: dict[str, str] | None = None) -> tuple[float, int, Counter[str], dict[str, int]]:
    """Seconds from enqueueing the render until every piece is spoken, on real workers and Redis; the
    requests the fake saw, the engines that spoke, and the characters billed per paid engine."""
    import redis
    from sqlalchemy import func, select

    from service import articles, voice_usage
    from service.db import session_scope
    from service.lexicon import station_speaker
    from service.models import Job, JobPiece
    from service.queue import enqueue_render
    from service.settings import get_settings

    redis.Redis.from_url(REDIS).flushdb()
    settings = {"BANTIN_BROKER_URL": REDIS, **(settings or {
        "BANTIN_ENGINES": "gtts,espeak", "BANTIN_GTTS_BASE_URL": fake.url, "BANTIN_GTTS_RATE_PER_S": "100",
        "BANTIN_GTTS_BURST": "20", "BANTIN_GTTS_BACKOFF_BASE_S": "0.2"})}
    with environment(**settings) as data, workers(worker_count, data):
        with session_scope() as session:
            article = articles.create_article(session, text=SEED.read_text(encoding="utf-8"), title=None,
                                              speak=station_speaker(session, None))
            job_id = articles.create_job(session, article_id=article.id).id
        time.sleep(3)  # let the workers connect before the clock starts
        before = len(fake.requests)
        start = time.perf_counter()
        enqueue_render(job_id)
        while True:
            with session_scope() as session:
                job = session.get(Job, job_id)
                assert job is not None
                planned = len((job.result or {}).get("plan", {}).get("pieces", [])) or -1
                spoken = session.scalar(select(func.count()).select_from(JobPiece).where(
                    JobPiece.job_id == job_id, JobPiece.audio_key.is_not(None))) or 0
                if spoken == planned:
                    engines = Counter(e for e in session.scalars(
                        select(JobPiece.engine).where(JobPiece.job_id == job_id)) if e)
                    billed = {str(row["engine"]): int(str(row["chars"]))
                              for row in voice_usage.month_use(get_settings(), None)}
                    return time.perf_counter() - start, len(fake.requests) - before, engines, billed
                if job.state == "failed":
                    raise RuntimeError(job.error)
            time.sleep(0.05)


def throttled_row(label: str, fake: FakeGoogle, unthrottled: float) -> Row:
    seconds, _, engines, _ = bantin_seconds(fake)
    answers = Counter(fake.answers)
    by_engine = ", ".join(f"{name} {count}" for name, count in engines.most_common())
    return Row(f"same with {label} ({answers['429']} of {sum(answers.values())} answered 429)", seconds,
               "the same, unthrottled", unthrottled, "s", f"pieces by engine: {by_engine} (all by gtts)")


def rows() -> list[Row]:
    with FakeGoogle(latency=LATENCY) as fake:
        sequential, sequential_requests = gtts_cli_seconds(fake)
        parallel, parallel_requests, _, _ = bantin_seconds(fake)
    with FakeGoogle(latency=LATENCY, rate_429=0.2) as fake:
        random_429 = throttled_row("20% HTTP 429 at random", fake, parallel)
    with FakeGoogle(latency=LATENCY, bursts_429=BURSTS) as fake:
        bursts = throttled_row(f"HTTP 429 for {BURSTS[0]:g} s of each {BURSTS[1]:g} s", fake, parallel)
    return [
        Row(f"seed synthesis, 2 workers ({parallel_requests} requests)", parallel,
            f"gtts-cli sequential ({sequential_requests} req)", sequential, "s", "ratio <= 0.167 (6x)"),
        random_429, bursts,
    ]


def repeated(runs: int) -> list[str]:
    """Each throttling pattern `runs` times (by hand: python -m bench.voices N); one line per run."""
    lines = []
    for label, pattern in (("20% at random", {"rate_429": 0.2}), ("bursts 10 s of 30 s", {"bursts_429": BURSTS})):
        for run in range(runs):
            with FakeGoogle(latency=LATENCY, seed=run, **pattern) as fake:  # type: ignore[arg-type]
                seconds, _, engines, _ = bantin_seconds(fake)
            lines.append(f"{label} run {run + 1}: {seconds:.1f} s, {Counter(fake.answers)['429']} answered 429, "
                         f"pieces by engine {dict(engines)}")
            print(lines[-1], flush=True)
    return lines


if __name__ == "__main__":
    import sys

    from bench.table import render

    if len(sys.argv) > 1:
        repeated(int(sys.argv[1]))
    else:
        print(render(rows()))
