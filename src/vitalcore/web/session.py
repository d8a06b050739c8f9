"""Signing in to the dashboard: the API's expiring tokens, carried in a cookie.

The cookie is HttpOnly (no script can read it) and SameSite=Strict (no other site can
make the browser send it), and every form also carries a CSRF token derived from the
session, so a forged POST fails even where SameSite is not honoured.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy import Engine

from vitalcore.access.roles import Role
from vitalcore.workflow import Account
from vitalcore.workflow.accounts import authenticate

COOKIE = "vitalcore_session"


@dataclass(frozen=True)
class Visitor:
    """Who is looking at a page: an account, or nobody (the community page only)."""

    account: Account | None
    token: str | None

    @property
    def role(self) -> Role | None:
        return Role(self.account.role) if self.account else None

    def csrf(self, secret_key: str) -> str:
        """The CSRF token of this session (empty when signed out)."""
        if not self.token:
            return ""
        mac = hmac.new(secret_key.encode(), b"csrf:" + self.token.encode(), hashlib.sha256)
        return mac.hexdigest()[:32]


def visitor(request: Request, engine: Engine, secret_key: str) -> Visitor:
    """The signed-in account behind the session cookie, if any and still valid."""
    token = request.cookies.get(COOKIE)
    if not token or len(token) > 200:
        return Visitor(None, None)
    account = authenticate(engine, secret_key=secret_key, credential=token)
    if account is None or account.disabled or account.kind != "user":
        return Visitor(None, None)
    return Visitor(account, token)


def csrf_ok(visitor_: Visitor, secret_key: str, sent: str | None) -> bool:
    expected = visitor_.csrf(secret_key)
    return bool(expected) and sent is not None and hmac.compare_digest(expected, sent)
