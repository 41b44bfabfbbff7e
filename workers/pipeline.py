"""Script to programme MP3 in three steps: plan the pieces, speak each piece, assemble them.

The steps are plain functions: the CLI runs them in one process (pieces spoken by a thread pool),
the Celery tasks run them spread over workers (one task per piece, then one assembly task).
"""

from __future__ import annotations

import hashlib
import tempfile
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from service.schemas import Script
from service.settings import Settings
from service.storage import LocalStorage, get_storage
from service.text.chunk import chunk
from workers.audio.assemble import Assembled, Clip, Pause, assemble, load_template
from workers.synth import Spoken, speak
from workers.tts import get_engine

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Piece:
    """One request's worth of speech: a chunk of one segment's spoken text."""

    segment: int  # position among the spoken segments
    index: int  # the segment's index in the script
    role: str
    speaker: str | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RenderResult:
    assembled: Assembled
    engines: dict[str, int]
    cache_hits: int
    cache_misses: int
    segment_engines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def plan(script: Script, settings: Settings) -> list[Piece]:
    """The pieces to speak, in programme order, cut to the strictest engine's request limit."""
    limit = min(get_engine(name).max_chars for name in settings.engine_chain)
    segments = [s for s in script.segments if s.spoken.strip()]
    return [Piece(n, seg.index, seg.role, seg.speaker, text)
            for n, seg in enumerate(segments) for text in chunk(seg.spoken, limit)]


def speak_piece(piece: Piece, settings: Settings, storage: LocalStorage, voice_set: str | None = None) -> Spoken:
    return speak(piece.text, piece.role, engines=settings.engine_chain, storage=storage,
                 sample_rate=settings.house_sample_rate, voice_set=voice_set)


def speak_all(pieces: list[Piece], settings: Settings, storage: LocalStorage,
              progress: Progress | None = None) -> list[Spoken]:
    """Every piece, spoken side by side: network engines wait on I/O, and the rate limit bounds them."""
    spoken: list[Spoken | None] = [None] * len(pieces)
    with ThreadPoolExecutor(max_workers=settings.synth_concurrency) as pool:
        futures = {pool.submit(speak_piece, piece, settings, storage): i for i, piece in enumerate(pieces)}
        for done, future in enumerate(as_completed(futures), start=1):
            spoken[futures[future]] = future.result()
            if progress:
                progress(int(90 * done / max(1, len(pieces))))
    return [s for s in spoken if s is not None]


def assemble_pieces(pieces: list[Piece], spoken: list[Spoken], out_mp3: Path, *, settings: Settings,
                    tags: dict[str, str] | None = None) -> RenderResult:
    """Intro, the spoken pieces with pauses chosen by context, outro; then loudness and MP3."""
    template = load_template(settings.templates_dir)
    items: list[Clip | Pause] = [Clip(template.file("intro"), "jingle"), Pause(template.pauses["after_jingle"])]
    used: Counter[str] = Counter()
    by_segment: dict[int, set[str]] = {}
    warnings: list[str] = []
    previous: tuple[str, str | None] | None = None
    for piece, result in zip(pieces, spoken, strict=True):
        who = (piece.role, piece.speaker)
        if piece.segment not in by_segment and previous is not None:
            key = "after_title" if previous[0] == "title" else (
                "same_speaker" if who == previous else "speaker_change")
            items.append(Pause(template.pauses[key]))
        used[result.engine] += 1
        by_segment.setdefault(piece.segment, set()).add(result.engine)
        warnings.extend(f"segment {piece.index}: {f}" for f in result.failures)
        items.append(Clip(result.path, "speech", piece.role, piece.speaker, result.engine))
        previous = who
    items += [Pause(template.pauses["after_jingle"]), Clip(template.file("outro"), "jingle")]
    with tempfile.TemporaryDirectory(prefix="bantin-assemble-") as tmp:
        assembled = assemble(items, out_mp3, workdir=Path(tmp), sample_rate=settings.house_sample_rate,
                             bitrate_kbps=settings.mp3_bitrate_kbps, target_lufs=settings.target_lufs,
                             ceiling_db=settings.true_peak_db, tags=tags)
    chain = settings.engine_chain
    if chain and any(name != chain[0] for name in used):
        warnings.insert(0, f"Some parts were spoken by a fallback engine: {dict(used)}")
    hits = sum(1 for r in spoken if r.cached)
    segment_engines = [",".join(sorted(by_segment[n])) for n in sorted(by_segment)]
    return RenderResult(assembled, dict(used), hits, len(spoken) - hits, segment_engines,
                        list(dict.fromkeys(warnings)))


def programme_tags(title: str | None) -> dict[str, str]:
    """ID3 tags every programme carries."""
    return {"title": title or "Bản tin", "artist": "bantin", "genre": "Speech"}


def render_script(
    script: Script, out_mp3: Path, *, settings: Settings, storage: LocalStorage | None = None,
    progress: Progress | None = None, tags: dict[str, str] | None = None,
) -> RenderResult:
    """The whole pipeline in this process (no broker)."""
    storage = storage or get_storage(settings)
    pieces = plan(script, settings)
    spoken = speak_all(pieces, settings, storage, progress)
    result = assemble_pieces(pieces, spoken, out_mp3, settings=settings, tags=tags)
    if progress:
        progress(100)
    return result


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
