"""Actions taken by duty-bearers, and area adjacency for spread (issue 7).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("area_pcode", sa.String(32), nullable=False),
        sa.Column("dimension", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("start", sa.Date, nullable=False),
        sa.Column("end", sa.Date),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
    )
    op.create_index("ix_actions_area", "actions", ["area_pcode"])
    op.create_table(
        "area_links",
        sa.Column("pcode_a", sa.String(32), primary_key=True),
        sa.Column("pcode_b", sa.String(32), primary_key=True),
        sa.Column("cross_border", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("area_links")
    op.drop_index("ix_actions_area", table_name="actions")
    op.drop_table("actions")
