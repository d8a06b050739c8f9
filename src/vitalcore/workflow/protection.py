"""Protection of the people who speak: audited reveal of a contact, and erasure.

A protection officer may need to call a reporter back (a threat to their life, a
referral): `reveal_contact` decrypts the contact only with a stated reason, and only
after the audit entry is committed, so there is no reveal without its record.
`forget_reporter` erases a reporter's contact (and, when asked, their voices with their
classifications) and records that it did, naming only the pseudonym.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Engine

from vitalcore import privacy, store
from vitalcore.store import Account, AuditEntry
from vitalcore.store import privacy as privacy_store
from vitalcore.store.erasure import erase_voice_dependents, purge_traces


class NotFound(LookupError):
    """No contact is held for that pseudonym."""


def reveal_contact(
    engine: Engine, *, account: Account, reporter: str, reason: str, key: bytes
) -> tuple[dict[str, str], int]:
    """(contact fields as the source named them, audit id); every attempt is audited."""
    token = privacy_store.contact_token(engine, reporter)
    audit_id = store.write_audit(engine, AuditEntry(
        actor=f"{account.kind}:{account.name}", role=account.role, action="reveal_contact",
        subject=reporter, reason=reason, detail={"found": token is not None},
    ))
    if token is None:
        raise NotFound(f"no contact is held for reporter {reporter!r}")
    text = privacy.decrypt(token, key)
    try:
        fields = json.loads(text)
    except json.JSONDecodeError:
        fields = None
    if not isinstance(fields, dict):
        fields = {"contact": text}
    return {str(k): str(v) for k, v in fields.items()}, audit_id


def forget_reporter(
    engine: Engine, *, reporter: str, voices: bool, actor: str, reason: str | None = None
) -> dict[str, int]:
    """Erase a reporter's contact (and voices when asked); return the counts erased.

    With `voices`, what other stages derived from the voices (corrections, details...)
    goes first; if the second step fails, running forget again finishes the erasure.
    Then no copy is left in the store's files: full-text index, free pages, WAL
    (store/erasure.py: purge_traces).
    """
    counts = erase(engine, reporter, voices=voices)
    traces = purge_traces(engine)
    store.write_audit(engine, AuditEntry(
        actor=actor, role="admin", action="forget", subject=reporter, reason=reason,
        detail={"voices": voices, **counts, "purged": traces},
    ))
    return counts


def erase(engine: Engine, reporter: str, *, voices: bool,
          at: datetime | None = None) -> dict[str, int]:
    """The erasure itself (no audit, no purge): dependents, then contact, originals,
    quarantined records and, with `voices`, the voices. Returns counts per table."""
    counts: dict[str, int] = erase_voice_dependents(engine, reporter) if voices else {}
    for name, n in privacy_store.forget_reporter(engine, reporter, voices=voices,
                                                 at=at).items():
        counts[name] = counts.get(name, 0) + n
    return counts
