"""Speak one piece of text into a house-format WAV, through the engine chain and the shared cache."""

from __future__ import annotations

import hashlib
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from service import voice_usage
from service.metrics import tally
from service.settings import get_settings
from service.storage import Storage
from workers.audio import ffmpeg
from workers.audio.level import levelling_gain_db, with_gain
from workers.audio.wav import write_wav
from workers.tts import EngineError, Speech, get_engine
from workers.tts.http import speaking_for
from workers.tts.voices import profile_for

log = logging.getLogger("bantin.synth")


@dataclass(frozen=True)
class Spoken:
    key: str  # in audio storage
    engine: str
    cached: bool
    failures: list[str] = field(default_factory=list)  # engines tried before this one, and why


def cache_key(engine: str, voice: str, rate: int | None, pitch: int | None, transform: str,
              text: str, sample_rate: int) -> str:
    """Everything that changes the sound is in the key, so a hit is always the right audio."""
    ident = "\x1f".join(["v2", engine, voice, str(rate), str(pitch), transform, str(sample_rate), text])
    digest = hashlib.sha256(ident.encode("utf-8")).hexdigest()
    return f"cache/{engine}/{digest[:2]}/{digest}.wav"


def to_house(speech: Speech, storage: Storage, key: str, *, sample_rate: int, transform: str = "") -> None:
    """Engine output into the cache as a house-format WAV, levelled so every voice sits at one level.

    PCM that is already at the house rate and needs no transform is levelled and written here: a clip
    is a fraction of a second of work, and starting ffmpeg for it would cost more than the work."""
    rate, pcm = speech.sample_rate, speech.data
    if speech.fmt != "s16le":
        rate, pcm = sample_rate, ffmpeg.decode_bytes(pcm, speech.fmt, out_rate=sample_rate)
    gain = levelling_gain_db(pcm, rate)
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "clip.wav"
        if transform or rate != sample_rate:
            chain = ",".join(f for f in (transform, f"volume={gain:.2f}dB" if gain else "") if f)
            ffmpeg.pcm_to_wav(pcm, rate, wav, out_rate=sample_rate, filters=chain)
        else:
            write_wav(wav, with_gain(pcm, gain), rate)
        storage.put_file(key, wav)


def _from_cache(storage: Storage, key: str, engine: str, failures: list[str]) -> Spoken | None:
    if not storage.exists(key):
        return None
    storage.touch(key)  # used now: eviction keeps it
    tally.add("bantin_tts_cache", result="hit")
    return Spoken(key, engine, cached=True, failures=failures)


def cached(text: str, role: str, *, engines: list[str], storage: Storage, sample_rate: int,
           voice_set: str | None = None) -> Spoken | None:
    """The audio the first engine of the chain made for this text before, if the cache still has it."""
    if not engines:
        return None
    profile = profile_for(engines[0], role, voice_set)
    voice = profile.voice
    key = cache_key(engines[0], voice.name, voice.rate, voice.pitch, profile.transform(sample_rate), text, sample_rate)
    return _from_cache(storage, key, engines[0], [])  # a miss is counted by speak(), if it still is one


def speak(text: str, role: str, *, engines: list[str], storage: Storage, sample_rate: int,
          voice_set: str | None = None, station: str | None = None) -> Spoken:
    """The first engine in the chain that can speak the text; the cache answers before any engine does.
    A paid engine whose monthly cap the station has reached is passed over, with the reason kept."""
    failures: list[str] = []
    for name in engines:
        profile = profile_for(name, role, voice_set)
        voice, transform = profile.voice, profile.transform(sample_rate)
        key = cache_key(name, voice.name, voice.rate, voice.pitch, transform, text, sample_rate)
        hit = _from_cache(storage, key, name, failures)
        if hit is not None:
            return hit
        if not failures:
            tally.add("bantin_tts_cache", result="miss")
        engine = get_engine(name)
        billed = getattr(engine, "billed", False)
        capped = billed and voice_usage.refusal(get_settings(), station, name, len(text))
        if capped:
            log.warning("engine %s not used: %s", name, capped)
            tally.add("bantin_tts_requests", engine=name, outcome="capped")
            failures.append(f"{name}: {capped}")
            continue
        try:
            with speaking_for(station):  # a paid engine uses the station's own key
                speech = engine.synthesize(text, voice)
        except EngineError as exc:
            log.warning("engine %s could not speak a chunk: %s", name, exc)
            tally.add("bantin_tts_requests", engine=name, outcome="error")
            failures.append(f"{name}: {exc}")
            continue
        tally.add("bantin_tts_requests", engine=name, outcome="ok")
        if billed:
            voice_usage.record(get_settings(), station, name, len(text))
        to_house(speech, storage, key, sample_rate=sample_rate, transform=transform)
        return Spoken(key, name, cached=False, failures=failures)
    raise EngineError("no speech engine could read this text: " + "; ".join(failures))
