"""One part of a script spoken on its own, before the whole programme is rendered: the same engine chain, voices
and cache as a render, so what staff hear here is what the programme will say (and a render after reuses it)."""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass

from service import listening
from service.articles import get_article, script_of
from service.db import session_scope
from service.settings import Settings, get_settings
from service.stations import settings_for
from service.storage import Storage, get_storage
from service.text.chunk import chunk
from workers.synth import speak
from workers.tts import EngineError, get_engine


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


def listen_part(article_id: str, index: int, station_id: str, key: str) -> None:
    """Speak one part of an article's script for the page and leave the answer in storage under key."""
    settings = get_settings()
    storage = get_storage(settings)
    with session_scope() as session:
        segments = script_of(get_article(session, article_id)).segments
        own = settings_for(session, settings, station_id)
    if not 0 <= index < len(segments):
        listening.store(storage, key, None, [], error="no such part")
        return
    try:
        heard = listen(segments[index].spoken, segments[index].role, settings=own, storage=storage)
    except EngineError as exc:
        listening.store(storage, key, None, [], error=str(exc))
        return
    listening.store(storage, key, heard.wav, heard.engines)
