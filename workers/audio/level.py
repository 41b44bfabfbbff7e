"""Loudness arithmetic in pure Python: level a clip, and combine measurements per ITU-R BS.1770.

Clips are levelled before assembly so that voices from different engines and the jingles sit at one
level; the programme's integrated loudness and loudness range are then computed from the momentary
(400 ms) and short-term (3 s) values that ffmpeg's ebur128 filter reports for each part.
"""

from __future__ import annotations

import math
import operator
from array import array

REFERENCE_DB = -23.0  # level of every clip before processing (dBFS, gated RMS)
BLOCK_S = 0.4


def gated_level_db(samples: array, rate: int) -> float | None:
    """Gated RMS level of 16-bit samples: 400 ms blocks, silence under -60 dBFS and quiet blocks
    more than 10 dB under the mean left out (the shape of BS.1770's gating, without K-weighting)."""
    size = max(1, int(rate * BLOCK_S))
    powers = []
    for start in range(0, len(samples), size):
        block = samples[start:start + size:2]  # every other sample: the same power, half the work
        if len(block) < size // 8:
            continue
        power = sum(map(operator.mul, block, block)) / (len(block) * 32768.0 * 32768.0)
        if power > 1e-6:  # -60 dBFS
            powers.append(power)
    if not powers:
        return None
    mean = sum(powers) / len(powers)
    kept = [p for p in powers if p >= mean / 10]
    return 10 * math.log10(sum(kept) / len(kept))


def levelling_gain_db(pcm: bytes, rate: int, *, reference_db: float = REFERENCE_DB,
                     max_gain_db: float = 30.0) -> float:
    """The gain that brings 16-bit mono PCM to the reference level (0 for silence)."""
    samples = array("h")
    samples.frombytes(pcm[: len(pcm) // 2 * 2])
    measured = gated_level_db(samples, rate)
    if measured is None:
        return 0.0
    return max(-max_gain_db, min(max_gain_db, reference_db - measured))


def _mean_power(values: list[float]) -> float:
    return sum(10 ** (v / 10) for v in values) / len(values)


def integrated(momentary: list[float]) -> float:
    """Integrated loudness (LUFS) from momentary loudness values taken every 100 ms (BS.1770-4)."""
    above = [m for m in momentary if m > -70.0]
    if not above:
        return -70.0
    relative = 10 * math.log10(_mean_power(above)) - 10.0
    kept = [m for m in above if m > relative]
    return 10 * math.log10(_mean_power(kept))


def loudness_range(short_term: list[float]) -> float:
    """Loudness range (LU) from short-term values: the 10th to 95th percentile of gated values (EBU 3342)."""
    above = [s for s in short_term if s > -70.0]
    if not above:
        return 0.0
    relative = 10 * math.log10(_mean_power(above)) - 20.0
    kept = sorted(s for s in above if s > relative)
    if len(kept) < 2:
        return 0.0

    def percentile(q: float) -> float:
        return kept[min(len(kept) - 1, int(round(q * (len(kept) - 1))))]

    return percentile(0.95) - percentile(0.10)
