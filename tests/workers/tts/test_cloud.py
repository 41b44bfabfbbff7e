"""The paid cloud voices against local fakes of their documented APIs: audio, retries, breaker, fallback."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fakes import fpt_tts, google_cloud_tts, vbee_tts, viettel_tts
from tests.fakes.cloud import FakeCloud
from workers.audio import ffmpeg
from workers.tts import EngineError, EngineUnavailable, Voice, get_engine

# The read timeout leaves room for a machine busy with other test runs; only the "slow" answer passes it.
FAST = {"BANTIN_CLOUD_BACKOFF_BASE_S": "0.01", "BANTIN_CLOUD_BACKOFF_MAX_S": "0.05",
        "BANTIN_CLOUD_READ_TIMEOUT_S": "2", "BANTIN_CLOUD_MAX_ATTEMPTS": "4", "BANTIN_FPTAI_RATE_PER_S": "1000",
        "BANTIN_VIETTEL_RATE_PER_S": "1000", "BANTIN_GOOGLE_CLOUD_RATE_PER_S": "1000",
        "BANTIN_FPTAI_POLL_INTERVAL_S": "0.05", "BANTIN_FPTAI_POLL_DEADLINE_S": "1", "BANTIN_VBEE_RATE_PER_S": "1000",
        "BANTIN_VBEE_POLL_INTERVAL_S": "0.05", "BANTIN_VBEE_POLL_DEADLINE_S": "1"}


@dataclass(frozen=True)
class Provider:
    engine: str
    fake: type[FakeCloud]
    env: dict[str, str]  # {url} is the fake's base URL
    female: str
    male: str


PROVIDERS = {
    "fptai": Provider("fptai", fpt_tts.FakeFpt, {"BANTIN_FPTAI_BASE_URL": "{url}",
                                                 "BANTIN_FPTAI_API_KEY": fpt_tts.API_KEY}, "banmai", "leminh"),
    "viettel": Provider("viettel", viettel_tts.FakeViettel, {"BANTIN_VIETTEL_BASE_URL": "{url}",
                                                             "BANTIN_VIETTEL_TOKEN": viettel_tts.TOKEN},
                        "hn-quynhanh", "hn-thanhtung"),
    "vbee": Provider("vbee", vbee_tts.FakeVbee, {"BANTIN_VBEE_BASE_URL": "{url}", "BANTIN_VBEE_APP_ID": vbee_tts.APP_ID,
                                                 "BANTIN_VBEE_TOKEN": vbee_tts.TOKEN},
                     "hn_female_ngochuyen_full_48k-fhg", "hn_male_manhdung_news_48k-fhg"),
    # Google's official client, pointed at the fake through its api_endpoint option (REST transport).
    "google": Provider("google", google_cloud_tts.FakeGoogleCloud,
                       {"BANTIN_GOOGLE_CLOUD_ENDPOINT": "{url}",
                        "BANTIN_GOOGLE_CLOUD_API_KEY": google_cloud_tts.API_KEY},
                       "vi-VN-Wavenet-A", "vi-VN-Wavenet-B"),
}


def configure(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    from tests.conftest import _clear_caches

    for key, value in env.items():
        monkeypatch.setenv(key, value)
    _clear_caches()


@pytest.fixture(params=sorted(PROVIDERS))
def cloud(request: pytest.FixtureRequest, settings_env: dict[str, str],
          monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Provider, FakeCloud]]:
    provider = PROVIDERS[request.param]
    with provider.fake() as server:
        env = {k: v.format(url=server.url) for k, v in provider.env.items()}
        configure(monkeypatch, {**FAST, **env, "BANTIN_ENGINES": f"{provider.engine},espeak"})
        yield provider, server


def seconds(audio: bytes, fmt: str, tmp_path: Path) -> float:
    path = tmp_path / f"reply.{fmt}"
    path.write_bytes(audio)
    return len(ffmpeg.decode_pcm(path, sample_rate=8000)) / 16000


def test_speaks_real_audio(cloud: tuple[Provider, FakeCloud], tmp_path: Path) -> None:
    provider, fake = cloud
    speech = get_engine(provider.engine).synthesize("Xin chào bà con xã Thượng Kiệm", Voice(provider.male))
    assert seconds(speech.data, speech.fmt, tmp_path) > 0.3
    assert [r["text"] for r in fake.requests] == ["Xin chào bà con xã Thượng Kiệm"]
    assert fake.requests[0]["voice"] == provider.male


@pytest.mark.parametrize("trouble", ["429", "500", "garbage", "slow"])
def test_retries_through_trouble(cloud: tuple[Provider, FakeCloud], trouble: str, tmp_path: Path) -> None:
    provider, fake = cloud
    fake.schedule.extend([trouble, trouble])
    fake.slow_seconds = 3.0
    speech = get_engine(provider.engine).synthesize("Tin buổi sáng", Voice(provider.female))
    assert seconds(speech.data, speech.fmt, tmp_path) > 0.3
    assert fake.answers == [trouble, trouble, "ok"]


def test_refused_credentials_fail_at_once_and_fall_back(cloud: tuple[Provider, FakeCloud]) -> None:
    from service.settings import get_settings
    from service.storage import get_storage
    from workers.synth import speak

    provider, fake = cloud
    fake.default = "unauthorized"
    with pytest.raises(EngineError, match="refused"):
        get_engine(provider.engine).synthesize("Tin buổi sáng", Voice(provider.female))
    assert len(fake.requests) == 1  # another try would be refused the same way
    result = speak("Tin buổi chiều", "narrator", engines=[provider.engine, "espeak"], storage=get_storage(),
                   sample_rate=get_settings().house_sample_rate)
    assert result.engine == "espeak" and result.failures[0].startswith(f"{provider.engine}:")


def test_persistent_5xx_fails_the_piece_but_never_opens_the_breaker(cloud: tuple[Provider, FakeCloud]) -> None:
    provider, fake = cloud
    fake.default = "500"
    with pytest.raises(EngineError, match="after 4 attempts"):
        get_engine(provider.engine).synthesize("Tin buổi sáng", Voice(provider.female))
    assert len(fake.requests) == 4
    # a service that answers is there: the next piece asks it again (the breaker is for unreachability)
    with pytest.raises(EngineError, match="after 4 attempts"):
        get_engine(provider.engine).synthesize("Tin buổi chiều", Voice(provider.female))
    assert len(fake.requests) == 8
    assert get_engine(provider.engine).available()[0] is True


def test_endless_429_gives_up_on_the_piece_but_keeps_the_engine(cloud: tuple[Provider, FakeCloud],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    provider, fake = cloud
    configure(monkeypatch, {"BANTIN_CLOUD_THROTTLE_BUDGET_S": "0.5"})
    fake.default = "429"
    with pytest.raises(EngineError, match="deadline"):
        get_engine(provider.engine).synthesize("Tin buổi sáng", Voice(provider.female))
    assert len(fake.requests) >= 2 and get_engine(provider.engine).available()[0] is True


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_unreachable_fails_at_once(name: str, settings_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import free_port

    provider = PROVIDERS[name]
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    configure(monkeypatch, {**FAST, **{k: v.format(url=url) for k, v in provider.env.items()}})
    engine = get_engine(name)
    before = engine.stats["requests"]  # type: ignore[attr-defined]
    with pytest.raises(EngineUnavailable, match="cannot be reached"):
        engine.synthesize("Tin buổi sáng", Voice(provider.female))
    assert engine.stats["requests"] - before == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_without_credentials_the_engine_says_so(name: str, settings_env: dict[str, str]) -> None:
    ok, why = get_engine(name).available()
    assert not ok and "BANTIN_" in why
    with pytest.raises(EngineUnavailable):
        get_engine(name).synthesize("Tin buổi sáng", Voice(PROVIDERS[name].female))


def test_unknown_voice_is_refused_before_any_request(cloud: tuple[Provider, FakeCloud]) -> None:
    provider, fake = cloud
    with pytest.raises(EngineError, match="no voice"):
        get_engine(provider.engine).synthesize("Tin buổi sáng", Voice("vi"))
    assert fake.requests == []
