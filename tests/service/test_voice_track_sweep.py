"""The hourly sweep of voice-track files: what no take names is removed once it is old enough to be no upload in
flight; a take's file stays, and so does a file a take shares with another part (takes are named by content)."""

from __future__ import annotations

import os
import time

from service.storage import LocalStorage, get_storage


def test_the_sweep_removes_old_files_no_take_names(settings_env: dict[str, str]) -> None:
    from service import articles, voice_tracks
    from service.db import session_scope
    from service.lexicon import station_speaker
    from service.models import VoiceTrack

    storage = get_storage()
    assert isinstance(storage, LocalStorage)
    with session_scope() as session:
        article = articles.create_article(session, text="Thông báo\n\nSáng mai tiêm phòng cho gia súc.",
                                          title=None, speak=station_speaker(session, None))
        for idx in (0, 1):  # the same reading for two parts: one file
            session.add(VoiceTrack(article_id=article.id, idx=idx, text_sha256="0" * 64,
                                   audio_key="voice-tracks/taken.wav", duration_s=2.0))
    long_ago = time.time() - voice_tracks.ORPHAN_AFTER_S - 60
    old = {
        "voice-tracks/taken.wav": True,  # a take names it
        "voice-tracks/refused-part.wav": False,  # checked, but the part was refused (409): no row
        "voice-tracks/incoming/late": False,  # the API stopped waiting (503) ...
        "voice-tracks/incoming/late.json": False,  # ... and the worker's answer came after
    }
    for key in old:
        storage.put_bytes(key, b"RIFF")
        os.utime(storage.path(key), (long_ago, long_ago))
    storage.put_bytes("voice-tracks/incoming/in-flight", b"RIFF")  # an upload being checked now
    storage.put_bytes("voice-tracks/just-checked.wav", b"RIFF")  # its row is about to be written

    with session_scope() as session:
        assert voice_tracks.sweep(session, storage) == 3
    kept = sorted(key for key, _ in storage.listing("voice-tracks/"))
    assert kept == ["voice-tracks/incoming/in-flight", "voice-tracks/just-checked.wav", "voice-tracks/taken.wav"]

    with session_scope() as session:  # the take deleted: its file goes at the next sweep
        session.query(VoiceTrack).delete()
    with session_scope() as session:
        assert voice_tracks.sweep(session, storage) == 1
    assert not storage.exists("voice-tracks/taken.wav")
