"""Programme slots: read and change them, and build a slot now."""

from __future__ import annotations

import re

from fastapi import APIRouter, status
from pydantic import BaseModel, Field
from sqlalchemy import select

from service.api.deps import Editor, SessionDep, SettingsDep, Staff
from service.errors import Invalid, NotFound
from service.models import Commune, Slot, Station, utcnow
from service.queue import BUILD_SLOT, enqueue
from service.schedule import ensure_default_slots, slot_title

router = APIRouter(prefix="/api/v1/slots", tags=["schedule"])
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class SlotOut(BaseModel):
    id: str
    name: str
    title: str
    air_time: str
    lead_minutes: int
    max_minutes: int
    active: bool


class SlotPatch(BaseModel):
    title: str | None = Field(None, min_length=1, max_length=120)
    air_time: str | None = None
    lead_minutes: int | None = Field(None, ge=1, le=720)
    max_minutes: int | None = Field(None, ge=1, le=240)
    active: bool | None = None


def _out(slot: Slot) -> SlotOut:
    return SlotOut(id=slot.id, name=slot.name, title=slot_title(slot), air_time=slot.air_time,
                   lead_minutes=slot.lead_minutes,
                   max_minutes=slot.max_minutes, active=slot.active)


def _slot(session: SessionDep, slot_id: str, station_id: str) -> Slot:
    slot = session.get(Slot, slot_id)
    if slot is None or slot.station_id != station_id:
        raise NotFound(f"No slot {slot_id!r}.")
    return slot


@router.get("", response_model=list[SlotOut])
def list_slots(session: SessionDep, settings: SettingsDep, user: Staff) -> list[SlotOut]:
    station = session.get(Station, user.station_id)
    assert station is not None
    return [_out(s) for s in sorted(ensure_default_slots(session, station, settings), key=lambda s: s.air_time)]


@router.patch("/{slot_id}", response_model=SlotOut, responses={404: {}, 422: {}})
def update_slot(slot_id: str, patch: SlotPatch, session: SessionDep, user: Editor) -> SlotOut:
    slot = _slot(session, slot_id, user.station_id)
    if patch.air_time is not None:
        if not _TIME.match(patch.air_time):
            raise Invalid("Giờ phát dạng HH:MM, ví dụ 06:00 (air time as HH:MM).")
        slot.air_time = patch.air_time
    if patch.title is not None:
        if not patch.title.strip():
            raise Invalid("Tên bản tin không được để trống (the slot's name cannot be empty).")
        slot.title = patch.title.strip()
    for field in ("lead_minutes", "max_minutes", "active"):
        value = getattr(patch, field)
        if value is not None:
            setattr(slot, field, value)
    return _out(slot)


@router.post("/{slot_id}/build", status_code=status.HTTP_202_ACCEPTED, responses={404: {}})
def build_now(slot_id: str, session: SessionDep, settings: SettingsDep, user: Editor) -> dict[str, int]:
    """Build today's programme of this slot for every commune now (one that exists already is kept)."""
    from zoneinfo import ZoneInfo

    slot = _slot(session, slot_id, user.station_id)
    day = utcnow().astimezone(ZoneInfo(settings.timezone)).date().isoformat()
    communes = list(session.scalars(select(Commune).where(Commune.station_id == user.station_id)))
    session.commit()
    # One task for them all: communes given the same articles share one programme, built once.
    enqueue(BUILD_SLOT, user.station_id, slot.id, day, [c.id for c in communes])
    return {"queued": len(communes)}
