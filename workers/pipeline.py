"""Script(s) to programme MP3 in three steps: plan the parts, speak their pieces, assemble.

The steps are plain functions: the CLI runs them in one process (pieces spoken by a thread pool, parts
encoded in parallel), the Celery tasks spread them over workers (one task per part, then assembly).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from service.running_order import RunningOrder
from service.schemas import Script
from service.settings import Settings
from service.storage import Storage
from service.text.chunk import chunk
from service.text.normalize import normalize
from workers import voice_tracks as own_voice
from workers.audio.assemble import Assembled, assemble
from workers.audio.parts import PartAudio, house_clip, level
from workers.audio.profiles import Profile, get_profile
from workers.synth import Spoken, speak
from workers.tts import deadline as piece_deadline
from workers.tts import get_engine

Progress = Callable[[int], None]
WEEKDAYS = ["thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật"]


@dataclass(frozen=True)
class Piece:
    """One request's worth of speech: a chunk of one part's spoken text."""

    part: int
    role: str
    text: str
    voice_track: str | None = None  # staff's own reading of the whole part (its WAV in storage): no engine speaks


@dataclass(frozen=True)
class PartPlan:
    """A part of the programme: a jingle, a station announcement, or one segment of a script."""

    n: int
    kind: str  # jingle | speech | ident
    role: str | None = None
    speaker: str | None = None
    index: int | None = None  # the segment's index in its script
    article: int | None = None
    jingle: str | None = None
    pause_after: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Plan:
    parts: list[PartPlan]
    pieces: list[Piece]
    titles: list[str] = field(default_factory=list)  # each article's title: its chapter's name

    def to_dict(self) -> dict[str, Any]:
        return {"parts": [p.to_dict() for p in self.parts], "pieces": [asdict(p) for p in self.pieces],
                "titles": self.titles}

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Plan:
        return Plan([PartPlan(**p) for p in data["parts"]], [Piece(**p) for p in data["pieces"]],
                    list(data.get("titles") or []))

    def pieces_of(self, part: int) -> list[tuple[int, Piece]]:
        return [(i, p) for i, p in enumerate(self.pieces) if p.part == part]


@dataclass
class RenderResult:
    assembled: Assembled
    engines: dict[str, int]
    cache_hits: int
    cache_misses: int
    segment_engines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Why the engines before the one that spoke failed, by part number (the sidecar's segment order).
    part_failures: dict[int, list[str]] = field(default_factory=dict)


def date_in_words(day: date) -> str:
    """'thứ hai, ngày mười bảy tháng năm năm hai nghìn không trăm hai mươi mốt'."""
    return normalize(f"{WEEKDAYS[day.weekday()]}, ngày {day.day}/{day.month}/{day.year}")


def _pause(template: RunningOrder, current: PartPlan, following: PartPlan | None) -> float:
    if following is None:
        return 0.0
    if current.kind == "jingle":
        return template.pauses["after_jingle"]
    if current.role == "title":
        return template.pauses["after_title"]
    if following.kind == "jingle":
        return template.pauses["between_articles"]
    same = (current.role, current.speaker) == (following.role, following.speaker)
    return template.pauses["same_speaker" if same else "speaker_change"]


def plan(scripts: list[Script], settings: Settings, template: RunningOrder, *, programme: bool = False,
         station: str | None = None, day: date | None = None) -> Plan:
    """Parts and pieces in programme order. A preview is one script between the jingles; a programme
    follows the running order in full (ident over the bed, date greeting, articles, closing)."""
    limit = min(get_engine(name).max_chars for name in settings.engine_chain)
    station = station or settings.station_name
    parts: list[dict[str, Any]] = []
    texts: list[list[str]] = []

    def add(kind: str, spoken: str = "", **fields: Any) -> None:
        parts.append({"kind": kind, **fields})
        texts.append(chunk(spoken, limit) if spoken else [])

    for step in (template.programme if programme else template.preview):
        if step == "articles":
            for a, script in enumerate(scripts):
                if a and template.between_articles:
                    add("jingle", jingle=template.between_articles)
                for seg in script.segments:
                    if seg.spoken.strip():
                        add("speech", seg.spoken, role=seg.role, speaker=seg.speaker, index=seg.index, article=a)
        elif step in template.files:
            add("jingle", jingle=step)
        elif step in template.texts:
            words = template.texts[step].format(station=station, date=date_in_words(day or date.today()))
            add("ident" if step == "ident" else "speech", normalize(words), role="station")
    plans = [PartPlan(n=n, **fields) for n, fields in enumerate(parts)]
    plans = [PartPlan(**{**asdict(p), "pause_after": _pause(template, p, plans[n + 1] if n + 1 < len(plans) else None)})
             for n, p in enumerate(plans)]
    pieces = [Piece(n, plans[n].role or "station", text) for n, chunks in enumerate(texts) for text in chunks]
    return Plan(plans, pieces, [s.title or "" for s in scripts])


def with_voice_tracks(the_plan: Plan, tracks: dict[tuple[int, int], str]) -> Plan:
    """The plan with each part that has a voice track, by (article, segment index), read by it: one piece that
    carries the reading instead of the part's chunks of text for an engine."""
    if not tracks:
        return the_plan
    recorded = {p.n: tracks[(p.article, p.index)] for p in the_plan.parts
                if p.kind == "speech" and p.article is not None and p.index is not None
                and (p.article, p.index) in tracks}
    pieces: list[Piece] = []
    for piece in the_plan.pieces:
        if piece.part not in recorded:
            pieces.append(piece)
        elif not pieces or pieces[-1].part != piece.part:
            whole = " ".join(p.text for p in the_plan.pieces if p.part == piece.part)
            pieces.append(Piece(piece.part, piece.role, whole, voice_track=recorded[piece.part]))
    return Plan(the_plan.parts, pieces, the_plan.titles)


def recorded(piece: Piece, settings: Settings, storage: Storage) -> Spoken | None:
    """The piece as staff read it (trimmed and levelled), when it carries a voice track."""
    if piece.voice_track is None:
        return None
    return Spoken(own_voice.clip(piece.voice_track, storage, sample_rate=settings.house_sample_rate),
                  own_voice.ENGINE, cached=True)


def speak_piece(piece: Piece, settings: Settings, storage: Storage, voice_set: str | None = None,
                station: str | None = None, deadline: float | None = None) -> Spoken:
    """The piece through the engine chain; a network engine waits for it no longer than `deadline` allows."""
    if (own := recorded(piece, settings, storage)) is not None:
        return own
    with piece_deadline.speaking_by(deadline):  # set in the thread that speaks: threads do not inherit it
        return speak(piece.text, piece.role, engines=settings.engine_chain, storage=storage,
                     sample_rate=settings.house_sample_rate, voice_set=voice_set or settings.voice_set,
                     station=station)


def synth_threads(settings: Settings) -> int:
    """Pieces spoken side by side in one process: many when a network engine may answer (requests wait
    on I/O, and the rate limit bounds them), one when every engine speaks on this CPU (espeak-ng speaks
    one piece at a time anyway, and idle threads would only keep memory arenas of their own)."""
    if any(get_engine(name).remote for name in settings.engine_chain):
        return settings.synth_concurrency
    return 1


def speak_all(pieces: list[Piece], settings: Settings, storage: Storage,
              progress: Progress | None = None, deadline: float | None = None) -> list[Spoken]:
    """Every piece, spoken side by side: network engines wait on I/O, and the rate limit bounds them."""
    spoken: list[Spoken | None] = [None] * len(pieces)
    with ThreadPoolExecutor(max_workers=synth_threads(settings)) as pool:
        futures = {pool.submit(speak_piece, piece, settings, storage, deadline=deadline): i
                   for i, piece in enumerate(pieces)}
        for done, future in enumerate(as_completed(futures), start=1):
            spoken[futures[future]] = future.result()
            if progress:
                progress(int(80 * done / max(1, len(pieces))))
    return [s for s in spoken if s is not None]


def part_audio(part: PartPlan, spoken: list[Spoken], template: RunningOrder, settings: Settings,
               storage: Storage, text: str | None = None) -> PartAudio:
    """The house-format clips of a part with the pauses between and after them."""
    rate = settings.house_sample_rate
    if part.kind == "jingle":
        assert part.jingle is not None
        return PartAudio([(house_clip(template.file(part.jingle), storage, sample_rate=rate), part.pause_after)],
                         kind="jingle", role=None)
    within = template.pauses["within_speaker"]
    paths = [storage.local_path(s.key) for s in spoken]
    clips = [(path, within) for path in paths[:-1]] + [(paths[-1], part.pause_after)]
    engines = tuple(sorted({s.engine for s in spoken}))
    bed = house_clip(template.file("bed"), storage, sample_rate=rate) if part.kind == "ident" else None
    return PartAudio(clips, kind=part.kind, role=part.role, speaker=part.speaker, engines=engines, index=part.index,
                     article=part.article, text=text, bed=bed, bed_lead_s=template.bed_lead_s,
                     bed_tail_s=template.bed_tail_s)


def encode_early(part: PartPlan, spoken: list[Spoken], *, template: RunningOrder, settings: Settings,
                 storage: Storage) -> None:
    """Level and encode one part as soon as its speech is ready: the encoding of one part overlaps the
    speaking of the next, and assembly finds the part in the cache."""
    level(part_audio(part, spoken, template, settings, storage), get_profile(settings.delivery_profile), storage,
          house_rate=settings.house_sample_rate)


def assemble_plan(the_plan: Plan, spoken: list[Spoken], out_mp3: Path, *, template: RunningOrder,
                  settings: Settings, storage: Storage, tags: dict[str, str],
                  profile: Profile | None = None) -> RenderResult:
    """Every part encoded (reusing what is already encoded), loudness checked, the programme joined."""
    profile = profile or get_profile(settings.delivery_profile)
    by_part: dict[int, list[Spoken]] = {}
    texts: dict[int, list[str]] = {}
    for piece, result in zip(the_plan.pieces, spoken, strict=True):
        by_part.setdefault(piece.part, []).append(result)
        texts.setdefault(piece.part, []).append(piece.text.replace("\u00a0", " "))
    parts = [part_audio(p, by_part.get(p.n, []), template, settings, storage, " ".join(texts.get(p.n, [])) or None)
             for p in the_plan.parts]
    assembled = assemble(parts, out_mp3, profile=profile, storage=storage, house_rate=settings.house_sample_rate,
                         tags=tags, workers=settings.encode_concurrency, chapter_titles=the_plan.titles)
    used = Counter(s.engine for s in spoken)
    warnings = [f"segment {the_plan.parts[p.part].index}: {f}" for p, s in zip(the_plan.pieces, spoken, strict=True)
                for f in s.failures]
    chain = settings.engine_chain
    if chain and any(name not in (chain[0], own_voice.ENGINE) for name in used):
        warnings.insert(0, f"Some parts were spoken by a fallback engine: {dict(used)}")
    hits = sum(1 for s in spoken if s.cached)
    segment_engines = [",".join(p.engines) for p in parts if p.kind == "speech" and p.role != "station"]
    part_failures: dict[int, list[str]] = {}
    for piece, result in zip(the_plan.pieces, spoken, strict=True):
        for failure in result.failures:
            if failure not in part_failures.setdefault(piece.part, []):
                part_failures[piece.part].append(failure)
    return RenderResult(assembled, dict(used), hits, len(spoken) - hits, segment_engines,
                        list(dict.fromkeys(warnings)), part_failures)


def programme_tags(title: str | None, *, station: str, day: date | None = None, slot: str = "preview",
                   communes: list[str] | None = None) -> dict[str, str]:
    """ID3v2 tags every programme carries (the duration, TLEN, is added when it is known)."""
    day = day or date.today()
    return {"title": title or "Bản tin", "artist": station, "album": f"{station}, {slot} {day.isoformat()}",
            "date": day.isoformat(), "genre": "Speech", "station": station, "slot": slot,
            "encoded_by": "bantin", **({"communes": ", ".join(communes)} if communes else {})}


def render(scripts: list[Script], out_mp3: Path, *, template: RunningOrder, settings: Settings, storage: Storage,
           progress: Progress | None = None, tags: dict[str, str] | None = None, programme: bool = False,
           station: str | None = None, day: date | None = None, deadline: float | None = None,
           voice_tracks: dict[tuple[int, int], str] | None = None) -> RenderResult:
    """The whole pipeline in this process (no broker): one script is a preview between the jingles, several
    (or `programme`) a programme in the full running order; parts with a voice track, by (script, segment
    index), are read by it."""
    the_plan = with_voice_tracks(plan(scripts, settings, template, programme=programme, station=station, day=day),
                                 voice_tracks or {})
    spoken = speak_all(the_plan.pieces, settings, storage, progress, deadline)
    result = assemble_plan(the_plan, spoken, out_mp3, template=template, settings=settings, storage=storage,
                           tags=tags or programme_tags(scripts[0].title if scripts else None,
                                                       station=station or settings.station_name, day=day))
    if progress:
        progress(100)
    return result
