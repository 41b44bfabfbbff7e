"""Prometheus metrics for every process, served by the API at /metrics.

Workers have no HTTP port and may run on other hosts, so what they count is tallied in memory and
added to the `counters` table when each task ends; the API reads those rows, the job states, and its
own download counters at scrape time. Counters in the database survive restarts, as Prometheus expects.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator

from prometheus_client import CollectorRegistry, Counter, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from service.db import session_scope
from service.models import Broadcast, Job
from service.models import Counter as CounterRow

log = logging.getLogger("bantin.metrics")
# Render time, submit to programme ready, in seconds; a 15-minute programme takes about a minute.
RENDER_BUCKETS = (5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0)
HISTOGRAMS = {"bantin_render_seconds": "Time from render request to programme ready."}
COUNTERS = {
    "bantin_tts_requests": "Speech requests to each engine, by outcome (ok, error).",
    "bantin_tts_retries": "Requests to an engine tried again after a failure (rate limit, server error, timeout).",
    "bantin_tts_billed_chars": "Characters sent to each paid cloud voice (what the provider bills).",
    "bantin_tts_cache": "Synthesis cache look-ups, by result (hit, miss).",
    "bantin_jobs_finished": "Render jobs finished, by state (done, failed).",
    "bantin_recovered": "Lost work found by the recovery sweep, by action (start, resume, rebuild, failed).",
}
JOB_STATES = ("queued", "running", "done", "failed")


def _labels(labels: dict[str, str]) -> str:
    return json.dumps(labels, sort_keys=True, separators=(",", ":"))


class Tally:
    """Counts made in this process, waiting to be added to the database."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[tuple[str, str], float] = defaultdict(float)

    def add(self, name: str, value: float = 1.0, **labels: str) -> None:
        with self._lock:
            self._pending[(name, _labels(labels))] += value

    def observe(self, name: str, value: float, buckets: Iterable[float] = RENDER_BUCKETS, **labels: str) -> None:
        """A histogram observation, kept as cumulative bucket counters plus sum and count."""
        for bound in (*buckets, float("inf")):
            if value <= bound:
                self.add(f"{name}_bucket", 1.0, **labels, le="+Inf" if bound == float("inf") else f"{bound:g}")
        self.add(f"{name}_sum", value, **labels)
        self.add(f"{name}_count", 1.0, **labels)

    def flush(self) -> None:
        """Add what was counted to the database (one transaction); on failure the counts wait for next time."""
        with self._lock:
            pending, self._pending = dict(self._pending), defaultdict(float)
        if not pending:
            return
        try:
            with session_scope() as session:
                dialect = session.get_bind().dialect.name
                insert = pg_insert if dialect == "postgresql" else sqlite_insert
                for (name, labels), value in sorted(pending.items()):
                    stmt = insert(CounterRow).values(name=name, labels=labels, value=value)
                    session.execute(stmt.on_conflict_do_update(
                        index_elements=["name", "labels"], set_={"value": CounterRow.value + value}))
        except Exception:
            with self._lock:
                for key, value in pending.items():
                    self._pending[key] += value
            raise


tally = Tally()

# Counted in the API process itself (each API process is scraped on its own).
registry = CollectorRegistry()
downloads = Counter("bantin_downloads", "Programme audio requests, by route (relay, feed, staff) and answer "
                    "(full, range, not_modified).", ["route", "answer"], registry=registry)


def count_download(route: str, *, range_header: str | None, not_modified: bool = False) -> None:
    downloads.labels(route, "not_modified" if not_modified else "range" if range_header else "full").inc()


class DatabaseCollector(Collector):
    """Job states and the counters workers wrote, read at scrape time."""

    def collect(self) -> Iterator[Metric]:
        with session_scope() as session:
            by_state = session.execute(select(Job.state, func.count()).group_by(Job.state))
            states = {state: count for state, count in by_state}
            rows = [(r.name, json.loads(r.labels), r.value) for r in session.scalars(select(CounterRow))]
            held = session.scalar(select(func.count()).select_from(Broadcast).where(Broadcast.state == "held"))
        jobs = GaugeMetricFamily("bantin_jobs", "Render jobs in the database, by state.", labels=["state"])
        for state in sorted({*JOB_STATES, *states}):
            jobs.add_metric([state], states.get(state, 0))
        yield jobs
        yield GaugeMetricFamily("bantin_programmes_held", "Scheduled programmes held from relays because only the "
                                "robot voice (espeak-ng) could speak parts of them; staff must release them.",
                                value=float(held or 0))
        for name, doc in COUNTERS.items():
            found = [(labels, value) for n, labels, value in rows if n == name]
            keys = sorted({k for labels, _ in found for k in labels})
            family = CounterMetricFamily(name, doc, labels=keys)
            for labels, value in found:
                family.add_metric([labels.get(k, "") for k in keys], value)
            yield family
        hits = sum(v for n, labels, v in rows if n == "bantin_tts_cache" and labels.get("result") == "hit")
        looks = sum(v for n, _, v in rows if n == "bantin_tts_cache")
        yield GaugeMetricFamily("bantin_tts_cache_hit_ratio", "Share of synthesis look-ups the cache answered.",
                                value=hits / looks if looks else 0.0)
        for name, doc in HISTOGRAMS.items():
            buckets = {labels["le"]: v for n, labels, v in rows if n == f"{name}_bucket"}
            total = sum(v for n, _, v in rows if n == f"{name}_sum")
            ordered = [(f"{b:g}", buckets.get(f"{b:g}", 0.0)) for b in RENDER_BUCKETS]
            yield HistogramMetricFamily(name, doc, buckets=[*ordered, ("+Inf", buckets.get("+Inf", 0.0))],
                                        sum_value=total)


class LimitsCollector(Collector):
    """Each network engine's current request rate and breaker state, read from the shared limits at scrape
    time (Redis when configured: what every worker sees)."""

    def collect(self) -> Iterator[Metric]:
        from service.settings import get_settings
        from workers.tts.limits import snapshot

        try:
            rates, states = snapshot(get_settings())
        except Exception:  # Redis away: the scrape still answers with everything else
            log.warning("could not read the shared speech limits", exc_info=True)
            rates, states = {}, {}
        rate = GaugeMetricFamily("bantin_tts_rate_per_s", "Requests a second each network engine may send now "
                                 "(lowered on HTTP 429, recovering while answers are good).", labels=["engine"])
        for engine, value in sorted(rates.items()):
            rate.add_metric([engine], value)
        yield rate
        gate = GaugeMetricFamily("bantin_tts_breaker_open", "1 while an engine's circuit breaker is not closed "
                                 "(it could not be reached), by state.", labels=["engine", "state"])
        for engine, state in sorted(states.items()):
            if state != "closed":
                gate.add_metric([engine, state], 1.0)
        yield gate


registry.register(DatabaseCollector())
registry.register(LimitsCollector())


def exposition() -> bytes:
    return generate_latest(registry)
