"""Database engine and sessions, from the one database URL setting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from service.settings import get_settings


def _normalise_url(url: str) -> str:
    # psycopg 3 is the driver we ship; accept the plain scheme people paste.
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


# As many connections as the API has threads for handlers (anyio's default: 40). A smaller pool starves
# under a burst: threads waiting for a connection hold every thread, and the threads that would give a
# connection back (the session's teardown) cannot run, until the waits time out.
_POOL = {"pool_size": 10, "max_overflow": 30, "pool_timeout": 30}


@cache
def get_engine(url: str | None = None) -> Engine:
    url = _normalise_url(url or get_settings().database_url)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **_POOL)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            # WAL lets the API read while a worker writes; foreign keys are off by default in SQLite.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, **_POOL)


def session_factory() -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(), expire_on_commit=False)


@contextmanager
def session_scope() -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    session = session_factory()()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).resolve().parent / "migrations"))
    cfg.set_main_option("sqlalchemy.url", _normalise_url(get_settings().database_url))
    cfg.attributes["engine"] = get_engine()
    return cfg


def migrate() -> None:
    """Bring the schema to the newest Alembic revision."""
    from alembic import command

    command.upgrade(_alembic_config(), "head")


def schema_revisions() -> tuple[str | None, str | None]:
    """The database's Alembic revision and the newest one this code knows."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with get_engine().connect() as conn:
        return MigrationContext.configure(conn).get_current_revision(), head
