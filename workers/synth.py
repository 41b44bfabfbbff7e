"""Speak one piece of text into a house-format WAV, through the engine chain and the shared cache."""

from __future__ import annotations

import hashlib
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from service.storage import LocalStorage
from workers.audio import ffmpeg
from workers.tts import EngineError, get_engine
from workers.tts.voices import profile_for

log = logging.getLogger("bantin.synth")


@dataclass(frozen=True)
class Spoken:
    path: Path
    key: str
    engine: str
    cached: bool
    failures: list[str] = field(default_factory=list)  # engines tried before this one, and why


def cache_key(engine: str, voice: str, rate: int | None, pitch: int | None, transform: str,
              text: str, sample_rate: int) -> str:
    """Everything that changes the sound is in the key, so a hit is always the right audio."""
    ident = "\x1f".join([engine, voice, str(rate), str(pitch), transform, str(sample_rate), text])
    digest = hashlib.sha256(ident.encode("utf-8")).hexdigest()
    return f"cache/{engine}/{digest[:2]}/{digest}.wav"


def speak(text: str, role: str, *, engines: list[str], storage: LocalStorage, sample_rate: int,
          voice_set: str | None = None) -> Spoken:
    """The first engine in the chain that can speak the text; the cache answers before any engine does."""
    failures: list[str] = []
    for name in engines:
        profile = profile_for(name, role, voice_set)
        voice, transform = profile.voice, profile.transform(sample_rate)
        key = cache_key(name, voice.name, voice.rate, voice.pitch, transform, text, sample_rate)
        if storage.exists(key):
            storage.touch(key)
            return Spoken(storage.path(key), key, name, cached=True, failures=failures)
        try:
            speech = get_engine(name).synthesize(text, voice)
        except EngineError as exc:
            log.warning("engine %s could not speak a chunk: %s", name, exc)
            failures.append(f"{name}: {exc}")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            wav = Path(tmp) / "clip.wav"
            ffmpeg.pcm_to_wav(speech.data, speech.sample_rate, wav, out_rate=sample_rate, filters=transform,
                              fmt=speech.fmt)
            storage.put_file(key, wav)
        return Spoken(storage.path(key), key, name, cached=False, failures=failures)
    raise EngineError("no speech engine could read this text: " + "; ".join(failures))
