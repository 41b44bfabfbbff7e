"""Accounts, tokens and sign-in: passwords hashed with scrypt, tokens stored as SHA-256, compared in
constant time, sign-in attempts rate-limited. There is no default password anywhere."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from service.errors import Invalid, NotFound
from service.models import ApiToken, Commune, LoginFailure, Station, User, utcnow

ROLES = ("admin", "editor", "approver", "relay")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MIN_PASSWORD = 10


class Unauthorized(Exception):
    """No valid credentials: 401."""


class Forbidden(Exception):
    """Valid credentials, but not allowed here: 403."""


class TooManyAttempts(Exception):
    """Sign-in rate limit reached: 429."""


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def check_password(password: str, stored: str | None) -> bool:
    if not stored or not stored.startswith("scrypt$"):
        # Same work as a real check, so a missing account cannot be told apart by timing.
        hashlib.scrypt(password.encode(), salt=b"0" * 16, n=2**14, r=8, p=1, dklen=32)
        return False
    _, salt, digest = stored.split("$")
    candidate = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=2**14, r=8, p=1, dklen=32)
    return hmac.compare_digest(candidate, base64.b64decode(digest))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(session: Session, user: User, *, kind: str = "api", name: str | None = None,
              hours: float | None = None) -> tuple[str, ApiToken]:
    """A fresh secret (shown once) and its stored record."""
    token = secrets.token_urlsafe(32)
    record = ApiToken(user_id=user.id, token_hash=token_hash(token), kind=kind, name=name,
                      csrf_token=secrets.token_urlsafe(24) if kind == "session" else None,
                      expires_at=utcnow() + timedelta(hours=hours) if hours else None)
    session.add(record)
    session.flush()
    return token, record


def user_for_token(session: Session, token: str, *, kinds: tuple[str, ...]) -> tuple[User, ApiToken]:
    digest = token_hash(token)
    record = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    if record is None or record.kind not in kinds or not hmac.compare_digest(record.token_hash, digest):
        raise Unauthorized("Invalid or revoked token.")
    expires = record.expires_at
    if expires is not None and (expires if expires.tzinfo else expires.replace(tzinfo=utcnow().tzinfo)) < utcnow():
        raise Unauthorized("The session has expired; sign in again.")
    user = session.get(User, record.user_id)
    if user is None or not user.active:
        raise Unauthorized("The account is disabled.")
    return user, record


def get_or_create_station(session: Session, name: str) -> Station:
    station = session.scalar(select(Station).where(Station.name == name))
    if station is None:
        station = Station(name=name)
        session.add(station)
        session.flush()
    return station


def get_or_create_commune(session: Session, station: Station, name: str) -> Commune:
    commune = session.scalar(select(Commune).where(Commune.station_id == station.id, Commune.name == name))
    if commune is None:
        commune = Commune(station_id=station.id, name=name.strip())
        session.add(commune)
        session.flush()
    return commune


def add_user(session: Session, *, station: Station, username: str, role: str, password: str | None,
             display_name: str | None = None, commune: Commune | None = None) -> User:
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise Invalid("Tên đăng nhập 3–64 ký tự: chữ thường, số, dấu chấm, gạch (username: a-z 0-9 . _ -).")
    if role not in ROLES:
        raise Invalid(f"Vai trò phải là một trong {', '.join(ROLES)} (unknown role {role!r}).")
    if role != "relay" and (password is None or len(password) < MIN_PASSWORD):
        raise Invalid(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự (password too short).")
    if role == "relay" and commune is None:
        raise Invalid("Trạm tiếp sóng phải thuộc một xã (a relay needs its commune).")
    if session.scalar(select(User).where(User.username == username)):
        raise Invalid(f"Tên đăng nhập {username!r} đã có (the username is taken).")
    user = User(station_id=station.id, username=username, role=role, display_name=display_name,
                password_hash=hash_password(password) if password else None,
                commune_id=commune.id if commune else None)
    session.add(user)
    session.flush()
    return user


def check_rate(session: Session, *, username: str, address: str, max_failures: int, window_s: int) -> None:
    since = utcnow() - timedelta(seconds=window_s)
    failures = session.scalar(select(func.count()).select_from(LoginFailure).where(
        LoginFailure.at >= since, (LoginFailure.username == username) | (LoginFailure.address == address))) or 0
    if failures >= max_failures:
        raise TooManyAttempts("Quá nhiều lần đăng nhập sai; hãy thử lại sau ít phút (too many failed sign-ins).")


def sign_in(session: Session, *, username: str, password: str, address: str, max_failures: int,
            window_s: int, hours: float) -> tuple[str, ApiToken, User]:
    """A session token for a correct username and password; failures are counted and limited."""
    username = username.strip().lower()
    check_rate(session, username=username, address=address, max_failures=max_failures, window_s=window_s)
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active or user.role == "relay" or not check_password(password, user.password_hash):
        session.add(LoginFailure(username=username, address=address))
        session.flush()
        raise Unauthorized("Sai tên đăng nhập hoặc mật khẩu (wrong username or password).")
    session.execute(delete(LoginFailure).where(LoginFailure.username == username))
    token, record = new_token(session, user, kind="session", hours=hours)
    return token, record, user


def get_user(session: Session, user_id: str) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"No user {user_id!r}.")
    return user


def bootstrap_admin(session: Session, *, station_name: str, username: str, password: str) -> User | None:
    """The first admin from settings (BANTIN_ADMIN_USERNAME / BANTIN_ADMIN_PASSWORD), if not there yet."""
    if not username or not password:
        return None
    existing = session.scalar(select(User).where(User.username == username.strip().lower()))
    if existing is not None:
        return existing
    station = get_or_create_station(session, station_name)
    return add_user(session, station=station, username=username, role="admin", password=password)
