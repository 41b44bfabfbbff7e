"""Vbee's asynchronous request: created with the app id and bearer token, polled until SUCCESS, within a
deadline; its refusals in Vbee's words."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.fakes.vbee_tts import APP_ID, TOKEN, FakeVbee
from tests.workers.tts.test_cloud import FAST, configure
from workers.tts import EngineError, Voice, get_engine
from workers.tts.vbee import speed_rate, split_secret

NORTH_FEMALE = "hn_female_ngochuyen_full_48k-fhg"


@pytest.fixture
def vbee(settings_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeVbee]:
    with FakeVbee() as server:
        configure(monkeypatch, {**FAST, "BANTIN_VBEE_BASE_URL": server.url, "BANTIN_VBEE_APP_ID": APP_ID,
                                "BANTIN_VBEE_TOKEN": TOKEN})
        yield server


def test_the_request_is_polled_until_the_audio_is_ready(vbee: FakeVbee) -> None:
    vbee.ready_after = 0.4
    started = time.monotonic()
    speech = get_engine("vbee").synthesize("Tin buổi sáng", Voice("sg_male_minhhoang_full_48k-fhg", rate=176))
    assert speech.fmt == "mp3" and time.monotonic() - started >= 0.4
    assert vbee.polls > 2 and vbee.answers == ["ok"]
    sent = vbee.requests[0]
    assert sent["authorization"] == f"Bearer {TOKEN}" and sent["app_id"] == APP_ID
    assert sent["input_text"] == "Tin buổi sáng" and sent["voice_code"] == "sg_male_minhhoang_full_48k-fhg"
    assert sent["audio_type"] == "mp3" and sent["speed_rate"] == "1.1" and sent["callback_url"]


def test_a_request_never_ready_is_sent_again_then_given_up(vbee: FakeVbee) -> None:
    vbee.schedule.append("never")
    assert get_engine("vbee").synthesize("Tin buổi sáng", Voice(NORTH_FEMALE)).fmt == "mp3"
    assert vbee.answers == ["never", "ok"]
    vbee.default = "never"
    with pytest.raises(EngineError, match="not ready within 1 s"):
        get_engine("vbee").synthesize("Tin buổi chiều", Voice(NORTH_FEMALE))


def test_a_failed_synthesis_is_tried_again(vbee: FakeVbee) -> None:
    vbee.schedule.append("failure")
    assert get_engine("vbee").synthesize("Tin buổi sáng", Voice(NORTH_FEMALE)).fmt == "mp3"
    assert vbee.answers == ["failure", "ok"]


def test_an_error_answer_is_a_refusal_in_vbees_words(vbee: FakeVbee) -> None:
    vbee.default = "error"
    with pytest.raises(EngineError, match="Vbee refused the request: error 1002: Voice code is invalid"):
        get_engine("vbee").synthesize("Tin buổi sáng", Voice(NORTH_FEMALE))
    assert len(vbee.requests) == 1  # another try would be refused the same way


def test_a_wrong_app_id_is_refused(vbee: FakeVbee, monkeypatch: pytest.MonkeyPatch) -> None:
    configure(monkeypatch, {"BANTIN_VBEE_APP_ID": "someone-else"})
    with pytest.raises(EngineError, match="App not found"):
        get_engine("vbee").synthesize("Tin buổi sáng", Voice(NORTH_FEMALE))


@pytest.mark.parametrize(("secret", "expected"), [
    ("app:tok", ("app", "tok")), ("app: tok ", ("app", "tok")), ("a:b:c", ("a", "b:c")),
    ("tok", None), (":tok", None), ("app:", None),
])
def test_the_secret_is_app_id_and_token(secret: str, expected: tuple[str, str] | None) -> None:
    if expected is None:
        with pytest.raises(EngineError, match="APP_ID:TOKEN"):
            split_secret(secret)
    else:
        assert split_secret(secret) == expected


@pytest.mark.parametrize(("rate", "sent"), [(None, "1.0"), (160, "1.0"), (136, "0.8"), (400, "1.9"), (8, "0.1")])
def test_speed_from_the_voice_sets_rate(rate: int | None, sent: str) -> None:
    assert speed_rate(Voice(NORTH_FEMALE, rate=rate)) == sent
