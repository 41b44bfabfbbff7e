"""Voice tracks on the worker side: check an upload (decodable, not empty, not silent, not too long) into a
house-format WAV named by its content, and make the clip a render uses: trimmed of the silence around the speech
and levelled to the reference, like an engine's clip, before the part goes through the same processing chain."""

from __future__ import annotations

import hashlib
import json
import tempfile
import wave
from pathlib import Path

import numpy as np

from service.settings import Settings, get_settings
from service.storage import Storage, get_storage, sha256_of
from workers.audio import ffmpeg
from workers.audio.level import levelling_gain_db, samples_of, with_gain
from workers.audio.trim import speech_bounds
from workers.audio.wav import write_wav

ENGINE = "recording"  # what the sidecar and the job's engine counts say spoke a part read by staff
MIN_SPEECH_S = 0.5  # less than this once trimmed (its 0.24 s of padding included) is a click or a breath


def _pcm(path: Path) -> tuple[bytes, int]:
    with wave.open(str(path), "rb") as w:
        return w.readframes(w.getnframes()), w.getframerate()


def refusal(pcm: bytes, rate: int, *, max_s: float) -> str | None:
    """Why a decoded upload cannot be a reading (None: it can)."""
    seconds = len(pcm) / 2 / rate
    if seconds > max_s:
        return f"Bản ghi quá dài: tối đa {max_s:g} giây (the recording is longer than {max_s:g} s)."
    bounds = speech_bounds(samples_of(pcm), rate)
    if seconds < MIN_SPEECH_S or bounds is None:
        return "Bản ghi trống hoặc chỉ có im lặng (the recording is empty or silent)."
    if (bounds[1] - bounds[0]) / rate < MIN_SPEECH_S:
        return "Bản ghi quá ngắn, không nghe thấy lời đọc (no speech heard in the recording)."
    return None


def check(key: str, *, settings: Settings | None = None) -> None:
    """Decide on the upload at `key` and leave the answer at `KEY.json` for the API: the house WAV's key and its
    length, or why it is refused. A refused upload stores nothing."""
    settings = settings or get_settings()
    storage = get_storage(settings)
    if not storage.exists(key):
        return  # the API stopped waiting and removed it: nobody wants the answer
    answer: dict[str, object]
    try:
        with tempfile.TemporaryDirectory(prefix="bantin-voice-") as tmp:
            src, wav = Path(tmp) / "upload", Path(tmp) / "house.wav"
            src.write_bytes(storage.read_bytes(key))
            # One second over the limit is enough to know it is too long.
            ffmpeg.file_to_wav(src, wav, out_rate=settings.house_sample_rate, max_s=settings.voice_track_max_s + 1)
            pcm, rate = _pcm(wav)
            error = refusal(pcm, rate, max_s=settings.voice_track_max_s)
            if error:
                answer = {"error": error}
            else:
                audio_key = f"voice-tracks/{sha256_of(wav)}.wav"
                if not storage.exists(audio_key):
                    storage.put_file(audio_key, wav)
                answer = {"audio_key": audio_key, "duration_s": round(len(pcm) / 2 / rate, 3)}
    except ffmpeg.FfmpegError:
        answer = {"error": "Không đọc được tệp âm thanh này (the file is not audio ffmpeg can decode)."}
    storage.put_bytes(f"{key}.json", json.dumps(answer, ensure_ascii=False).encode("utf-8"))


def clip(audio_key: str, storage: Storage, *, sample_rate: int) -> str:
    """The reading as a render uses it: at the house rate, trimmed, levelled; cached by the source and rate."""
    digest = hashlib.sha256(f"v1\x1f{audio_key}\x1f{sample_rate}".encode()).hexdigest()
    key = f"cache/{ENGINE}/{digest[:2]}/{digest}.wav"
    if storage.exists(key):
        storage.touch(key)
        return key
    with tempfile.TemporaryDirectory(prefix="bantin-voice-") as tmp:
        raw = Path(tmp) / "raw.wav"
        ffmpeg.file_to_wav(storage.local_path(audio_key), raw, out_rate=sample_rate)
        pcm, rate = _pcm(raw)
        samples = samples_of(pcm)
        bounds = speech_bounds(samples, rate) or (0, len(samples))
        kept = np.ascontiguousarray(samples[bounds[0]:bounds[1]]).tobytes()
        out = Path(tmp) / "clip.wav"
        write_wav(out, with_gain(kept, levelling_gain_db(kept, rate)), rate)
        storage.put_file(key, out)
    return key
