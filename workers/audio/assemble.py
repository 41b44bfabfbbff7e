"""Programme assembly in parts, each part encoded once and cached, then joined frame by frame.

A part is a jingle, a station announcement, or one segment of a script, with the pause that follows
it. Each part is processed (EQ, compression), given the profile's gain, limited and encoded to MP3
in one streaming ffmpeg pass that also measures it; parts are encoded in parallel, by segment tasks on
any worker, and reused by the next render when nothing in them changed. The programme is the parts
joined without re-encoding; its loudness is computed from the parts' momentary values (BS.1770
gating over the whole programme), and when it misses the target every part is encoded again with the
corrected gain: measure, then correct.
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
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from service.storage import Storage
from workers.audio import ffmpeg
from workers.audio.id3 import id3v2_tag
from workers.audio.level import integrated, levelling_gain_db, loudness_range, with_gain
from workers.audio.profiles import Profile
from workers.audio.wav import write_silence, write_wav

LIMIT_MARGIN_DB = 3.0  # limiter ceiling under the true-peak ceiling: room for inter-sample peaks
TOLERANCE_LU = 0.8  # inside the ±1 LU a programme must meet; a closer aim costs a second pass
MAX_PASSES = 4  # a programme that needs more has a voice no gain can bring to the target


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


@dataclass
class Assembled:
    duration_s: float
    integrated_lufs: float
    true_peak_db: float
    loudness_range_lu: float
    gain_db: float
    passes: int
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


def part_key(part: PartAudio, profile: Profile, gain_db: float) -> str:
    """Everything that changes a part's sound: its inputs, the profile, the gain."""
    inputs = [(str(path), round(pause, 3)) for path, pause in part.clips]
    return _digest("part-v2", inputs, str(part.bed), part.bed_lead_s, part.bed_tail_s, profile, round(gain_db, 2))


def encode(part: PartAudio, profile: Profile, gain_db: float, storage: Storage, *,
           house_rate: int) -> EncodedPart:
    """One part processed, limited, encoded and measured; from the cache when it was encoded before."""
    key = part_key(part, profile, gain_db)
    mp3_key, meta_key = f"parts/{profile.name}/{key[:2]}/{key}.mp3", f"parts/{profile.name}/{key[:2]}/{key}.json"
    if storage.exists(mp3_key) and storage.exists(meta_key):
        storage.touch(mp3_key)
        meta = json.loads(storage.read_bytes(meta_key))
        return EncodedPart(key, storage.local_path(mp3_key), meta["duration_s"], meta["momentary"], meta["short_term"],
                           meta["true_peak_db"])
    with tempfile.TemporaryDirectory(prefix="bantin-part-") as tmp:
        folder = Path(tmp)
        listing = folder / "list.txt"
        with listing.open("w", encoding="utf-8") as out:
            for path, pause in _inputs(part, storage, folder, house_rate):
                out.write(_concat_line(path))
                if pause > 0:
                    out.write(_concat_line(silence(pause, storage, sample_rate=house_rate)))
        mp3 = folder / "part.mp3"
        measured = ffmpeg.encode_part(listing, mp3, filters=profile.filters, gain_db=gain_db,
                                      limit_db=profile.true_peak_db - LIMIT_MARGIN_DB,
                                      sample_rate=profile.sample_rate, bitrate_kbps=profile.bitrate_kbps,
                                      after_limiter=profile.after_limiter)
        duration = mp3_seconds(mp3.read_bytes())
        meta = {"duration_s": duration, "momentary": measured.momentary, "short_term": measured.short_term,
                "true_peak_db": measured.true_peak_db}
        storage.put_bytes(meta_key, json.dumps(meta).encode())
        storage.put_file(mp3_key, mp3)
    return EncodedPart(key, storage.local_path(mp3_key), duration, measured.momentary, measured.short_term,
                       measured.true_peak_db)


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


Encoder = Callable[[PartAudio, float], EncodedPart]


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


def calibrated_gain(profile: Profile, storage: Storage) -> tuple[float, float]:
    """The gain that hit the target last time for this profile, and how loudness followed gain then.

    The final limiter makes loudness grow slower than gain, by an amount that depends on the voices; a
    programme like the last one lands on target at once with the gain the last one needed."""
    key = f"calibration/{profile.name}.json"
    if storage.exists(key):
        with contextlib.suppress(ValueError, KeyError, OSError):
            saved = json.loads(storage.read_bytes(key))
            return float(saved["gain_db"]), float(saved["slope"])
    return profile.gain_db, 1.0


def _remember(profile: Profile, storage: Storage, gain: float, slope: float) -> None:
    storage.put_bytes(f"calibration/{profile.name}.json", json.dumps({"gain_db": gain, "slope": slope}).encode())


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
             tags: dict[str, str], encoded: dict[int, EncodedPart] | None = None,
             workers: int = 2, gain_db: float | None = None) -> Assembled:
    """Encode what is not encoded yet (in parallel), measure the whole, correct if it misses, join."""
    calibrated, slope = calibrated_gain(profile, storage)
    gain = calibrated if gain_db is None else gain_db
    done = dict(encoded or {})
    tried: list[tuple[float, float]] = []
    while True:
        todo = [i for i in range(len(parts)) if i not in done]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {i: pool.submit(encode, parts[i], profile, gain, storage, house_rate=house_rate) for i in todo}
            done.update({i: future.result() for i, future in futures.items()})
        results = [done[i] for i in range(len(parts))]
        loudness, peak, lra = combine(results)
        tried.append((gain, loudness))
        if loudness <= -69:
            break  # silence: nothing to level
        on_target = abs(loudness - profile.target_lufs) <= TOLERANCE_LU and peak <= profile.true_peak_db
        following, slope = next_gain(tried, profile.target_lufs, slope)
        if peak > profile.true_peak_db:
            following = min(following, gain - (peak - profile.true_peak_db) - 0.5)
        # On target, keep the gain as it is: the next render then reuses every part that did not change.
        _remember(profile, storage, gain if on_target else following, slope)
        if on_target or len(tried) >= MAX_PASSES:
            break
        gain, done = following, {}
    passes = len(tried)
    timeline: list[dict[str, object]] = []
    cursor = 0.0
    for part, result in zip(parts, results, strict=True):
        timeline.append({"start_s": round(cursor, 3), "duration_s": round(result.duration_s, 3), "kind": part.kind,
                         "role": part.role, "speaker": part.speaker, "engine": ",".join(part.engines) or None,
                         "index": part.index})
        cursor += result.duration_s
    join(results, out_mp3, tags={**tags, "TLEN": str(int(cursor * 1000))})
    return Assembled(duration_s=round(cursor, 3), integrated_lufs=round(loudness, 1), true_peak_db=round(peak, 1),
                     loudness_range_lu=round(lra, 1), gain_db=round(gain, 2), passes=passes, timeline=timeline)
