"""Administration: users, API keys, the settings in force, the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from vitalcore import workflow
from vitalcore.api.deps import Admin, Auditor, EngineDep, SettingsDep
from vitalcore.api.schemas import (
    AccountPublic,
    AuditPage,
    AuditPublic,
    KeyCreate,
    KeyCreated,
    SettingsPublic,
    UserCreate,
)
from vitalcore.workflow import Account, accounts

router = APIRouter(prefix="/admin", tags=["admin"])


def _by(account: Account) -> dict[str, str]:
    """Who makes an account change, for its audit entry."""
    return {"actor": f"{account.kind}:{account.name}", "actor_role": account.role}


@router.get("/users", response_model=list[AccountPublic])
def list_users(account: Admin, engine: EngineDep) -> list[AccountPublic]:
    """Every user with role, source scope and whether disabled."""
    return [AccountPublic(**vars(u)) for u in workflow.list_users(engine)]


@router.post("/users", response_model=AccountPublic, status_code=201)
def add_user(body: UserCreate, account: Admin, engine: EngineDep) -> AccountPublic:
    """Create a user (password of 12+ characters)."""
    try:
        user = accounts.add_user(engine, username=body.username, password=body.password,
                                 role=body.role, source=body.source, **_by(account))
    except workflow.DuplicateUser as err:
        raise HTTPException(409, str(err)) from None
    except ValueError as err:
        raise HTTPException(422, str(err)) from None
    return AccountPublic(**vars(user))


@router.post("/users/{username}/disable", status_code=204)
def disable_user(username: str, account: Admin, engine: EngineDep) -> None:
    """Disable a user and end their sessions."""
    if not accounts.disable_user(engine, username=username, **_by(account)):
        raise HTTPException(404, f"no user {username!r}")


@router.get("/keys", response_model=list[AccountPublic])
def list_keys(account: Admin, engine: EngineDep) -> list[AccountPublic]:
    """Every API key by id (never the key itself); revoked ones are disabled."""
    return [AccountPublic(**vars(k)) for k in workflow.list_api_keys(engine)]


@router.post("/keys", response_model=KeyCreated, status_code=201)
def create_key(body: KeyCreate, account: Admin, engine: EngineDep,
               settings: SettingsDep) -> KeyCreated:
    """Create an API key scoped to a role and optionally a source; the key is shown once."""
    created, key = accounts.create_api_key(
        engine, secret_key=settings.secret_key, name=body.name, role=body.role,
        source=body.source, **_by(account),
    )
    return KeyCreated(**vars(created), key=key)


@router.post("/keys/{key_id}/revoke", status_code=204)
def revoke_key(key_id: str, account: Admin, engine: EngineDep) -> None:
    """Revoke an API key at once."""
    if not accounts.revoke_api_key(engine, key_id=key_id, **_by(account)):
        raise HTTPException(404, f"no active key {key_id!r}")


@router.get("/settings", response_model=SettingsPublic)
def settings_in_force(account: Admin, settings: SettingsDep) -> SettingsPublic:
    """The service's settings, without its secret."""
    return SettingsPublic(
        environment=settings.environment, token_ttl_minutes=settings.token_ttl_minutes,
        max_body_bytes=settings.max_body_bytes, max_batch=settings.max_batch,
        rate_per_minute=settings.rate_per_minute, rate_burst=settings.rate_burst,
        min_cell_count=settings.min_cell_count, cors_origins=list(settings.cors_origins),
    )


@router.get("/audit", response_model=AuditPage)
def audit(
    account: Auditor,
    engine: EngineDep,
    action: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> AuditPage:
    """The audit log, newest first: reveals, exports and erasures."""
    rows, total = workflow.list_audit(engine, action=action, limit=limit, offset=offset)
    return AuditPage(total=total, items=[AuditPublic(**r) for r in rows])
