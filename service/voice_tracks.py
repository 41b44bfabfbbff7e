"""Voice tracks: staff's own readings of script parts. One per part, keyed by the part's index and the SHA-256 of
its text: a render uses it instead of a synthetic voice while the part still says what was read, and the page and
the API flag it as no longer matching once the text changes.

An upload is checked by a worker (the API never runs ffmpeg): the API leaves the file under `voice-tracks/incoming/`,
sends PREPARE_VOICE_TRACK, and waits for the worker's answer `KEY.json` (the decoded WAV's key and length, or why it
is refused), as "listen to one line" does. Only a checked reading gets a row; the incoming file is always removed.
What a request could not clean up itself (a worker's answer after the API stopped waiting, a checked reading whose
part was refused, a take replaced or deleted) is removed by the hourly sweep once nothing refers to it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import worker_answer
from service.errors import Invalid, NotFound
from service.models import Article, User, VoiceTrack, new_id
from service.queue import PREPARE_VOICE_TRACK, enqueue
from service.schemas import Script
from service.storage import Storage, delete_stale

INCOMING = "voice-tracks/incoming/"
# Older than this, a file no row names is no upload in flight and no render's take: an upload waits seconds
# (BANTIN_VOICE_TRACK_WAIT_S) and a render holds the key it planned with for minutes.
ORPHAN_AFTER_S = 3600.0


StillChecking = worker_answer.StillChecking


@dataclass(frozen=True)
class Checked:
    audio_key: str
    duration_s: float


def text_hash(text: str) -> str:
    """What a reading is tied to: the part's written text, as staff read it aloud (not the spoken form, which a new
    lexicon entry may change while the words read stay the same)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def part_text(script: Script, index: int) -> str:
    if not 0 <= index < len(script.segments):
        raise NotFound("Không có phần này trong kịch bản (no such part).")
    return script.segments[index].text


def tracks_of(session: Session, article_id: str) -> list[VoiceTrack]:
    return list(session.scalars(select(VoiceTrack).where(VoiceTrack.article_id == article_id)
                                .order_by(VoiceTrack.idx)))


def get_track(session: Session, article_id: str, index: int) -> VoiceTrack:
    track = session.scalar(select(VoiceTrack).where(VoiceTrack.article_id == article_id, VoiceTrack.idx == index))
    if track is None:
        raise NotFound("Phần này chưa có bản ghi (this part has no voice track).")
    return track


def matches(track: VoiceTrack, script: Script) -> bool:
    """True while the part at the track's index says what was read."""
    return 0 <= track.idx < len(script.segments) and track.text_sha256 == text_hash(script.segments[track.idx].text)


def matching(session: Session, article_id: str, script: Script) -> dict[int, str]:
    """Part index -> the WAV of its voice track, for the parts whose text is still the text that was read."""
    return {t.idx: t.audio_key for t in tracks_of(session, article_id) if matches(t, script)}


def check_upload(storage: Storage, data: bytes, *, wait_s: float) -> Checked:
    """Hand the uploaded bytes to a worker and wait for its verdict; raises Invalid (422) when it is refused."""
    if not data:
        raise Invalid("Tệp ghi âm trống (the audio file is empty).")
    key = INCOMING + new_id()
    storage.put_bytes(key, data)
    enqueue(PREPARE_VOICE_TRACK, key)
    answer = worker_answer.wait(storage, f"{key}.json", wait_s=wait_s, uploads=[key], still=StillChecking(
        "Chưa kiểm tra xong bản ghi, xin gửi lại (no worker checked the audio in time)."))
    if answer.get("error"):
        raise Invalid(str(answer["error"]))
    return Checked(str(answer["audio_key"]), float(answer["duration_s"]))


def save(session: Session, article: Article, index: int, checked: Checked, user: User, script: Script) -> VoiceTrack:
    """The part's voice track, replacing an earlier take."""
    track = session.scalar(select(VoiceTrack).where(VoiceTrack.article_id == article.id, VoiceTrack.idx == index))
    if track is None:
        track = VoiceTrack(article_id=article.id, idx=index)
        session.add(track)
    track.text_sha256 = text_hash(part_text(script, index))
    track.audio_key, track.duration_s = checked.audio_key, checked.duration_s
    track.user_id, track.username = user.id, user.username
    session.flush()
    return track


def sweep(session: Session, storage: Storage, *, now: float | None = None) -> int:
    """Delete voice-track files that no part's take names and that are older than ORPHAN_AFTER_S; how many.
    Takes are named by content, so a file two parts share stays while either names it."""
    named = set(session.scalars(select(VoiceTrack.audio_key)))
    return delete_stale(storage, "voice-tracks/", older_than_s=ORPHAN_AFTER_S, keep=named, now=now)
