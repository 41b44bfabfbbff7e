"""A slot programme built before air waits for Google through 429s; one built too late does not."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Accounts
from tests.fakes.google_tts import FakeGoogle
from tests.workers.test_programmes import approved, morning
from tests.workers.tts.test_gtts import FAST


@pytest.fixture
def client(accounts: Accounts) -> Iterator[TestClient]:
    from service.main import app

    with TestClient(app) as c:
        yield c


@pytest.mark.parametrize(("case", "days_ahead", "engine"), [
    ("tomorrow's morning programme waits for Google", 1, "gtts"),
    ("a programme whose air time has passed gives Google one try", -1, "espeak"),
])
def test_the_air_time_decides_whether_a_programme_waits(case: str, days_ahead: int, engine: str,
                                                         client: TestClient, accounts: Accounts,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from service.db import session_scope
    from service.models import Broadcast, Recording
    from tests.conftest import _clear_caches
    from workers import broadcast_job

    approved(client, accounts, "Tin chung\n\nToàn huyện ra quân làm đường giao thông.")  # offline voice
    slot = morning(accounts)
    with FakeGoogle(bursts_429=(2.0, 100.0)) as fake:
        for key, value in {**FAST, "BANTIN_ENGINES": "gtts,espeak", "BANTIN_GTTS_BASE_URL": fake.url,
                           "BANTIN_GTTS_BACKOFF_MAX_S": "0.2", "BANTIN_GTTS_THROTTLE_BUDGET_S": "0.2",
                           "BANTIN_PREVIEW_WAIT_S": "0.2", "BANTIN_FALLBACK_MARGIN_S": "0"}.items():
            monkeypatch.setenv(key, value)
        _clear_caches()
        day = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date() + timedelta(days=days_ahead)
        fake.burst_clock = started = time.monotonic()
        broadcast_id = broadcast_job.build(accounts.station_id, slot.id, day.isoformat(), accounts.communes["Ân Hòa"])
        took = time.monotonic() - started
    with session_scope() as session:
        broadcast = session.get(Broadcast, broadcast_id)
        assert broadcast is not None and broadcast.state == "ready", case
        sidecar = session.get(Recording, broadcast.programme_id).sidecar  # type: ignore[union-attr]
    speech = [s for s in sidecar["segments"] if s["kind"] == "speech" and s["role"] != "station"]
    assert speech and {s["engine"] for s in speech} == {engine}, (case, speech)
    assert fake.answers[0] == "429"
    tries = Counter(fake.requests)
    if engine == "gtts":  # retried through the two-second burst until Google answered
        assert max(tries.values()) > 1 and "ok" in fake.answers and took >= 2.0, (case, tries, took)
    else:  # each piece asked once, then the offline voice; how long that took depends on the machine's load
        assert set(tries.values()) == {1} and "ok" not in fake.answers, (case, tries)
