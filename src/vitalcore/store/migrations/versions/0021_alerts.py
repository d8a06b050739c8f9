"""Alerts stored with their lifecycle (new, ongoing, closed) instead of recomputed on
every read; alert_refresh records which state of the data they were computed from.

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("alert_id", sa.String(32), primary_key=True),
        sa.Column("freq", sa.String(8), primary_key=True),
        sa.Column("area_pcode", sa.String(32), nullable=False),
        sa.Column("dimension", sa.String(32)),
        sa.Column("threat_type", sa.String(64)),
        sa.Column("first_signal", sa.Date(), nullable=False),
        sa.Column("last_signal", sa.Date(), nullable=False),
        sa.Column("resolved_on", sa.Date()),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("lifecycle", sa.String(16), nullable=False),
        sa.Column("algorithms", sa.JSON(), nullable=False),
        sa.Column("statistics", sa.JSON(), nullable=False),
        sa.Column("voices", sa.Integer(), nullable=False),
        sa.Column("peak_voices", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=False), nullable=False),
    )
    op.create_index("ix_alerts_area_dimension", "alerts", ["area_pcode", "dimension"])
    op.create_table(
        "alert_refresh",
        sa.Column("freq", sa.String(8), primary_key=True),
        sa.Column("data_key", sa.String(128), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=False), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("alert_refresh")
    op.drop_index("ix_alerts_area_dimension", table_name="alerts")
    op.drop_table("alerts")
