"""Loudness arithmetic: level a clip, and combine measurements per ITU-R BS.1770.

Clips are levelled before assembly so that voices from different engines and the jingles sit at one
level; the programme's integrated loudness and loudness range are then computed from the momentary
(400 ms) and short-term (3 s) values that ffmpeg's ebur128 filter reports for each part.
"""

from __future__ import annotations

import math

import numpy as np

REFERENCE_DB = -23.0  # level of every clip before processing (dBFS, gated RMS)
BLOCK_S = 0.4


def gated_level_db(samples: np.ndarray, rate: int) -> float | None:
    """Gated RMS level of 16-bit samples: 400 ms blocks, silence under -60 dBFS and quiet blocks
    more than 10 dB under the mean left out (the shape of BS.1770's gating, without K-weighting)."""
    size = max(1, int(rate * BLOCK_S))
    whole = len(samples) // size * size
    blocks = [samples[:whole].reshape(-1, size)]
    if len(samples) - whole >= size // 8:  # a short last block still counts when it is not a sliver
        blocks.append(samples[whole:].reshape(1, -1))
    scaled = [b.astype(np.float64) / 32768.0 for b in blocks]
    powers = np.concatenate([np.mean(b * b, axis=1) for b in scaled]) if scaled else np.empty(0)
    powers = powers[powers > 1e-6]  # -60 dBFS
    if not len(powers):
        return None
    kept = powers[powers >= powers.mean() / 10]
    return 10 * math.log10(float(kept.mean()))


def samples_of(pcm: bytes) -> np.ndarray:
    """16-bit little-endian mono PCM as an array (a trailing odd byte is dropped)."""
    return np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2")


def levelling_gain_db(pcm: bytes, rate: int, *, reference_db: float = REFERENCE_DB,
                      max_gain_db: float = 30.0) -> float:
    """The gain that brings 16-bit mono PCM to the reference level (0 for silence)."""
    measured = gated_level_db(samples_of(pcm), rate)
    if measured is None:
        return 0.0
    return max(-max_gain_db, min(max_gain_db, reference_db - measured))


def with_gain(pcm: bytes, gain_db: float) -> bytes:
    """16-bit PCM made louder or quieter, clipped at full scale (levelling rarely comes near it)."""
    if not gain_db:
        return pcm[: len(pcm) // 2 * 2]
    scaled = samples_of(pcm).astype(np.float32) * np.float32(10 ** (gain_db / 20))
    return np.clip(np.rint(scaled), -32768, 32767).astype("<i2").tobytes()


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
