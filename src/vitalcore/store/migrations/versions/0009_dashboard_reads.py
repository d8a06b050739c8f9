"""Indexes for the reads the dashboard makes on every request: the data version
(newest ingest), the newest voice and the latest model. Without them each is a scan of
every voice or classification (about 0.1 s each at a million voices, on SQLite).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_voices_ingested_at", "voices", ["ingested_at"])
    op.create_index("ix_voices_occurred_at", "voices", ["occurred_at"])
    op.create_index("ix_classifications_created_at", "classifications", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_classifications_created_at", "classifications")
    op.drop_index("ix_voices_occurred_at", "voices")
    op.drop_index("ix_voices_ingested_at", "voices")
