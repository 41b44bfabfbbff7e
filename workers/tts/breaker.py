"""The circuit breaker of a network engine: open only when the service cannot be reached at all.

Refused connections, failed DNS and no route mean the network is not there; then every piece goes to
the next engine at once instead of each waiting out its own timeouts. After `cooldown` the breaker is
half-open: one caller (the probe) may try; any answer from the service closes it, another
unreachable opens it for another cooldown. 429s and 5xx are answers: they never open it.
The decision is the pure function `state`; the breakers below keep the times locally or in Redis.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Literal, Protocol

from workers.tts.rate import redis_now

State = Literal["closed", "open", "half-open", "probing"]


def state(open_until: float | None, probe_until: float | None, now: float) -> State:
    """closed: send; open: skip; half-open: the next caller probes; probing: a probe is out, skip."""
    if open_until is None:
        return "closed"
    if now < open_until:
        return "open"
    if probe_until is not None and now < probe_until:
        return "probing"
    return "half-open"


class Breaker(Protocol):
    def admit(self) -> str | None:
        """None: go ahead (as the probe, when half-open); else why not."""
        ...

    def status(self) -> tuple[State, str | None]: ...

    def trip(self, reason: str) -> None:
        """The service could not be reached."""
        ...

    def reached(self) -> None:
        """The service answered (whatever it said)."""
        ...


class LocalBreaker:
    def __init__(self, cooldown: float) -> None:
        self.cooldown = cooldown
        self.open_until: float | None = None
        self.probe_until: float | None = None
        self.reason: str | None = None
        self.lock = threading.Lock()

    def status(self) -> tuple[State, str | None]:
        now_state = state(self.open_until, self.probe_until, time.monotonic())
        return now_state, None if now_state == "closed" else self.reason

    def admit(self) -> str | None:
        with self.lock:
            now = time.monotonic()
            current = state(self.open_until, self.probe_until, now)
            if current == "half-open":
                self.probe_until = now + self.cooldown  # a probe that never reports frees the slot then
                return None
            return None if current == "closed" else f"{self.reason} ({current})"

    def trip(self, reason: str) -> None:
        with self.lock:
            self.reason, self.open_until, self.probe_until = reason, time.monotonic() + self.cooldown, None

    def reached(self) -> None:
        with self.lock:
            self.open_until = self.probe_until = self.reason = None


class RedisBreaker:
    """Shared by every worker: `key` holds reason and open_until (Redis' clock), `key:probe` the probe."""

    def __init__(self, client: Any, key: str, cooldown: float) -> None:
        self.client, self.key, self.cooldown = client, key, cooldown
        self.probe_key = f"{key}:probe"

    def _read(self) -> tuple[State, str | None, float]:
        now = redis_now(self.client)
        reason, until = self.client.hmget(self.key, "reason", "open_until")
        probe = self.client.get(self.probe_key)
        current = state(float(until) if until else None, float(probe) if probe else None, now)
        return current, reason.decode() if reason else None, now

    def status(self) -> tuple[State, str | None]:
        current, reason, _ = self._read()
        return current, None if current == "closed" else reason

    def admit(self) -> str | None:
        current, reason, now = self._read()
        if current == "closed":
            return None
        # SET NX: of all the workers seeing it half-open, exactly one becomes the probe.
        if current == "half-open" and self.client.set(self.probe_key, repr(now + self.cooldown), nx=True,
                                                      px=int(self.cooldown * 1000)):
            return None
        return f"{reason} ({'probing' if current == 'half-open' else current})"

    def trip(self, reason: str) -> None:
        until = redis_now(self.client) + self.cooldown
        pipe = self.client.pipeline()
        pipe.hset(self.key, mapping={"reason": reason, "open_until": repr(until)})
        pipe.expire(self.key, 86400)  # open stays open (then half-open) until something answers
        pipe.delete(self.probe_key)
        pipe.execute()

    def reached(self) -> None:
        self.client.delete(self.key, self.probe_key)


def redis_states(client: Any, prefix: str) -> dict[str, State]:
    """The state of every breaker under prefix that is not closed (for /metrics)."""
    states: dict[str, State] = {}
    for raw in client.scan_iter(match=f"{prefix}*", count=100):
        key = raw.decode()
        if not key.endswith(":probe"):
            states[key.removeprefix(prefix)] = RedisBreaker(client, key, 0).status()[0]
    return states
