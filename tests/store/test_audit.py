"""The audit log is append-only in the database itself, on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from vitalcore import store
from vitalcore.store import AuditEntry


def test_entries_can_be_added_and_listed(engine: Engine) -> None:
    first = store.write_audit(engine, AuditEntry(actor="key:a", role="analyst",
                                                 action="export", subject="voices"))
    second = store.write_audit(engine, AuditEntry(actor="user:b", role="protection_officer",
                                                  action="reveal_contact", subject="r-x",
                                                  reason="referral"))
    entries, total = store.list_audit(engine)
    assert total == 2 and [e["id"] for e in entries] == [second, first]


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET reason = 'nothing happened'",
    "DELETE FROM audit_log",
])
def test_update_and_delete_fail(engine: Engine, statement: str) -> None:
    store.write_audit(engine, AuditEntry(actor="key:a", role="analyst", action="export"))
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement))
    entries, total = store.list_audit(engine)
    assert total == 1 and entries[0]["reason"] is None
