"""Drop the (kind, label) index of the voice labels: the covering index of migration
0011 (kind, label, model_version, score, voice_id) starts with the same two columns and
serves every query it served.

Why: each index is maintained by every write of label rows (seven or more per voice).
At a million voices this one took 21 s to build and its upkeep is part of every bulk
load (BENCHMARKS.md, issue 12: the PostgreSQL load is bounded by index maintenance).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_voice_labels_kind_label", "voice_labels")


def downgrade() -> None:
    op.create_index("ix_voice_labels_kind_label", "voice_labels", ["kind", "label"])
