"""Marks a store carries about itself, e.g. that it holds synthetic demonstration data.

`vitalcore demo` marks its store `synthetic` and records where the demo's own privacy
key lies, so that `vitalcore serve --db vitalcore-demo.db` can start with a generated
secret and that key; a store without the mark (real testimonies) still refuses.

Revision ID: 0024
Revises: 0022
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "store_marks",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("store_marks")
