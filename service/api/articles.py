"""Articles: upload (JSON or a file), read, correct, render, and the approval steps."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Header, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session, object_session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from service import articles, deadlines, listening, versions, voice_tracks, workflow
from service.api.deps import Approver, Editor, SessionDep, SettingsDep, Staff
from service.api.uploads import read_capped
from service.errors import Invalid, NotFound
from service.lexicon import station_speaker
from service.models import Article, Commune, User, VoiceTrack, utcnow
from service.queue import BUILD_EMERGENCY, LISTEN_PART, enqueue, enqueue_render
from service.schemas import (
    ArticleIn,
    ArticleOut,
    ArticlePatch,
    ArticleSummary,
    AuditOut,
    Decision,
    ErrorOut,
    LineChange,
    RenderOut,
    Script,
    ScriptEdit,
    VersionOut,
    VoiceTrackOut,
)
from service.settings import Settings
from service.stations import settings_for
from service.storage import get_storage
from service.text.fetch import fetch
from service.text.ingest import ArticleInputError, check_text, read_upload

router = APIRouter(prefix="/api/v1/articles", tags=["articles"])

_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ArticleIn.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}, "title": {"type": "string"}},
                    "required": ["file"],
                }
            },
        },
    }
}
_ERRORS: dict[int | str, dict[str, object]] = {401: {"model": ErrorOut}, 403: {"model": ErrorOut},
                                               404: {"model": ErrorOut}}


def _out(article: Article, response: Response | None = None) -> ArticleOut:
    if response is not None:
        response.headers["ETag"] = versions.etag(article)
    script = articles.script_of(article)
    session = object_session(article)
    tracks = voice_tracks.tracks_of(session, article.id) if session is not None else []
    return ArticleOut(id=article.id, title=article.title, status=article.status, priority=article.priority,
                      targets=article.targets, programme_id=article.last_programme_id, version=article.version,
                      approved_version=article.approved_version, script=script,
                      voice_tracks=[_track_out(t, script) for t in tracks])


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every time bantin stores is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _track_out(track: VoiceTrack, script: Script) -> VoiceTrackOut:
    return VoiceTrackOut(index=track.idx, matches=voice_tracks.matches(track, script), duration_s=track.duration_s,
                         username=track.username, created_at=_utc(track.created_at).isoformat(),
                         audio_url=f"/api/v1/articles/{track.article_id}/script/{track.idx}/voice-track/audio")


_VERSIONED: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    412: {"description": "the article changed since that version: `detail`, `version`, `changed_lines`, "
                         "`changed_by`, `changed_at`"},
    428: {"model": ErrorOut, "description": "no If-Match header and no `version`"},
    422: {"model": ErrorOut}}


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ArticleOut, openapi_extra=_UPLOAD_BODY,
             responses={**_ERRORS, 413: {"model": ErrorOut}, 415: {"model": ErrorOut}, 422: {"model": ErrorOut}})
async def create_article(request: Request, session: SessionDep, settings: SettingsDep, user: Editor) -> ArticleOut:
    """Upload an article as JSON {title?, text}, as JSON {title?, url} (a web page, PDF or Word file the
    service fetches: at most 5 redirects, public addresses only), or as a multipart file (.txt, .docx, .pdf,
    .html)."""
    limit = settings.max_article_bytes
    multipart = request.headers.get("content-type", "").startswith("multipart/form-data")
    data, filename, content_type, title_text, raw = b"", None, None, None, b""
    if multipart:
        # Starlette re-reads a body it has cached in _body, so the form parser sees the capped read.
        request._body = await read_capped(request, limit + 64_000)
        form = await request.form()
        upload, title = form.get("file"), form.get("title")
        if not isinstance(upload, UploadFile):
            raise ArticleInputError("Thiếu tệp bài viết (send the article in a form field named 'file').")
        data, filename, content_type = await upload.read(), upload.filename, upload.content_type
        title_text = str(title).strip() if isinstance(title, str) and title.strip() else None
    else:
        raw = await read_capped(request, limit + 4_096)

    def store() -> ArticleOut:
        # Parsing, segmenting and the database are blocking work: off the event loop, or one large
        # article (or a wait for the database) would stall every other request.
        if multipart:
            text = read_upload(data, filename=filename, content_type=content_type, max_bytes=limit,
                               ocr_command=settings.ocr_command)
            title = title_text
        else:
            text, title = _json_article(raw, limit, settings)
        article = articles.create_article(session, text=text, title=title, user=user, station_id=user.station_id,
                                          speak=station_speaker(session, user.station_id))
        return _out(article)

    return await run_in_threadpool(store)


def _json_article(raw: bytes, limit: int, settings: Settings) -> tuple[str, str | None]:
    try:
        body = ArticleIn.model_validate(json.loads(raw or b"null"))
    except (ValueError, TypeError) as exc:
        raise ArticleInputError("Yêu cầu không hợp lệ: cần JSON {title?, text} hoặc {title?, url} "
                                "(expected JSON with 'text' or 'url').") from exc
    if body.url is not None:
        page = fetch(body.url.strip(), timeout_s=settings.fetch_timeout_s, max_bytes=settings.max_upload_bytes,
                     allowed=settings.fetch_allowed_hosts)
        return check_text(page.text, max_bytes=limit), body.title or page.title
    return check_text(body.text or "", max_bytes=limit), body.title


@router.get("", response_model=list[ArticleSummary], responses=_ERRORS)
def list_articles(session: SessionDep, user: Staff, status: str | None = None) -> list[ArticleSummary]:
    return [ArticleSummary(id=a.id, title=a.title, status=a.status, priority=a.priority,
                           created_at=a.created_at.isoformat()) for a in articles.list_articles(session, user, status)]


@router.get("/{article_id}", response_model=ArticleOut, responses=_ERRORS)
def read_article(article_id: str, response: Response, session: SessionDep, user: Staff) -> ArticleOut:
    """The article, its script and its version (also as the ETag to send back in If-Match)."""
    return _out(articles.article_for(session, article_id, user), response)


@router.put("/{article_id}/script", response_model=ArticleOut, responses=_VERSIONED)
def edit_script(article_id: str, edit: ScriptEdit, response: Response, session: SessionDep, user: Editor,
                if_match: str | None = Header(None)) -> ArticleOut:
    """Correct the script: roles, speakers, text; merge parts (several source_lines) or split them. Send the
    version the edit was made on (If-Match: the ETag of GET, or `version`): without it 428; on an older one
    412 with who changed the article and which lines. Saved as a new version; an approved article goes back
    to draft."""
    article = articles.article_for(session, article_id, user)
    versions.claim(session, article, versions.requested(if_match, edit.version))
    before = dict(article.script)
    articles.edit_script(session, article, edit, speak=station_speaker(session, user.station_id))
    workflow.edited(session, article, user, "script", note=versions.change_note(before, article.script))
    versions.snapshot(session, article, user, edit.why)
    return _out(article, response)


@router.patch("/{article_id}", response_model=ArticleOut, responses=_VERSIONED)
def update_article(article_id: str, patch: ArticlePatch, response: Response, session: SessionDep, user: Editor,
                   if_match: str | None = Header(None)) -> ArticleOut:
    """Priority (normal, priority, emergency) and target communes (all, or a list of commune ids); the version
    it was made on is required, as for the script."""
    article = articles.article_for(session, article_id, user)
    versions.check(session, article, versions.requested(if_match, patch.version))
    targets = article.targets
    if patch.all_communes or patch.targets is not None:
        targets = None if patch.all_communes else sorted(set(patch.targets or []))
        if targets is not None:
            known = {c.id for c in session.query(Commune).filter(Commune.station_id == user.station_id)}
            unknown = [t for t in targets if t not in known]
            if unknown or not targets:
                raise Invalid("Xã không thuộc đài này hoặc danh sách trống (unknown commune ids, or none).")
    if (patch.priority and patch.priority != article.priority) or targets != article.targets:
        versions.claim(session, article, article.version)
        if patch.priority:
            workflow.set_priority(session, article, user, patch.priority)
        if targets != article.targets:
            article.targets = targets
            workflow.edited(session, article, user, "targets")
        versions.snapshot(session, article, user, "edit")
    return _out(article, response)


@router.get("/{article_id}/versions", response_model=list[VersionOut], responses=_ERRORS)
def list_versions(article_id: str, session: SessionDep, user: Staff) -> list[VersionOut]:
    """Every saved version: who, when, why (create, edit, merge, restore), and the lines it changed."""
    articles.article_for(session, article_id, user)
    return [VersionOut(version=r.version, why=r.why, username=r.username, at=r.at.isoformat(), title=r.title,
                       changed_lines=[line for line, _, _ in changes])
            for r, changes in versions.history_with_changes(session, article_id)]


@router.get("/{article_id}/versions/{version}/changes", response_model=list[LineChange], responses=_ERRORS)
def compare_versions(article_id: str, version: int, session: SessionDep, user: Staff,
                     since: int | None = None) -> list[LineChange]:
    """What changed, line by line, from version `since` (by default the one before) to `version`."""
    articles.article_for(session, article_id, user)
    after = versions.get(session, article_id, version)
    if since is None and version == 1:
        before: dict[str, Any] = {}  # the first version changed everything from nothing
    else:
        before = versions.get(session, article_id, version - 1 if since is None else since).script
    return [LineChange(line=line, before=old, after=new)
            for line, old, new in versions.line_changes(before, after.script)]


@router.get("/{article_id}/versions/{version}", response_model=Script, responses=_ERRORS)
def read_version(article_id: str, version: int, session: SessionDep, user: Staff) -> Script:
    articles.article_for(session, article_id, user)
    return Script.model_validate(versions.get(session, article_id, version).script)


@router.post("/{article_id}/versions/{version}/restore", response_model=ArticleOut, responses=_VERSIONED)
def restore_version(article_id: str, version: int, response: Response, session: SessionDep, user: Editor,
                    if_match: str | None = Header(None)) -> ArticleOut:
    """Make an old version's script the article's again, as a new version (nothing is overwritten)."""
    article = articles.article_for(session, article_id, user)
    old = versions.get(session, article_id, version)
    versions.claim(session, article, versions.requested(if_match, None))
    article.script = old.script
    workflow.edited(session, article, user, f"restore version {version}")
    versions.snapshot(session, article, user, "restore")
    return _out(article, response)


@router.post("/{article_id}/render", status_code=status.HTTP_202_ACCEPTED, response_model=RenderOut,
             responses={**_ERRORS, 409: {"model": ErrorOut}})
def render_article(article_id: str, session: SessionDep, user: Editor, settings: SettingsDep) -> RenderOut:
    """Queue a render (a staff preview: parts wait a little for the network voice); poll the job for progress."""
    article = articles.article_for(session, article_id, user)
    if article.status not in ("draft", "rendered", "rejected"):
        raise workflow.WrongState(f"Bài đang ở trạng thái {article.status}; hãy sửa bài để làm lại bản thu "
                                  f"(an article that is {article.status} is not rendered again).")
    job = articles.create_job(session, article_id=article_id,
                              deadline=deadlines.preview(utcnow(), settings))
    session.commit()  # the worker must find the job before it picks up the message
    enqueue_render(job.id)
    return RenderOut(job_id=job.id)


@router.post("/{article_id}/submit", response_model=ArticleOut, responses={**_ERRORS, 409: {"model": ErrorOut}})
def submit(article_id: str, session: SessionDep, user: Editor) -> ArticleOut:
    article = articles.article_for(session, article_id, user)
    workflow.submit(session, article, user)
    return _out(article)


@router.post("/{article_id}/approve", response_model=ArticleOut, responses={**_ERRORS, 409: {"model": ErrorOut}})
def approve(article_id: str, session: SessionDep, user: Approver, decision: Decision | None = None) -> ArticleOut:
    article = articles.article_for(session, article_id, user)
    workflow.approve(session, article, user, note=decision.reason if decision else None,
                     robot_voice_ok=bool(decision and decision.robot_voice_ok))
    if article.priority == "emergency":
        session.commit()
        enqueue(BUILD_EMERGENCY, article.id)  # on air at once, outside the slots
    return _out(article)


@router.post("/{article_id}/reject", response_model=ArticleOut,
             responses={**_ERRORS, 409: {"model": ErrorOut}, 422: {"model": ErrorOut}})
def reject(article_id: str, decision: Decision, session: SessionDep, user: Approver) -> ArticleOut:
    article = articles.article_for(session, article_id, user)
    workflow.reject(session, article, user, decision.reason or "")
    return _out(article)


@router.get("/{article_id}/audit", response_model=list[AuditOut], responses=_ERRORS)
def audit(article_id: str, session: SessionDep, user: Staff) -> list[AuditOut]:
    articles.article_for(session, article_id, user)
    return [AuditOut(action=e.action, username=e.username, from_status=e.from_status, to_status=e.to_status,
                     note=e.note, at=e.at.isoformat(), version=e.version) for e in workflow.audit(session, article_id)]


class NormalizeIn(BaseModel):
    text: str = Field(max_length=50_000)


normalize_router = APIRouter(prefix="/api/v1", tags=["articles"])


@normalize_router.post("/normalize")
def spoken_form(body: NormalizeIn, session: SessionDep, user: Staff) -> dict[str, str]:
    """The spoken form of a text, with the station's lexicon: what the voice would read."""
    return {"spoken": station_speaker(session, user.station_id)(body.text)}


@router.get("/{article_id}/script/{index}/audio", response_class=Response, responses={
    **_ERRORS, 200: {"content": {"audio/wav": {}}, "description": "the part spoken; X-Engine names who spoke it"},
    503: {"model": ErrorOut}})
def listen_to_part(article_id: str, index: int, session: SessionDep, settings: SettingsDep, user: Staff) -> Response:
    """One part of the script spoken now by the workers, through the station's engines, voices and the render
    cache, to hear it before rendering the whole programme. X-Engine says which engine spoke it (espeak: the robot
    voice). While the workers are still speaking after `listen_wait_s`, 202 and Retry-After: ask again."""
    segments = articles.script_of(articles.article_for(session, article_id, user)).segments
    if not 0 <= index < len(segments):
        raise NotFound("Không có phần này trong kịch bản (no such part).")
    own = settings_for(session, settings, user.station_id)
    storage = get_storage(settings)
    key = listening.key_for(segments[index].spoken, segments[index].role, own)
    heard = listening.answer(storage, key)
    if heard is None:
        enqueue(LISTEN_PART, article_id, index, user.station_id, key)
        deadline = time.monotonic() + settings.listen_wait_s
        while (heard := listening.answer(storage, key)) is None and time.monotonic() < deadline:
            time.sleep(0.2)
    if heard is None:
        return JSONResponse({"detail": "Đang đọc thử phần này, xin chờ vài giây (still speaking; ask again)."},
                            status_code=202, headers={"Retry-After": "2"})
    if isinstance(heard, str):
        storage.delete(f"{key}.json")  # a failure is not kept: the next request tries the engines again
        return JSONResponse({"detail": f"Không giọng nào đọc được phần này ({heard})."}, status_code=503)
    return Response(heard.wav, media_type="audio/wav",
                    headers={"X-Engine": ",".join(heard.engines), "Cache-Control": "private, max-age=300"})


_AUDIO_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "properties": {"file": {"type": "string", "format": "binary"}}, "required": ["file"]}}}}}


@router.put("/{article_id}/script/{index}/voice-track", response_model=VoiceTrackOut, openapi_extra=_AUDIO_BODY,
            responses={**_ERRORS, 409: {"model": ErrorOut}, 413: {"model": ErrorOut}, 422: {"model": ErrorOut},
                       503: {"model": ErrorOut}})
async def put_voice_track(article_id: str, index: int, request: Request, session: SessionDep, settings: SettingsDep,
                          user: Editor) -> VoiceTrackOut | JSONResponse:
    """Staff's own reading of one part (a file in the form field `file`: WebM/Opus from a browser's recorder, WAV,
    MP3, M4A, Ogg), used instead of a synthetic voice from the next render on, trimmed of the silence around it and
    levelled like every part, while the part's text stays what was read. A worker checks it: 422 when it is not
    audio, empty, silent or longer than `voice_track_max_s`, and nothing is stored. A new take replaces the old
    one; an approved article goes back to draft."""
    await run_in_threadpool(_part_of, session, article_id, index, user)
    request._body = await read_capped(request, settings.max_upload_bytes + 64_000)
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise Invalid("Thiếu tệp ghi âm (send the audio in a form field named 'file').")
    data = await upload.read()

    def store() -> VoiceTrackOut | JSONResponse:  # storage, the wait for the worker and the database: blocking
        try:
            checked = voice_tracks.check_upload(get_storage(settings), data, wait_s=settings.voice_track_wait_s)
        except voice_tracks.StillChecking as exc:
            return JSONResponse({"detail": str(exc)}, status_code=503, headers={"Retry-After": "5"})
        article, script = _part_of(session, article_id, index, user)
        track = voice_tracks.save(session, article, index, checked, user, script)
        workflow.edited(session, article, user, f"voice track {index}")
        return _track_out(track, script)

    return await run_in_threadpool(store)


def _part_of(session: Session, article_id: str, index: int, user: User) -> tuple[Article, Script]:
    article = articles.article_for(session, article_id, user)
    script = articles.script_of(article)
    voice_tracks.part_text(script, index)  # 404 for a part the script does not have
    return article, script


@router.get("/{article_id}/script/{index}/voice-track", response_model=VoiceTrackOut, responses=_ERRORS)
def read_voice_track(article_id: str, index: int, session: SessionDep, user: Staff) -> VoiceTrackOut:
    """The part's voice track; `matches` false means the text changed since it was read (it is not used)."""
    article = articles.article_for(session, article_id, user)
    return _track_out(voice_tracks.get_track(session, article_id, index), articles.script_of(article))


@router.get("/{article_id}/script/{index}/voice-track/audio", response_class=Response, responses={
    **_ERRORS, 200: {"content": {"audio/wav": {}}, "description": "the reading as uploaded, decoded to WAV"}})
def voice_track_audio(article_id: str, index: int, session: SessionDep, settings: SettingsDep,
                      user: Staff) -> Response:
    """The reading as it was uploaded (decoded, not trimmed), to listen back."""
    articles.article_for(session, article_id, user)
    track = voice_tracks.get_track(session, article_id, index)
    return Response(get_storage(settings).read_bytes(track.audio_key), media_type="audio/wav",
                    headers={"Cache-Control": "private, max-age=300"})


@router.delete("/{article_id}/script/{index}/voice-track", status_code=status.HTTP_204_NO_CONTENT,
               response_class=Response, responses={**_ERRORS, 409: {"model": ErrorOut}})
def delete_voice_track(article_id: str, index: int, session: SessionDep, user: Editor) -> Response:
    """The part goes back to the synthetic voice from the next render on."""
    article = articles.article_for(session, article_id, user)
    session.delete(voice_tracks.get_track(session, article_id, index))
    workflow.edited(session, article, user, f"voice track {index}")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
