"""Dependencies as named aliases: EngineDep, SettingsDep, CurrentAccount, and one alias
per permission set (Submitter, Reader, ...) so a router says who may call it in its
signature."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from vitalcore.access import roles
from vitalcore.access.roles import Role
from vitalcore.api.limits import TokenBuckets
from vitalcore.api.settings import ApiSettings
from vitalcore.workflow import Account
from vitalcore.workflow.accounts import authenticate

_bearer = HTTPBearer(auto_error=False, description="Login token from POST /auth/token")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="API key of a machine")


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


def get_settings(request: Request) -> ApiSettings:
    return request.app.state.settings


def get_privacy_key(request: Request) -> bytes:
    return request.app.state.privacy_key


EngineDep = Annotated[Engine, Depends(get_engine)]
KeyDep = Annotated[bytes, Depends(get_privacy_key)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]


def current_account(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
    api_key: Annotated[str | None, Security(_api_key)],
) -> Account:
    """The signed-in account, rate limited; 401 without valid credentials, 429 when fast."""
    credential = api_key or (bearer.credentials if bearer else None)
    account = (
        authenticate(engine, secret_key=settings.secret_key, credential=credential)
        if credential else None
    )
    if account is None:
        raise HTTPException(
            401, "sign in: send 'Authorization: Bearer <token>' or 'X-API-Key: <key>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    buckets: TokenBuckets = request.app.state.buckets
    wait = buckets.take(f"{account.kind}:{account.id}")
    if wait:
        raise HTTPException(429, "too many requests for this account; slow down",
                            headers={"Retry-After": str(math.ceil(wait))})
    return account


CurrentAccount = Annotated[Account, Depends(current_account)]


def require_role(allowed: frozenset[Role]):  # noqa: ANN201 - a FastAPI dependency
    """A dependency that admits only accounts whose role is in `allowed` (else 403)."""

    def check(account: CurrentAccount) -> Account:
        if account.role not in allowed:
            names = ", ".join(sorted(r.value for r in allowed))
            raise HTTPException(403, f"role {account.role!r} may not do this (needs: {names})")
        return account

    return Depends(check)


Submitter = Annotated[Account, require_role(roles.SUBMIT)]
Reader = Annotated[Account, require_role(roles.READ)]
Labeller = Annotated[Account, require_role(roles.LABEL)]
Exporter = Annotated[Account, require_role(roles.EXPORT)]
Revealer = Annotated[Account, require_role(roles.REVEAL)]
Admin = Annotated[Account, require_role(roles.ADMINISTER)]
Auditor = Annotated[Account, require_role(roles.AUDIT)]
AnyRole = Annotated[Account, require_role(roles.SIGNED_IN)]
