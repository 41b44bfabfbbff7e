"""Google's official client, pointed at the local fake: what it sends is what Google documents."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.google_cloud_tts import API_KEY, FakeGoogleCloud
from tests.workers.tts.test_cloud import FAST, configure
from workers.tts import EngineError, Voice, get_engine


@pytest.fixture
def google(settings_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGoogleCloud]:
    with FakeGoogleCloud() as server:
        configure(monkeypatch, {**FAST, "BANTIN_GOOGLE_CLOUD_ENDPOINT": server.url,
                                "BANTIN_GOOGLE_CLOUD_API_KEY": API_KEY})
        yield server


def test_the_request_is_googles(google: FakeGoogleCloud) -> None:
    get_engine("google").synthesize("Tin buổi sáng", Voice("vi-VN-Neural2-D", rate=144))
    [sent] = google.requests
    assert sent["api_key"] == API_KEY and sent["language"] == "vi-VN" and sent["voice"] == "vi-VN-Neural2-D"
    assert sent["config"]["audioEncoding"] in ("MP3", 2)
    assert sent["config"]["speakingRate"] == pytest.approx(0.9)


def test_a_voice_google_does_not_know_is_a_refusal(google: FakeGoogleCloud, monkeypatch: pytest.MonkeyPatch) -> None:
    from workers.tts import google_cloud

    monkeypatch.setattr(google_cloud.GoogleCloudEngine, "voice_names", ())  # let the request reach the fake
    with pytest.raises(EngineError, match="HTTP 400"):
        get_engine("google").synthesize("Tin buổi sáng", Voice("vi-VN-Studio-Z"))
    assert len(google.requests) == 1
