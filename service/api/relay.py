"""Delivery to commune relay stations: their programmes, resumable downloads, receipts; and what staff see."""

from __future__ import annotations

import json
from datetime import datetime

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from service import relay, robot_voice
from service.api.delivery import audio_response
from service.api.deps import Admin, Approver, Relay, SessionDep, SettingsDep, Staff, authenticate
from service.db import session_scope
from service.errors import NotFound
from service.metrics import count_download
from service.models import Broadcast, Receipt, User, utcnow
from service.schedule import broadcast_rows
from service.schemas import ErrorOut
from service.settings import Settings

router = APIRouter(prefix="/api/v1", tags=["relay"])


class RelayProgramme(BaseModel):
    id: str
    slot: str
    title: str
    air_at: str
    duration_s: float
    size_bytes: int
    sha256: str
    url: str
    emergency: bool


class ReceiptIn(BaseModel):
    programme_id: str
    kind: str
    at: datetime | None = None
    key: str | None = Field(default=None, min_length=8, max_length=64)  # the same key twice: recorded once


class RobotPartOut(BaseModel):
    part: int
    start_s: float
    role: str
    speaker: str | None
    engine: str
    text: str
    reason: str


class BroadcastOut(BaseModel):
    id: str
    commune: str
    slot: str
    air_at: str
    state: str
    articles: int
    deferred: int
    downloaded: bool
    played: bool
    late: bool
    error: str | None
    voice_upgraded: bool = False
    robot_parts: list[RobotPartOut] = Field(default_factory=list, description=(
        "parts only espeak-ng could speak: where each starts, who speaks, and why the better engines failed"))
    held: bool = Field(False, description="the station holds robot-voice programmes: relays do not see this one "
                                          "until staff release it or the voice upgrade replaces those parts")
    released_by: str | None = None
    released_at: str | None = None


def _out(session: Session, broadcast: Broadcast) -> RelayProgramme:
    recording = relay.recording_of(session, broadcast)
    return RelayProgramme(id=broadcast.id, slot=relay.slot_name(session, broadcast),
                          title=relay.episode_title(session, broadcast),
                          air_at=broadcast.air_at.isoformat(), duration_s=recording.duration_s,
                          size_bytes=recording.size_bytes, sha256=recording.sha256,
                          url=f"/api/v1/relay/programmes/{broadcast.id}/audio",
                          emergency=broadcast.emergency_article_id is not None)


@router.get("/relay/programmes", response_model=list[RelayProgramme],
            responses={304: {"description": "nothing changed since the ETag sent"}, 403: {"model": ErrorOut}})
async def relay_programmes(request: Request, since: datetime | None = None) -> Response:
    """This commune's ready programmes (air time at or after `since`), emergency bulletins flagged; with the
    listing's `ETag` in `If-None-Match`, 304 and no body when nothing changed (what a box polls every minute)."""
    wanted = [t.strip() for t in request.headers.get("if-none-match", "").split(",")]

    # Every box polls this at the same minute: all database work is one trip to a worker thread, as for the
    # audio, so a burst never holds connections while it waits for threads (see service/db.py).
    def find() -> tuple[str, bytes | None]:
        with session_scope() as session:
            commune = relay.relay_commune(authenticate(request, session))
            etag = relay.listing_etag(session, commune, since)
            if etag in wanted:
                return etag, None
            rows = [_out(session, b).model_dump() for b in relay.ready(session, commune, since)]
            return etag, json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()

    etag, body = await run_in_threadpool(find)
    if body is None:
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
    return Response(body, media_type="application/json", headers={"ETag": etag})


@router.get("/relay/programmes/latest", response_model=RelayProgramme, responses={404: {"model": ErrorOut}})
def relay_latest(session: SessionDep, user: Relay) -> RelayProgramme:
    ready = relay.ready(session, relay.relay_commune(user))
    if not ready:
        raise NotFound("Chưa có chương trình nào cho xã (no programme yet).")
    return _out(session, ready[-1])


@router.get("/relay/programmes/{broadcast_id}/audio", response_class=FileResponse,
            responses={200: {"content": {"audio/mpeg": {}}}, 206: {}, 304: {}, 404: {"model": ErrorOut}})
async def relay_audio(broadcast_id: str, request: Request, settings: SettingsDep) -> Response:
    """The MP3, resumable (Range), cacheable (ETag, If-None-Match), with its SHA-256 in X-Content-SHA256."""

    # Downloads come in bursts (every relay at the same minute). All database work is one trip to a worker
    # thread, so no request holds a connection while it waits for a thread (see service/db.py).
    def find() -> relay.Delivered:
        with session_scope() as session:
            return relay.broadcast_for(session, authenticate(request, session), broadcast_id)

    return _send(await run_in_threadpool(find), request, settings)


def _send(audio: relay.Delivered, request: Request, settings: Settings, route: str = "relay") -> Response:
    etag = f'"{audio.sha256}"'
    headers = {"ETag": etag, "X-Content-SHA256": audio.sha256, "Cache-Control": "private, max-age=86400"}
    wanted = [t.strip() for t in request.headers.get("if-none-match", "").split(",")]
    if etag in wanted or "*" in wanted:
        count_download(route, range_header=None, not_modified=True)
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    count_download(route, range_header=request.headers.get("range"))
    return audio_response(settings, audio.audio_key, filename=f"bantin-{audio.broadcast_id}.mp3", headers=headers)


@router.post("/relay/receipts", status_code=status.HTTP_201_CREATED, responses={200: {}, 403: {}, 404: {}, 422: {}})
def relay_receipt(body: ReceiptIn, response: Response, session: SessionDep, user: Relay) -> dict[str, str]:
    """The relay downloaded, or played, a programme; a receipt sent again with the same `key` is recorded once
    (200 instead of 201)."""
    commune = relay.relay_commune(user)
    broadcast = session.get(Broadcast, body.programme_id)
    if broadcast is None or broadcast.commune_id != commune:
        raise NotFound(f"No programme {body.programme_id!r}.")
    if body.kind not in ("downloaded", "played"):
        from service.errors import Invalid

        raise Invalid("kind phải là downloaded hoặc played (kind must be downloaded or played).")
    if body.key is not None and relay.receipt_seen(session, commune, body.key):
        response.status_code = status.HTTP_200_OK
        return {"status": "already recorded"}
    try:
        with session.begin_nested():  # two copies at once: the unique key lets one in
            session.add(Receipt(broadcast_id=broadcast.id, commune_id=commune, kind=body.kind,
                                at=body.at or utcnow(), key=body.key))
    except IntegrityError:
        response.status_code = status.HTTP_200_OK
        return {"status": "already recorded"}
    return {"status": "recorded"}


@router.get("/broadcasts", response_model=list[BroadcastOut])
def broadcasts(session: SessionDep, user: Staff) -> list[BroadcastOut]:
    """Per commune and slot: built or not, what was deferred, fetched and played, who is late, and which parts
    only the robot voice could speak (held: relays do not see it yet)."""
    return [BroadcastOut(**row) for row in broadcast_rows(session, user.station_id)]


@router.post("/broadcasts/{broadcast_id}/release", response_model=BroadcastOut,
             responses={404: {"model": ErrorOut}, 409: {"model": ErrorOut}})
def release_broadcast(broadcast_id: str, session: SessionDep, user: Approver) -> BroadcastOut:
    """"Phát dù giọng máy": publish a programme held for its robot-voice parts; relays list it from now on,
    and each of its articles' audit trails says who released it."""
    broadcast = session.get(Broadcast, broadcast_id)
    if broadcast is None or broadcast.station_id != user.station_id:
        raise NotFound(f"No programme {broadcast_id!r}.")
    robot_voice.release(session, broadcast, user)
    session.flush()
    return next(BroadcastOut(**row) for row in broadcast_rows(session, user.station_id) if row["id"] == broadcast_id)


# Feeds: relay boxes and players that only poll a URL. The per-relay secret in the path stands in for the
# bearer token; it can be rotated, and it opens nothing but this commune's feed and its programmes.


class FeedOut(BaseModel):
    secret: str
    rss: str
    m3u: str


def _rotate(session: Session, relay_user: User) -> FeedOut:
    secret = relay.rotate_feed_secret(session, relay_user)
    return FeedOut(secret=secret, rss=f"/api/v1/feeds/{secret}/podcast.rss", m3u=f"/api/v1/feeds/{secret}/playlist.m3u")


@router.post("/relay/feed-secret", status_code=status.HTTP_201_CREATED, response_model=FeedOut)
def rotate_own_feed(session: SessionDep, user: Relay) -> FeedOut:
    """A new feed secret for this relay; the old feed URLs stop working."""
    relay.relay_commune(user)
    return _rotate(session, user)


@router.post("/relays/{relay_id}/feed-secret", status_code=status.HTTP_201_CREATED, response_model=FeedOut)
def rotate_feed(relay_id: str, session: SessionDep, user: Admin) -> FeedOut:
    account = session.get(User, relay_id)
    if account is None or account.role != "relay" or account.station_id != user.station_id:
        raise NotFound(f"No relay {relay_id!r}.")
    return _rotate(session, account)


@router.get("/feeds/{secret}/podcast.rss", response_class=Response, responses={200: {"content": {
    "application/rss+xml": {}}}})
def podcast(secret: str, request: Request, session: SessionDep) -> Response:
    """RSS 2.0 with one enclosure per programme, for relay boxes and players that poll podcasts."""
    base = str(request.base_url).rstrip("/")
    body = relay.podcast_rss(session, relay.feed_commune(session, secret), base=base, secret=secret)
    return Response(body, media_type="application/rss+xml; charset=utf-8")


@router.get("/feeds/{secret}/playlist.m3u", response_class=Response, responses={200: {"content": {
    "audio/x-mpegurl": {}}}})
def playlist(secret: str, request: Request, session: SessionDep) -> Response:
    base = str(request.base_url).rstrip("/")
    body = relay.playlist_m3u(session, relay.feed_commune(session, secret), base=base, secret=secret)
    return Response(body, media_type="audio/x-mpegurl; charset=utf-8")


@router.get("/feeds/{secret}/programmes/{broadcast_id}.chapters.json")
def feed_chapters(secret: str, broadcast_id: str, session: SessionDep) -> dict[str, object]:
    """The programme's chapters (one per article) in the Podcasting 2.0 JSON chapters format."""
    delivered = relay.broadcast_in_feed(session, secret, broadcast_id)
    broadcast = session.get(Broadcast, delivered.broadcast_id)
    assert broadcast is not None
    return relay.chapters_json(relay.recording_of(session, broadcast))


@router.get("/feeds/{secret}/programmes/{broadcast_id}.mp3", response_class=FileResponse)
async def feed_audio(secret: str, broadcast_id: str, request: Request, settings: SettingsDep) -> Response:
    def find() -> relay.Delivered:
        with session_scope() as session:
            return relay.broadcast_in_feed(session, secret, broadcast_id)

    return _send(await run_in_threadpool(find), request, settings, route="feed")
