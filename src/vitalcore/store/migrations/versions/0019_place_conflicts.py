"""Place conflicts: voices whose place column and text name unrelated areas.

The column's area is counted; the area the text names is kept here so an analyst can
review the disagreement (`vitalcore places conflicts`). Also seeds the `voices_placed`
counter, which rises when voices stored without an area are placed later (from their
text at classification, or by a gazetteer imported after them), so the data version
of the dashboard and the analysis memo sees the change.

Revision ID: 0019
Revises: 0017
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "place_conflicts",
        sa.Column("voice_id", sa.String(32), primary_key=True),
        sa.Column("given_pcode", sa.String(32), nullable=False),
        sa.Column("text_pcode", sa.String(32), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=False), nullable=False),
    )
    op.execute("INSERT INTO store_counters (name, value) VALUES ('voices_placed', 0)")


def downgrade() -> None:
    op.execute("DELETE FROM store_counters WHERE name = 'voices_placed'")
    op.drop_table("place_conflicts")
