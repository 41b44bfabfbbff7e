"""gTTS against a local fake of Google's endpoint: retries, timeouts, breaker, fallback, voices per role."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.google_tts import FakeGoogle
from workers.audio import ffmpeg
from workers.tts import EngineError, EngineUnavailable, Voice, get_engine

FAST = {"BANTIN_GTTS_BACKOFF_BASE_S": "0.01", "BANTIN_GTTS_BACKOFF_MAX_S": "0.05", "BANTIN_GTTS_RATE_PER_S": "1000",
        "BANTIN_GTTS_BURST": "100", "BANTIN_GTTS_READ_TIMEOUT_S": "0.5", "BANTIN_GTTS_MAX_ATTEMPTS": "4"}


@pytest.fixture
def fake(settings_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGoogle]:
    from tests.conftest import _clear_caches

    with FakeGoogle() as server:
        for key, value in {**FAST, "BANTIN_GTTS_BASE_URL": server.url, "BANTIN_ENGINES": "gtts,espeak"}.items():
            monkeypatch.setenv(key, value)
        _clear_caches()
        yield server


def decoded_seconds(mp3: bytes, tmp_path: Path) -> float:
    path = tmp_path / "reply.mp3"
    path.write_bytes(mp3)
    return len(ffmpeg.decode_pcm(path, sample_rate=8000)) / 16000


def test_speaks_through_the_endpoint(fake: FakeGoogle, tmp_path: Path) -> None:
    speech = get_engine("gtts").synthesize("Xin chào bà con xã Thượng Kiệm", Voice("vi"))
    assert speech.fmt == "mp3"
    assert decoded_seconds(speech.data, tmp_path) > 0.3
    assert fake.requests == ["Xin chào bà con xã Thượng Kiệm"]


@pytest.mark.parametrize("trouble", ["429", "500", "garbage", "slow"])
def test_retries_through_trouble(fake: FakeGoogle, trouble: str, tmp_path: Path) -> None:
    fake.schedule.extend([trouble, trouble])
    fake.slow_seconds = 2.0
    speech = get_engine("gtts").synthesize("Tin buổi sáng", Voice("vi"))
    assert decoded_seconds(speech.data, tmp_path) > 0.3
    assert fake.answers == [trouble, trouble, "ok"]


def test_rate_limits_are_waited_out_beyond_the_attempts(fake: FakeGoogle, tmp_path: Path) -> None:
    fake.schedule.extend(["429"] * 7)  # more than BANTIN_GTTS_MAX_ATTEMPTS: a 429 asks for patience, not failure
    speech = get_engine("gtts").synthesize("Tin buổi sáng", Voice("vi"))
    assert decoded_seconds(speech.data, tmp_path) > 0.3
    assert fake.answers == ["429"] * 7 + ["ok"]


def test_retry_after_holds_back_the_next_request(fake: FakeGoogle) -> None:
    fake.retry_after = 0.6
    fake.schedule.append("429")
    started = time.monotonic()
    assert get_engine("gtts").synthesize("Tin buổi sáng", Voice("vi")).fmt == "mp3"
    assert time.monotonic() - started >= 0.6  # backoff alone would be 0.01-0.05 s
    assert fake.answers == ["429", "ok"]


def test_endless_rate_limits_give_up_on_the_piece_but_keep_gtts(fake: FakeGoogle,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import _clear_caches

    monkeypatch.setenv("BANTIN_GTTS_THROTTLE_BUDGET_S", "0.3")
    _clear_caches()
    fake.default = "429"
    with pytest.raises(EngineError, match="429 and waiting longer would miss the deadline"):
        get_engine("gtts").synthesize("Tin buổi sáng", Voice("vi"))
    assert len(fake.requests) > 4
    assert get_engine("gtts").available()[0] is True  # Google is there, only busy: the breaker stays shut
    fake.default = "ok"
    assert get_engine("gtts").synthesize("Tin buổi chiều", Voice("vi")).fmt == "mp3"


@pytest.mark.parametrize(("case", "deadline_in", "spoken_by_gtts"), [
    ("a programme due in 5 s waits through 1 s of 429s", 5.0, True),
    ("a preview due in 0.4 s does not", 0.4, False),
])
def test_the_deadline_decides_how_long_a_piece_waits(case: str, deadline_in: float, spoken_by_gtts: bool,
                                                     settings_env: dict[str, str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import _clear_caches
    from workers.tts.deadline import speaking_by

    with FakeGoogle(bursts_429=(1.0, 100.0)) as fake:
        for key, value in {**FAST, "BANTIN_GTTS_BASE_URL": fake.url, "BANTIN_GTTS_THROTTLE_BUDGET_S": "0.2",
                           "BANTIN_GTTS_BACKOFF_MAX_S": "0.2"}.items():
            monkeypatch.setenv(key, value)
        _clear_caches()
        started = time.monotonic()
        fake.burst_clock = started
        with speaking_by(time.time() + deadline_in):
            if spoken_by_gtts:  # the 0.2 s budget for pieces without a deadline does not apply
                assert get_engine("gtts").synthesize("Tin buổi sáng", Voice("vi")).fmt == "mp3"
                assert time.monotonic() - started >= 1.0, case
            else:
                with pytest.raises(EngineError, match="would miss the deadline"):
                    get_engine("gtts").synthesize("Tin buổi sáng", Voice("vi"))
                # it stopped while Google still throttled: any try after the 1 s burst would have been answered
                assert set(fake.answers) == {"429"}, case
        assert fake.answers[0] == "429"


def test_server_errors_fail_the_piece_but_never_open_the_breaker(fake: FakeGoogle) -> None:
    fake.default = "500"
    with pytest.raises(EngineError, match="after 4 attempts"):
        get_engine("gtts").synthesize("Tin buổi sáng", Voice("vi"))
    assert len(fake.requests) == 4
    assert get_engine("gtts").available()[0] is True  # Google answered, badly: it is there
    fake.default = "ok"
    assert get_engine("gtts").synthesize("Tin buổi chiều", Voice("vi")).fmt == "mp3"


def test_no_network_opens_the_breaker_then_one_probe_closes_it(settings_env: dict[str, str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import _clear_caches, free_port

    port = free_port()
    monkeypatch.setenv("BANTIN_GTTS_BASE_URL", f"http://127.0.0.1:{port}")  # nothing listens there yet
    monkeypatch.setenv("BANTIN_BREAKER_COOLDOWN_S", "0.5")
    _clear_caches()
    engine = get_engine("gtts")
    before = engine.stats["requests"]  # type: ignore[attr-defined]
    with pytest.raises(EngineUnavailable, match="cannot be reached"):
        engine.synthesize("Tin buổi sáng", Voice("vi"))
    assert engine.stats["requests"] - before == 1  # type: ignore[attr-defined]
    with pytest.raises(EngineUnavailable, match="off for now"):
        engine.synthesize("Tin buổi sáng", Voice("vi"))
    assert engine.stats["requests"] - before == 1  # type: ignore[attr-defined]  # the open breaker costs nothing
    assert engine.available()[0] is False
    with FakeGoogle(port=port):  # the network comes back
        time.sleep(0.6)
        assert engine.synthesize("Tin buổi trưa", Voice("vi")).fmt == "mp3"  # the probe
        assert engine.available()[0] is True


def test_fallback_chain_records_who_spoke(fake: FakeGoogle) -> None:
    from service.settings import get_settings
    from service.storage import get_storage
    from workers.synth import speak

    fake.default = "500"
    result = speak("Tin buổi sáng", "narrator", engines=["gtts", "espeak"], storage=get_storage(),
                   sample_rate=get_settings().house_sample_rate)
    assert result.engine == "espeak"
    assert result.failures and result.failures[0].startswith("gtts:")


def median_pitch_hz(wav: Path) -> float:
    """The voice's fundamental frequency: the autocorrelation peak (60-400 Hz) of each clearly voiced
    40 ms frame, the median over frames."""
    import numpy as np

    rate = 16_000
    samples = np.frombuffer(ffmpeg.decode_pcm(wav, sample_rate=rate), dtype="<i2").astype(np.float64)
    size, lo, hi = int(0.04 * rate), rate // 400, rate // 60
    pitches = []
    for start in range(0, len(samples) - size, size // 2):
        frame = samples[start:start + size] - samples[start:start + size].mean()
        corr = np.correlate(frame, frame, mode="full")[size - 1:]
        if corr[0] <= 0:
            continue
        lag = lo + int(np.argmax(corr[lo:hi]))
        if corr[lag] > 0.5 * corr[0]:  # clearly periodic: a voiced sound
            pitches.append(rate / lag)
    return float(np.median(pitches))


def test_reporter_and_official_sound_different_on_the_single_gtts_voice(fake: FakeGoogle) -> None:
    from service.settings import get_settings
    from service.storage import get_storage
    from workers.synth import speak

    def say(role: str) -> Path:
        spoken = speak("Cùng một câu", role, engines=["gtts"], storage=get_storage(),
                       sample_rate=get_settings().house_sample_rate)
        return get_storage().local_path(spoken.key)

    reporter, official = median_pitch_hz(say("reporter")), median_pitch_hz(say("official"))
    # Same audio from Google; the reporter is pitched up 2.5 semitones and the official down 3.5.
    assert reporter / official == pytest.approx(2 ** (6 / 12), rel=0.08)


def test_render_speaks_chunks_in_parallel_within_the_limit(fake: FakeGoogle, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from service.running_order import for_station
    from service.settings import get_settings
    from service.storage import get_storage
    from service.text.script import build_script
    from tests.conftest import SEED
    from workers.pipeline import render

    fake.latency = 0.05
    monkeypatch.setenv("BANTIN_SYNTH_CONCURRENCY", "4")
    get_settings.cache_clear()
    script = build_script(SEED.read_text(encoding="utf-8"))
    script = script.model_copy(update={"segments": script.segments[:6]})
    settings = get_settings()
    storage = get_storage(settings)
    result = render([script], tmp_path / "out.mp3", template=for_station(settings, storage), settings=settings,
                    storage=storage)
    assert result.engines == {"gtts": len(fake.requests)}
    assert all(len(text) <= 100 for text in fake.requests)
    assert 1 < fake.max_in_flight <= 4
