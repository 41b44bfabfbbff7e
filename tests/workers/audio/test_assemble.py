"""Assembly on real ffmpeg with small generated audio: durations, format, loudness, timeline."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

import pytest

from tests.audio import decoded_seconds
from workers.audio import ffmpeg
from workers.audio.assemble import Clip, Pause, assemble, load_template, wav_seconds
from workers.audio.jingles import main as make_jingles

RATE = 24_000


def tone(path: Path, seconds: float, freq: float = 440.0, level: float = 0.3) -> Path:
    """A warbling tone with speech-like on/off bursts, so loudness gating behaves as on speech."""
    frames = bytearray()
    for i in range(int(seconds * RATE)):
        t = i / RATE
        burst = 1.0 if (t * 3) % 1 < 0.7 else 0.1
        sample = level * burst * math.sin(2 * math.pi * (freq + 60 * math.sin(2 * math.pi * 5 * t)) * t)
        frames += struct.pack("<h", int(sample * 32767))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(bytes(frames))
    return path


@pytest.mark.parametrize(("level", "target"), [(0.05, -16.0), (0.6, -16.0), (0.3, -19.0)])
def test_assembly_hits_duration_format_and_loudness(tmp_path: Path, level: float, target: float) -> None:
    a = tone(tmp_path / "a.wav", 3.0, 300, level)
    b = tone(tmp_path / "b.wav", 2.0, 500, level)
    out = tmp_path / "out.mp3"
    result = assemble([Clip(a, "speech", "narrator"), Pause(0.5), Clip(b, "speech", "official", "Ông A")], out,
                      workdir=tmp_path, sample_rate=RATE, bitrate_kbps=48, target_lufs=target, ceiling_db=-1.0)
    assert result.duration_s == pytest.approx(5.5, abs=0.01)
    assert decoded_seconds(out) == pytest.approx(5.5, rel=0.01)
    info = ffmpeg.info(out)
    assert (info.channels, info.sample_rate, info.bitrate_kbps) == (1, RATE, 48)
    measured = ffmpeg.measure(out)
    assert measured.integrated_lufs == pytest.approx(target, abs=1.0)
    assert measured.true_peak_db <= -1.0 + 0.3  # MP3 decoding adds a little; within the limiter's margin
    assert [(seg["start_s"], seg["role"]) for seg in result.timeline] == [(0.0, "narrator"), (3.5, "official")]
    assert not list(tmp_path.glob("*.part"))


def test_generated_jingles_match_the_manifest(tmp_path: Path) -> None:
    make_jingles([str(tmp_path)])
    template = load_template(tmp_path)
    for name in ("intro", "outro", "stinger", "bed"):
        path = template.file(name)
        with wave.open(str(path), "rb") as w:
            assert (w.getnchannels(), w.getframerate()) == (1, RATE)
        assert wav_seconds(path) > 0.5
    assert template.pauses["speaker_change"] > template.pauses["same_speaker"]
