"""slots carry a display name in the station's words ("Bản tin sáng")

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 14:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("slots") as batch_op:
        batch_op.add_column(sa.Column("title", sa.String(length=120), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("slots") as batch_op:
        batch_op.drop_column("title")
