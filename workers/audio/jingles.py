"""Generate the house jingles from synthesised tones, so no copyrighted audio ships.

Run `python -m workers.audio.jingles [DIR]` to rewrite audio_templates/ (the files are committed).
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 24_000

# A pentatonic chime, the sound of a village loudspeaker's call to listen (frequencies in Hz).
_C5, _D5, _E5, _G5, _A5, _C6 = 523.25, 587.33, 659.25, 783.99, 880.0, 1046.5


def chime(freq: float, seconds: float, *, amplitude: float = 0.5) -> list[float]:
    """A bell-like note: a fundamental with two inharmonic partials and an exponential decay."""
    n = int(seconds * RATE)
    out = []
    for i in range(n):
        t = i / RATE
        envelope = min(1.0, t / 0.005) * math.exp(-3.2 * t)
        tone = (math.sin(2 * math.pi * freq * t) + 0.35 * math.sin(2 * math.pi * freq * 2.76 * t)
                + 0.15 * math.sin(2 * math.pi * freq * 5.4 * t))
        out.append(amplitude * envelope * tone / 1.5)
    return out


def sequence(notes: list[tuple[float, float]], tail: float) -> list[float]:
    """Notes (frequency, start second) mixed into one buffer, each ringing for `tail` seconds."""
    length = int((max(start for _, start in notes) + tail) * RATE)
    mix = [0.0] * length
    for freq, start in notes:
        offset = int(start * RATE)
        for i, v in enumerate(chime(freq, tail)):
            if offset + i < length:
                mix[offset + i] += v
    return mix


def bed(seconds: float) -> list[float]:
    """A soft sustained chord to sit under speech."""
    n = int(seconds * RATE)
    fade = int(0.5 * RATE)
    out = []
    for i in range(n):
        t = i / RATE
        env = min(1.0, i / fade, (n - i) / fade)
        v = sum(math.sin(2 * math.pi * f * t) for f in (_C5 / 2, _E5 / 2, _G5 / 2)) / 3
        out.append(0.25 * env * v * (0.8 + 0.2 * math.sin(2 * math.pi * 0.5 * t)))
    return out


def write_wav(path: Path, samples: list[float]) -> None:
    peak = max(1e-9, max(abs(s) for s in samples))
    scale = 0.7 * 32767 / peak
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", int(s * scale)) for s in samples))


JINGLES = {
    "intro": lambda: sequence([(_C5, 0.0), (_E5, 0.25), (_G5, 0.5), (_C6, 0.75), (_G5, 1.25), (_C6, 1.5)], 2.0),
    "outro": lambda: sequence([(_C6, 0.0), (_A5, 0.3), (_G5, 0.6), (_E5, 0.9), (_C5, 1.2)], 2.2),
    "stinger": lambda: sequence([(_G5, 0.0), (_C6, 0.18)], 0.9),
    "bed": lambda: bed(12.0),
}

# manifest.toml is written by hand; this script only (re)generates the audio files it names.


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "audio_templates"
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in JINGLES.items():
        write_wav(folder / f"{name}.wav", make())


if __name__ == "__main__":
    main(sys.argv[1:])
