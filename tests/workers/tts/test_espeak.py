"""The offline voice: libespeak-ng from the wheel, through our ctypes binding."""

from __future__ import annotations

import pytest

from tests.audio import rms_dbfs
from workers.tts import EngineError, Voice, get_engine


def test_espeak_speaks_vietnamese() -> None:
    engine = get_engine("espeak")
    assert engine.available()[0]
    speech = engine.synthesize("Đây là Đài truyền thanh xã Thượng Kiệm.", Voice("vi"))
    seconds = len(speech.data) / 2 / speech.sample_rate
    assert speech.sample_rate == 22_050
    assert 1.0 < seconds < 6.0
    assert rms_dbfs(speech.data) > -40  # real sound, not silence


def test_voices_sound_different() -> None:
    engine = get_engine("espeak")
    text = "Xin chào bà con."
    female = engine.synthesize(text, Voice("vi+f3", rate=160)).data
    male = engine.synthesize(text, Voice("vi+m3", rate=160)).data
    assert female != male


def test_longer_text_takes_longer() -> None:
    engine = get_engine("espeak")
    short = engine.synthesize("Một.", Voice("vi")).data
    long = engine.synthesize("Một hai ba bốn năm sáu bảy tám chín mười.", Voice("vi")).data
    assert len(long) > 3 * len(short)


def test_unknown_engine_names_suggest_the_right_one() -> None:
    with pytest.raises(EngineError, match="Did you mean 'espeak'"):
        get_engine("espeek")


def test_unknown_voice_is_a_clear_error() -> None:
    with pytest.raises(EngineError, match="no voice"):
        get_engine("espeak").synthesize("xin chào", Voice("zz-nonexistent"))
