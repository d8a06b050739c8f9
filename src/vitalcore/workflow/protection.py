"""Protection of the people who speak: audited reveal of a contact, and erasure.

A protection officer may need to call a reporter back (a threat to their life, a
referral): `reveal_contact` decrypts the contact only with a stated reason, and only
after the audit entry is committed, so there is no reveal without its record.
`forget_reporter` erases a reporter's contact (and, when asked, their voices with their
classifications) and records that it did, naming only the pseudonym.
"""

from __future__ import annotations

import json

from sqlalchemy import Engine

from vitalcore import privacy, store
from vitalcore.store import Account, AuditEntry
from vitalcore.store import privacy as privacy_store


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
    """Erase a reporter's contact (and voices when asked); return the counts erased."""
    counts = privacy_store.forget_reporter(engine, reporter, voices=voices)
    store.write_audit(engine, AuditEntry(
        actor=actor, role="admin", action="forget", subject=reporter, reason=reason,
        detail={"voices": voices, **counts},
    ))
    return counts
