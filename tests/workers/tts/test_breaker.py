"""The breaker opens only when the service cannot be reached; after a short cooldown one probe decides."""

from __future__ import annotations

import time

import pytest

from workers.tts.breaker import LocalBreaker, RedisBreaker, state


@pytest.mark.parametrize(("open_until", "probe_until", "now", "expected"), [
    (None, None, 5.0, "closed"),
    (10.0, None, 5.0, "open"),  # within the cooldown
    (10.0, None, 10.0, "half-open"),  # cooldown over: the next caller probes
    (10.0, 40.0, 12.0, "probing"),  # a probe is out: everyone else keeps skipping
    (10.0, 40.0, 40.0, "half-open"),  # the probe never reported: another may try
])
def test_breaker_state(open_until: float | None, probe_until: float | None, now: float, expected: str) -> None:
    assert state(open_until, probe_until, now) == expected


@pytest.fixture(params=["local", "redis"])
def gate(request: pytest.FixtureRequest) -> LocalBreaker | RedisBreaker:
    if request.param == "local":
        return LocalBreaker(cooldown=0.3)
    import redis

    client = redis.Redis.from_url(request.getfixturevalue("redis_url"))
    client.delete("bantin:test:breaker", "bantin:test:breaker:probe")
    return RedisBreaker(client, "bantin:test:breaker", cooldown=0.3)


def test_closed_then_open_then_one_probe_then_closed(gate: LocalBreaker | RedisBreaker) -> None:
    assert gate.admit() is None and gate.status() == ("closed", None)
    gate.trip("cannot reach translate.google.com")
    assert gate.status() == ("open", "cannot reach translate.google.com")
    assert "cannot reach" in (gate.admit() or "")
    time.sleep(0.35)
    assert gate.status()[0] == "half-open"
    assert gate.admit() is None  # this caller is the probe
    assert gate.status()[0] == "probing"
    assert "probing" in (gate.admit() or "")  # only one
    gate.reached()
    assert gate.status() == ("closed", None) and gate.admit() is None


def test_a_failed_probe_opens_it_for_another_cooldown(gate: LocalBreaker | RedisBreaker) -> None:
    gate.trip("no route")
    time.sleep(0.35)
    assert gate.admit() is None
    gate.trip("no route")
    assert gate.status()[0] == "open" and gate.admit() is not None
    time.sleep(0.35)
    assert gate.admit() is None  # half-open again after the cooldown


def test_exactly_one_of_many_redis_clients_probes(redis_url: str) -> None:
    import redis

    clients = [RedisBreaker(redis.Redis.from_url(redis_url), "bantin:test:breaker2", cooldown=0.2) for _ in range(6)]
    clients[0].reached()
    clients[0].trip("refused")
    time.sleep(0.25)
    assert [c.admit() is None for c in clients].count(True) == 1
