"""The station's paid cloud voices: characters used this month per engine against its cap, and its own keys."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, Field

from service import credentials, voice_usage
from service.api.deps import Admin, SessionDep, SettingsDep, Staff

router = APIRouter(prefix="/api/v1", tags=["voices"])


class VoiceUseOut(BaseModel):
    engine: str
    month: str  # YYYY-MM, the station's local month
    chars: int  # characters sent to the provider: what it bills
    cap: int | None  # the month's cap (BANTIN_CLOUD_MONTHLY_CAPS); at it the chain falls back


@router.get("/station/voice-usage", response_model=list[VoiceUseOut])
def read_voice_usage(settings: SettingsDep, user: Staff) -> list[VoiceUseOut]:
    """This month's characters billed per paid cloud voice, for the caller's station."""
    return [VoiceUseOut.model_validate(row) for row in voice_usage.month_use(settings, user.station_id)]


class CredentialIn(BaseModel):
    secret: str = Field(min_length=1, max_length=2000, repr=False)  # repr=False: never in a log or traceback


class CredentialOut(BaseModel):
    engine: str
    updated_at: datetime  # when it was set; the key itself is never returned


@router.get("/station/voice-credentials", response_model=list[CredentialOut])
def read_credentials(session: SessionDep, user: Admin) -> list[CredentialOut]:
    """Which paid cloud voices the station has its own key for (never the keys)."""
    return [CredentialOut(engine=engine, updated_at=at) for engine, at in credentials.listed(session, user.station_id)]


@router.put("/station/voice-credentials/{engine}", response_model=CredentialOut, responses={422: {}})
def set_credential(engine: str, body: CredentialIn, session: SessionDep, settings: SettingsDep,
                   user: Admin) -> CredentialOut:
    """Set the station's own key for a paid cloud voice; it is stored encrypted and used from the next piece."""
    row = credentials.put(session, settings, user.station_id, engine, body.secret)
    return CredentialOut(engine=row.engine, updated_at=row.updated_at)


@router.delete("/station/voice-credentials/{engine}", status_code=status.HTTP_204_NO_CONTENT)
def delete_credential(engine: str, session: SessionDep, user: Admin) -> Response:
    """Forget the station's own key (if it had one); the installation's key, if any, is used again."""
    credentials.remove(session, user.station_id, engine)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
