"""FPT.AI's asynchronous link: polled until ready, within a deadline."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.fakes.fpt_tts import API_KEY, FakeFpt
from tests.workers.tts.test_cloud import FAST, configure
from workers.tts import EngineError, Voice, get_engine
from workers.tts.fptai import request_text


@pytest.fixture
def fpt(settings_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeFpt]:
    with FakeFpt() as server:
        configure(monkeypatch, {**FAST, "BANTIN_FPTAI_BASE_URL": server.url, "BANTIN_FPTAI_API_KEY": API_KEY})
        yield server


def test_the_link_is_polled_until_the_audio_is_ready(fpt: FakeFpt) -> None:
    fpt.ready_after = 0.4
    started = time.monotonic()
    speech = get_engine("fptai").synthesize("Tin buổi sáng", Voice("lannhi"))
    assert speech.fmt == "mp3" and time.monotonic() - started >= 0.4
    assert fpt.polls > 2 and fpt.answers == ["ok"]
    assert fpt.requests[0]["api_key"] == API_KEY and fpt.requests[0]["format"] == "mp3"


def test_a_link_never_ready_is_resubmitted_then_gives_up(fpt: FakeFpt) -> None:
    fpt.schedule.append("never")
    assert get_engine("fptai").synthesize("Tin buổi sáng", Voice("banmai")).fmt == "mp3"
    assert fpt.answers == ["never", "ok"]
    fpt.default = "never"
    with pytest.raises(EngineError, match="not ready within 1 s"):
        get_engine("fptai").synthesize("Tin buổi chiều", Voice("banmai"))


def test_an_error_answer_is_a_refusal(fpt: FakeFpt) -> None:
    fpt.default = "error"
    with pytest.raises(EngineError, match="refused the text"):
        get_engine("fptai").synthesize("Tin buổi sáng", Voice("banmai"))
    assert len(fpt.requests) == 1


@pytest.mark.parametrize(("text", "sent"), [("Vâng", "Vâng"), ("Ừ", "Ừ.."), ("Ừ.", "Ừ.."), (" Có ", "Có.")])
def test_very_short_text_is_padded_to_fpts_minimum(text: str, sent: str) -> None:
    assert request_text(text) == sent
