"""a station may forbid approving programmes with parts in the robot (espeak-ng) voice

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 16:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stations") as batch_op:
        batch_op.add_column(sa.Column("allow_robot_voice", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("stations") as batch_op:
        batch_op.drop_column("allow_robot_voice")
