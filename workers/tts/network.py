"""One request to a network speech engine, made dependable the same way for every such engine.

The engine supplies `send`, which makes one request and says what happened by raising `Throttled`
(429), `Retryable` (5xx, timeout, a reply without audio) or `Unreachable` (no connection at all), or by
returning the audio. Around it: the shared adaptive rate (`rate.py`), the breaker for unreachability
(`breaker.py`), and the piece's deadline, which decides when waiting for this engine no longer pays and
the next engine should speak instead.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from service.metrics import tally
from service.settings import Settings
from workers.tts import deadline as piece_deadline
from workers.tts.base import EngineError, EngineUnavailable
from workers.tts.limits import breaker, rate_limiter

log = logging.getLogger("bantin.tts.network")
T = TypeVar("T")


class Retryable(Exception):
    """A failure worth another try: 5xx, a timeout, or a reply without audio."""


class Throttled(Retryable):
    """429: the service is there and asks us to slow down. It lowers the shared rate and is waited out
    while the deadline allows; it never opens the breaker."""

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Unreachable(Exception):
    """No connection could be made (refused, DNS, no route): the network is not there."""


def retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (the HTTP-date form is not used by the speech services we call)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def backoff(attempt: int, *, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with full jitter: a random wait up to base * 2^attempt, capped."""
    return rng.uniform(0, min(cap, base * 2**attempt))


@dataclass(frozen=True)
class Limits:
    """What one engine's requests are held to (from its own settings)."""

    rate_per_s: float
    burst: int
    max_attempts: int  # tries per piece on 5xx, timeouts and replies without audio
    backoff_base_s: float
    backoff_max_s: float
    patience_s: float  # how long a piece may wait on this engine when its job set no deadline


def call(name: str, send: Callable[[], T], *, settings: Settings, limits: Limits, rng: random.Random) -> T:
    """send() until it answers, within the piece's deadline; EngineError when the next engine should speak."""
    gate = breaker(settings, name)
    refused = gate.admit()
    if refused:
        raise EngineUnavailable(f"{name} is off for now: {refused}")
    bucket = rate_limiter(settings, name, limits.rate_per_s, limits.burst)
    until = piece_deadline.current() or time.time() + limits.patience_s
    failures = attempt = 0
    while True:
        if attempt:
            tally.add("bantin_tts_retries", engine=name)
        attempt += 1
        if not bucket.acquire(until):
            raise EngineError(f"{name}: waiting for a turn (rate {bucket.current():.2g}/s) would miss the deadline")
        try:
            result = send()
        except Unreachable as exc:
            gate.trip(str(exc))
            raise EngineUnavailable(f"{name} cannot be reached: {exc}") from exc
        except Throttled as exc:
            gate.reached()
            bucket.feedback("throttled", exc.retry_after)
            # The shared rate, now lower (and paused for Retry-After), paces the retry: a per-piece backoff
            # on top would keep pieces asleep after the service is free again. A little jitter only.
            wait = rng.uniform(0, limits.backoff_base_s)
            if not piece_deadline.can_wait(wait, until, time.time()):
                raise EngineError(f"{name} answered {exc} and waiting longer would miss the deadline") from exc
            log.info("%s attempt %d rate limited; the shared rate is now %.2g/s", name, attempt, bucket.current())
            time.sleep(wait)
            continue
        except Retryable as exc:
            gate.reached()
            failures += 1
            log.info("%s attempt %d failed: %s", name, attempt, exc)
            if failures >= limits.max_attempts:
                raise EngineError(f"{name} failed after {failures} attempts: {exc}") from exc
            wait = backoff(failures - 1, base=limits.backoff_base_s, cap=limits.backoff_max_s, rng=rng)
            if not piece_deadline.can_wait(wait, until, time.time()):
                raise EngineError(f"{name} failed ({exc}) and waiting longer would miss the deadline") from exc
            time.sleep(wait)
            continue
        gate.reached()
        bucket.feedback("ok")
        return result
