"""One part of a programme (a jingle, the station's ident, one segment of a script with the pause that follows
it), processed, limited, measured and encoded to MP3 in one streaming ffmpeg pass, and levelled on its own:
encoded again with a corrected gain while its loudness misses the target. Parts are cached by everything that
changes their sound, so the next render reuses what did not change.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

from service.storage import Storage, sha256_of
from workers.audio import ffmpeg
from workers.audio.calibration import next_gain, remember, remembered_gain
from workers.audio.frames import mp3_seconds
from workers.audio.level import integrated, levelling_gain_db, with_gain
from workers.audio.profiles import Profile
from workers.audio.wav import write_silence, write_wav

LIMIT_MARGIN_DB = 3.5  # limiter ceiling under the true-peak ceiling: room for the band filter after it and the encoder
PART_TOLERANCE_LU = 1.0  # a part within the ±1 LU a programme must meet keeps its first encoding
MAX_PASSES = 4  # encodings of one part; one that needs more has a sound no gain brings to the target
PEAK_AIM_DB = 0.1  # parts aim a little under the true-peak ceiling, so no rounding puts the file over it
# What MP3 encoding and decoding add to a part's peak: the true peak of the decoded file over the sample peak
# going into the encoder. Measured on the seed's speech in 20 s pieces at gains from 6 to 24 dB (64 pieces):
# at most +0.7 dB; on the jingles and the bed, -0.3 to -0.4 dB. Parts are measured before encoding, so the
# true peak they report is that sample peak plus this margin (tests check the decoded files).
ENCODER_OVERSHOOT_DB = 1.0
# What MP3 encoding and decoding take off loudness, measured the same way: 0.4-0.5 LU on a 180 Hz tone, the
# seed's speech and the jingles, at 48 kbps (24 kHz) and 128 kbps (44.1 kHz); a WAV of the same sound loses
# nothing. Values measured before encoding are moved by it, so they say what listeners get.
ENCODER_LOUDNESS_DB = -0.45


@dataclass(frozen=True)
class PartAudio:
    """What goes into one part: house-format WAVs with pauses after each, and the pause after the part."""

    clips: list[tuple[Path, float]]  # (wav, seconds of silence after it)
    kind: str
    role: str | None = None
    speaker: str | None = None
    engines: tuple[str, ...] = ()
    index: int | None = None
    article: int | None = None  # which article of a programme the part reads (its chapter)
    text: str | None = None  # what the part says (for the sidecar; the sound is keyed by the clips)
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


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()


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


def part_key(part: PartAudio, profile: Profile, target_lufs: float) -> str:
    """Everything that changes a part's sound: its inputs, the profile, the loudness it is levelled to."""
    inputs = [(str(path), round(pause, 3)) for path, pause in part.clips]
    return _digest("part-v4", inputs, str(part.bed), part.bed_lead_s, part.bed_tail_s, profile,
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
        listing.write_text(ffmpeg.concat_list(_with_pauses(_inputs(part, storage, folder, house_rate), storage,
                                                           house_rate)), encoding="utf-8")
        while True:
            mp3 = folder / f"pass{len(tried)}.mp3"
            measured = ffmpeg.encode_part(listing, mp3, filters=profile.filters, gain_db=gain,
                                          limit_db=profile.true_peak_db - LIMIT_MARGIN_DB,
                                          sample_rate=profile.sample_rate, bitrate_kbps=profile.bitrate_kbps,
                                          after_limiter=profile.after_limiter)
            momentary = [m + ENCODER_LOUDNESS_DB for m in measured.momentary]
            short_term = [v + ENCODER_LOUDNESS_DB for v in measured.short_term]
            loudness = integrated(momentary)
            tried.append((gain, loudness))
            true_peak = measured.sample_peak_db + ENCODER_OVERSHOOT_DB
            if loudness <= -69:
                break  # silence: no gain makes it louder
            estimate, slope = next_gain(tried, target, slope)
            peak_over = true_peak - (profile.true_peak_db - PEAK_AIM_DB)
            if peak_over > 0:
                estimate = min(estimate, gain - peak_over - 0.5)
            if (abs(loudness - target) <= PART_TOLERANCE_LU and peak_over <= 0) or len(tried) >= MAX_PASSES:
                break
            gain = estimate
        if estimate is not None:
            remember(profile, storage, voice, estimate - (target - profile.target_lufs), slope)
        duration = mp3_seconds(mp3.read_bytes())
        meta = {"duration_s": duration, "momentary": momentary, "short_term": short_term,
                "true_peak_db": true_peak, "gain_db": gain}
        storage.put_bytes(meta_key, json.dumps(meta).encode())
        storage.put_file(mp3_key, mp3)
    return EncodedPart(key, storage.local_path(mp3_key), duration, momentary, short_term, true_peak, gain,
                       encodes=len(tried))


def _with_pauses(clips: list[tuple[Path, float]], storage: Storage, house_rate: int) -> list[Path]:
    """Each clip, then the silence that follows it."""
    out: list[Path] = []
    for path, pause in clips:
        out.append(path)
        if pause > 0:
            out.append(silence(pause, storage, sample_rate=house_rate))
    return out


def _inputs(part: PartAudio, storage: Storage, folder: Path, house_rate: int) -> list[tuple[Path, float]]:
    if part.bed is None:
        return part.clips
    # The ident: its speech joined, then the bed ducked under it; the part's last pause still follows.
    speech = folder / "speech.wav"
    listing = folder / "speech.txt"
    listing.write_text(ffmpeg.concat_list(_with_pauses([*part.clips[:-1], (part.clips[-1][0], 0.0)], storage,
                                                       house_rate)), encoding="utf-8")
    ffmpeg.concat_to_wav(listing, speech)
    ducked = folder / "ducked.wav"
    ffmpeg.duck(speech, part.bed, ducked, lead_s=part.bed_lead_s, tail_s=part.bed_tail_s, sample_rate=house_rate)
    return [(ducked, part.clips[-1][1])]
