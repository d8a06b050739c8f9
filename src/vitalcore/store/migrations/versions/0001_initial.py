"""Initial tables: areas, voices, quarantine, classifications, voice_labels.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "areas",
        sa.Column("pcode", sa.String(32), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("country", sa.String(8), nullable=False),
        sa.Column("admin_level", sa.Integer, nullable=False),
        sa.Column("parent_pcode", sa.String(32)),
        sa.Column("alt_names", sa.JSON, nullable=False),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
    )
    op.create_table(
        "voices",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("source_id", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("occurred_at", sa.DateTime(timezone=False)),
        sa.Column("area_pcode", sa.String(32)),
        sa.Column("place_name", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("reporter", sa.String(64)),
        sa.Column("groups_reported", sa.JSON, nullable=False),
        sa.Column("priorities", sa.JSON, nullable=False),
        sa.Column("severity_reported", sa.Integer),
        sa.Column("solution", sa.Text),
        sa.Column("consent_quote", sa.Boolean, nullable=False),
        sa.Column("consent_share", sa.Boolean, nullable=False),
        sa.Column("corrects", sa.String(32)),
        sa.Column("prov_file", sa.Text, nullable=False),
        sa.Column("prov_row", sa.Integer, nullable=False),
        sa.Column("prov_message_id", sa.Text),
        sa.Column("ingested_at", sa.DateTime(timezone=False), nullable=False),
    )
    op.create_index("ix_voices_area_time", "voices", ["area_pcode", "occurred_at"])
    op.create_table(
        "quarantine",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("message_id", sa.Text),
        sa.Column("field", sa.Text),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("raw", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
    )
    op.create_table(
        "classifications",
        sa.Column("voice_id", sa.String(32), sa.ForeignKey("voices.id"), primary_key=True),
        sa.Column("model_version", sa.String(64), primary_key=True),
        sa.Column("language", sa.String(16)),
        sa.Column("dimensions", sa.JSON, nullable=False),
        sa.Column("groups", sa.JSON, nullable=False),
        sa.Column("severity", sa.Integer, nullable=False),
        sa.Column("evidence", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
    )
    op.create_table(
        "voice_labels",
        sa.Column("voice_id", sa.String(32), sa.ForeignKey("voices.id"), primary_key=True),
        sa.Column("model_version", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("label", sa.String(32), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
    )
    op.create_index("ix_voice_labels_kind_label", "voice_labels", ["kind", "label"])


def downgrade() -> None:
    op.drop_table("voice_labels")
    op.drop_table("classifications")
    op.drop_table("quarantine")
    op.drop_index("ix_voices_area_time", "voices")
    op.drop_table("voices")
    op.drop_table("areas")
