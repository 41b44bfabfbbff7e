"""Check and convert a station's uploaded jingle: decodable, within its length limits, house format."""

from __future__ import annotations

import tempfile
from pathlib import Path

from service.db import session_scope
from service.settings import Settings, get_settings
from service.station_templates import LIMITS_S, get_file
from service.storage import get_storage
from workers.audio import ffmpeg


def prepare(file_id: str, *, settings: Settings | None = None) -> str:
    """ready or rejected, with the reason recorded on the file."""
    settings = settings or get_settings()
    storage = get_storage(settings)
    with session_scope() as session:
        record = get_file(session, file_id)
        if record.state != "pending":
            return record.state
        upload, kind, name = storage.local_path(record.upload_key), record.kind, record.template
    low, high = LIMITS_S[kind]
    error, duration, audio_key = None, None, None
    try:
        info = ffmpeg.info(upload)
        duration = info.duration_s
        if not low <= duration <= high:
            error = f"Tệp {kind} phải dài từ {low:g} đến {high:g} giây; tệp này dài {duration:.1f} giây."
        else:
            with tempfile.TemporaryDirectory() as tmp:
                wav = Path(tmp) / "house.wav"
                ffmpeg.file_to_wav(upload, wav, out_rate=settings.house_sample_rate)
                audio_key = f"templates/{name}/{kind}-{file_id}.wav"
                storage.put_file(audio_key, wav)
    except ffmpeg.FfmpegError:
        error = "Không đọc được tệp âm thanh này (the file is not audio ffmpeg can decode)."
    with session_scope() as session:
        record = get_file(session, file_id)
        record.duration_s, record.audio_key = duration, audio_key
        record.state, record.error = ("rejected", error) if error else ("ready", None)
        storage.delete(record.upload_key)
        return record.state
