"""Model artefacts, analysts' label corrections, classification details (issue 3).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "model_artefacts",
        sa.Column("version", sa.String(64), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("artefact", sa.LargeBinary, nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
    )
    op.create_table(
        "label_corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("voice_id", sa.String(32), sa.ForeignKey("voices.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("label", sa.String(32), nullable=False),
        sa.Column("value", sa.Boolean, nullable=False),
        sa.Column("analyst", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
    )
    op.create_index("ix_label_corrections_voice", "label_corrections", ["voice_id"])
    op.create_table(
        "classification_details",
        sa.Column("voice_id", sa.String(32), primary_key=True),
        sa.Column("model_version", sa.String(64), primary_key=True),
        sa.Column("area_pcode", sa.String(32)),
        sa.Column("severity_counts", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("classification_details")
    op.drop_index("ix_label_corrections_voice", table_name="label_corrections")
    op.drop_table("label_corrections")
    op.drop_table("model_artefacts")
