"""A programme from its parts: every part levelled on its own (in parallel, from the cache where nothing
changed), the whole measured from the parts' momentary values (BS.1770 gating over the programme), levelled
again with a moved target when the parts miss together, then joined frame by frame without re-encoding.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from service.storage import Storage
from workers.audio.frames import join
from workers.audio.id3 import Chapter
from workers.audio.level import integrated, loudness_range
from workers.audio.parts import EncodedPart, PartAudio, level
from workers.audio.profiles import Profile

TOLERANCE_LU = 0.8  # a programme further from its target than this is levelled again
PROGRAMME_PASSES = 2  # parts levelled on their own land the programme on target; a second look is a safety net


@dataclass
class Assembled:
    duration_s: float
    integrated_lufs: float
    true_peak_db: float
    loudness_range_lu: float
    passes: int  # programme-level: 1 unless the levelled parts missed the target together
    encodes: int  # part encodings this assembly made (0: every part from the cache)
    timeline: list[dict[str, object]] = field(default_factory=list)
    chapters: list[dict[str, object]] = field(default_factory=list)  # one per article: title, start_s, end_s


def combine(parts: list[EncodedPart]) -> tuple[float, float, float]:
    """Integrated loudness, true peak and loudness range of the parts played one after another."""
    momentary = [m for p in parts for m in p.momentary]
    short_term = [s for p in parts for s in p.short_term]
    return integrated(momentary), max(p.true_peak_db for p in parts), loudness_range(short_term)


def chapters_of(parts: list[PartAudio], starts: list[float], ends: list[float],
                titles: list[str]) -> list[Chapter]:
    """One chapter per article: from its first part's start to its last part's end."""
    spans: dict[int, list[float]] = {}
    for part, start, end in zip(parts, starts, ends, strict=True):
        if part.article is not None:
            span = spans.setdefault(part.article, [start, end])
            span[0], span[1] = min(span[0], start), max(span[1], end)
    return [Chapter(titles[a] if a < len(titles) and titles[a] else f"Bài {a + 1}", round(s * 1000), round(e * 1000))
            for a, (s, e) in sorted(spans.items())]


def assemble(parts: list[PartAudio], out_mp3: Path, *, profile: Profile, storage: Storage, house_rate: int,
             tags: dict[str, str], workers: int = 2, chapter_titles: list[str] | None = None) -> Assembled:
    """Level every part that is not levelled yet (in parallel), measure the whole, correct if it misses, join."""
    target = profile.target_lufs
    passes = 0
    while True:
        passes += 1
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(partial(level, profile=profile, storage=storage, house_rate=house_rate,
                                            target_lufs=target), parts))
        loudness, peak, lra = combine(results)
        if loudness <= -69:
            break  # silence: nothing to level
        on_target = abs(loudness - profile.target_lufs) <= TOLERANCE_LU and peak <= profile.true_peak_db
        if on_target or passes >= PROGRAMME_PASSES:
            break
        # Parts on target alone can still miss together (gating weighs the loud ones): aim them all
        # at a target moved by the miss.
        target += profile.target_lufs - loudness
    timeline: list[dict[str, object]] = []
    starts: list[float] = []
    cursor = 0.0
    for part, result in zip(parts, results, strict=True):
        timeline.append({"start_s": round(cursor, 3), "duration_s": round(result.duration_s, 3), "kind": part.kind,
                         "role": part.role, "speaker": part.speaker, "engine": ",".join(part.engines) or None,
                         "index": part.index, "article": part.article, "text": part.text,
                         "gain_db": round(result.gain_db, 2)})
        starts.append(cursor)
        cursor += result.duration_s
    ends = [*starts[1:], cursor]
    chapters = chapters_of(parts, starts, ends, chapter_titles or [])
    join([r.path for r in results], out_mp3, tags={**tags, "TLEN": str(int(cursor * 1000))},
         chapters=tuple(chapters))
    return Assembled(duration_s=round(cursor, 3), integrated_lufs=round(loudness, 1), true_peak_db=round(peak, 1),
                     loudness_range_lu=round(lra, 1), passes=passes, encodes=sum(r.encodes for r in results),
                     timeline=timeline, chapters=[{"title": c.title, "start_s": c.start_ms / 1000,
                                                   "end_s": c.end_ms / 1000} for c in chapters])
