"""The shared rate limit and circuit breaker, in-process and on the real Redis."""

from __future__ import annotations

import pytest

from workers.tts.limits import LocalBreaker, LocalBucket, RedisBreaker, RedisBucket


def test_local_bucket_allows_a_burst_then_asks_to_wait() -> None:
    bucket = LocalBucket(rate=2.0, burst=3)
    waits = [bucket.wait_time() for _ in range(4)]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert 0 < waits[3] <= 0.5


def test_redis_bucket_is_shared_between_clients(redis_url: str) -> None:
    import redis

    one = RedisBucket(redis.Redis.from_url(redis_url), "bantin:test:bucket", rate=1.0, burst=2)
    two = RedisBucket(redis.Redis.from_url(redis_url), "bantin:test:bucket", rate=1.0, burst=2)
    assert float(one.script(keys=[one.key], args=[one.rate, one.burst])) == 0
    assert float(two.script(keys=[two.key], args=[two.rate, two.burst])) == 0
    # The burst is spent by both clients together: the third token must be waited for.
    assert float(one.script(keys=[one.key], args=[one.rate, one.burst])) > 0.5


@pytest.mark.parametrize("kind", ["local", "redis"])
def test_breaker_opens_and_resets(kind: str, request: pytest.FixtureRequest) -> None:
    if kind == "redis":
        import redis

        client = redis.Redis.from_url(request.getfixturevalue("redis_url"))
        gate: LocalBreaker | RedisBreaker = RedisBreaker(client, "bantin:test:breaker", cooldown=30)
    else:
        gate = LocalBreaker(cooldown=30)
    assert gate.open_reason() is None
    gate.trip("no internet")
    assert gate.open_reason() == "no internet"
    gate.reset()
    assert gate.open_reason() is None
