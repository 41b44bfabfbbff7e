"""Script to programme MP3: synthesise each part, then assemble with the house template. No broker needed."""

from __future__ import annotations

import hashlib
import tempfile
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from service.schemas import Script
from service.settings import Settings
from service.storage import LocalStorage, get_storage
from service.text.chunk import chunk
from workers.audio.assemble import Assembled, Clip, Pause, assemble, load_template
from workers.synth import Spoken, speak
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
    """Speak every chunk (in parallel, through the cache), then stitch intro, parts with pauses, and outro."""
    storage = storage or get_storage(settings)
    engines = settings.engine_chain
    template = load_template(settings.templates_dir)
    segments = [s for s in script.segments if s.spoken.strip()]
    limit = _chunk_limit(engines)
    pieces = [(seg_index, piece) for seg_index, seg in enumerate(segments) for piece in chunk(seg.spoken, limit)]
    spoken: list[Spoken | None] = [None] * len(pieces)
    done = 0
    # Network engines wait on I/O, so chunks are spoken side by side; the rate limit keeps Google happy.
    with ThreadPoolExecutor(max_workers=settings.synth_concurrency) as pool:
        futures = {
            pool.submit(speak, text, segments[seg_index].role, engines=engines, storage=storage,
                        sample_rate=settings.house_sample_rate): i
            for i, (seg_index, text) in enumerate(pieces)
        }
        for future in as_completed(futures):
            spoken[futures[future]] = future.result()
            done += 1
            if progress:
                progress(int(90 * done / max(1, len(pieces))))

    items: list[Clip | Pause] = [Clip(template.file("intro"), "jingle"), Pause(template.pauses["after_jingle"])]
    used: Counter[str] = Counter()
    by_segment: dict[int, set[str]] = {}
    warnings: list[str] = []
    previous: tuple[str, str | None] | None = None
    for (seg_index, _), result in zip(pieces, spoken, strict=True):
        assert result is not None
        segment = segments[seg_index]
        who = (segment.role, segment.speaker)
        first_piece = seg_index not in by_segment
        if first_piece and previous is not None:
            key = "after_title" if previous[0] == "title" else (
                "same_speaker" if who == previous else "speaker_change")
            items.append(Pause(template.pauses[key]))
        used[result.engine] += 1
        by_segment.setdefault(seg_index, set()).add(result.engine)
        warnings.extend(f"segment {segment.index}: {f}" for f in result.failures)
        items.append(Clip(result.path, "speech", segment.role, segment.speaker, result.engine))
        previous = who
    items += [Pause(template.pauses["after_jingle"]), Clip(template.file("outro"), "jingle")]
    with tempfile.TemporaryDirectory(prefix="bantin-assemble-") as tmp:
        assembled = assemble(items, out_mp3, workdir=Path(tmp), sample_rate=settings.house_sample_rate,
                             bitrate_kbps=settings.mp3_bitrate_kbps, target_lufs=settings.target_lufs,
                             ceiling_db=settings.true_peak_db, tags=tags)
    if progress:
        progress(100)
    if engines and any(name != engines[0] for name in used):
        warnings.insert(0, f"Some parts were spoken by a fallback engine: {dict(used)}")
    hits = sum(1 for r in spoken if r and r.cached)
    segment_engines = [",".join(sorted(by_segment.get(i, set()))) for i in range(len(segments))]
    return RenderResult(assembled, dict(used), hits, len(pieces) - hits, segment_engines, _dedupe(warnings))


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
