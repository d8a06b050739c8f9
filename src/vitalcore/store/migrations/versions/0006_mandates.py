"""Mandates: parsed Security Council resolutions, their paragraphs and tasks.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
# feat/law-mandate merged feat/simulate, which carries issue 5's 0004; chaining after it
# keeps one head. The integrator rechains all migrations linearly.
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mandates",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("symbol", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("number", sa.Integer),
        sa.Column("year", sa.Integer),
        sa.Column("adopted_on", sa.Date),
        sa.Column("meeting", sa.Integer),
        sa.Column("mission", sa.String(32)),
        sa.Column("troop_ceiling", sa.Integer),
        sa.Column("police_ceiling", sa.Integer),
        sa.Column("mandate_until", sa.Date),
        sa.Column("source_file", sa.Text, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=False), nullable=False),
    )
    op.create_index("ix_mandates_mission", "mandates", ["mission", "adopted_on"])
    op.create_table(
        "mandate_paragraphs",
        sa.Column("mandate_id", sa.String(32), sa.ForeignKey("mandates.id"), primary_key=True),
        sa.Column("number", sa.String(32), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("part", sa.String(16), nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("parent", sa.String(32)),
        sa.Column("verb", sa.String(32)),
        sa.Column("priority", sa.Boolean, nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "mandate_tasks",
        sa.Column("mandate_id", sa.String(32), sa.ForeignKey("mandates.id"), primary_key=True),
        sa.Column("task_id", sa.String(32), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("paragraph", sa.String(32), nullable=False),
        sa.Column("verb", sa.String(32)),
        sa.Column("priority", sa.Boolean, nullable=False),
        sa.Column("weight", sa.Float, nullable=False),
        sa.Column("heading", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("categories", sa.JSON, nullable=False),
        sa.Column("dimensions", sa.JSON, nullable=False),
        sa.Column("threat_types", sa.JSON, nullable=False),
        sa.Column("groups", sa.JSON, nullable=False),
        sa.Column("evidence", sa.JSON, nullable=False),
        sa.Column("model_version", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("mandate_tasks")
    op.drop_table("mandate_paragraphs")
    op.drop_index("ix_mandates_mission", table_name="mandates")
    op.drop_table("mandates")
