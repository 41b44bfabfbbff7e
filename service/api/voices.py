"""The station's paid cloud voices: characters used this month per engine, against its cap."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from service import voice_usage
from service.api.deps import SettingsDep, Staff

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
