"""Ingest privacy and provenance: reporter contacts and original texts (encrypted),
event attributes, and what a quarantined record needs to be retried.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reporter_contacts",
        sa.Column("pseudonym", sa.String(32), primary_key=True),
        sa.Column("contact_encrypted", sa.LargeBinary, nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=False), nullable=False),
    )
    op.create_table(
        "voice_originals",
        sa.Column("voice_id", sa.String(32), primary_key=True),
        sa.Column("text_encrypted", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "voice_attributes",
        sa.Column("voice_id", sa.String(32), primary_key=True),
        sa.Column("attributes", sa.JSON, nullable=False),
    )
    op.create_table(
        "quarantine_details",
        sa.Column("quarantine_id", sa.String(32), primary_key=True),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("mapping", sa.Text, nullable=False),
        sa.Column("channel", sa.String(32)),
        sa.Column("source", sa.Text),
        sa.Column("raw_encrypted", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    for table in ("quarantine_details", "voice_attributes", "voice_originals",
                  "reporter_contacts"):
        op.drop_table(table)
