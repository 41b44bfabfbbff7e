"""Programme templates: stations upload their own jingles, stinger and music bed."""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from service import station_templates as templates
from service.api.deps import Editor, SessionDep, SettingsDep, Staff
from service.api.uploads import read_capped
from service.errors import Invalid, NotFound
from service.models import TemplateFile
from service.queue import PREPARE_TEMPLATE_FILE, enqueue
from service.schemas import ErrorOut
from service.storage import get_storage

router = APIRouter(prefix="/api/v1/templates", tags=["templates"])


class TemplateFileOut(BaseModel):
    id: str
    template: str
    kind: str
    state: str
    error: str | None
    duration_s: float | None
    filename: str | None


def _out(row: TemplateFile) -> TemplateFileOut:
    return TemplateFileOut(id=row.id, template=row.template, kind=row.kind, state=row.state, error=row.error,
                           duration_s=row.duration_s, filename=row.filename)


@router.get("", response_model=dict[str, list[TemplateFileOut]])
def list_templates(session: SessionDep, user: Staff) -> dict[str, list[TemplateFileOut]]:
    """Every template and its uploaded files ("house" is the one shipped with bantin)."""
    return {name: [_out(r) for r in rows] for name, rows in templates.list_templates(session, user.station_id).items()}


@router.post("/{name}/{kind}", status_code=status.HTTP_202_ACCEPTED, response_model=TemplateFileOut,
             responses={413: {"model": ErrorOut}, 422: {"model": ErrorOut}},
             openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                 "type": "object", "properties": {"file": {"type": "string", "format": "binary"}},
                 "required": ["file"]}}}}})
async def upload_file(name: str, kind: str, request: Request, session: SessionDep,
                      settings: SettingsDep, user: Editor) -> TemplateFileOut:
    """Upload an intro, outro, stinger or bed; a worker checks it (decodable, length) and converts it."""
    templates.check_name(name, kind)
    await run_in_threadpool(templates.check_owner, session, name, user.station_id)
    request._body = await read_capped(request, settings.max_upload_bytes + 64_000)
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise Invalid("Thiếu tệp âm thanh (send the audio in a form field named 'file').")
    data, filename = await upload.read(), upload.filename

    def store() -> TemplateFileOut:  # storage and database: blocking, so off the event loop
        record = templates.upload(session, get_storage(settings), name=name, kind=kind, data=data,
                                  filename=filename, station_id=user.station_id)
        session.commit()
        enqueue(PREPARE_TEMPLATE_FILE, record.id)
        return _out(record)

    return await run_in_threadpool(store)


@router.get("/files/{file_id}", response_model=TemplateFileOut, responses={404: {"model": ErrorOut}})
def read_file(file_id: str, session: SessionDep, user: Staff) -> TemplateFileOut:
    record = templates.get_file(session, file_id)
    if record.station_id != user.station_id:
        raise NotFound(f"No template file {file_id!r}.")
    return _out(record)
