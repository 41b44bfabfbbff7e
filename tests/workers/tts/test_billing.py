"""Characters billed per station, engine and month, and the monthly cap that makes the chain fall back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from service import voice_usage
from tests.fakes.viettel_tts import TOKEN, FakeViettel
from tests.workers.tts.test_cloud import FAST, configure


@pytest.mark.parametrize(("moment", "month"), [
    (datetime(2026, 11, 30, 16, 59, tzinfo=UTC), "2026-11"),
    (datetime(2026, 11, 30, 17, 0, tzinfo=UTC), "2026-12"),  # midnight in Vietnam (UTC+7) starts December
    (datetime(2026, 12, 31, 23, 0, tzinfo=UTC), "2027-01"),
])
def test_the_month_is_the_stations_local_month(moment: datetime, month: str) -> None:
    assert voice_usage.month_of(moment, "Asia/Ho_Chi_Minh") == month


@pytest.mark.parametrize(("text", "caps"), [
    ("", {}), ("fptai=2000000", {"fptai": 2_000_000}), (" fptai = 10 , google=5,", {"fptai": 10, "google": 5}),
])
def test_caps_are_read_from_one_setting(text: str, caps: dict[str, int]) -> None:
    assert voice_usage.parse_caps(text) == caps


@pytest.mark.parametrize("text", ["fptai", "fptai=lots", "fptai=-5"])
def test_a_mistyped_cap_stops_the_start(text: str) -> None:
    from pydantic import ValidationError

    from service.settings import Settings

    with pytest.raises(ValidationError, match="engine=characters"):
        Settings(cloud_monthly_caps=text)


@pytest.mark.parametrize(("used", "chars", "cap", "over"), [
    (0, 100, None, False), (0, 100, 100, False), (1, 100, 100, True), (100, 1, 100, True), (50, 40, 100, False),
])
def test_over_cap(used: int, chars: int, cap: int | None, over: bool) -> None:
    assert voice_usage.over_cap(used, chars, cap) is over


@pytest.fixture
def viettel(settings_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeViettel]:
    with FakeViettel() as server:
        configure(monkeypatch, {**FAST, "BANTIN_VIETTEL_BASE_URL": server.url, "BANTIN_VIETTEL_TOKEN": TOKEN,
                                "BANTIN_CLOUD_MONTHLY_CAPS": "viettel=30"})
        yield server


def speak(text: str, station: str) -> str:
    from service.settings import get_settings
    from service.storage import get_storage
    from workers.synth import speak as synth_speak

    spoken = synth_speak(text, "narrator", engines=["viettel", "espeak"], storage=get_storage(),
                         sample_rate=get_settings().house_sample_rate, station=station)
    return spoken.engine + (f" ({spoken.failures[0]})" if spoken.failures else "")


def test_each_station_is_billed_and_capped_on_its_own(viettel: FakeViettel, caplog: pytest.LogCaptureFixture) -> None:
    from service.settings import get_settings

    morning, evening, meeting = "Tin buổi sáng", "Tin buổi chiều", "Họp dân cuối tuần"  # 13, 14, 17 characters
    assert speak(morning, "station-a") == "viettel"
    assert speak(evening, "station-a") == "viettel"  # 27 of 30
    assert speak(meeting, "station-a").startswith("espeak (viettel: this month's cap of 30")  # 44 would pass it
    assert speak(meeting, "station-b") == "viettel"  # another station's month is its own
    assert "cap of 30 characters is reached (27 used)" in caplog.text
    assert [r["text"] for r in viettel.requests] == [morning, evening, meeting]
    assert voice_usage.month_use(get_settings(), "station-a") == [
        {"engine": "viettel", "month": voice_usage.this_month(get_settings()), "chars": 27, "cap": 30}]
    assert voice_usage.month_use(get_settings(), "station-b")[0]["chars"] == 17


def test_a_cached_piece_costs_nothing(viettel: FakeViettel) -> None:
    from service.settings import get_settings

    speak("Tin buổi sáng", "station-a")
    speak("Tin buổi sáng", "station-a")
    assert len(viettel.requests) == 1
    assert voice_usage.month_use(get_settings(), "station-a")[0]["chars"] == len("Tin buổi sáng")
