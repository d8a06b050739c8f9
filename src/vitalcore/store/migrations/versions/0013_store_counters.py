"""Counters for the dashboard's data version: a delete of voices bumps `voices_deleted`.

The data version counted the voices on every page request, which at a million voices
cost 0.03 s with the index in memory and 0.24 s without. Inserts are seen without a
count (SQLite: the highest rowid; PostgreSQL: the newest ingest time and the id range
with the count kept, as PostgreSQL was not the bottleneck measured), deletes through
this counter, which a trigger keeps: per row on SQLite (deletes are rare: erasure, a
replaced scale partition), per statement on PostgreSQL.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION store_count_voice_deletes() RETURNS trigger AS $$
BEGIN
    UPDATE store_counters SET value = value + 1 WHERE name = 'voices_deleted';
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    counters = op.create_table(
        "store_counters",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.BigInteger(), nullable=False),
    )
    op.bulk_insert(counters, [{"name": "voices_deleted", "value": 0}])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        for event in ("DELETE", "TRUNCATE"):
            op.execute(f"CREATE TRIGGER voices_{event.lower()}_counted AFTER {event} ON voices "
                       "FOR EACH STATEMENT EXECUTE FUNCTION store_count_voice_deletes()")
    else:
        op.execute("CREATE TRIGGER voices_delete_counted AFTER DELETE ON voices BEGIN "
                   "UPDATE store_counters SET value = value + 1 "
                   "WHERE name = 'voices_deleted'; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for event in ("delete", "truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS voices_{event}_counted ON voices")
        op.execute("DROP FUNCTION IF EXISTS store_count_voice_deletes()")
    else:
        op.execute("DROP TRIGGER IF EXISTS voices_delete_counted")
    op.drop_table("store_counters")
