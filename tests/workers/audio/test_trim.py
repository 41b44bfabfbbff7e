"""Where a reading starts and ends: the silence around it is cut, with a little kept on either side."""

from __future__ import annotations

import numpy as np
import pytest

from workers.audio.trim import PAD_S, speech_bounds

RATE = 16_000


def _signal(*spans: tuple[float, float]) -> np.ndarray:
    """(seconds, dBFS) spans one after another: -inf is digital silence, a level is a 440 Hz tone at it."""
    out = []
    for seconds, db in spans:
        n = int(seconds * RATE)
        if db == -np.inf:
            out.append(np.zeros(n))
        else:
            out.append(np.sin(2 * np.pi * 440 * np.arange(n) / RATE) * 32767 * 10 ** (db / 20) * np.sqrt(2))
    return np.rint(np.concatenate(out)).astype("<i2")


@pytest.mark.parametrize(("spans", "expected_s"), [
    # Silence, speech, silence: the speech and PAD_S either side.
    ([(1.0, -np.inf), (2.0, -20), (0.5, -np.inf)], (1.0 - PAD_S, 3.0 + PAD_S)),
    # Room noise 50 dB under the speech is cut like silence.
    ([(0.8, -70), (1.0, -20), (1.2, -70)], (0.8 - PAD_S, 1.8 + PAD_S)),
    # A quiet reading is still a reading: the threshold follows the loudest frame.
    ([(0.5, -np.inf), (1.0, -45), (0.5, -np.inf)], (0.5 - PAD_S, 1.5 + PAD_S)),
    # A soft start 30 dB under the peak is kept (it is speech, not noise).
    ([(0.5, -np.inf), (0.4, -50), (1.0, -20), (0.5, -np.inf)], (0.5 - PAD_S, 1.9 + PAD_S)),
    # Speech to the very edges: nothing to cut, and the pad does not run past the file.
    ([(1.0, -20)], (0.0, 1.0)),
    # A pause inside the reading stays.
    ([(0.3, -np.inf), (0.5, -20), (1.0, -np.inf), (0.5, -20), (0.3, -np.inf)], (0.3 - PAD_S, 2.3 + PAD_S)),
])
def test_speech_bounds(spans: list[tuple[float, float]], expected_s: tuple[float, float]) -> None:
    bounds = speech_bounds(_signal(*spans), RATE)
    assert bounds is not None
    assert bounds[0] / RATE == pytest.approx(expected_s[0], abs=0.021)
    assert bounds[1] / RATE == pytest.approx(expected_s[1], abs=0.021)


@pytest.mark.parametrize("spans", [
    [(2.0, -np.inf)],  # digital silence
    [(2.0, -62)],  # a quiet room and nobody speaking
    [(0.005, -20)],  # shorter than one frame
])
def test_nothing_to_keep(spans: list[tuple[float, float]]) -> None:
    assert speech_bounds(_signal(*spans), RATE) is None
