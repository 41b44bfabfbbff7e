"""Decode and measure audio the way a listener's tools would, for assertions."""

from __future__ import annotations

import struct
from pathlib import Path

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
