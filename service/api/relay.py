"""Delivery to commune relay stations: their programmes, resumable downloads, receipts; and what staff see."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import FileResponse
from pydantic import BaseModel
from sqlalchemy import select

from service.api.deps import CurrentUser, SessionDep, SettingsDep, Staff
from service.auth import Forbidden
from service.errors import NotFound
from service.models import Broadcast, Commune, Programme, Receipt, Slot, User, utcnow
from service.schemas import ErrorOut
from service.storage import get_storage

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
def relay_programmes(session: SessionDep, user: CurrentUser, since: datetime | None = None) -> list[RelayProgramme]:
    """This commune's ready programmes (air time at or after `since`)."""
    return [_out(session, b) for b in _ready(session, _relay(user), since)]


@router.get("/relay/programmes/latest", response_model=RelayProgramme, responses={404: {"model": ErrorOut}})
def relay_latest(session: SessionDep, user: CurrentUser) -> RelayProgramme:
    ready = _ready(session, _relay(user))
    if not ready:
        raise NotFound("Chưa có chương trình nào cho xã (no programme yet).")
    return _out(session, ready[-1])


@router.get("/relay/programmes/{broadcast_id}/audio", response_class=FileResponse,
            responses={200: {"content": {"audio/mpeg": {}}}, 206: {}, 304: {}, 404: {"model": ErrorOut}})
def relay_audio(broadcast_id: str, request: Request, session: SessionDep, settings: SettingsDep,
                user: CurrentUser) -> Response:
    """The MP3, resumable (Range), cacheable (ETag, If-None-Match), with its SHA-256 in X-Content-SHA256."""
    broadcast = session.get(Broadcast, broadcast_id)
    commune = _relay(user) if user.role == "relay" else None
    if broadcast is None or broadcast.state != "ready" or (commune and broadcast.commune_id != commune) or (
            user.role != "relay" and broadcast.station_id != user.station_id):
        raise NotFound(f"No programme {broadcast_id!r}.")
    programme = session.get(Programme, broadcast.programme_id)
    assert programme is not None
    etag = f'"{programme.sha256}"'
    headers = {"ETag": etag, "X-Content-SHA256": programme.sha256, "Cache-Control": "private, max-age=86400"}
    wanted = [t.strip() for t in request.headers.get("if-none-match", "").split(",")]
    if etag in wanted or "*" in wanted:
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    path = get_storage(settings).path(programme.audio_key)
    return FileResponse(path, media_type="audio/mpeg", headers=headers, filename=f"bantin-{broadcast.id}.mp3")


@router.post("/relay/receipts", status_code=status.HTTP_201_CREATED, responses={403: {}, 404: {}, 422: {}})
def relay_receipt(body: ReceiptIn, session: SessionDep, user: CurrentUser) -> dict[str, str]:
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
    now = utcnow()
    rows = session.scalars(select(Broadcast).where(Broadcast.station_id == user.station_id)
                           .order_by(Broadcast.air_at.desc()).limit(300))
    out = []
    for b in rows:
        kinds = {r.kind for r in session.scalars(select(Receipt).where(Receipt.broadcast_id == b.id))}
        commune = session.get(Commune, b.commune_id)
        air = b.air_at if b.air_at.tzinfo else b.air_at.replace(tzinfo=now.tzinfo)
        out.append(BroadcastOut(id=b.id, commune=commune.name if commune else "", slot=_slot_name(session, b),
                                air_at=b.air_at.isoformat(), state=b.state, articles=len(b.article_ids),
                                deferred=len(b.deferred_ids), downloaded="downloaded" in kinds,
                                played="played" in kinds,
                                late=b.state == "ready" and air <= now and "downloaded" not in kinds, error=b.error))
    return out
