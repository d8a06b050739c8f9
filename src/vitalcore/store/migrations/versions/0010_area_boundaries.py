"""Area boundaries: one GeoJSON polygon (or multipolygon) per P-code, for the map.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "area_boundaries",
        sa.Column("pcode", sa.String(32), sa.ForeignKey("areas.pcode"), primary_key=True),
        sa.Column("geometry", sa.JSON, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=False), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("area_boundaries")
