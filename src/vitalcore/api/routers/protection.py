"""Protection officers: reveal a reporter's contact, with a reason, audited."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from vitalcore.api.deps import EngineDep, KeyDep, Revealer
from vitalcore.api.schemas import ContactPublic, RevealCreate
from vitalcore.workflow.protection import NotFound, reveal_contact

router = APIRouter(prefix="/protection", tags=["protection"])


@router.post("/reveal", response_model=ContactPublic)
def reveal(body: RevealCreate, account: Revealer, engine: EngineDep,
           key: KeyDep) -> ContactPublic:
    """Decrypt one reporter's contact. The reason and the officer go to the audit log first."""
    try:
        contact, audit_id = reveal_contact(
            engine, account=account, reporter=body.reporter, reason=body.reason, key=key
        )
    except NotFound as err:
        raise HTTPException(404, str(err)) from None
    return ContactPublic(reporter=body.reporter, contact=contact, audit_id=audit_id)
