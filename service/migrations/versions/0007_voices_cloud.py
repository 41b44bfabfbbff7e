"""paid cloud voices: characters billed per station, engine and month; stations' own keys, encrypted

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "voice_usage",
        sa.Column("station_id", sa.String(length=32), nullable=False),
        sa.Column("engine", sa.String(length=32), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("chars", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "engine", "month", name=op.f("pk_voice_usage")),
    )
    op.create_table(
        "station_credentials",
        sa.Column("station_id", sa.String(length=32), nullable=False),
        sa.Column("engine", sa.String(length=32), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"], name=op.f("fk_station_credentials_station_id"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("station_id", "engine", name=op.f("pk_station_credentials")),
    )


def downgrade() -> None:
    op.drop_table("station_credentials")
    op.drop_table("voice_usage")
