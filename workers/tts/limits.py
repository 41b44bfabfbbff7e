"""Limits shared by every worker: a token bucket for request rate and a circuit breaker per engine.

With Redis configured both live in Redis, so all workers on all hosts share them; in embedded mode
they live in the process.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Protocol

from service.settings import Settings


class RateLimiter(Protocol):
    def acquire(self) -> None: ...


class Breaker(Protocol):
    def open_reason(self) -> str | None: ...

    def trip(self, reason: str) -> None: ...

    def reset(self) -> None: ...


class LocalBucket:
    """Token bucket in this process: `rate` tokens a second, at most `burst` saved up."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self.tokens = float(burst)
        self.updated = time.monotonic()
        self.lock = threading.Lock()

    def wait_time(self) -> float:
        """Take a token if one is there (0.0), else say how long until one is."""
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
            self.updated = now
            if self.tokens >= 1:
                self.tokens -= 1
                return 0.0
            return (1 - self.tokens) / self.rate

    def acquire(self) -> None:
        while (wait := self.wait_time()) > 0:
            time.sleep(wait)


# KEYS[1] bucket; ARGV rate, burst. Uses Redis' clock so hosts with skewed clocks agree.
_BUCKET_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens, updated = tonumber(state[1]) or burst, tonumber(state[2]) or now
tokens = math.min(burst, tokens + (now - updated) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
redis.call('EXPIRE', KEYS[1], 3600)
return tostring(wait)
"""


class RedisBucket:
    def __init__(self, client: Any, key: str, rate: float, burst: int) -> None:
        self.client, self.key, self.rate, self.burst = client, key, rate, burst
        self.script = client.register_script(_BUCKET_LUA)

    def acquire(self) -> None:
        while (wait := float(self.script(keys=[self.key], args=[self.rate, self.burst]))) > 0:
            time.sleep(wait)


class LocalBreaker:
    def __init__(self, cooldown: float) -> None:
        self.cooldown = cooldown
        self.until = 0.0
        self.reason: str | None = None

    def open_reason(self) -> str | None:
        return self.reason if time.monotonic() < self.until else None

    def trip(self, reason: str) -> None:
        self.reason, self.until = reason, time.monotonic() + self.cooldown

    def reset(self) -> None:
        self.until, self.reason = 0.0, None


class RedisBreaker:
    def __init__(self, client: Any, key: str, cooldown: float) -> None:
        self.client, self.key, self.cooldown = client, key, cooldown

    def open_reason(self) -> str | None:
        value = self.client.get(self.key)
        return value.decode() if value else None

    def trip(self, reason: str) -> None:
        self.client.set(self.key, reason, px=int(self.cooldown * 1000))

    def reset(self) -> None:
        self.client.delete(self.key)


_local: dict[str, Any] = {}
_local_lock = threading.Lock()


def reset_local() -> None:
    """Forget in-process buckets and breakers (tests, and a worker that reloads its settings)."""
    with _local_lock:
        _local.clear()


def _redis(settings: Settings) -> Any:
    import redis

    return redis.Redis.from_url(settings.redis_url, socket_timeout=5, socket_connect_timeout=3)


def rate_limiter(settings: Settings, name: str, rate: float, burst: int) -> RateLimiter:
    if settings.redis_url:
        return RedisBucket(_redis(settings), f"bantin:rate:{name}", rate, burst)
    with _local_lock:
        return _local.setdefault(f"rate:{name}", LocalBucket(rate, burst))


def breaker(settings: Settings, name: str) -> Breaker:
    if settings.redis_url:
        return RedisBreaker(_redis(settings), f"bantin:breaker:{name}", settings.breaker_cooldown_s)
    with _local_lock:
        return _local.setdefault(f"breaker:{name}", LocalBreaker(settings.breaker_cooldown_s))
