"""The read indexes a bulk load has set aside, to be built again after it.

A first load of millions of voices into PostgreSQL spends more time keeping the read
indexes of the loaded tables up to date, row by row, than building them once at the
end would take (1M voices, 2 loaders: 354 s against 160 s of load and 113 s of build;
BENCHMARKS.md). `vitalcore scale load --defer-indexes` drops them, and keeps each one's
definition here, in the same transaction, so that a load that dies halfway leaves a
record of what is missing: the next load (or migration) builds them again
(store/deferred_indexes.py).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deferred_indexes",
        sa.Column("name", sa.String(128), primary_key=True),
        sa.Column("table_name", sa.String(128), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),  # pg_get_indexdef's CREATE INDEX
        sa.Column("deferred_at", sa.DateTime(timezone=False), nullable=False),
    )


def downgrade() -> None:
    # The definitions would go with the table: build what is still set aside first.
    bind = op.get_bind()
    for (definition,) in bind.execute(sa.text("SELECT definition FROM deferred_indexes")):
        bind.execute(sa.text(definition))
    op.drop_table("deferred_indexes")
