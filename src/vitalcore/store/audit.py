"""The audit log: one row per reveal of personal data, export and erasure.

The table is append-only in the database itself (triggers of migration 0007), so even
code with a bug, or a person with a SQL prompt and the application's credentials,
cannot quietly rewrite who saw whom.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from vitalcore.store.schema import audit_log


@dataclass(frozen=True)
class AuditEntry:
    """What happened, who did it, about what, and why."""

    actor: str
    role: str
    action: str  # 'reveal_contact', 'reveal_original', 'export', 'forget', ...
    subject: str | None = None
    reason: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


def write_audit(target: Engine | Connection, entry: AuditEntry) -> int:
    """Append an entry; return its id. Pass a Connection to share the caller's transaction."""
    values = {
        "at": datetime.now(UTC).replace(tzinfo=None),
        "actor": entry.actor,
        "role": entry.role,
        "action": entry.action,
        "subject": entry.subject,
        "reason": entry.reason,
        "detail": entry.detail,
    }
    if isinstance(target, Connection):
        return target.execute(audit_log.insert().values(**values)).inserted_primary_key[0]
    with target.begin() as conn:
        return conn.execute(audit_log.insert().values(**values)).inserted_primary_key[0]


def list_audit(
    engine: Engine, *, action: str | None = None, limit: int = 100, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """(entries newest first, total count), optionally of one action."""
    stmt = select(audit_log)
    count = select(func.count()).select_from(audit_log)
    if action:
        stmt = stmt.where(audit_log.c.action == action)
        count = count.where(audit_log.c.action == action)
    stmt = stmt.order_by(audit_log.c.id.desc()).limit(limit).offset(offset)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(stmt)]
        total = conn.scalar(count) or 0
    return rows, total
