"""The house format on disk: mono 16-bit WAV files, written and read with the standard library."""

from __future__ import annotations

import wave
from pathlib import Path


def write_wav(path: Path, pcm: bytes, rate: int) -> None:
    """16-bit mono PCM into a WAV file."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm)


def write_silence(path: Path, seconds: float, rate: int) -> None:
    write_wav(path, b"\0\0" * int(round(seconds * rate)), rate)


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()
