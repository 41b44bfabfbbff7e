"""A station sees its own month's characters per paid cloud voice, and its cap; never another station's."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Accounts, make_accounts


def test_staff_see_their_stations_month(accounts: Accounts, monkeypatch: pytest.MonkeyPatch) -> None:
    from service import voice_usage
    from service.main import app
    from service.settings import get_settings
    from tests.conftest import _clear_caches

    monkeypatch.setenv("BANTIN_CLOUD_MONTHLY_CAPS", "fptai=2000000,google=1000000")
    _clear_caches()
    other = make_accounts("Đài truyền thanh huyện Yên Mô", prefix="ym-")
    voice_usage.record(get_settings(), accounts.station_id, "fptai", 1200)
    voice_usage.record(get_settings(), accounts.station_id, "fptai", 300)
    voice_usage.record(get_settings(), other.station_id, "fptai", 99_000)
    month = voice_usage.this_month(get_settings())
    with TestClient(app) as client:
        rows = client.get("/api/v1/station/voice-usage", headers=accounts.headers("editor")).json()
    assert rows == [{"engine": "fptai", "month": month, "chars": 1500, "cap": 2_000_000},
                    {"engine": "google", "month": month, "chars": 0, "cap": 1_000_000}]
