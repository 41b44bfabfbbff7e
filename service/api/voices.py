"""The voices a station pays for or installs: characters used this month per paid cloud voice against its cap, the
station's own keys, and piper voices installed from the page."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from service import credentials, voice_models, voice_usage
from service.api.deps import Admin, SessionDep, SettingsDep, Staff
from service.api.uploads import read_capped
from service.errors import Invalid
from service.schemas import ErrorOut
from service.storage import get_storage

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


class PiperVoiceOut(BaseModel):
    name: str
    check_seconds: float | None = None  # how long the check sentence lasted in the new voice


_MODEL_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["model", "config"],
    "properties": {"model": {"type": "string", "format": "binary", "description": "NAME.onnx"},
                   "config": {"type": "string", "format": "binary", "description": "NAME.onnx.json"},
                   "name": {"type": "string", "description": "the voice's name (default: the model file's name)"},
                   "replace": {"type": "boolean", "description": "replace an installed voice of that name"}}}}}}}


@router.get("/voices/piper", response_model=list[PiperVoiceOut])
def read_piper_voices(settings: SettingsDep, user: Staff) -> list[PiperVoiceOut]:
    """The piper voices installed through the page or the API (name them in a voice set to use them)."""
    return [PiperVoiceOut(name=name) for name in voice_models.installed(get_storage(settings))]


@router.post("/voices/piper", response_model=PiperVoiceOut, status_code=status.HTTP_201_CREATED,
             openapi_extra=_MODEL_BODY, responses={413: {"model": ErrorOut}, 422: {"model": ErrorOut},
                                                  503: {"model": ErrorOut}})
async def add_piper_voice(request: Request, settings: SettingsDep, user: Admin) -> PiperVoiceOut | JSONResponse:
    """Install a piper voice (fields `model`: NAME.onnx and `config`: NAME.onnx.json, as piper's voices are
    published). A worker loads it with piper and speaks a Vietnamese sentence with it first: 422 with the reason
    when it cannot, and nothing is installed; every worker host then copies it from storage."""
    request._body = await read_capped(request, settings.max_voice_model_bytes + 1_000_000)
    form = await request.form()
    model, config = form.get("model"), form.get("config")
    if not isinstance(model, UploadFile) or not isinstance(config, UploadFile):
        raise Invalid("Cần cả hai tệp của giọng piper: TÊN.onnx (trường 'model') và TÊN.onnx.json (trường 'config') "
                      "(send the voice as form fields 'model' and 'config').")
    name = voice_models.name_for(str(form.get("name") or ""), model.filename)
    replace = str(form.get("replace") or "").lower() in ("1", "true", "on", "yes")
    model_bytes, config_bytes = await model.read(), await config.read()

    def install() -> PiperVoiceOut | JSONResponse:  # storage and the wait for the worker: blocking
        try:
            done = voice_models.submit(get_storage(settings), model_bytes, config_bytes, name=name, replace=replace,
                                       wait_s=settings.voice_model_wait_s)
        except voice_models.StillChecking as exc:
            return JSONResponse({"detail": str(exc)}, status_code=503, headers={"Retry-After": "30"})
        return PiperVoiceOut(name=done.name, check_seconds=done.seconds)

    return await run_in_threadpool(install)
