"""Sign-in for the web page, users and relay tokens (admin), communes."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel, Field
from sqlalchemy import select

from service import auth
from service.api.deps import SESSION_COOKIE, Admin, CurrentUser, SessionDep, SettingsDep, Staff
from service.errors import Invalid, NotFound
from service.models import ApiToken, Commune, Station, TemplateFile, User

router = APIRouter(prefix="/api/v1", tags=["accounts"])


class LoginIn(BaseModel):
    username: str = Field(max_length=100)
    password: str = Field(max_length=200)


class MeOut(BaseModel):
    id: str
    username: str
    role: str
    station: str
    commune_id: str | None = None
    csrf_token: str | None = None


class UserIn(BaseModel):
    username: str = Field(max_length=100)
    password: str | None = Field(None, max_length=200)
    role: str
    display_name: str | None = Field(None, max_length=200)


class UserOut(BaseModel):
    id: str
    username: str
    role: str
    display_name: str | None
    commune_id: str | None


class CommuneIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)


class CommuneOut(BaseModel):
    id: str
    name: str


class RelayIn(BaseModel):
    commune_id: str
    name: str | None = Field(None, max_length=100)


class TokenOut(BaseModel):
    """The secret is shown once; only its hash is kept."""

    user_id: str
    token: str


def _me(user: User, session: SessionDep, csrf: str | None = None) -> MeOut:
    station = session.get(Station, user.station_id)
    return MeOut(id=user.id, username=user.username, role=user.role, station=station.name if station else "",
                 commune_id=user.commune_id, csrf_token=csrf)


@router.post("/auth/login", response_model=MeOut, responses={401: {}, 429: {}})
def login(body: LoginIn, request: Request, response: Response, session: SessionDep,
          settings: SettingsDep) -> MeOut:
    """Sign in with username and password: a session cookie, and the CSRF token the page sends back."""
    address = request.client.host if request.client else "unknown"
    try:
        token, record, user = auth.sign_in(session, username=body.username, password=body.password, address=address,
                                           max_failures=settings.login_max_failures,
                                           window_s=settings.login_window_s, hours=settings.session_hours)
    except auth.Unauthorized:
        session.commit()  # keep the failure on record: it counts towards the limit
        raise
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict",
                        secure=settings.environment == "production", max_age=int(settings.session_hours * 3600))
    return _me(user, session, record.csrf_token)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(request: Request, session: SessionDep) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        record = session.scalar(select(ApiToken).where(ApiToken.token_hash == auth.token_hash(cookie)))
        if record is not None:
            session.delete(record)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/me", response_model=MeOut)
def me(user: CurrentUser, session: SessionDep, request: Request) -> MeOut:
    cookie = request.cookies.get(SESSION_COOKIE)
    csrf = None
    if cookie:
        record = session.scalar(select(ApiToken).where(ApiToken.token_hash == auth.token_hash(cookie)))
        csrf = record.csrf_token if record else None
    return _me(user, session, csrf)


@router.get("/users", response_model=list[UserOut])
def list_users(session: SessionDep, user: Admin) -> list[UserOut]:
    rows = session.scalars(select(User).where(User.station_id == user.station_id).order_by(User.username))
    return [UserOut(id=u.id, username=u.username, role=u.role, display_name=u.display_name, commune_id=u.commune_id)
            for u in rows]


@router.post("/users", status_code=status.HTTP_201_CREATED, response_model=UserOut, responses={422: {}})
def create_user(body: UserIn, session: SessionDep, user: Admin) -> UserOut:
    if body.role == "relay":
        raise Invalid("Tạo trạm tiếp sóng qua /api/v1/relays (relays are created with their commune).")
    station = session.get(Station, user.station_id)
    assert station is not None
    new = auth.add_user(session, station=station, username=body.username, role=body.role, password=body.password,
                        display_name=body.display_name)
    return UserOut(id=new.id, username=new.username, role=new.role, display_name=new.display_name, commune_id=None)


@router.post("/users/{user_id}/tokens", status_code=status.HTTP_201_CREATED, response_model=TokenOut)
def create_token(user_id: str, session: SessionDep, user: Admin) -> TokenOut:
    target = auth.get_user(session, user_id)
    if target.station_id != user.station_id:
        raise NotFound(f"No user {user_id!r}.")
    token, _ = auth.new_token(session, target, name="api")
    return TokenOut(user_id=target.id, token=token)


@router.get("/communes", response_model=list[CommuneOut])
def list_communes(session: SessionDep, user: Staff) -> list[CommuneOut]:
    rows = session.scalars(select(Commune).where(Commune.station_id == user.station_id).order_by(Commune.name))
    return [CommuneOut(id=c.id, name=c.name) for c in rows]


@router.post("/communes", status_code=status.HTTP_201_CREATED, response_model=CommuneOut)
def create_commune(body: CommuneIn, session: SessionDep, user: Admin) -> CommuneOut:
    station = session.get(Station, user.station_id)
    assert station is not None
    commune = auth.get_or_create_commune(session, station, body.name)
    return CommuneOut(id=commune.id, name=commune.name)


@router.post("/relays", status_code=status.HTTP_201_CREATED, response_model=TokenOut, responses={422: {}})
def create_relay(body: RelayIn, session: SessionDep, user: Admin) -> TokenOut:
    """A commune's relay station: a download-only account for its own commune, and its token."""
    commune = session.get(Commune, body.commune_id)
    if commune is None or commune.station_id != user.station_id:
        raise Invalid("Không có xã này ở đài (unknown commune).")
    station = session.get(Station, user.station_id)
    assert station is not None
    name = body.name or f"relay-{commune.id[:8]}"
    relay = auth.add_user(session, station=station, username=name, role="relay", password=None, commune=commune)
    token, _ = auth.new_token(session, relay, name="relay")
    return TokenOut(user_id=relay.id, token=token)


class StationOut(BaseModel):
    id: str
    name: str
    template: str
    voice_set: str
    allow_robot_voice: bool = True
    robot_voice_policy: Literal["warn", "hold"] = "warn"


class StationPatch(BaseModel):
    template: str | None = Field(None, max_length=64)
    voice_set: str | None = Field(None, max_length=64)
    allow_robot_voice: bool | None = Field(None, description="false: a programme with parts in the fallback "
                                                             "espeak-ng voice cannot be approved at all")
    robot_voice_policy: Literal["warn", "hold"] | None = Field(
        None, description="when only espeak-ng could speak parts of a scheduled programme: warn (publish it, "
                          "marked, with the parts listed) or hold (keep it from relays and alert staff until "
                          "someone releases it or the voice upgrade replaces those parts)")


def _station_out(station: Station) -> StationOut:
    return StationOut(id=station.id, name=station.name, template=station.template, voice_set=station.voice_set,
                      allow_robot_voice=station.allow_robot_voice, robot_voice_policy=station.robot_voice_policy)


@router.get("/station", response_model=StationOut)
def read_station(session: SessionDep, user: Staff) -> StationOut:
    station = session.get(Station, user.station_id)
    assert station is not None
    return _station_out(station)


@router.patch("/station", response_model=StationOut, responses={422: {}})
def update_station(body: StationPatch, session: SessionDep, settings: SettingsDep, user: Admin) -> StationOut:
    """Choose the station's programme template and voice set, and whether robot-voice parts may be approved."""
    import tomllib

    from service.station_templates import ready_files

    station = session.get(Station, user.station_id)
    assert station is not None
    if body.template is not None:
        own = session.scalar(select(TemplateFile).where(TemplateFile.template == body.template,
                                                        TemplateFile.station_id == station.id).limit(1))
        if body.template != "house" and (own is None or not ready_files(session, body.template)):
            raise Invalid("Không có mẫu này, hoặc chưa có tệp nào dùng được (no such template with ready files).")
        station.template = body.template
    if body.voice_set is not None:
        sets = tomllib.loads(settings.voices_file.read_text(encoding="utf-8"))
        if body.voice_set not in sets:
            raise Invalid(f"Bộ giọng phải là một trong {', '.join(sorted(sets))} (unknown voice set).")
        station.voice_set = body.voice_set
    if body.allow_robot_voice is not None:
        station.allow_robot_voice = body.allow_robot_voice
    if body.robot_voice_policy is not None:
        station.robot_voice_policy = body.robot_voice_policy
    return _station_out(station)
