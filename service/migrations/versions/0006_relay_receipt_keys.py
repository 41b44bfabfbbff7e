"""relay receipts: an idempotency key per commune, so a box's queued receipts arrive exactly once

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("receipts") as batch_op:
        batch_op.add_column(sa.Column("key", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(op.f("uq_receipts_commune_id_key"), ["commune_id", "key"])


def downgrade() -> None:
    with op.batch_alter_table("receipts") as batch_op:
        batch_op.drop_constraint(op.f("uq_receipts_commune_id_key"), type_="unique")
        batch_op.drop_column("key")
