"""One part of a script spoken on its own, before the whole programme is rendered: the same engine chain, voices
and cache as a render, so what staff hear here is what the programme will say (and a render after reuses it)."""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass

from service.settings import Settings
from service.storage import Storage
from service.text.chunk import chunk
from workers.synth import speak
from workers.tts import get_engine


@dataclass(frozen=True)
class Heard:
    wav: bytes
    engines: list[str]  # each engine that spoke a piece of it, in order, once


def listen(spoken: str, role: str, *, settings: Settings, storage: Storage, voice_set: str | None = None) -> Heard:
    """The part's spoken text as one WAV at the house rate. Raises EngineError when no engine can speak it."""
    limit = min(get_engine(name).max_chars for name in settings.engine_chain)
    clips = [speak(text, role, engines=settings.engine_chain, storage=storage,
                   sample_rate=settings.house_sample_rate, voice_set=voice_set or settings.voice_set)
             for text in chunk(spoken, limit)]
    out = io.BytesIO()
    with wave.open(out, "wb") as joined:
        for n, clip in enumerate(clips):
            with wave.open(io.BytesIO(storage.read_bytes(clip.key)), "rb") as piece:
                if n == 0:
                    joined.setparams(piece.getparams())
                joined.writeframes(piece.readframes(piece.getnframes()))
    return Heard(out.getvalue(), list(dict.fromkeys(clip.engine for clip in clips)))
