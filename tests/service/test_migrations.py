"""The Alembic migrations build exactly the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from service.db import get_engine, schema_revisions
from service.models import Base


def test_migrations_match_the_models(settings_env: dict[str, str]) -> None:
    current, head = schema_revisions()
    assert current == head
    with get_engine().connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert differences == []
