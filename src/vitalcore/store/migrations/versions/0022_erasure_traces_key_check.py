"""Security review: quarantined records name their reporter's pseudonym, so an erasure
reaches them (H1, L6); the store remembers the fingerprint of its privacy key, so a
different key is refused at open instead of silently making new pseudonyms (M3).

Quarantined records written before this migration have no pseudonym (their raw fields
are encrypted; reading them needs the key, which a migration does not hold):
`vitalcore forget` cannot find them. docs/security.md says how to purge them by file.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("quarantine", sa.Column("reporter", sa.String(32)))
    op.create_index("ix_quarantine_reporter", "quarantine", ["reporter"])
    op.create_table(
        "store_key",
        sa.Column("fingerprint", sa.String(16), primary_key=True),
        sa.Column("recorded_at", sa.DateTime(timezone=False), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("store_key")
    op.drop_index("ix_quarantine_reporter", table_name="quarantine")
    op.drop_column("quarantine", "reporter")
