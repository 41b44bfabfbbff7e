"""The shared request rate of a network engine, adapted to what the service answers.

A 429 says "slower": the rate is cut (multiplicatively, at most once per HOLD_S so that the requests
already in flight when the service got busy count as one signal), and a `Retry-After` pauses every
worker until then. Good answers raise the rate back linearly, from the floor to the configured rate in
`recovery_s`. The decision is the pure function `after_answer`; the buckets below keep the state in this
process or in Redis, where every worker on every host shares it.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, replace
from typing import Any, Literal, Protocol

Answer = Literal["ok", "throttled"]

# Requests sent together meet the same busy moment: their 429s within this time are one cut, not many.
HOLD_S = 1.0


@dataclass(frozen=True)
class Policy:
    ceiling: float  # requests a second when all is well (the engine's configured rate)
    floor: float  # never slower than this: a trickle still tells us when the service is free again
    cut: float  # factor applied to the rate on a 429
    recovery_s: float  # seconds of good answers to climb from the floor back to the ceiling

    @property
    def rise_per_s(self) -> float:
        return (self.ceiling - self.floor) / self.recovery_s if self.recovery_s > 0 else math.inf


@dataclass(frozen=True)
class RateState:
    rate: float
    changed_at: float = 0.0  # when the rate last moved (the climb is measured from here)
    cut_at: float = -math.inf
    paused_until: float = 0.0  # Retry-After: nobody sends before this


def after_answer(state: RateState, answer: Answer, now: float, policy: Policy,
                 retry_after: float | None = None) -> RateState:
    """The rate after one answer from the service."""
    rate = min(state.rate, policy.ceiling)  # the setting may have been lowered since
    if answer == "ok":
        if rate >= policy.ceiling:
            return state if state.rate == rate else replace(state, rate=rate, changed_at=now)
        risen = rate + policy.rise_per_s * max(0.0, now - state.changed_at)
        return replace(state, rate=min(policy.ceiling, risen), changed_at=now)
    paused = max(state.paused_until, now + retry_after) if retry_after else state.paused_until
    if now - state.cut_at < HOLD_S:
        return replace(state, rate=rate, paused_until=paused)
    return RateState(rate=max(policy.floor, rate * policy.cut), changed_at=now, cut_at=now, paused_until=paused)


class RateLimiter(Protocol):
    def acquire(self, deadline: float | None = None) -> bool:
        """Wait for a token; False (without one) when it would come after `deadline` (time.time())."""
        ...

    def feedback(self, answer: Answer, retry_after: float | None = None) -> None: ...

    def current(self) -> float: ...


def _sleep_for(wait: float, deadline: float | None) -> bool:
    """Sleep `wait` unless that would pass the deadline; whether we slept."""
    if deadline is not None and time.time() + wait > deadline:
        return False
    time.sleep(wait)
    return True


class LocalBucket:
    """Token bucket in this process: `rate` tokens a second, at most `burst` saved up, the rate adaptive."""

    def __init__(self, policy: Policy, burst: int) -> None:
        self.policy, self.burst = policy, burst
        self.state = RateState(rate=policy.ceiling, changed_at=time.monotonic())
        self.tokens = float(burst)
        self.updated = time.monotonic()
        self.lock = threading.Lock()

    def wait_time(self) -> float:
        """Take a token if one is there (0.0), else say how long until one is."""
        with self.lock:
            now = time.monotonic()
            if now < self.state.paused_until:
                self.updated = now
                return self.state.paused_until - now
            rate = min(self.state.rate, self.policy.ceiling)
            self.tokens = min(self.burst, self.tokens + (now - self.updated) * rate)
            self.updated = now
            if self.tokens >= 1:
                self.tokens -= 1
                return 0.0
            return (1 - self.tokens) / rate

    def acquire(self, deadline: float | None = None) -> bool:
        while (wait := self.wait_time()) > 0:
            if not _sleep_for(wait, deadline):
                return False
        return True

    def feedback(self, answer: Answer, retry_after: float | None = None) -> None:
        with self.lock:
            self.state = after_answer(self.state, answer, time.monotonic(), self.policy, retry_after)

    def current(self) -> float:
        return min(self.state.rate, self.policy.ceiling)


# KEYS[1] bucket, KEYS[2] control (rate, paused_until); ARGV ceiling, burst. Redis' clock, so that hosts
# with skewed clocks agree. While paused by Retry-After nobody takes a token and none accrue.
_BUCKET_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local ceiling, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local control = redis.call('HMGET', KEYS[2], 'rate', 'paused_until')
local rate = math.min(ceiling, tonumber(control[1]) or ceiling)
local paused = tonumber(control[2]) or 0
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens, updated = tonumber(state[1]) or burst, tonumber(state[2]) or now
local wait = 0
if now < paused then
  wait = paused - now
  updated = now
else
  tokens = math.min(burst, tokens + (now - updated) * rate)
  updated = now
  if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(updated), 'ceiling', tostring(ceiling))
redis.call('EXPIRE', KEYS[1], 86400)
return tostring(wait)
"""
_FIELDS = ("rate", "changed_at", "cut_at", "paused_until")


def redis_now(client: Any) -> float:
    seconds, micros = client.time()
    return float(seconds) + micros / 1e6


class RedisBucket:
    """The same bucket in Redis, shared by every worker; `key` holds the tokens, `key:control` the rate."""

    def __init__(self, client: Any, key: str, policy: Policy, burst: int) -> None:
        self.client, self.key, self.policy, self.burst = client, key, policy, burst
        self.control = f"{key}:control"
        self.script = client.register_script(_BUCKET_LUA)

    def wait_time(self) -> float:
        return float(self.script(keys=[self.key, self.control], args=[self.policy.ceiling, self.burst]))

    def acquire(self, deadline: float | None = None) -> bool:
        while (wait := self.wait_time()) > 0:
            if not _sleep_for(wait, deadline):
                return False
        return True

    def _state(self, values: list[Any], now: float) -> RateState:
        if values[0] is None:
            return RateState(rate=self.policy.ceiling, changed_at=now)
        rate, changed, cut, paused = (float(v) if v is not None else 0.0 for v in values)
        return RateState(rate=rate, changed_at=changed, cut_at=cut, paused_until=paused)

    def feedback(self, answer: Answer, retry_after: float | None = None) -> None:
        def update(pipe: Any) -> None:
            now = redis_now(pipe)
            before = self._state(pipe.hmget(self.control, *_FIELDS), now)
            after = after_answer(before, answer, now, self.policy, retry_after)
            if after == before:
                return  # the usual good answer at full rate: no write
            pipe.multi()
            pipe.hset(self.control, mapping={f: repr(getattr(after, f)) for f in _FIELDS})
            pipe.expire(self.control, 86400)

        self.client.transaction(update, self.control)

    def current(self) -> float:
        value = self.client.hget(self.control, "rate")
        return min(self.policy.ceiling, float(value)) if value is not None else self.policy.ceiling


def redis_rates(client: Any, prefix: str) -> dict[str, float]:
    """The current rate of every bucket under prefix (for /metrics): name -> requests a second."""
    rates: dict[str, float] = {}
    for raw in client.scan_iter(match=f"{prefix}*", count=100):
        key = raw.decode()
        if key.endswith(":control"):
            continue
        ceiling = client.hget(key, "ceiling")
        if ceiling is None:
            continue
        rate = client.hget(f"{key}:control", "rate")
        rates[key.removeprefix(prefix)] = min(float(ceiling), float(rate)) if rate is not None else float(ceiling)
    return rates
