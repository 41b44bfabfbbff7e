"""Speak one piece of text into a house-format WAV, through the engine chain and the shared cache."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from service.storage import LocalStorage
from workers.audio import ffmpeg
from workers.tts import EngineError, get_engine
from workers.tts.voices import profile_for


@dataclass(frozen=True)
class Spoken:
    path: Path
    engine: str
    cached: bool


def cache_key(engine: str, voice: str, rate: int | None, pitch: int | None, transform: str,
              text: str, sample_rate: int) -> str:
    """Everything that changes the sound is in the key, so a hit is always the right audio."""
    ident = "\x1f".join([engine, voice, str(rate), str(pitch), transform, str(sample_rate), text])
    digest = hashlib.sha256(ident.encode("utf-8")).hexdigest()
    return f"cache/{engine}/{digest[:2]}/{digest}.wav"


def speak(text: str, role: str, *, engines: list[str], storage: LocalStorage, sample_rate: int) -> Spoken:
    """The first engine in the chain that can speak the text; the cache answers before any engine does."""
    failures: list[str] = []
    for name in engines:
        profile = profile_for(name, role)
        voice = profile.voice
        key = cache_key(name, voice.name, voice.rate, voice.pitch, profile.transform, text, sample_rate)
        if storage.exists(key):
            return Spoken(storage.path(key), name, cached=True)
        try:
            speech = get_engine(name).synthesize(text, voice)
        except EngineError as exc:
            failures.append(f"{name}: {exc}")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            wav = Path(tmp) / "clip.wav"
            ffmpeg.pcm_to_wav(speech.data, speech.sample_rate, wav, out_rate=sample_rate,
                              filters=profile.transform, fmt=speech.fmt)
            storage.put_file(key, wav)
        return Spoken(storage.path(key), name, cached=False)
    raise EngineError("no speech engine could read this text: " + "; ".join(failures))
