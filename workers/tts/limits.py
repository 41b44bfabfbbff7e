"""Limits shared by every worker, per network engine: an adaptive token bucket (`rate.py`) and a circuit
breaker for unreachability (`breaker.py`).

With Redis configured both live in Redis, so all workers on all hosts share them; in embedded mode
they live in the process. Any network engine gets its own pair by name.
"""

from __future__ import annotations

import threading
from typing import Any

from service.settings import Settings
from workers.tts.breaker import Breaker, LocalBreaker, RedisBreaker, State, redis_states
from workers.tts.rate import LocalBucket, Policy, RateLimiter, RedisBucket, redis_rates

__all__ = ["Breaker", "LocalBreaker", "LocalBucket", "RateLimiter", "RedisBreaker", "RedisBucket", "breaker",
           "rate_limiter", "reset_local", "snapshot"]

RATE_PREFIX = "bantin:rate:"
BREAKER_PREFIX = "bantin:breaker:"

_local: dict[str, Any] = {}
_local_lock = threading.Lock()


def reset_local() -> None:
    """Forget in-process buckets and breakers (tests, and a worker that reloads its settings)."""
    with _local_lock:
        _local.clear()


def _redis(settings: Settings) -> Any:
    import redis

    return redis.Redis.from_url(settings.redis_url, socket_timeout=5, socket_connect_timeout=3)


def policy(settings: Settings, rate: float) -> Policy:
    """How an engine configured for `rate` requests a second slows down on 429 and recovers."""
    return Policy(ceiling=rate, floor=min(rate, settings.tts_rate_floor_per_s), cut=settings.tts_rate_cut,
                  recovery_s=settings.tts_rate_recovery_s)


def rate_limiter(settings: Settings, name: str, rate: float, burst: int) -> RateLimiter:
    if settings.redis_url:
        return RedisBucket(_redis(settings), f"{RATE_PREFIX}{name}", policy(settings, rate), burst)
    with _local_lock:
        return _local.setdefault(f"rate:{name}", LocalBucket(policy(settings, rate), burst))


def breaker(settings: Settings, name: str) -> Breaker:
    if settings.redis_url:
        return RedisBreaker(_redis(settings), f"{BREAKER_PREFIX}{name}", settings.breaker_cooldown_s)
    with _local_lock:
        return _local.setdefault(f"breaker:{name}", LocalBreaker(settings.breaker_cooldown_s))


def snapshot(settings: Settings) -> tuple[dict[str, float], dict[str, State]]:
    """Every engine's current rate and breaker state, as the shared store (or this process) knows them."""
    if settings.redis_url:
        client = _redis(settings)
        return redis_rates(client, RATE_PREFIX), redis_states(client, BREAKER_PREFIX)
    with _local_lock:
        items = list(_local.items())
    rates = {k.removeprefix("rate:"): v.current() for k, v in items if k.startswith("rate:")}
    states = {k.removeprefix("breaker:"): v.status()[0] for k, v in items if k.startswith("breaker:")}
    return rates, states
