"""Accounts: users with passwords, login tokens, API keys for machines.

The API and the `vitalcore users|keys` commands both call these; the server secret
(ApiSettings.secret_key) keys the digests under which tokens and keys are stored.
Every change of an account or key (created, role changed, disabled, revoked) is
written to the audit log in the change's own transaction, naming who made it (`actor`,
`actor_role`); never a password or a key.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from vitalcore import store
from vitalcore.access.credentials import (
    digest,
    dummy_verify,
    hash_password,
    needs_rehash,
    new_api_key,
    new_token,
    verify_password,
)
from vitalcore.access.roles import parse_role
from vitalcore.store import Account, AuditEntry

MIN_PASSWORD_LENGTH = 12


def _entry(actor: str, actor_role: str, action: str, subject: str,
           **detail: object) -> AuditEntry:
    return AuditEntry(actor=actor, role=actor_role, action=action, subject=subject,
                      detail={k: v for k, v in detail.items() if v is not None})


def add_user(
    engine: Engine, *, username: str, password: str, role: str, source: str | None = None,
    actor: str = "unknown", actor_role: str = "admin",
) -> Account:
    """Create a user; ValueError for a weak password, an unknown role or a taken name."""
    parse_role(role)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if not username.strip() or len(username) > 64:
        raise ValueError("a username needs 1 to 64 characters")
    return store.add_user(
        engine, username=username.strip(), password_hash=hash_password(password), role=role,
        source=source, audit=_entry(actor, actor_role, "user_add", username.strip(),
                                    role=role, source=source),
    )


def set_role(engine: Engine, *, username: str, role: str, actor: str = "unknown",
             actor_role: str = "admin") -> str | None:
    """Change a user's role (their sessions end); the role they had, or None if no such
    user. ValueError for an unknown role."""
    parse_role(role)
    return store.set_role(engine, username, role, audit=_entry(
        actor, actor_role, "user_role", username, role=role))


def disable_user(engine: Engine, *, username: str, actor: str = "unknown",
                 actor_role: str = "admin") -> bool:
    """Disable a user and end their sessions; False when no such user."""
    return store.disable_user(engine, username,
                              audit=_entry(actor, actor_role, "user_disable", username))


def revoke_api_key(engine: Engine, *, key_id: str, actor: str = "unknown",
                   actor_role: str = "admin") -> bool:
    """Revoke an API key at once; False when no such active key."""
    return store.revoke_api_key(engine, key_id,
                                audit=_entry(actor, actor_role, "key_revoke", key_id))


def login(
    engine: Engine, *, secret_key: str, username: str, password: str, ttl: timedelta
) -> tuple[str, datetime] | None:
    """(token, expiry) for a right password of an enabled user, else None."""
    found = store.user_credentials(engine, username)
    if found is None:
        dummy_verify()
        return None
    account, password_hash = found
    if not verify_password(password_hash, password) or account.disabled:
        return None
    if needs_rehash(password_hash):
        store.set_password_hash(engine, account.id, hash_password(password))
    token = new_token()
    expires = datetime.now(UTC).replace(tzinfo=None) + ttl
    store.add_token(engine, user_id=account.id, token_hash=digest(secret_key, token),
                    expires_at=expires)
    return token, expires


def logout(engine: Engine, *, secret_key: str, token: str) -> None:
    store.revoke_token(engine, digest(secret_key, token))


def create_api_key(
    engine: Engine, *, secret_key: str, name: str, role: str, source: str | None = None,
    actor: str = "unknown", actor_role: str = "admin",
) -> tuple[Account, str]:
    """(the key's account, the full key): the key is shown once and stored only hashed."""
    parse_role(role)
    key_id, key = new_api_key()
    account = store.add_api_key(
        engine, key_id=key_id, key_hash=digest(secret_key, key), name=name, role=role,
        source=source, audit=_entry(actor, actor_role, "key_create", key_id, name=name,
                                    role=role, source=source),
    )
    return account, key


def authenticate(engine: Engine, *, secret_key: str, credential: str) -> Account | None:
    """The account behind a bearer token or an API key, or None."""
    hashed = digest(secret_key, credential)
    if credential.startswith("vck_"):
        return store.account_for_key(engine, hashed)
    return store.account_for_token(engine, hashed)
