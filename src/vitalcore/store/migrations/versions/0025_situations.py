"""The situation: per country (optionally area) and period, the kind of conflict and the
State whose treaty obligations apply (issue 25). Rows are added, never edited.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "situations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("country", sa.String(8), nullable=False),
        sa.Column("area_pcode", sa.String(32)),
        sa.Column("conflict", sa.String(24), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("since", sa.Date, nullable=False),
        sa.Column("until", sa.Date),
        sa.Column("ap2_threshold", sa.Boolean),
        sa.Column("note", sa.Text),
        sa.Column("recorded_by", sa.Text),
        sa.Column("recorded_at", sa.DateTime(timezone=False), nullable=False),
    )
    op.create_index("ix_situations_country", "situations", ["country", "area_pcode"])


def downgrade() -> None:
    op.drop_index("ix_situations_country", table_name="situations")
    op.drop_table("situations")
