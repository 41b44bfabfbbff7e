"""Where a reading starts and ends: the silence a person leaves before and after speaking (the time it takes to
press the button and to reach for it again) is cut, so a voice track follows the part before it at the running
order's pause, like a synthetic voice."""

from __future__ import annotations

import numpy as np

FRAME_S = 0.02  # 20 ms frames: short enough to cut close to a word, long enough to see a frame's level
BELOW_PEAK_DB = 40.0  # a frame this far under the loudest frame is room noise, not speech
FLOOR_DB = -55.0  # and a frame under this (dBFS) is never speech, however quiet the reading
PAD_S = 0.12  # kept around the speech: a soft consonant's start and a word's tail are under the threshold


def frame_levels_db(samples: np.ndarray, rate: int) -> np.ndarray:
    """RMS level (dBFS) of each 20 ms frame of 16-bit samples (a short last frame is left out)."""
    size = max(1, int(rate * FRAME_S))
    whole = len(samples) // size * size
    if not whole:
        return np.empty(0)
    frames = samples[:whole].reshape(-1, size).astype(np.float64) / 32768.0
    power = np.mean(frames * frames, axis=1)
    return 10 * np.log10(np.maximum(power, 1e-12))


def speech_bounds(samples: np.ndarray, rate: int) -> tuple[int, int] | None:
    """The first and one-past-last sample to keep, with PAD_S around the speech; None when nothing is speech."""
    levels = frame_levels_db(samples, rate)
    if not len(levels):
        return None
    threshold = max(FLOOR_DB, float(levels.max()) - BELOW_PEAK_DB)
    loud = np.flatnonzero(levels >= threshold)
    if not len(loud) or levels.max() < FLOOR_DB:
        return None
    size = max(1, int(rate * FRAME_S))
    pad = int(rate * PAD_S)
    start = max(0, int(loud[0]) * size - pad)
    end = min(len(samples), (int(loud[-1]) + 1) * size + pad)
    return start, end
