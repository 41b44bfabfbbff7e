"""Pages: sign in, articles, one article's script, programmes. Actions go through the JSON API."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from sqlalchemy.orm import Session

from service import approval, articles, credentials, versions, voice_models, voice_tracks, voice_usage, workflow
from service.api.deps import SESSION_COOKIE, SessionDep
from service.auth import Unauthorized, user_for_token
from service.errors import NotFound
from service.models import Article, Commune, Job, Recording, Station, User
from service.schedule import broadcast_rows, local_time
from service.settings import get_settings
from service.storage import get_storage
from service.web import review

HERE = Path(__file__).resolve().parent
pages = Jinja2Templates(directory=HERE / "templates")
pages.env.filters["local"] = lambda at: local_time(at, get_settings().timezone, "%d/%m/%Y %H:%M")
router = APIRouter(include_in_schema=False)

ROLE_NAMES = {"title": "Tiêu đề", "narrator": "Người dẫn", "reporter": "Phóng viên", "official": "Khách mời",
              "byline": "Tác giả"}
STATUS_NAMES = {"draft": "Bản nháp", "rendered": "Đã thu âm", "submitted": "Chờ duyệt", "approved": "Đã duyệt",
                "rejected": "Bị từ chối", "scheduled": "Đã xếp lịch", "published": "Đã phát"}
WHY_NAMES = {"create": "tạo bài", "edit": "sửa", "merge": "gộp bản sửa", "restore": "khôi phục"}
PRIORITY_NAMES = {"normal": "Thường", "priority": "Ưu tiên", "emergency": "Khẩn cấp"}


def _viewer(request: Request, session: SessionDep) -> User | None:
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    try:
        user, _ = user_for_token(session, cookie, kinds=("session",))
    except Unauthorized:
        return None
    return None if user.role == "relay" else user


Viewer = Annotated[User | None, Depends(_viewer)]


def _page(request: Request, name: str, user: User | None, session: SessionDep, **context: Any) -> HTMLResponse:
    station = session.get(Station, user.station_id) if user else None
    return pages.TemplateResponse(request, name, {
        "user": user, "station": station, "roles": ROLE_NAMES, "statuses": STATUS_NAMES,
        "priorities": PRIORITY_NAMES, **context})


def _login() -> RedirectResponse:
    return RedirectResponse("/dang-nhap", status_code=303)


@router.get("/")
def home(user: Viewer) -> Response:
    return RedirectResponse("/bai-viet" if user else "/dang-nhap", status_code=303)


@router.get("/dang-nhap", response_class=HTMLResponse)
def login_page(request: Request, session: SessionDep, user: Viewer) -> Response:
    return _page(request, "login.html", None, session)


@router.get("/bai-viet", response_class=HTMLResponse)
def article_list(request: Request, session: SessionDep, user: Viewer) -> Response:
    if user is None:
        return _login()
    return _page(request, "articles.html", user, session, articles=articles.list_articles(session, user))


def _article(session: Session, article_id: str, user: User) -> Article | None:
    """The article the signed-in user may see, or None (the page then says it is missing)."""
    try:
        return articles.article_for(session, article_id, user)
    except NotFound:
        return None


@router.get("/bai-viet/{article_id}", response_class=HTMLResponse)
def article_page(article_id: str, request: Request, session: SessionDep, user: Viewer) -> Response:
    if user is None:
        return _login()
    article = _article(session, article_id, user)
    if article is None:
        return _page(request, "missing.html", user, session)
    last_job = session.scalar(select(Job).where(Job.article_id == article.id).order_by(Job.created_at.desc()))
    programme = session.get(Recording, article.last_programme_id) if article.last_programme_id else None
    communes = list(session.scalars(select(Commune).where(Commune.station_id == user.station_id)))
    history = versions.history_with_changes(session, article.id)
    script = articles.script_of(article)
    rows = review.rows(script)
    station = session.get(Station, user.station_id)
    tracks = {t.idx: voice_tracks.matches(t, script) for t in voice_tracks.tracks_of(session, article.id)}
    return _page(request, "article.html", user, session, article=article, script=script, rows=rows, tracks=tracks,
                 speakers=review.speakers(script), doubts=sum(r.doubtful for r in rows),
                 facts=approval.facts(script, programme.sidecar if programme else None,
                                      first_choice=approval.first_choice(get_settings())),
                 robot_allowed=station.allow_robot_voice if station else True,
                 robot_broadcasts=[b for b in broadcast_rows(session, user.station_id, limit=100)
                                   if b["robot_parts"] and article.id in b["article_ids"]],
                 audit=workflow.audit(session, article.id), job=last_job, programme=programme, communes=communes,
                 history=list(reversed(history)), whys=WHY_NAMES)


@router.get("/bai-viet/{article_id}/thu-am", response_class=HTMLResponse)
def recording_session(article_id: str, request: Request, session: SessionDep, user: Viewer) -> Response:
    """The parts to read, in order, each with its own record button, its take to listen back, and its state."""
    if user is None:
        return _login()
    article = _article(session, article_id, user)
    if article is None:
        return _page(request, "missing.html", user, session)
    script = articles.script_of(article)
    tracks = {t.idx: t for t in voice_tracks.tracks_of(session, article.id)}
    parts = [(seg, tracks.get(seg.index), bool(tracks.get(seg.index) and voice_tracks.matches(tracks[seg.index],
                                                                                                  script)))
             for seg in script.segments]
    return _page(request, "voice.html", user, session, article=article, parts=parts)


PROVIDER_NAMES = {"fptai": "FPT.AI", "google": "Google Cloud", "vbee": "Vbee", "viettel": "Viettel AI"}


@router.get("/giong-doc", response_class=HTMLResponse)
def voices_page(request: Request, session: SessionDep, user: Viewer) -> Response:
    """The station's voices: this month's paid characters, its own keys (admins), piper voices installed."""
    if user is None:
        return _login()
    settings = get_settings()
    keys = dict(credentials.listed(session, user.station_id)) if user.role == "admin" else {}
    return _page(request, "voices.html", user, session, providers=PROVIDER_NAMES,
                 usage=voice_usage.month_use(settings, user.station_id), keys=keys,
                 piper=voice_models.installed(get_storage(settings)))


@router.get("/chuong-trinh", response_class=HTMLResponse)
def programme_list(request: Request, session: SessionDep, user: Viewer) -> Response:
    if user is None:
        return _login()
    rows = session.execute(
        select(Recording, articles.Article).join(articles.Article, Recording.article_id == articles.Article.id)
        .where(articles.Article.station_id == user.station_id).order_by(Recording.created_at.desc()).limit(200)
    ).all()
    return _page(request, "programmes.html", user, session, rows=rows,
                 broadcasts=broadcast_rows(session, user.station_id))
