"""Script to programme MP3: synthesise each part, then assemble with the house template. No broker needed."""

from __future__ import annotations

import hashlib
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from service.schemas import Script
from service.settings import Settings
from service.storage import LocalStorage, get_storage
from service.text.chunk import chunk
from workers.audio.assemble import Assembled, Clip, Pause, assemble, load_template
from workers.synth import speak
from workers.tts import get_engine

Progress = Callable[[int], None]


@dataclass
class RenderResult:
    assembled: Assembled
    engines: dict[str, int]
    cache_hits: int
    cache_misses: int
    segment_engines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _chunk_limit(engines: list[str]) -> int:
    return min(get_engine(name).max_chars for name in engines)


def render_script(
    script: Script, out_mp3: Path, *, settings: Settings, storage: LocalStorage | None = None,
    progress: Progress | None = None, tags: dict[str, str] | None = None,
) -> RenderResult:
    """Speak every segment (through the cache), then stitch intro, parts with pauses, and outro."""
    storage = storage or get_storage(settings)
    engines = settings.engine_chain
    template = load_template(settings.templates_dir)
    limit = _chunk_limit(engines)
    items: list[Clip | Pause] = [Clip(template.file("intro"), "jingle"), Pause(template.pauses["after_jingle"])]
    used: Counter[str] = Counter()
    hits = misses = 0
    segment_engines: list[str] = []
    previous: tuple[str, str | None] | None = None
    segments = [s for s in script.segments if s.spoken.strip()]
    for done, segment in enumerate(segments, start=1):
        who = (segment.role, segment.speaker)
        if previous is not None:
            key = "after_title" if previous[0] == "title" else (
                "same_speaker" if who == previous else "speaker_change")
            items.append(Pause(template.pauses[key]))
        spoken_by: set[str] = set()
        for piece in chunk(segment.spoken, limit):
            result = speak(piece, segment.role, engines=engines, storage=storage,
                           sample_rate=settings.house_sample_rate)
            hits += result.cached
            misses += not result.cached
            used[result.engine] += 1
            spoken_by.add(result.engine)
            items.append(Clip(result.path, "speech", segment.role, segment.speaker, result.engine))
        segment_engines.append(",".join(sorted(spoken_by)))
        previous = who
        if progress:
            progress(int(90 * done / max(1, len(segments))))
    items += [Pause(template.pauses["after_jingle"]), Clip(template.file("outro"), "jingle")]
    with tempfile.TemporaryDirectory(prefix="bantin-assemble-") as tmp:
        assembled = assemble(items, out_mp3, workdir=Path(tmp), sample_rate=settings.house_sample_rate,
                             bitrate_kbps=settings.mp3_bitrate_kbps, target_lufs=settings.target_lufs,
                             ceiling_db=settings.true_peak_db, tags=tags)
    if progress:
        progress(100)
    warnings = []
    if engines and any(name != engines[0] for name in used):
        warnings.append(f"Some parts were spoken by a fallback engine: {dict(used)}")
    return RenderResult(assembled, dict(used), hits, misses, segment_engines, warnings)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
