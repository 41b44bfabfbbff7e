"""Assembly on real ffmpeg with small generated audio: the MP3 is decoded and measured."""

from __future__ import annotations

import dataclasses
import math
import struct
import wave
from pathlib import Path

import pytest

from service.running_order import load as load_template
from service.storage import LocalStorage
from tests.audio import decoded_seconds
from tests.conftest import ROOT
from workers.audio import ffmpeg
from workers.audio.assemble import assemble
from workers.audio.calibration import next_gain
from workers.audio.frames import mp3_seconds
from workers.audio.jingles import main as make_jingles
from workers.audio.parts import PartAudio, house_clip, level
from workers.audio.profiles import get_profile
from workers.audio.wav import wav_seconds

RATE = 24_000
TEMPLATES = ROOT / "audio_templates"


def tone(path: Path, seconds: float, freq: float = 200.0, level: float = 0.3) -> Path:
    """A warbling low tone in speech-like bursts, so loudness gating behaves as on speech."""
    frames = bytearray()
    for i in range(int(seconds * RATE)):
        t = i / RATE
        burst = 1.0 if (t * 3) % 1 < 0.7 else 0.05
        sample = level * burst * math.sin(2 * math.pi * (freq + 30 * math.sin(2 * math.pi * 5 * t)) * t)
        frames += struct.pack("<h", int(sample * 32767))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(bytes(frames))
    return path


def band_power(mp3: Path, start: float, seconds: float, freqs: range) -> float:
    """Summed Goertzel power of the decoded audio at the given frequencies, in a window."""
    rate = 8000
    pcm = ffmpeg.decode_pcm(mp3, sample_rate=rate)[int(start * rate) * 2:int((start + seconds) * rate) * 2]
    samples = struct.unpack(f"<{len(pcm) // 2}h", pcm)
    total = 0.0
    for freq in freqs:
        coeff = 2 * math.cos(2 * math.pi * freq / rate)
        s1 = s2 = 0.0
        for x in samples:
            s1, s2 = x + coeff * s1 - s2, s1
        total += s1 * s1 + s2 * s2 - coeff * s1 * s2
    return total


def chime_heavy(mp3: Path, start: float, seconds: float) -> bool:
    """More energy where the jingles ring (500-1100 Hz) than where the test voice hums (150-250 Hz)."""
    return band_power(mp3, start, seconds, range(500, 1100, 20)) > band_power(mp3, start, seconds,
                                                                                 range(150, 250, 4))


@pytest.mark.parametrize("profile_name", ["loudspeaker", "compat", "archive"])
def test_programme_meets_its_delivery_profile(tmp_path: Path, profile_name: str) -> None:
    profile = get_profile(profile_name)
    store = LocalStorage(tmp_path / "store")
    intro = house_clip(TEMPLATES / "intro.wav", store, sample_rate=RATE)
    outro = house_clip(TEMPLATES / "outro.wav", store, sample_rate=RATE)
    # A quiet voice and a loud one, levelled as every engine's output is before assembly.
    speech_a = house_clip(tone(tmp_path / "a.wav", 6.0, 200, 0.05), store, sample_rate=RATE)
    speech_b = house_clip(tone(tmp_path / "b.wav", 4.0, 180, 0.6), store, sample_rate=RATE)
    parts = [PartAudio([(intro, 0.4)], "jingle"),
             PartAudio([(speech_a, 0.15), (speech_a, 0.8)], "speech", "narrator", engines=("espeak",), index=0),
             PartAudio([(speech_b, 1.2)], "speech", "official", "Ông A", engines=("espeak",), index=1),
             PartAudio([(outro, 0.0)], "jingle")]
    out = tmp_path / "out.mp3"
    result = assemble(parts, out, profile=profile, storage=store, house_rate=RATE, tags={"title": "Thử"})

    inputs = sum(wav_seconds(p) + pause for part in parts for p, pause in part.clips)
    assert decoded_seconds(out) == pytest.approx(inputs, rel=0.01)
    assert result.duration_s == pytest.approx(decoded_seconds(out), rel=0.01)
    info = ffmpeg.info(out)
    assert (info.channels, info.sample_rate, info.bitrate_kbps) == (1, profile.sample_rate, profile.bitrate_kbps)
    measured = ffmpeg.measure(out)
    assert measured.integrated_lufs == pytest.approx(profile.target_lufs, abs=1.0)
    assert measured.true_peak_db <= profile.true_peak_db
    assert result.integrated_lufs == pytest.approx(measured.integrated_lufs, abs=0.5)
    # The jingles are where the sidecar timeline says: chimes (500-1000 Hz) there, the low voice elsewhere.
    kinds = [(t["kind"], t["start_s"], t["duration_s"]) for t in result.timeline]
    assert [k for k, _, _ in kinds] == ["jingle", "speech", "speech", "jingle"]
    _, intro_start, _ = kinds[0]
    _, speech_start, _ = kinds[1]
    _, outro_start, _ = kinds[3]
    assert chime_heavy(out, intro_start + 0.1, 1.0)
    assert not chime_heavy(out, speech_start + 0.5, 1.0)
    assert chime_heavy(out, outro_start + 0.1, 1.0)


def test_second_render_reuses_encoded_parts(tmp_path: Path) -> None:
    profile = get_profile("loudspeaker")
    store = LocalStorage(tmp_path / "store")
    speech = house_clip(tone(tmp_path / "a.wav", 3.0), store, sample_rate=RATE)
    parts = [PartAudio([(speech, 0.5)], "speech", "narrator"), PartAudio([(speech, 0.0)], "speech", "official")]
    first = assemble(parts, tmp_path / "one.mp3", profile=profile, storage=store, house_rate=RATE, tags={})
    encoded = sorted((tmp_path / "store" / "parts").rglob("*.mp3"))
    second = assemble(parts, tmp_path / "two.mp3", profile=profile, storage=store, house_rate=RATE, tags={})
    assert sorted((tmp_path / "store" / "parts").rglob("*.mp3")) == encoded
    assert (tmp_path / "one.mp3").read_bytes() == (tmp_path / "two.mp3").read_bytes()
    assert (first.integrated_lufs, first.duration_s) == (second.integrated_lufs, second.duration_s)
    assert first.encodes >= len(parts) and second.encodes == 0


def test_mp3_frames_are_counted(tmp_path: Path) -> None:
    wav = tone(tmp_path / "a.wav", 2.0)
    for rate, kbps in ((24_000, 48), (44_100, 64)):
        mp3 = tmp_path / f"{rate}.mp3"
        ffmpeg.run(["-i", str(wav), "-ar", str(rate), "-c:a", "libmp3lame", "-b:a", f"{kbps}k", "-write_xing", "0",
                    str(mp3)])
        assert mp3_seconds(mp3.read_bytes()) == pytest.approx(decoded_seconds(mp3), abs=0.03)


def test_generated_jingles_match_the_manifest(tmp_path: Path) -> None:
    make_jingles([str(tmp_path)])
    (tmp_path / "manifest.toml").write_text((TEMPLATES / "manifest.toml").read_text(encoding="utf-8"))
    template = load_template(tmp_path)
    for name in ("intro", "outro", "stinger", "bed"):
        path = template.file(name)
        with wave.open(str(path), "rb") as w:
            assert (w.getnchannels(), w.getframerate()) == (1, RATE)
        assert wav_seconds(path) > 0.5
    assert template.pauses["speaker_change"] > template.pauses["same_speaker"] > template.pauses["within_speaker"]
    assert template.pauses["between_articles"] > template.pauses["speaker_change"]


@pytest.mark.parametrize(
    ("tried", "slope", "expected_gain", "expected_slope"),
    [
        ([(18.0, -8.5)], 1.0, 10.5, 1.0),  # the first miss: along the remembered slope
        ([(18.0, -17.0)], 0.25, 22.0, 0.25),  # a limiter-bound programme needs more gain per LU
        ([(18.0, -8.5), (10.5, -13.5)], 1.0, 10.5 - 2.5 / (5 / 7.5), 5 / 7.5),  # the slope of the last two
        ([(10.0, -20.0), (11.0, -19.99)], 1.0, 11.0 + 3.99 / 0.2, 0.2),  # a flat slope is held at 0.2
        # The target between two passes: interpolate between the closest two, whatever came last.
        ([(18.0, -8.5), (10.5, -13.5), (6.5, -17.5)], 1.0, 6.5 + 1.5 * 4.0 / 4.0, 1.0),
        ([(6.0, -18.0), (12.0, -12.0), (9.0, -15.5)], 1.0, 6.0 + 2.0 * 3.0 / 2.5, 1.0),
    ],
)
def test_next_gain(tried: list[tuple[float, float]], slope: float, expected_gain: float,
                   expected_slope: float) -> None:
    gain, new_slope = next_gain(tried, -16.0, slope)
    assert gain == pytest.approx(expected_gain, abs=0.01)
    assert new_slope == pytest.approx(expected_slope, abs=0.01)


def spoken(tmp_path: Path, text: str, voice: str, store: LocalStorage) -> Path:
    """Real offline speech, levelled into the house format as every engine's output is."""
    from workers.synth import to_house
    from workers.tts import Voice, get_engine

    key = f"test/{abs(hash((text, voice)))}.wav"
    to_house(get_engine("espeak").synthesize(text, Voice(voice)), store, key, sample_rate=22_050)
    return store.local_path(key)


@pytest.mark.parametrize("profile_name", ["loudspeaker", "archive"])
def test_voices_and_jingles_reach_the_programme_at_one_loudness(tmp_path: Path, profile_name: str) -> None:
    """Levelled clips still differ after EQ, compression and limiting (a chime loses nothing to the
    limiter, a spiky synthetic voice loses a lot): each part is brought to the target on its own."""
    profile = get_profile(profile_name)
    store = LocalStorage(tmp_path / "store")
    sentence = "Ủy ban nhân dân xã thông báo lịch tiêm phòng cho đàn gia súc trong tháng này."
    parts = {
        "intro jingle": PartAudio([(house_clip(TEMPLATES / "intro.wav", store, sample_rate=22_050), 0.2)], "jingle"),
        "stinger": PartAudio([(house_clip(TEMPLATES / "stinger.wav", store, sample_rate=22_050), 0.2)], "jingle"),
        "low male voice": PartAudio([(spoken(tmp_path, sentence, "vi+m3", store), 0.3)], "speech", "official",
                                    engines=("espeak",)),
        "female voice": PartAudio([(spoken(tmp_path, sentence, "vi+f3", store), 0.3)], "speech", "narrator",
                                  engines=("espeak",)),
        "humming tone": PartAudio([(house_clip(tone(tmp_path / "t.wav", 6.0, 200, 0.05), store,
                                               sample_rate=22_050), 0.3)], "speech", "reporter"),
    }
    for name, part in parts.items():
        result = level(part, profile, store, house_rate=22_050)
        measured = ffmpeg.measure(result.path)
        assert measured.integrated_lufs == pytest.approx(profile.target_lufs, abs=1.0), name
        assert measured.true_peak_db <= profile.true_peak_db, name


def test_a_voice_levelled_once_starts_from_its_gain_next_time(tmp_path: Path) -> None:
    # A starting gain 10 dB under what the profile's voices need: the first part cannot be right at once.
    profile = dataclasses.replace(get_profile("loudspeaker"), gain_db=8.0)
    store = LocalStorage(tmp_path / "store")

    def part(text: str) -> PartAudio:
        return PartAudio([(spoken(tmp_path, text, "vi+f3", store), 0.3)], "speech", "narrator", engines=("espeak",))

    first = level(part("Bà con nông dân chuẩn bị gieo cấy vụ xuân đúng khung thời vụ."), profile, store,
                  house_rate=22_050)
    second = level(part("Hợp tác xã cung ứng giống lúa và phân bón cho các thôn trong tuần tới."), profile, store,
                   house_rate=22_050)
    # The profile's starting gain does not suit this voice; the gain that did is remembered.
    assert first.encodes > 1
    assert second.encodes == 1
    assert second.gain_db == pytest.approx(first.gain_db, abs=3.0)
