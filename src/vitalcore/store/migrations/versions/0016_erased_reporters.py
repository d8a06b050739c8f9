"""The register of erasures: a file or partition loaded again must not bring back a
reporter that `vitalcore forget` erased.

Ingest is idempotent, so operators re-run it on the same files; before this register a
re-run stored the erased contact again (it is inserted beside every record of the
reporter, duplicates included), and after `forget --voices` the voices, their
originals and the contact all came back. The erasure now leaves its pseudonym, mode and
date here, and ingest and scale load withhold what it covers (store/erasure.py).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    register = op.create_table(
        "erased_reporters",
        sa.Column("pseudonym", sa.String(32), primary_key=True),
        sa.Column("voices", sa.Boolean(), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=False), nullable=False),
    )
    # Erasures done before this migration are in the audit log ("forget", the pseudonym
    # as subject, the mode in detail): the register starts with them.
    audit = sa.table("audit_log", sa.column("at", sa.DateTime()), sa.column("action"),
                     sa.column("subject"), sa.column("detail", sa.JSON()))
    erased: dict[str, dict] = {}
    for at, subject, detail in op.get_bind().execute(
        sa.select(audit.c.at, audit.c.subject, audit.c.detail)
        .where(audit.c.action == "forget").order_by(audit.c.at)
    ):
        if not subject:
            continue
        before = erased.get(subject, {"voices": False})
        voices = bool((detail or {}).get("voices")) or before["voices"]
        erased[subject] = {"pseudonym": subject, "voices": voices, "erased_at": at}
    if erased:
        op.bulk_insert(register, list(erased.values()))


def downgrade() -> None:
    op.drop_table("erased_reporters")
