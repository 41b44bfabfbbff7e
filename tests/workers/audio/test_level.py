"""Loudness arithmetic: levelling and BS.1770 gating, as tables."""

from __future__ import annotations

import math
import struct

import pytest

from workers.audio.level import integrated, levelling_gain_db, loudness_range, with_gain


def sine_pcm(amplitude: float, seconds: float = 2.0, rate: int = 8000) -> bytes:
    return b"".join(struct.pack("<h", int(amplitude * 32767 * math.sin(2 * math.pi * 440 * i / rate)))
                    for i in range(int(seconds * rate)))


@pytest.mark.parametrize(("amplitude", "gain"), [(0.5, -23 - (20 * math.log10(0.5) - 3.01)),
                                                  (0.05, -23 - (20 * math.log10(0.05) - 3.01))])
def test_levelling_gain_brings_a_tone_to_the_reference(amplitude: float, gain: float) -> None:
    assert levelling_gain_db(sine_pcm(amplitude), 8000) == pytest.approx(gain, abs=0.2)


def test_silence_is_not_amplified() -> None:
    assert levelling_gain_db(b"\0\0" * 16000, 8000) == 0.0


@pytest.mark.parametrize(
    ("momentary", "expected"),
    [
        ([-20.0] * 50, -20.0),
        ([-20.0] * 50 + [-120.0] * 50, -20.0),  # silence is gated out
        ([-20.0] * 50 + [-40.0] * 50, -20.0),  # more than 10 LU under the mean: gated out
        ([-20.0] * 50 + [-26.0] * 50, 10 * math.log10((10 ** -2 + 10 ** -2.6) / 2)),
    ],
)
def test_integrated_gating(momentary: list[float], expected: float) -> None:
    assert integrated(momentary) == pytest.approx(expected, abs=0.01)


def test_loudness_range_spans_the_10th_to_95th_percentile() -> None:
    values = [-30.0 + i * 0.1 for i in range(101)]  # -30 .. -20 evenly
    assert loudness_range(values) == pytest.approx(8.5, abs=0.2)
    assert loudness_range([-120.0] * 10) == 0.0


@pytest.mark.parametrize(
    ("samples", "gain_db", "expected"),
    [
        ([1000, -1000, 0], 0.0, [1000, -1000, 0]),
        ([1000, -1000, 3], 20 * math.log10(2), [2000, -2000, 6]),
        ([1000, -1000], -20 * math.log10(2), [500, -500]),
        ([20000, -20000, 100], 20 * math.log10(2), [32767, -32768, 200]),  # clipped at full scale
    ],
)
def test_with_gain_scales_and_clips(samples: list[int], gain_db: float, expected: list[int]) -> None:
    pcm = struct.pack(f"<{len(samples)}h", *samples)
    assert list(struct.unpack(f"<{len(expected)}h", with_gain(pcm, gain_db))) == expected
