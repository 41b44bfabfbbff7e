"""a station's robot-voice policy (warn | hold) and, on each broadcast, the parts only espeak-ng could speak
and who released a held programme

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-30 20:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stations") as batch_op:
        batch_op.add_column(sa.Column("robot_voice_policy", sa.String(8), nullable=False, server_default="warn"))
    with op.batch_alter_table("broadcasts") as batch_op:
        batch_op.add_column(sa.Column("robot_parts", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("released_by", sa.String(100), nullable=True))
        batch_op.add_column(sa.Column("released_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("broadcasts") as batch_op:
        batch_op.drop_column("released_at")
        batch_op.drop_column("released_by")
        batch_op.drop_column("robot_parts")
    with op.batch_alter_table("stations") as batch_op:
        batch_op.drop_column("robot_voice_policy")
