"""job deadline: the moment a render job's pieces must be spoken by, which decides when a piece stops
waiting for a network voice and falls back; and when a broadcast's fallback voice was replaced

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 16:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.add_column(sa.Column("deadline", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("broadcasts") as batch_op:
        batch_op.add_column(sa.Column("voice_upgraded_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("broadcasts") as batch_op:
        batch_op.drop_column("voice_upgraded_at")
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.drop_column("deadline")
