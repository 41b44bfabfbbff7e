"""Hearing one part before the whole programme is rendered: the API asks the workers by task name and waits for
the answer in storage, where a second request for the same words finds it at once.

Each answer is two objects under one key: `KEY.wav` (the part at the house rate) and `KEY.json`, written last,
which says which engines spoke it or why none could.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from service.settings import Settings
from service.storage import Storage

PREFIX = "listen/"


@dataclass(frozen=True)
class Heard:
    wav: bytes
    engines: list[str]


def key_for(spoken: str, role: str, settings: Settings) -> str:
    """The same words, voice and engines give the same key: what was heard once is not spoken again."""
    what = "\x1f".join([spoken, role, ",".join(settings.engine_chain), settings.voice_set,
                        str(settings.house_sample_rate)])
    return PREFIX + hashlib.sha256(what.encode("utf-8")).hexdigest()


def answer(storage: Storage, key: str) -> Heard | str | None:
    """The part heard, or why no engine could speak it, or None while the workers are still at it."""
    if not storage.exists(f"{key}.json"):
        return None
    meta = json.loads(storage.read_bytes(f"{key}.json"))
    if meta.get("error"):
        return str(meta["error"])
    return Heard(storage.read_bytes(f"{key}.wav"), list(meta.get("engines", [])))


def store(storage: Storage, key: str, wav: bytes | None, engines: list[str], error: str | None = None) -> None:
    if wav is not None:
        storage.put_bytes(f"{key}.wav", wav)
    storage.put_bytes(f"{key}.json", json.dumps({"engines": engines, "error": error}).encode("utf-8"))
