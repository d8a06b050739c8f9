"""Sign in and out: password login gives an expiring bearer token."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, HTTPException, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from vitalcore.api.deps import AnyRole, EngineDep, SettingsDep
from vitalcore.api.limits import sign_in_wait
from vitalcore.api.schemas import AccountPublic, LoginCreate, TokenPublic
from vitalcore.workflow import accounts

router = APIRouter(prefix="/auth", tags=["auth"])
_bearer = HTTPBearer(auto_error=False)


@router.post("/token", response_model=TokenPublic)
def login(body: LoginCreate, request: Request, engine: EngineDep,
          settings: SettingsDep) -> TokenPublic:
    """Exchange a username and password for a bearer token that expires."""
    client = request.client.host if request.client else "unknown"
    # Throttle guesses per client address and username as well as argon2's own cost.
    wait = sign_in_wait(request.app.state, client, body.username)
    if wait:
        raise HTTPException(429, "too many sign-in attempts; wait and retry",
                            headers={"Retry-After": str(math.ceil(wait))})
    issued = accounts.login(
        engine, secret_key=settings.secret_key, username=body.username,
        password=body.password, ttl=timedelta(minutes=settings.token_ttl_minutes),
    )
    if issued is None:
        raise HTTPException(401, "wrong username or password, or the user is disabled")
    token, expires = issued
    return TokenPublic(access_token=token, expires_at=expires)


@router.post("/logout", status_code=204)
def logout(
    account: AnyRole,
    engine: EngineDep,
    settings: SettingsDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> None:
    """End this token's session at once (API keys are revoked by an admin instead)."""
    if bearer is not None:
        accounts.logout(engine, secret_key=settings.secret_key, token=bearer.credentials)


@router.get("/me", response_model=AccountPublic)
def me(account: AnyRole) -> AccountPublic:
    """Who this token or key acts as."""
    return AccountPublic(**vars(account))
