"""A covering index for "voices labelled D by model M": the dashboard's voice list
filtered by a dimension. With it the filter reads only the matching index entries
(kind, label, model, score at or above the threshold) instead of every voice's label
row and the table behind it (0.7 s at a million voices on SQLite). Kind and label lead:
with the model first, SQLite chose this index for "the labels of these 20 voices" too
and scanned every label of the model (8 s) instead of using the primary key.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_voice_labels_label_version_score", "voice_labels",
                    ["kind", "label", "model_version", "score", "voice_id"])


def downgrade() -> None:
    op.drop_index("ix_voice_labels_label_version_score", "voice_labels")
