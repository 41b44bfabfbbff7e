"""Finished programmes: their figures and their audio."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

from service import articles, relay
from service.api.delivery import audio_response
from service.api.deps import CurrentUser, SessionDep, SettingsDep, Staff
from service.metrics import count_download
from service.schemas import ErrorOut, ProgrammeOut

router = APIRouter(prefix="/api/v1/programmes", tags=["programmes"])


@router.get("/{programme_id}", response_model=ProgrammeOut, responses={404: {"model": ErrorOut}})
def read_programme(programme_id: str, session: SessionDep, user: Staff) -> ProgrammeOut:
    return articles.programme_out(relay.programme_for(session, programme_id, user))


@router.get("/{programme_id}/sidecar", responses={404: {"model": ErrorOut}})
def programme_sidecar(programme_id: str, session: SessionDep, user: CurrentUser) -> dict[str, object]:
    """Where each part starts, who speaks it and which engine spoke it; and the MP3's sha256."""
    return dict(relay.programme_for(session, programme_id, user).sidecar)


@router.get("/{programme_id}/audio", response_class=FileResponse,
            responses={200: {"content": {"audio/mpeg": {}}}, 404: {"model": ErrorOut}})
def programme_audio(programme_id: str, session: SessionDep, settings: SettingsDep, user: CurrentUser) -> Response:
    programme = relay.programme_for(session, programme_id, user)
    count_download("staff", range_header=None)
    return audio_response(settings, programme.audio_key, filename=f"bantin-{programme.id}.mp3",
                          headers={"X-Content-SHA256": programme.sha256})
