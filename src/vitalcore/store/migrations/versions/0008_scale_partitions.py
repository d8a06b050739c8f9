"""Scale-out partitions: the ledger of bulk-loaded Parquet partitions and their voices.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scale_partitions",
        sa.Column("partition_key", sa.String(128), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("model_version", sa.String(64), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("voices_owned", sa.Integer, nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=False), nullable=False),
    )
    op.create_table(
        "scale_partition_voices",
        sa.Column("voice_id", sa.String(32), sa.ForeignKey("voices.id"), primary_key=True),
        sa.Column("partition_key", sa.String(128), nullable=False),
    )
    op.create_index(
        "ix_scale_partition_voices_partition", "scale_partition_voices", ["partition_key"]
    )


def downgrade() -> None:
    op.drop_index("ix_scale_partition_voices_partition", "scale_partition_voices")
    op.drop_table("scale_partition_voices")
    op.drop_table("scale_partitions")
