"""Programme assembly in parts, each part levelled, encoded and cached, then joined frame by frame.

A part is a jingle, a station announcement, or one segment of a script, with the pause that follows
it. Each part is processed (EQ, compression), given a gain, limited and encoded to MP3 in one
streaming ffmpeg pass that also measures what it encoded; when the part's own loudness misses the
target it is encoded again with a corrected gain. So every voice and every jingle reaches the
programme at the same loudness, whatever its engine or its spectrum did to it in the processing.
Parts are levelled in parallel, by segment tasks on any worker, and reused by the next render when
nothing in them changed. The programme is the parts joined without re-encoding; its loudness is
computed from the parts' momentary values (BS.1770 gating over the whole programme), and when it
misses the target every part is levelled again to a target moved by the miss: measure, then correct.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import struct
import tempfile
import tomllib
import wave
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from service.storage import Storage
from workers.audio import ffmpeg
from workers.audio.id3 import id3v2_tag
from workers.audio.level import integrated, levelling_gain_db, loudness_range, with_gain
from workers.audio.profiles import Profile
from workers.audio.wav import write_silence, write_wav

LIMIT_MARGIN_DB = 3.0  # limiter ceiling under the true-peak ceiling: room for inter-sample peaks
TOLERANCE_LU = 0.8  # a programme further from its target than this is levelled again
PART_TOLERANCE_LU = 1.0  # a part within the ±1 LU a programme must meet keeps its first encoding
MAX_PASSES = 4  # encodings of one part; one that needs more has a sound no gain brings to the target
PROGRAMME_PASSES = 2  # parts levelled on their own land the programme on target; a second look is a safety net
PEAK_AIM_DB = 0.1  # parts aim a little under the true-peak ceiling, so no rounding puts the file over it


@dataclass(frozen=True)
class Template:
    folder: Path
    files: dict[str, str]
    pauses: dict[str, float]
    programme: list[str]
    preview: list[str]
    between_articles: str
    texts: dict[str, str]
    bed_lead_s: float
    bed_tail_s: float

    def file(self, name: str) -> Path:
        return self.folder / self.files[name]


def load_template(folder: Path) -> Template:
    manifest = tomllib.loads((folder / "manifest.toml").read_text(encoding="utf-8"))
    return Template(
        folder=folder, files=dict(manifest["files"]), pauses=dict(manifest["pauses"]),
        programme=list(manifest["programme"]["order"]), preview=list(manifest["preview"]["order"]),
        between_articles=manifest["programme"].get("between_articles", ""), texts=dict(manifest["texts"]),
        bed_lead_s=float(manifest["bed"]["lead_s"]), bed_tail_s=float(manifest["bed"]["tail_s"]),
    )


@dataclass(frozen=True)
class PartAudio:
    """What goes into one part: house-format WAVs with pauses after each, and the pause after the part."""

    clips: list[tuple[Path, float]]  # (wav, seconds of silence after it)
    kind: str
    role: str | None = None
    speaker: str | None = None
    engines: tuple[str, ...] = ()
    index: int | None = None
    bed: Path | None = None  # ducked under the clips (the station ident)
    bed_lead_s: float = 1.5
    bed_tail_s: float = 1.2


@dataclass(frozen=True)
class EncodedPart:
    key: str
    path: Path
    duration_s: float
    momentary: list[float]
    short_term: list[float]
    true_peak_db: float
    gain_db: float
    encodes: int  # how many times this call encoded it (0: from the cache)


@dataclass
class Assembled:
    duration_s: float
    integrated_lufs: float
    true_peak_db: float
    loudness_range_lu: float
    passes: int  # programme-level: 1 unless the levelled parts missed the target together
    encodes: int  # part encodings this assembly made (0: every part from the cache)
    timeline: list[dict[str, object]] = field(default_factory=list)


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in blocks (programmes and jingles can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def house_clip(src: Path, storage: Storage, *, sample_rate: int) -> Path:
    """A template file (jingle, bed) in the house format, levelled like speech; cached by content."""
    key = f"cache/template/{sha256_of(src)}-{sample_rate}.wav"
    if not storage.exists(key):
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "raw.wav"
            ffmpeg.file_to_wav(src, raw, out_rate=sample_rate)
            with wave.open(str(raw), "rb") as w:
                pcm = w.readframes(w.getnframes())
            out = Path(tmp) / "levelled.wav"
            write_wav(out, with_gain(pcm, levelling_gain_db(pcm, sample_rate)), sample_rate)
            storage.put_file(key, out)
    return storage.local_path(key)


def silence(seconds: float, storage: Storage, *, sample_rate: int) -> Path:
    key = f"cache/silence/{int(round(seconds * 1000))}ms-{sample_rate}.wav"
    if not storage.exists(key):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "s.wav"
            write_silence(path, seconds, sample_rate)
            storage.put_file(key, path)
    return storage.local_path(key)


def _concat_line(path: Path) -> str:
    escaped = str(path.resolve()).replace("'", "'\\''")
    return f"file '{escaped}'\n"


def part_key(part: PartAudio, profile: Profile, target_lufs: float) -> str:
    """Everything that changes a part's sound: its inputs, the profile, the loudness it is levelled to."""
    inputs = [(str(path), round(pause, 3)) for path, pause in part.clips]
    return _digest("part-v3", inputs, str(part.bed), part.bed_lead_s, part.bed_tail_s, profile,
                   round(target_lufs, 2))


def voice_of(part: PartAudio) -> str:
    """Parts that come out of the processing alike: one voice of one engine, or one template file."""
    if part.kind == "jingle":
        return f"jingle:{part.clips[0][0].name if part.clips else ''}"
    return f"{part.kind}:{part.role}:{'+'.join(part.engines)}"


def level(part: PartAudio, profile: Profile, storage: Storage, *, house_rate: int,
          target_lufs: float | None = None) -> EncodedPart:
    """The part processed, limited, encoded and measured at the target loudness: from the cache when it
    was levelled before, else encoded with the gain its voice needed last time and encoded again, with a
    corrected gain, while its own loudness misses the target by more than PART_TOLERANCE_LU."""
    target = profile.target_lufs if target_lufs is None else target_lufs
    key = part_key(part, profile, target)
    mp3_key, meta_key = f"parts/{profile.name}/{key[:2]}/{key}.mp3", f"parts/{profile.name}/{key[:2]}/{key}.json"
    if storage.exists(mp3_key) and storage.exists(meta_key):
        storage.touch(mp3_key)
        meta = json.loads(storage.read_bytes(meta_key))
        return EncodedPart(key, storage.local_path(mp3_key), meta["duration_s"], meta["momentary"], meta["short_term"],
                           meta["true_peak_db"], meta["gain_db"], encodes=0)
    voice = voice_of(part)
    gain, slope = remembered_gain(profile, storage, voice)
    gain += target - profile.target_lufs
    tried: list[tuple[float, float]] = []
    estimate: float | None = None  # the gain that would bring this voice to the target, by what was measured
    with tempfile.TemporaryDirectory(prefix="bantin-part-") as tmp:
        folder = Path(tmp)
        listing = folder / "list.txt"
        with listing.open("w", encoding="utf-8") as out:
            for path, pause in _inputs(part, storage, folder, house_rate):
                out.write(_concat_line(path))
                if pause > 0:
                    out.write(_concat_line(silence(pause, storage, sample_rate=house_rate)))
        while True:
            mp3 = folder / f"pass{len(tried)}.mp3"
            measured = ffmpeg.encode_part(listing, mp3, filters=profile.filters, gain_db=gain,
                                          limit_db=profile.true_peak_db - LIMIT_MARGIN_DB,
                                          sample_rate=profile.sample_rate, bitrate_kbps=profile.bitrate_kbps,
                                          after_limiter=profile.after_limiter)
            loudness = integrated(measured.momentary)
            tried.append((gain, loudness))
            if loudness <= -69:
                break  # silence: no gain makes it louder
            estimate, slope = next_gain(tried, target, slope)
            peak_over = measured.true_peak_db - (profile.true_peak_db - PEAK_AIM_DB)
            if peak_over > 0:
                estimate = min(estimate, gain - peak_over - 0.5)
            if (abs(loudness - target) <= PART_TOLERANCE_LU and peak_over <= 0) or len(tried) >= MAX_PASSES:
                break
            gain = estimate
        if estimate is not None:
            _remember(profile, storage, voice, estimate - (target - profile.target_lufs), slope)
        duration = mp3_seconds(mp3.read_bytes())
        meta = {"duration_s": duration, "momentary": measured.momentary, "short_term": measured.short_term,
                "true_peak_db": measured.true_peak_db, "gain_db": gain}
        storage.put_bytes(meta_key, json.dumps(meta).encode())
        storage.put_file(mp3_key, mp3)
    return EncodedPart(key, storage.local_path(mp3_key), duration, measured.momentary, measured.short_term,
                       measured.true_peak_db, gain, encodes=len(tried))


def _inputs(part: PartAudio, storage: Storage, folder: Path, house_rate: int) -> list[tuple[Path, float]]:
    if part.bed is None:
        return part.clips
    # The ident: its speech joined, then the bed ducked under it; the part's last pause still follows.
    speech = folder / "speech.wav"
    listing = folder / "speech.txt"
    with listing.open("w", encoding="utf-8") as out:
        for path, pause in part.clips[:-1]:
            out.write(_concat_line(path))
            if pause > 0:
                out.write(_concat_line(silence(pause, storage, sample_rate=house_rate)))
        out.write(_concat_line(part.clips[-1][0]))
    ffmpeg.run(["-f", "concat", "-safe", "0", "-i", str(listing), "-c:a", "pcm_s16le", str(speech)])
    ducked = folder / "ducked.wav"
    ffmpeg.duck(speech, part.bed, ducked, lead_s=part.bed_lead_s, tail_s=part.bed_tail_s, sample_rate=house_rate)
    return [(ducked, part.clips[-1][1])]


# Samples per frame and bitrates (kbps) of MPEG audio layer III, by MPEG version.
_BITRATES = {1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
             2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]}
_RATES = {3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000]}


def mp3_seconds(data: bytes) -> float:
    """Duration of bare MPEG layer III frames, counted frame by frame (an ID3v2 tag is skipped)."""
    pos, samples, rate = 0, 0, 0
    if data[:3] == b"ID3" and len(data) >= 10:
        size = data[6] << 21 | data[7] << 14 | data[8] << 7 | data[9]
        pos = 10 + size
    while pos + 4 <= len(data):
        (header,) = struct.unpack(">I", data[pos:pos + 4])
        if header >> 21 != 0x7FF:
            pos += 1
            continue
        version_bits, layer = header >> 19 & 3, header >> 17 & 3
        bitrate_index, rate_index, padding = header >> 12 & 15, header >> 10 & 3, header >> 9 & 1
        if layer != 1 or version_bits == 1 or bitrate_index in (0, 15) or rate_index == 3:
            pos += 1
            continue
        version = 1 if version_bits == 3 else 2
        rate = _RATES[version_bits][rate_index]
        per_frame = 1152 if version == 1 else 576
        length = (144 if version == 1 else 72) * _BITRATES[version][bitrate_index] * 1000 // rate + padding
        samples += per_frame
        pos += length
    return samples / rate if rate else 0.0


def combine(parts: list[EncodedPart]) -> tuple[float, float, float]:
    """Integrated loudness, true peak and loudness range of the parts played one after another."""
    momentary = [m for p in parts for m in p.momentary]
    short_term = [s for p in parts for s in p.short_term]
    return integrated(momentary), max(p.true_peak_db for p in parts), loudness_range(short_term)


def join(parts: list[EncodedPart], out_mp3: Path, *, tags: dict[str, str]) -> None:
    """The tag, then every part's MP3 frames one after another (no re-encoding); written under a
    temporary name and renamed, so nobody ever reads half a programme."""
    partial = out_mp3.with_name(out_mp3.name + ".part")
    try:
        with partial.open("wb") as out:
            out.write(id3v2_tag(tags))
            for part in parts:
                with part.path.open("rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
        partial.replace(out_mp3)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _calibration_key(profile: Profile, voice: str) -> str:
    # One small file per voice: workers levelling different voices at once never overwrite each other.
    return f"calibration/{profile.name}/{hashlib.sha256(voice.encode()).hexdigest()[:24]}.json"


def remembered_gain(profile: Profile, storage: Storage, voice: str) -> tuple[float, float]:
    """The gain that brought this voice to the profile's target last time, and how its loudness followed
    gain then (the limiter makes it grow slower than gain, by an amount that depends on the voice); the
    profile's starting gain for a voice not levelled yet."""
    key = _calibration_key(profile, voice)
    if storage.exists(key):
        with contextlib.suppress(ValueError, KeyError, OSError, TypeError):
            saved = json.loads(storage.read_bytes(key))
            return float(saved["gain_db"]), float(saved["slope"])
    return profile.gain_db, 1.0


def _remember(profile: Profile, storage: Storage, voice: str, gain: float, slope: float) -> None:
    storage.put_bytes(_calibration_key(profile, voice),
                      json.dumps({"voice": voice, "gain_db": round(gain, 2), "slope": round(slope, 3)}).encode())


def next_gain(tried: list[tuple[float, float]], target: float, slope: float) -> tuple[float, float]:
    """The gain for the next pass from the passes so far, as (gain, loudness), and the slope of loudness
    against gain. The limiter makes loudness grow slower than gain, more so the louder it is: once the
    target lies between two passes, interpolate between the closest two; before that, follow the slope
    of the last two passes (or the remembered one)."""
    gain, loudness = tried[-1]
    under = [t for t in tried if t[1] < target]
    over = [t for t in tried if t[1] >= target]
    if under and over:
        (g1, l1), (g2, l2) = max(under, key=lambda t: t[1]), min(over, key=lambda t: t[1])
        if l2 > l1:
            return g1 + (target - l1) * (g2 - g1) / (l2 - l1), slope
    if len(tried) > 1 and tried[-1][0] != tried[-2][0]:
        slope = min(1.0, max(0.2, (tried[-1][1] - tried[-2][1]) / (tried[-1][0] - tried[-2][0])))
    return gain + (target - loudness) / slope, slope


def assemble(parts: list[PartAudio], out_mp3: Path, *, profile: Profile, storage: Storage, house_rate: int,
             tags: dict[str, str], workers: int = 2) -> Assembled:
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
    cursor = 0.0
    for part, result in zip(parts, results, strict=True):
        timeline.append({"start_s": round(cursor, 3), "duration_s": round(result.duration_s, 3), "kind": part.kind,
                         "role": part.role, "speaker": part.speaker, "engine": ",".join(part.engines) or None,
                         "index": part.index, "gain_db": round(result.gain_db, 2)})
        cursor += result.duration_s
    join(results, out_mp3, tags={**tags, "TLEN": str(int(cursor * 1000))})
    return Assembled(duration_s=round(cursor, 3), integrated_lufs=round(loudness, 1), true_peak_db=round(peak, 1),
                     loudness_range_lu=round(lra, 1), passes=passes, encodes=sum(r.encodes for r in results),
                     timeline=timeline)
