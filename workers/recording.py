"""Record finished audio, an article's render or a commune's broadcast alike: the MP3 and its sidecar in
storage, named by content, and the `Programme` row that describes them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.models import Recording
from service.storage import Storage, sha256_of
from workers.audio.assemble import Assembled


@dataclass(frozen=True)
class Stored:
    key: str
    sha256: str
    size_bytes: int
    sidecar: dict[str, Any]


def sidecar_key(audio_key: str) -> str:
    return audio_key.removesuffix(".mp3") + ".json"


def store(storage: Storage, mp3: Path, *, name: str, assembled: Assembled) -> Stored:
    """Put the MP3 and its sidecar (each part's timing, kind, role, engine) into storage. Named by content:
    should two workers ever assemble the same thing, each file stays whole and matches the row naming it."""
    digest = sha256_of(mp3)
    key = f"programmes/{name}-{digest[:16]}.mp3"
    storage.put_file(key, mp3)
    sidecar = {"sha256": digest, "duration_s": assembled.duration_s, "segments": assembled.timeline,
               "chapters": assembled.chapters}
    storage.put_bytes(sidecar_key(key), json.dumps(sidecar, ensure_ascii=False).encode())
    return Stored(key, digest, mp3.stat().st_size, sidecar)


def describe(row: Recording, stored: Stored, assembled: Assembled) -> Recording:
    """Fill the row's file and loudness facts."""
    row.audio_key, row.size_bytes = stored.key, stored.size_bytes
    row.sha256, row.sidecar = stored.sha256, stored.sidecar
    row.duration_s, row.integrated_lufs = assembled.duration_s, assembled.integrated_lufs
    row.true_peak_db, row.loudness_range_lu = assembled.true_peak_db, assembled.loudness_range_lu
    return row


def discard(storage: Storage, audio_key: str) -> None:
    """Remove an MP3 and its sidecar (a late assembler's duplicate, or a recording past its retention)."""
    storage.delete(audio_key)
    storage.delete(sidecar_key(audio_key))
