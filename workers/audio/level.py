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
ROWS_AT_ONCE = 128  # blocks converted to float at a time, so a long clip never doubles in memory


def gated_level_db(samples: np.ndarray, rate: int) -> float | None:
    """Gated RMS level of 16-bit samples: 400 ms blocks, silence under -60 dBFS and quiet blocks
    more than 10 dB under the mean left out (the shape of BS.1770's gating, without K-weighting)."""
    size = max(1, int(rate * BLOCK_S))
    whole = len(samples) // size * size
    blocks = samples[:whole].reshape(-1, size)
    powers = [_mean_squares(blocks[i:i + ROWS_AT_ONCE]) for i in range(0, len(blocks), ROWS_AT_ONCE)]
    if len(samples) - whole >= size // 8:  # a short last block still counts when it is not a sliver
        powers.append(_mean_squares(samples[whole:].reshape(1, -1)))
    power = np.concatenate(powers) if powers else np.empty(0)
    power = power[power > 1e-6]  # -60 dBFS
    if not len(power):
        return None
    kept = power[power >= power.mean() / 10]
    return 10 * math.log10(float(kept.mean()))


def _mean_squares(blocks: np.ndarray) -> np.ndarray:
    scaled = blocks.astype(np.float32) / np.float32(32768.0)
    return np.einsum("ij,ij->i", scaled, scaled, dtype=np.float64) / blocks.shape[1]


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
    samples = samples_of(pcm)
    if not gain_db:
        return samples.tobytes()
    factor = np.float32(10 ** (gain_db / 20))
    out = np.empty_like(samples)
    step = ROWS_AT_ONCE * 8192  # a long clip goes through in slices: memory stays flat
    for i in range(0, len(samples), step):
        scaled = np.rint(samples[i:i + step].astype(np.float32) * factor)
        out[i:i + step] = np.clip(scaled, -32768, 32767)
    return out.tobytes()


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
