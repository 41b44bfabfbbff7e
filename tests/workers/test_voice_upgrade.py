"""Upgrade after fallback: parts a fallback engine spoke are tried with the first engine again before air,
and the better programme is re-published (new file, new checksum) with a note on the programmes page."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from service.settings import Settings
from tests.conftest import Accounts
from tests.fakes.google_tts import FakeGoogle
from tests.workers.test_programmes import approved, morning
from tests.workers.tts.test_gtts import FAST
from workers.voice_upgrade import better, fallback_parts, worth_trying

AIR = datetime(2026, 12, 1, 23, 0, tzinfo=UTC)
SETTINGS = Settings(upgrade_margin_s=120)


def sidecar(*engines: str | None, kind: str = "speech") -> dict:
    return {"segments": [{"kind": kind, "engine": e} for e in engines]}


@pytest.mark.parametrize(("case", "programme", "expected"), [
    ("all in the first voice", sidecar("gtts", "gtts"), 0),
    ("one part entirely in the fallback", sidecar("gtts", "espeak"), 1),
    ("a part spoken partly by each", sidecar("gtts,espeak", "gtts"), 1),
    ("jingles have no engine", sidecar(None, "gtts"), 0),
    ("only speech counts", sidecar("espeak", kind="music"), 0),
])
def test_fallback_parts(case: str, programme: dict, expected: int) -> None:
    assert fallback_parts(programme, "gtts") == expected, case


@pytest.mark.parametrize(("case", "fallbacks", "now", "expected"), [
    ("fallback parts, an hour before air", 2, AIR - timedelta(hours=1), True),
    ("nothing to upgrade", 0, AIR - timedelta(hours=1), False),
    ("too close to air for relays to fetch a new file", 2, AIR - timedelta(seconds=60), False),
    ("aired", 2, AIR + timedelta(minutes=1), False),
])
def test_worth_trying(case: str, fallbacks: int, now: datetime, expected: bool) -> None:
    assert worth_trying(fallbacks, now, AIR, SETTINGS) is expected, case


def test_only_a_better_programme_replaces_the_first() -> None:
    assert [better(3, 0), better(3, 1), better(3, 3), better(0, 0)] == [True, True, False, False]


@pytest.fixture
def client(accounts: Accounts) -> Iterator[TestClient]:
    from service.main import app

    with TestClient(app) as c:
        yield c


def test_fallback_parts_are_spoken_again_by_gtts_and_re_published(client: TestClient, accounts: Accounts,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from service.db import session_scope
    from service.models import Broadcast, Recording
    from tests.conftest import _clear_caches
    from workers import broadcast_job

    approved(client, accounts, "Tin chung\n\nToàn huyện ra quân làm đường giao thông.")  # offline voice
    slot = morning(accounts)
    day = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date() + timedelta(days=1)
    scheduled: list[tuple] = []
    monkeypatch.setattr(broadcast_job, "enqueue", lambda *a, **k: scheduled.append((a, k)))
    with FakeGoogle() as fake:
        fake.default = "429"  # Google throttles the whole build
        for key, value in {**FAST, "BANTIN_ENGINES": "gtts,espeak", "BANTIN_GTTS_BASE_URL": fake.url,
                           "BANTIN_PREVIEW_WAIT_S": "0.3", "BANTIN_UPGRADE_RETRY_S": "42",
                           # the build's deadline is now: the throttled parts fall back at once
                           "BANTIN_FALLBACK_MARGIN_S": str(2 * 86400)}.items():
            monkeypatch.setenv(key, value)
        _clear_caches()
        broadcast_id = broadcast_job.build(accounts.station_id, slot.id, day.isoformat(), accounts.communes["Ân Hòa"])
        assert broadcast_id is not None
        relay = accounts.headers("relay")
        first = client.get("/api/v1/relay/programmes/latest", headers=relay).json()
        first_etag = client.get(first["url"], headers=relay).headers["etag"]
        with session_scope() as session:
            broadcast = session.get(Broadcast, broadcast_id)
            first_sidecar = session.get(Recording, broadcast.programme_id).sidecar  # type: ignore[union-attr]
        fallbacks = fallback_parts(first_sidecar, "gtts")
        assert fallbacks > 0
        assert scheduled == [((broadcast_job.UPGRADE_BROADCAST, broadcast_id), {"countdown": 42.0})]

        assert broadcast_job.upgrade(broadcast_id) is False  # still throttled: nothing better to publish
        fake.default = "ok"  # Google answers again
        requests_before = len(fake.requests)
        from service.storage import get_storage

        parts = get_storage().root / "parts"  # type: ignore[attr-defined]
        encoded_before = set(parts.rglob("*.mp3"))
        started = time.monotonic()
        assert broadcast_job.upgrade(broadcast_id) is True
        assert time.monotonic() - started < 60
    assert len(fake.requests) > requests_before  # the fallback parts were tried with Google again
    # Re-assembled from the part cache: the parts whose voice changed were encoded anew, most others reused
    # (a part's sound may also depend on its neighbour, e.g. the pause after it).
    anew = len(set(parts.rglob("*.mp3")) - encoded_before)
    assert fallbacks <= anew <= fallbacks + 1 < len(first_sidecar["segments"]), (anew, fallbacks)
    with session_scope() as session:
        broadcast = session.get(Broadcast, broadcast_id)
        assert broadcast is not None and broadcast.voice_upgraded_at is not None
        assert fallback_parts(session.get(Recording, broadcast.programme_id).sidecar, "gtts") == 0  # type: ignore[union-attr]
    second = client.get("/api/v1/relay/programmes/latest", headers=relay).json()
    assert second["id"] == broadcast_id and second["sha256"] != first["sha256"]
    audio = client.get(second["url"], headers=relay)
    assert audio.status_code == 200 and audio.headers["etag"] != first_etag
    assert client.get(second["url"], headers={**relay, "If-None-Match": first_etag}).status_code == 200
    from tests.conftest import PASSWORD

    client.post("/api/v1/auth/login", json={"username": "editor", "password": PASSWORD})
    row = client.get("/chuong-trinh").text.split("<td>Ân Hòa</td>", 1)[1].split("</tr>", 1)[0]
    assert "đã thay giọng dự phòng bằng giọng chính" in row
