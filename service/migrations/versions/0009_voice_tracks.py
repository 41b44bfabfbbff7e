"""voice tracks: staff's own readings of script parts, used instead of a synthetic voice while the text matches

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "voice_tracks",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("article_id", sa.String(32), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False),
        sa.Column("audio_key", sa.String(300), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("user_id", sa.String(32), nullable=True),
        sa.Column("username", sa.String(100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_voice_tracks_article_id",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_voice_tracks_user_id", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_voice_tracks"),
        sa.UniqueConstraint("article_id", "idx", name="uq_voice_tracks_article_id_idx"),
    )
    op.create_index("ix_voice_tracks_article_id", "voice_tracks", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_voice_tracks_article_id", table_name="voice_tracks")
    op.drop_table("voice_tracks")
