"""The adaptive rate: 429 lowers it, good answers raise it back slowly, Retry-After pauses everyone."""

from __future__ import annotations

import math
import time

import pytest

from workers.tts.rate import HOLD_S, LocalBucket, Policy, RateState, RedisBucket, after_answer

POLICY = Policy(ceiling=8.0, floor=0.5, cut=0.5, recovery_s=75.0)  # climbs 0.1 request/s each second


@pytest.mark.parametrize(("case", "before", "answer", "now", "retry_after", "after"), [
    ("a 429 halves the rate", RateState(8.0, changed_at=0.0), "throttled", 10.0, None,
     RateState(4.0, changed_at=10.0, cut_at=10.0)),
    ("429s in flight together are one cut", RateState(4.0, changed_at=10.0, cut_at=10.0), "throttled",
     10.0 + HOLD_S / 2, None, RateState(4.0, changed_at=10.0, cut_at=10.0)),
    ("a 429 after the hold cuts again", RateState(4.0, changed_at=10.0, cut_at=10.0), "throttled",
     10.0 + HOLD_S, None, RateState(2.0, changed_at=10.0 + HOLD_S, cut_at=10.0 + HOLD_S)),
    ("never below the floor", RateState(0.6, cut_at=0.0), "throttled", 5.0, None,
     RateState(0.5, changed_at=5.0, cut_at=5.0)),
    ("Retry-After pauses every worker", RateState(8.0), "throttled", 10.0, 30.0,
     RateState(4.0, changed_at=10.0, cut_at=10.0, paused_until=40.0)),
    ("a shorter Retry-After never shortens a pause", RateState(4.0, cut_at=10.0, paused_until=40.0), "throttled",
     10.5, 2.0, RateState(4.0, cut_at=10.0, paused_until=40.0)),
    ("good answers climb back linearly", RateState(2.0, changed_at=10.0, cut_at=10.0), "ok", 30.0, None,
     RateState(4.0, changed_at=30.0, cut_at=10.0)),
    ("never above the configured rate", RateState(7.9, changed_at=0.0), "ok", 100.0, None,
     RateState(8.0, changed_at=100.0)),
    ("at full rate a good answer changes nothing", RateState(8.0, changed_at=3.0), "ok", 100.0, None,
     RateState(8.0, changed_at=3.0)),
    ("a lowered setting applies at once", RateState(20.0, changed_at=3.0), "ok", 100.0, None,
     RateState(8.0, changed_at=100.0)),
])
def test_rate_after_an_answer(case: str, before: RateState, answer: str, now: float, retry_after: float | None,
                              after: RateState) -> None:
    assert after_answer(before, answer, now, POLICY, retry_after) == after, case  # type: ignore[arg-type]


def test_a_storm_of_429s_reaches_the_floor_and_a_calm_minute_the_full_rate_again() -> None:
    state, now = RateState(8.0), 0.0
    for _ in range(10):  # ten seconds of nothing but 429s
        now += HOLD_S
        state = after_answer(state, "throttled", now, POLICY)
    assert state.rate == POLICY.floor
    for _ in range(75):  # one good answer a second
        now += 1.0
        state = after_answer(state, "ok", now, POLICY)
    assert state.rate == pytest.approx(POLICY.ceiling)
    assert math.isclose(after_answer(state, "ok", now + 1, POLICY).rate, POLICY.ceiling)


def test_local_bucket_allows_a_burst_then_asks_to_wait() -> None:
    bucket = LocalBucket(Policy(ceiling=2.0, floor=0.5, cut=0.5, recovery_s=60), burst=3)
    waits = [bucket.wait_time() for _ in range(4)]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert 0 < waits[3] <= 0.5


def test_local_bucket_slows_on_429_and_gives_up_before_the_deadline() -> None:
    bucket = LocalBucket(Policy(ceiling=10.0, floor=0.5, cut=0.5, recovery_s=60), burst=1)
    assert bucket.acquire()
    bucket.feedback("throttled")
    assert bucket.current() == 5.0
    assert 0.15 < bucket.wait_time() <= 0.2  # the next token comes at the halved rate
    bucket.feedback("throttled", retry_after=30)
    started = time.monotonic()
    assert bucket.acquire(deadline=time.time() + 1) is False  # paused 30 s: not worth waiting for
    assert time.monotonic() - started < 0.5


def test_redis_bucket_is_shared_and_adapts_for_every_client(redis_url: str) -> None:
    import redis

    policy = Policy(ceiling=10.0, floor=0.5, cut=0.5, recovery_s=60)
    redis.Redis.from_url(redis_url).delete("bantin:test:bucket", "bantin:test:bucket:control")
    one = RedisBucket(redis.Redis.from_url(redis_url), "bantin:test:bucket", policy, burst=2)
    two = RedisBucket(redis.Redis.from_url(redis_url), "bantin:test:bucket", policy, burst=2)
    assert one.wait_time() == 0 and two.wait_time() == 0
    # The burst is spent by both clients together: the third token must be waited for.
    assert one.wait_time() > 0.05
    one.feedback("throttled")
    assert two.current() == 5.0  # one worker's 429 slows every worker
    one.feedback("throttled", retry_after=20)
    assert two.wait_time() > 19  # and its Retry-After pauses them all
    assert two.acquire(deadline=time.time() + 1) is False
