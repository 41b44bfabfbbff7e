"""Stations' own keys for the paid cloud voices: encrypted at rest with BANTIN_CREDENTIALS_KEY (Fernet),
decrypted only in the worker that sends them, never returned by the API, never logged.

A station without its own key uses the installation's (BANTIN_FPTAI_API_KEY and the like), if any.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.db import session_scope
from service.errors import Invalid
from service.models import StationCredential
from service.settings import Settings

if TYPE_CHECKING:
    from cryptography.fernet import Fernet

# The engines billed by a provider, whose keys a station may set (workers/tts registers them; a test keeps
# the two in step, since service/ does not import workers/).
PAID_ENGINES = ("fptai", "google", "vbee", "viettel")
CACHE_S = 30.0  # a changed key reaches every worker within this long, with one query per engine in between
_cache: dict[tuple[str, str], tuple[float, str | None]] = {}
_lock = threading.Lock()


def _fernet(settings: Settings) -> Fernet:
    from cryptography.fernet import Fernet

    key = settings.credentials_key.get_secret_value()
    if not key:
        raise Invalid("Chưa đặt BANTIN_CREDENTIALS_KEY: không thể lưu khoá (no key to encrypt credentials with).")
    try:
        return Fernet(key.encode())
    except ValueError as exc:
        raise Invalid("BANTIN_CREDENTIALS_KEY is not a Fernet key (32 bytes, URL-safe base64).") from exc


def seal(settings: Settings, secret: str) -> str:
    return str(_fernet(settings).encrypt(secret.encode()).decode("ascii"))


def unseal(settings: Settings, sealed: str) -> str:
    from cryptography.fernet import InvalidToken

    try:
        return str(_fernet(settings).decrypt(sealed.encode()).decode())
    except InvalidToken as exc:
        raise Invalid("a station's key cannot be decrypted: BANTIN_CREDENTIALS_KEY changed since it was set") from exc


def put(session: Session, settings: Settings, station_id: str, engine: str, secret: str) -> StationCredential:
    if engine not in PAID_ENGINES:
        raise Invalid(f"Chỉ đặt khoá cho {', '.join(PAID_ENGINES)} (no key for {engine!r}).")
    if engine == "vbee" and not all(part.strip() for part in secret.partition(":")[::2]):
        raise Invalid("Khoá Vbee có dạng APP_ID:TOKEN (the app's id, a colon, then its token).")
    row = session.get(StationCredential, (station_id, engine))
    if row is None:
        row = StationCredential(station_id=station_id, engine=engine, sealed=seal(settings, secret))
        session.add(row)
    else:
        row.sealed = seal(settings, secret)
    session.flush()
    forget()
    return row


def remove(session: Session, station_id: str, engine: str) -> bool:
    row = session.get(StationCredential, (station_id, engine))
    if row is not None:
        session.delete(row)
        session.flush()
    forget()
    return row is not None


def listed(session: Session, station_id: str) -> list[tuple[str, datetime]]:
    """Which engines the station has a key for, and when it was set: never the key."""
    return [(row.engine, row.updated_at) for row in session.scalars(
        select(StationCredential).where(StationCredential.station_id == station_id).order_by(StationCredential.engine))]


def secret_for(settings: Settings, station_id: str, engine: str) -> str | None:
    """The station's own key for engine, decrypted, or None; cached for CACHE_S seconds."""
    now = time.monotonic()
    with _lock:
        hit = _cache.get((station_id, engine))
    if hit and hit[0] > now:
        return hit[1]
    with session_scope() as session:
        row = session.get(StationCredential, (station_id, engine))
        secret = unseal(settings, row.sealed) if row else None
    with _lock:
        _cache[(station_id, engine)] = (now + CACHE_S, secret)
    return secret


def forget() -> None:
    """Drop decrypted keys held in this process (after a change, and in tests)."""
    with _lock:
        _cache.clear()
