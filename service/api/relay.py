"""Delivery to commune relay stations: their programmes, resumable downloads, receipts; and what staff see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import FileResponse
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from service.api.delivery import audio_response
from service.api.deps import Admin, Relay, SessionDep, SettingsDep, Staff, authenticate
from service.auth import Forbidden, Unauthorized, new_token, user_for_token
from service.db import session_scope
from service.errors import NotFound
from service.metrics import count_download
from service.models import ApiToken, Broadcast, Commune, Programme, Receipt, Slot, User, utcnow
from service.schedule import broadcast_rows
from service.schemas import ErrorOut
from service.settings import Settings

router = APIRouter(prefix="/api/v1", tags=["relay"])


class RelayProgramme(BaseModel):
    id: str
    slot: str
    air_at: str
    duration_s: float
    size_bytes: int
    sha256: str
    url: str


class ReceiptIn(BaseModel):
    programme_id: str
    kind: str
    at: datetime | None = None


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


def _relay(user: User) -> str:
    if user.role != "relay" or not user.commune_id:
        raise Forbidden("Chỉ trạm tiếp sóng của xã dùng được địa chỉ này (relay tokens only).")
    return user.commune_id


def _slot_name(session: SessionDep, broadcast: Broadcast) -> str:
    slot = session.get(Slot, broadcast.slot_id) if broadcast.slot_id else None
    return slot.name if slot else "emergency"


def _out(session: SessionDep, broadcast: Broadcast) -> RelayProgramme:
    programme = session.get(Programme, broadcast.programme_id)
    assert programme is not None
    return RelayProgramme(id=broadcast.id, slot=_slot_name(session, broadcast), air_at=broadcast.air_at.isoformat(),
                          duration_s=programme.duration_s, size_bytes=programme.size_bytes, sha256=programme.sha256,
                          url=f"/api/v1/relay/programmes/{broadcast.id}/audio")


def _ready(session: SessionDep, commune_id: str, since: datetime | None = None) -> list[Broadcast]:
    stmt = select(Broadcast).where(Broadcast.commune_id == commune_id, Broadcast.state == "ready")
    if since is not None:
        stmt = stmt.where(Broadcast.air_at >= since)
    return list(session.scalars(stmt.order_by(Broadcast.air_at)))


@router.get("/relay/programmes", response_model=list[RelayProgramme], responses={403: {"model": ErrorOut}})
def relay_programmes(session: SessionDep, user: Relay, since: datetime | None = None) -> list[RelayProgramme]:
    """This commune's ready programmes (air time at or after `since`)."""
    return [_out(session, b) for b in _ready(session, _relay(user), since)]


@router.get("/relay/programmes/latest", response_model=RelayProgramme, responses={404: {"model": ErrorOut}})
def relay_latest(session: SessionDep, user: Relay) -> RelayProgramme:
    ready = _ready(session, _relay(user))
    if not ready:
        raise NotFound("Chưa có chương trình nào cho xã (no programme yet).")
    return _out(session, ready[-1])


@dataclass(frozen=True)
class _Audio:
    broadcast_id: str
    audio_key: str
    sha256: str


def _audio_of(session: Session, broadcast: Broadcast) -> _Audio:
    programme = session.get(Programme, broadcast.programme_id)
    assert programme is not None
    return _Audio(broadcast.id, programme.audio_key, programme.sha256)


@router.get("/relay/programmes/{broadcast_id}/audio", response_class=FileResponse,
            responses={200: {"content": {"audio/mpeg": {}}}, 206: {}, 304: {}, 404: {"model": ErrorOut}})
async def relay_audio(broadcast_id: str, request: Request, settings: SettingsDep) -> Response:
    """The MP3, resumable (Range), cacheable (ETag, If-None-Match), with its SHA-256 in X-Content-SHA256."""

    # Downloads come in bursts (every relay at the same minute). All database work is one trip to a worker
    # thread, so no request holds a connection while it waits for a thread (see service/db.py).
    def find() -> _Audio:
        with session_scope() as session:
            user = authenticate(request, session)
            broadcast = session.get(Broadcast, broadcast_id)
            commune = _relay(user) if user.role == "relay" else None
            if broadcast is None or broadcast.state != "ready" or (commune and broadcast.commune_id != commune) or (
                    user.role != "relay" and broadcast.station_id != user.station_id):
                raise NotFound(f"No programme {broadcast_id!r}.")
            return _audio_of(session, broadcast)

    return _send(await run_in_threadpool(find), request, settings)


def _send(audio: _Audio, request: Request, settings: Settings, route: str = "relay") -> Response:
    etag = f'"{audio.sha256}"'
    headers = {"ETag": etag, "X-Content-SHA256": audio.sha256, "Cache-Control": "private, max-age=86400"}
    wanted = [t.strip() for t in request.headers.get("if-none-match", "").split(",")]
    if etag in wanted or "*" in wanted:
        count_download(route, range_header=None, not_modified=True)
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    count_download(route, range_header=request.headers.get("range"))
    return audio_response(settings, audio.audio_key, filename=f"bantin-{audio.broadcast_id}.mp3", headers=headers)


@router.post("/relay/receipts", status_code=status.HTTP_201_CREATED, responses={403: {}, 404: {}, 422: {}})
def relay_receipt(body: ReceiptIn, session: SessionDep, user: Relay) -> dict[str, str]:
    """The relay downloaded, or played, a programme."""
    commune = _relay(user)
    broadcast = session.get(Broadcast, body.programme_id)
    if broadcast is None or broadcast.commune_id != commune:
        raise NotFound(f"No programme {body.programme_id!r}.")
    if body.kind not in ("downloaded", "played"):
        from service.errors import Invalid

        raise Invalid("kind phải là downloaded hoặc played (kind must be downloaded or played).")
    session.add(Receipt(broadcast_id=broadcast.id, commune_id=commune, kind=body.kind, at=body.at or utcnow()))
    return {"status": "recorded"}


@router.get("/broadcasts", response_model=list[BroadcastOut])
def broadcasts(session: SessionDep, user: Staff) -> list[BroadcastOut]:
    """Per commune and slot: built or not, what was deferred, fetched and played, and who is late."""
    return [BroadcastOut(**row) for row in broadcast_rows(session, user.station_id)]


# Feeds: relay boxes and players that only poll a URL. The per-relay secret in the path stands in for the
# bearer token; it can be rotated, and it opens nothing but this commune's feed and its programmes.


class FeedOut(BaseModel):
    secret: str
    rss: str
    m3u: str


def _feed_commune(session: Session, secret: str) -> str:
    try:
        user, _ = user_for_token(session, secret, kinds=("feed",))
    except Unauthorized as exc:
        raise NotFound("No such feed.") from exc
    if user.role != "relay" or not user.commune_id:
        raise NotFound("No such feed.")
    return user.commune_id


def _rotate(session: SessionDep, relay: User) -> FeedOut:
    for old in session.scalars(select(ApiToken).where(ApiToken.user_id == relay.id, ApiToken.kind == "feed")):
        session.delete(old)
    secret, _ = new_token(session, relay, kind="feed", name="feed")
    return FeedOut(secret=secret, rss=f"/api/v1/feeds/{secret}/podcast.rss", m3u=f"/api/v1/feeds/{secret}/playlist.m3u")


@router.post("/relay/feed-secret", status_code=status.HTTP_201_CREATED, response_model=FeedOut)
def rotate_own_feed(session: SessionDep, user: Relay) -> FeedOut:
    """A new feed secret for this relay; the old feed URLs stop working."""
    _relay(user)
    return _rotate(session, user)


@router.post("/relays/{relay_id}/feed-secret", status_code=status.HTTP_201_CREATED, response_model=FeedOut)
def rotate_feed(relay_id: str, session: SessionDep, user: Admin) -> FeedOut:
    relay = session.get(User, relay_id)
    if relay is None or relay.role != "relay" or relay.station_id != user.station_id:
        raise NotFound(f"No relay {relay_id!r}.")
    return _rotate(session, relay)


@router.get("/feeds/{secret}/podcast.rss", response_class=Response, responses={200: {"content": {
    "application/rss+xml": {}}}})
def podcast(secret: str, request: Request, session: SessionDep) -> Response:
    """RSS 2.0 with one enclosure per programme, for relay boxes and players that poll podcasts."""
    commune_id = _feed_commune(session, secret)
    commune = session.get(Commune, commune_id)
    base = str(request.base_url).rstrip("/")
    items = []
    for b in reversed(_ready(session, commune_id)[-50:]):
        programme = session.get(Programme, b.programme_id)
        assert programme is not None
        url = f"{base}/api/v1/feeds/{secret}/programmes/{b.id}.mp3"
        items.append(
            f"<item><title>{escape(_slot_name(session, b))} {b.air_date.isoformat()}</title>"
            f"<guid isPermaLink=\"false\">{b.id}</guid><pubDate>{format_datetime(_utc(b.air_at))}</pubDate>"
            f"<enclosure url=\"{escape(url)}\" length=\"{programme.size_bytes}\" type=\"audio/mpeg\"/>"
            f"<itunes:duration>{int(programme.duration_s)}</itunes:duration></item>")
    title = escape(f"bantin – {commune.name if commune else ''}")
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
            f"<title>{title}</title><link>{escape(base)}/</link><language>vi</language>"
            f"<description>{title}</description>{''.join(items)}</channel></rss>")
    return Response(body, media_type="application/rss+xml; charset=utf-8")


@router.get("/feeds/{secret}/playlist.m3u", response_class=Response, responses={200: {"content": {
    "audio/x-mpegurl": {}}}})
def playlist(secret: str, request: Request, session: SessionDep) -> Response:
    commune_id = _feed_commune(session, secret)
    base = str(request.base_url).rstrip("/")
    lines = ["#EXTM3U"]
    for b in _ready(session, commune_id)[-50:]:
        programme = session.get(Programme, b.programme_id)
        assert programme is not None
        lines.append(f"#EXTINF:{int(programme.duration_s)},{_slot_name(session, b)} {b.air_date.isoformat()}")
        lines.append(f"{base}/api/v1/feeds/{secret}/programmes/{b.id}.mp3")
    return Response("\n".join(lines) + "\n", media_type="audio/x-mpegurl; charset=utf-8")


@router.get("/feeds/{secret}/programmes/{broadcast_id}.mp3", response_class=FileResponse)
async def feed_audio(secret: str, broadcast_id: str, request: Request, settings: SettingsDep) -> Response:
    def find() -> _Audio:
        with session_scope() as session:
            commune_id = _feed_commune(session, secret)
            broadcast = session.get(Broadcast, broadcast_id)
            if broadcast is None or broadcast.state != "ready" or broadcast.commune_id != commune_id:
                raise NotFound(f"No programme {broadcast_id!r}.")
            return _audio_of(session, broadcast)

    return _send(await run_in_threadpool(find), request, settings, route="feed")


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
