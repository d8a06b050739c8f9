"""Backup and restore of the store, each one written to the audit log.

A backup holds everything the store holds (pseudonymised voices, encrypted contacts),
so it is audited like an export. The privacy key is never in it: keep the key's own
backup apart (docs/security.md).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from vitalcore import store
from vitalcore.store import AuditEntry, erasure
from vitalcore.workflow.protection import erase


def backup_store(engine: Engine, path: str | Path, *, actor: str) -> Path:
    """Write a backup to `path`, after recording it in the audit log (so the backup
    itself holds the record of its making)."""
    target = Path(path)
    store.write_audit(engine, AuditEntry(actor=actor, role="admin", action="backup",
                                         subject=target.name))
    return store.backup(engine, target)


def restore_store(engine: Engine, path: str | Path, *, actor: str) -> None:
    """Replace the store with a backup, then record the restore in the restored log.

    Erasures made since the backup was taken stay in force: the register of erasures is
    read before the restore, put back after it, and every erasure in it is applied
    again to the restored data (an older backup would otherwise bring an erased reporter
    back), with the traces purged as `forget` purges them.
    """
    source = Path(path)
    register = erasure.register_rows(engine)
    store.restore(engine, source)
    erasure.merge_register(engine, register)
    for row in erasure.register_rows(engine):
        erase(engine, row["pseudonym"], voices=bool(row["voices"]), at=row["erased_at"])
    purged = erasure.purge_traces(engine) if register else []
    store.write_audit(engine, AuditEntry(
        actor=actor, role="admin", action="restore", subject=source.name,
        detail={"erasures_applied_again": len(register), "purged": purged}))
