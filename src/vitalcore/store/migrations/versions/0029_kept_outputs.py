"""What a read command printed, kept per data version (issue 24: reads under 1 s).

Revision ID: 0029
Revises: 0025
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kept_outputs",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("output", sa.Text, nullable=False),
        sa.Column("kept_at", sa.DateTime(timezone=False), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("kept_outputs")
