"""Articles: upload (JSON or a file), read, render."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request, status
from starlette.datastructures import UploadFile

from service import articles
from service.api.deps import SessionDep, SettingsDep
from service.api.uploads import read_capped
from service.lexicon import station_lexicon
from service.queue import enqueue_render
from service.schemas import ArticleIn, ArticleOut, ErrorOut, RenderOut, ScriptEdit
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


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ArticleOut, openapi_extra=_UPLOAD_BODY,
             responses={413: {"model": ErrorOut}, 415: {"model": ErrorOut}, 422: {"model": ErrorOut}})
async def create_article(request: Request, session: SessionDep, settings: SettingsDep) -> ArticleOut:
    """Upload an article as JSON {title?, text} or as a multipart file (.txt, .docx, .html)."""
    limit = settings.max_article_bytes
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("multipart/form-data"):
        # Multipart framing adds a little; the file itself is checked against the limit below.
        # Starlette re-reads a body it has cached in _body, so the form parser sees the capped read.
        request._body = await read_capped(request, limit + 64_000)
        form = await request.form()
        upload, title = form.get("file"), form.get("title")
        if not isinstance(upload, UploadFile):
            raise ArticleInputError("Thiếu tệp bài viết (send the article in a form field named 'file').")
        text = read_upload(await upload.read(), filename=upload.filename, content_type=upload.content_type,
                           max_bytes=limit)
        title_text = str(title).strip() if isinstance(title, str) and title.strip() else None
    else:
        raw = await read_capped(request, limit + 4_096)
        try:
            body = ArticleIn.model_validate(json.loads(raw or b"null"))
        except (ValueError, TypeError) as exc:
            raise ArticleInputError(
                "Yêu cầu không hợp lệ: cần JSON {title?, text} (expected JSON with 'text')."
            ) from exc
        text, title_text = check_text(body.text, max_bytes=limit), body.title
    article = articles.create_article(session, text=text, title=title_text, lexicon=station_lexicon(session))
    return ArticleOut(id=article.id, title=article.title, script=articles.script_of(article))


@router.get("/{article_id}", response_model=ArticleOut, responses={404: {"model": ErrorOut}})
def read_article(article_id: str, session: SessionDep) -> ArticleOut:
    article = articles.get_article(session, article_id)
    return ArticleOut(id=article.id, title=article.title, script=articles.script_of(article))


@router.put("/{article_id}/script", response_model=ArticleOut, responses={404: {"model": ErrorOut},
                                                                       422: {"model": ErrorOut}})
def edit_script(article_id: str, edit: ScriptEdit, session: SessionDep) -> ArticleOut:
    """Correct the script: roles, speakers, text; merge parts (several source_lines) or split them."""
    article = articles.get_article(session, article_id)
    script = articles.edit_script(session, article, edit, lexicon=station_lexicon(session))
    return ArticleOut(id=article.id, title=article.title, script=script)


@router.post("/{article_id}/render", status_code=status.HTTP_202_ACCEPTED, response_model=RenderOut,
             responses={404: {"model": ErrorOut}})
def render_article(article_id: str, session: SessionDep) -> RenderOut:
    """Queue a render; poll the job for progress."""
    job = articles.create_job(session, article_id=article_id)
    session.commit()  # the worker must find the job before it picks up the message
    enqueue_render(job.id)
    return RenderOut(job_id=job.id)
