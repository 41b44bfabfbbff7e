"""Finished programmes: their figures and their audio."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from service import articles
from service.api.deps import CurrentUser, SessionDep, SettingsDep, Staff
from service.metrics import count_download
from service.schemas import ErrorOut, ProgrammeOut
from service.storage import get_storage

router = APIRouter(prefix="/api/v1/programmes", tags=["programmes"])


@router.get("/{programme_id}", response_model=ProgrammeOut, responses={404: {"model": ErrorOut}})
def read_programme(programme_id: str, session: SessionDep, user: Staff) -> ProgrammeOut:
    return articles.programme_out(articles.programme_for(session, programme_id, user))


@router.get("/{programme_id}/sidecar", responses={404: {"model": ErrorOut}})
def programme_sidecar(programme_id: str, session: SessionDep, user: CurrentUser) -> dict[str, object]:
    """Where each part starts, who speaks it and which engine spoke it; and the MP3's sha256."""
    return dict(articles.programme_for(session, programme_id, user).sidecar)


@router.get("/{programme_id}/audio", response_class=FileResponse,
            responses={200: {"content": {"audio/mpeg": {}}}, 404: {"model": ErrorOut}})
def programme_audio(programme_id: str, session: SessionDep, settings: SettingsDep, user: CurrentUser) -> FileResponse:
    programme = articles.programme_for(session, programme_id, user)
    path = get_storage(settings).local_path(programme.audio_key)
    count_download("staff", range_header=None)
    return FileResponse(path, media_type="audio/mpeg", filename=f"bantin-{programme.id}.mp3",
                        headers={"X-Content-SHA256": programme.sha256})
