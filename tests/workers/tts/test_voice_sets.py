"""Voice sets give the paid cloud voices real people per role and region, not a pitch shift."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.settings import Settings
from tests.fakes.fpt_tts import API_KEY, FakeFpt
from tests.workers.tts.test_cloud import FAST, configure
from tests.workers.tts.test_gtts import median_pitch_hz
from workers.tts import fptai, google_cloud, vbee, viettel
from workers.tts.voices import load_sets

SETS = load_sets(Settings().voices_file)
REGIONS = {"fptai": fptai.VOICES, "viettel": viettel.VOICES, "vbee": vbee.VOICES}  # name -> (region, gender)
GENDERS = {"fptai": {n: g for n, (_, g) in fptai.VOICES.items()}, "vbee": {n: g for n, (_, g) in vbee.VOICES.items()},
           "viettel": {n: g for n, (_, g) in viettel.VOICES.items()}, "google": google_cloud.VOICES}
REGION_OF_SET = {"default": "north", "slow": "north", "central": "central", "south": "south"}


@pytest.mark.parametrize("engine", sorted(GENDERS))
@pytest.mark.parametrize("voice_set", sorted(SETS))
def test_reporter_and_official_are_two_real_voices(voice_set: str, engine: str) -> None:
    roles = SETS[voice_set]
    reporter, official = roles["reporter"][engine], roles["official"][engine]
    assert reporter.voice.name != official.voice.name
    assert GENDERS[engine][reporter.voice.name] != GENDERS[engine][official.voice.name]
    for role in roles.values():
        assert role[engine].voice.name in GENDERS[engine]
        assert role[engine].pitch_semitones == 0  # a real voice, never a pitch shift


@pytest.mark.parametrize("engine", sorted(REGIONS))
@pytest.mark.parametrize("voice_set", sorted(SETS))
def test_each_set_speaks_with_its_regions_voices(voice_set: str, engine: str) -> None:
    regions = {REGIONS[engine][role[engine].voice.name][0] for role in SETS[voice_set].values()}
    assert regions == {REGION_OF_SET[voice_set]}


@pytest.fixture
def fpt(settings_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeFpt]:
    with FakeFpt() as server:
        configure(monkeypatch, {**FAST, "BANTIN_FPTAI_BASE_URL": server.url, "BANTIN_FPTAI_API_KEY": API_KEY})
        yield server


def test_a_southern_station_hears_southern_voices_that_differ(fpt: FakeFpt) -> None:
    from service.settings import get_settings
    from service.storage import get_storage
    from workers.synth import speak

    def say(role: str) -> Path:
        spoken = speak("Cùng một câu", role, engines=["fptai"], storage=get_storage(),
                       sample_rate=get_settings().house_sample_rate, voice_set="south")
        return get_storage().local_path(spoken.key)

    reporter, official = median_pitch_hz(say("reporter")), median_pitch_hz(say("official"))
    assert [r["voice"] for r in fpt.requests] == ["linhsan", "minhquang"]
    assert reporter > official * 1.3  # the fake speaks a female voice for linhsan, a male one for minhquang


@pytest.mark.parametrize("voice_set", ["central", "south"])
def test_regional_sets_give_espeak_the_regions_accent(voice_set: str, settings_env: dict[str, str]) -> None:
    from workers.tts import get_engine

    for role in SETS[voice_set].values():
        voice = role["espeak"].voice
        assert voice.name.startswith(f"vi-VN-x-{voice_set}+")
        assert get_engine("espeak").synthesize("xin chào", voice).data  # espeak knows the variant
