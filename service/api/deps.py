"""Shared FastAPI dependencies as short Annotated aliases: the session, settings, and who is asking."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from service.auth import Forbidden, Unauthorized, user_for_token
from service.db import session_factory
from service.models import User
from service.settings import Settings, get_settings

SESSION_COOKIE = "bantin_session"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _session() -> Iterator[Session]:
    session = session_factory()()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# Committed and closed when the handler returns, before the response is sent: a relay downloading 5 MB
# over 3G must not hold a database connection for minutes, and a failed commit must fail the request.
SessionDep = Annotated[Session, Depends(_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def _current_user(request: Request, session: SessionDep) -> User:
    return authenticate(request, session)


def authenticate(request: Request, session: Session) -> User:
    """A bearer token (API clients, relay boxes), or the web page's session cookie with its CSRF token."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user, _ = user_for_token(session, header[7:].strip(), kinds=("api",))
        return user
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        user, record = user_for_token(session, cookie, kinds=("session",))
        if request.method in UNSAFE:
            sent = request.headers.get("x-csrf-token", "")
            if not record.csrf_token or not hmac.compare_digest(sent, record.csrf_token):
                raise Forbidden("Thiếu hoặc sai mã CSRF (missing or wrong CSRF token).")
        return user
    raise Unauthorized("Cần đăng nhập hoặc mã truy cập (sign in or send a bearer token).")


CurrentUser = Annotated[User, Depends(_current_user)]

STAFF = ("admin", "editor", "approver")
EDITORS = ("admin", "editor")
APPROVERS = ("admin", "approver")


def require(*roles: str) -> Callable[[User], User]:
    def check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise Forbidden(f"Vai trò {user.role!r} không được làm việc này (role {user.role} may not do this).")
        return user

    return check


Staff = Annotated[User, Depends(require(*STAFF))]
Editor = Annotated[User, Depends(require(*EDITORS))]
Approver = Annotated[User, Depends(require(*APPROVERS))]
Admin = Annotated[User, Depends(require("admin"))]
Relay = Annotated[User, Depends(require("relay"))]
