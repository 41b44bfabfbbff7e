"""Database engine and sessions, from the one database URL setting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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


_engines: dict[str, Engine] = {}


def get_engine(url: str | None = None) -> Engine:
    """One engine (and pool) per database URL for the life of the process."""
    url = _normalise_url(url or get_settings().database_url)
    if url not in _engines:
        _engines[url] = _create(url)
    return _engines[url]


def dispose_engines() -> None:
    """Close every pooled connection: forgetting an engine alone leaves its connections open on the server."""
    while _engines:
        _engines.popitem()[1].dispose()


def _create(url: str) -> Engine:
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


# Any number fixed for bantin: the key of PostgreSQL's advisory lock that serialises migrations.
_MIGRATION_LOCK = 0x62616E74  # "bant"


def migrate() -> None:
    """Bring the schema to the newest Alembic revision, once however many processes start together: the API,
    workers and beat of a fresh installation all call this at start-up, and the first one migrates while
    the others wait for it, then find nothing left to do."""
    from alembic import command

    with _migration_lock():
        command.upgrade(_alembic_config(), "head")


@contextmanager
def _migration_lock() -> Iterator[None]:
    """A lock every process on the database sees: an advisory lock on PostgreSQL, a file lock for SQLite."""
    engine = get_engine()
    if engine.dialect.name == "sqlite":
        import fcntl

        database = engine.url.database or ""
        lock_path = Path(f"{database}.migrate.lock") if database and database != ":memory:" else None
        if lock_path is None:
            yield
            return
        with lock_path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        return
    if engine.dialect.name == "postgresql":
        from sqlalchemy import text

        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATION_LOCK})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _MIGRATION_LOCK})
                conn.commit()
        return
    yield


def schema_revisions() -> tuple[str | None, str | None]:
    """The database's Alembic revision and the newest one this code knows."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with get_engine().connect() as conn:
        return MigrationContext.configure(conn).get_current_revision(), head
