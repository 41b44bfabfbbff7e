"""Decode and measure audio the way a listener's tools would, for assertions."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from workers.audio import ffmpeg


def decoded_seconds(path: Path, rate: int = 8000) -> float:
    """Duration from the decoded samples, not from headers."""
    return len(ffmpeg.decode_pcm(path, sample_rate=rate)) / 2 / rate


def rms_dbfs(pcm: bytes) -> float:
    import math

    count = len(pcm) // 2
    if not count:
        return -120.0
    samples = struct.unpack(f"<{count}h", pcm[: count * 2])
    mean = sum(s * s for s in samples) / count
    return 20 * math.log10(max(1e-9, math.sqrt(mean) / 32768))


def tone_steps(seconds: float, *, rate: int, seed: int = 7, lead_s: float = 0.0, tail_s: float = 0.0,
               step_s: float = 0.15) -> np.ndarray:
    """A reading stand-in with structure: tones of changing pitch (400-1500 Hz, where a horn loudspeaker's
    filters barely move the phase) and loudness, with silence before and after; float samples in -1..1."""
    rng = np.random.default_rng(seed)
    steps = int(seconds / step_s)
    freqs = rng.uniform(400, 1500, steps).repeat(int(rate * step_s))
    gains = rng.uniform(0.25, 0.6, steps).repeat(int(rate * step_s))
    phase = 2 * np.pi * np.cumsum(freqs) / rate
    body = np.sin(phase) * gains
    return np.concatenate([np.zeros(int(rate * lead_s)), body, np.zeros(int(rate * tail_s))])


def wav_bytes(samples: np.ndarray, rate: int) -> bytes:
    """Float samples as a 16-bit mono WAV file."""
    import io
    import wave

    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.clip(np.rint(samples * 32767), -32768, 32767).astype("<i2").tobytes())
    return out.getvalue()


def best_correlation(haystack: np.ndarray, needle: np.ndarray) -> tuple[float, int]:
    """The highest normalized cross-correlation of `needle` against every stretch of `haystack` as long as it,
    and the sample offset where it is found (1.0: the same waveform, up to a gain)."""
    hay, nee = haystack.astype(np.float64), needle.astype(np.float64)
    n = len(hay) + len(nee)
    size = 1 << (n - 1).bit_length()
    dots = np.fft.irfft(np.fft.rfft(hay, size) * np.conj(np.fft.rfft(nee, size)), size)[: len(hay) - len(nee) + 1]
    energy = np.cumsum(np.concatenate([[0.0], hay * hay]))
    windows = energy[len(nee):] - energy[: len(hay) - len(nee) + 1]
    scores = dots / np.sqrt(np.maximum(windows, 1e-12) * float(nee @ nee))
    best = int(np.argmax(scores))
    return float(scores[best]), best
