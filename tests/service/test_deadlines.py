"""Deadlines decide fallback: when a job's pieces are due, and whether a piece may wait once more."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from service import deadlines
from service.settings import Settings
from workers.tts.deadline import can_wait

NOW = datetime(2026, 11, 30, 22, 30, tzinfo=UTC)
SETTINGS = Settings(preview_wait_s=120, fallback_margin_s=300)


@pytest.mark.parametrize(("case", "air_at", "expected"), [
    ("built 30 min before air: waits until 5 min before", NOW + timedelta(minutes=30), NOW + timedelta(minutes=25)),
    ("built 4 min before air: no waiting, one try", NOW + timedelta(minutes=4), NOW),
    ("an emergency bulletin airs now: one try", NOW, NOW),
    ("air time read back from SQLite, without its zone", (NOW + timedelta(minutes=30)).replace(tzinfo=None),
     NOW + timedelta(minutes=25)),
])
def test_programme_deadline(case: str, air_at: datetime, expected: datetime) -> None:
    assert deadlines.programme(air_at, NOW, SETTINGS) == expected, case


def test_preview_waits_a_little() -> None:
    assert deadlines.preview(NOW, SETTINGS) == NOW + timedelta(minutes=2)


@pytest.mark.parametrize(("case", "deadline", "expected"), [
    ("aware", NOW, NOW.timestamp()),
    ("naive, as SQLite gives it back: UTC", NOW.replace(tzinfo=None), NOW.timestamp()),
    ("none", None, None),
])
def test_deadline_in_seconds(case: str, deadline: datetime | None, expected: float | None) -> None:
    assert deadlines.seconds(deadline) == expected, case


@pytest.mark.parametrize(("wait", "deadline", "now", "expected"), [
    (2.0, 100.0, 90.0, True),  # ends well before
    (10.0, 100.0, 90.0, False),  # ends exactly at the deadline: no time left for the next engine
    (30.0, 100.0, 90.0, False),  # a Retry-After beyond the deadline
    (0.0, 100.0, 101.0, False),  # already past
])
def test_a_piece_waits_only_if_that_still_meets_the_deadline(wait: float, deadline: float, now: float,
                                                              expected: bool) -> None:
    assert can_wait(wait, deadline, now) is expected
