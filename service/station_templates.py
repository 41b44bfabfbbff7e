"""Stations' own jingles (uploads, checks, ownership); the running order that uses them is service/running_order.py."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.errors import Invalid, NotFound
from service.models import TemplateFile
from service.storage import Storage

KINDS = ("intro", "outro", "stinger", "bed")
# Seconds each kind may last: a jingle that runs for minutes is a mistake, not a jingle.
LIMITS_S = {"intro": (1.0, 30.0), "outro": (1.0, 30.0), "stinger": (0.2, 5.0), "bed": (5.0, 300.0)}
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def check_name(name: str, kind: str) -> None:
    if not _NAME.match(name):
        raise Invalid("Tên mẫu chỉ gồm chữ thường, số và dấu gạch ngang (template names: a-z, 0-9 and -).")
    if kind not in KINDS:
        raise Invalid(f"Loại tệp phải là một trong {', '.join(KINDS)} (unknown kind {kind!r}).")


def check_owner(session: Session, name: str, station_id: str | None) -> None:
    """A template belongs to the station that first uploaded to it; "house" belongs to bantin."""
    if name == "house":
        raise Invalid("Mẫu house là mẫu chung, không tải lên được; hãy đặt tên khác (house is read-only).")
    owner = session.scalar(select(TemplateFile.station_id).where(TemplateFile.template == name).limit(1))
    if owner is not None and owner != station_id:
        raise Invalid("Tên mẫu này của đài khác (this template name belongs to another station).")


def upload(session: Session, storage: Storage, *, name: str, kind: str, data: bytes,
           filename: str | None, station_id: str | None = None) -> TemplateFile:
    """Keep the upload and record it as pending; a worker checks and converts it."""
    check_name(name, kind)
    check_owner(session, name, station_id)
    if not data:
        raise Invalid("Tệp trống (the file is empty).")
    record = TemplateFile(station_id=station_id, template=name, kind=kind, filename=(filename or "")[:255],
                          upload_key="")
    session.add(record)
    session.flush()
    record.upload_key = f"uploads/templates/{record.id}"
    storage.put_bytes(record.upload_key, data)
    return record


def get_file(session: Session, file_id: str) -> TemplateFile:
    record = session.get(TemplateFile, file_id)
    if record is None:
        raise NotFound(f"No template file {file_id!r}.")
    return record


def ready_files(session: Session, name: str) -> dict[str, TemplateFile]:
    """The newest ready file of each kind in a template."""
    rows = session.scalars(select(TemplateFile).where(TemplateFile.template == name, TemplateFile.state == "ready")
                           .order_by(TemplateFile.created_at))
    return {row.kind: row for row in rows}


def list_templates(session: Session, station_id: str | None) -> dict[str, list[TemplateFile]]:
    out: dict[str, list[TemplateFile]] = {"house": []}
    for row in session.scalars(select(TemplateFile).where(TemplateFile.station_id == station_id)
                               .order_by(TemplateFile.template, TemplateFile.created_at)):
        out.setdefault(row.template, []).append(row)
    return out
