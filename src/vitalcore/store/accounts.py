"""Users, login tokens and API keys. Only hashes of secrets ever reach these tables.

The functions take hashes computed by the caller (api/security.py), so the store never
sees a password, a token or a key in clear.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, delete, select, update

from vitalcore.store.audit import AuditEntry, write_audit
from vitalcore.store.schema import api_keys, auth_tokens, users


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Account:
    """Who a request acts as: a user or an API key, with its role and source scope."""

    kind: str  # 'user' or 'key'
    id: str
    name: str
    role: str
    source: str | None
    disabled: bool = False


class DuplicateUser(ValueError):
    """A username that is already taken."""


def _audit(conn: Connection, entry: AuditEntry | None) -> None:
    # In the change's own transaction: no change without its record, and no record of a
    # change that did not happen.
    if entry is not None:
        write_audit(conn, entry)


def add_user(
    engine: Engine, *, username: str, password_hash: str, role: str, source: str | None = None,
    audit: AuditEntry | None = None,
) -> Account:
    """Create a user; raise DuplicateUser when the name is taken. `audit` is written in
    the same transaction."""
    with engine.begin() as conn:
        if conn.scalar(select(users.c.id).where(users.c.username == username)):
            raise DuplicateUser(f"user {username!r} exists already")
        user_id = uuid.uuid4().hex
        conn.execute(
            users.insert().values(
                id=user_id, username=username, password_hash=password_hash, role=role,
                source=source, disabled=False, created_at=_now(),
            )
        )
        _audit(conn, audit)
    return Account("user", user_id, username, role, source)


def _account(row) -> Account:  # noqa: ANN001 - a Row of the users table
    return Account("user", row.id, row.username, row.role, row.source, row.disabled)


def list_users(engine: Engine) -> list[Account]:
    """Every user, by name."""
    with engine.connect() as conn:
        rows = conn.execute(select(users).order_by(users.c.username)).all()
    return [_account(r) for r in rows]


def user_credentials(engine: Engine, username: str) -> tuple[Account, str] | None:
    """(account, argon2 hash) for a username, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username == username)).first()
    return (_account(row), row.password_hash) if row else None


def set_password_hash(engine: Engine, user_id: str, password_hash: str) -> None:
    """Replace a user's hash (argon2 parameters were raised since it was made)."""
    with engine.begin() as conn:
        conn.execute(update(users).where(users.c.id == user_id).values(password_hash=password_hash))


def disable_user(engine: Engine, username: str, *, audit: AuditEntry | None = None) -> bool:
    """Disable a user and end their sessions; False when no such user."""
    with engine.begin() as conn:
        user_id = conn.scalar(select(users.c.id).where(users.c.username == username))
        if user_id is None:
            return False
        conn.execute(update(users).where(users.c.id == user_id).values(disabled=True))
        conn.execute(delete(auth_tokens).where(auth_tokens.c.user_id == user_id))
        _audit(conn, audit)
    return True


def set_role(engine: Engine, username: str, role: str, *,
             audit: AuditEntry | None = None) -> str | None:
    """Give a user another role and end their sessions (the old role's token must not
    outlive it); returns the role they had, or None when no such user."""
    with engine.begin() as conn:
        row = conn.execute(select(users.c.id, users.c.role)
                           .where(users.c.username == username)).first()
        if row is None:
            return None
        conn.execute(update(users).where(users.c.id == row.id).values(role=role))
        conn.execute(delete(auth_tokens).where(auth_tokens.c.user_id == row.id))
        _audit(conn, audit)
    return row.role


def add_token(engine: Engine, *, user_id: str, token_hash: str, expires_at: datetime) -> None:
    """Remember a login token (by hash) until it expires; drops the user's expired ones."""
    now = _now()
    with engine.begin() as conn:
        conn.execute(
            delete(auth_tokens).where(
                (auth_tokens.c.user_id == user_id) & (auth_tokens.c.expires_at <= now)
            )
        )
        conn.execute(
            auth_tokens.insert().values(
                token_hash=token_hash, user_id=user_id, created_at=now, expires_at=expires_at
            )
        )


def account_for_token(engine: Engine, token_hash: str) -> Account | None:
    """The enabled user whose unexpired token has this hash, or None."""
    stmt = (
        select(users)
        .join(auth_tokens, auth_tokens.c.user_id == users.c.id)
        .where(auth_tokens.c.token_hash == token_hash)
        .where(auth_tokens.c.expires_at > _now())
        .where(users.c.disabled.is_(False))
    )
    with engine.connect() as conn:
        row = conn.execute(stmt).first()
    return _account(row) if row else None


def revoke_token(engine: Engine, token_hash: str) -> None:
    """End one session (logout)."""
    with engine.begin() as conn:
        conn.execute(delete(auth_tokens).where(auth_tokens.c.token_hash == token_hash))


def add_api_key(
    engine: Engine, *, key_id: str, key_hash: str, name: str, role: str, source: str | None,
    audit: AuditEntry | None = None,
) -> Account:
    """Store a new API key by hash."""
    with engine.begin() as conn:
        conn.execute(
            api_keys.insert().values(
                id=key_id, key_hash=key_hash, name=name, role=role, source=source,
                created_at=_now(), revoked_at=None,
            )
        )
        _audit(conn, audit)
    return Account("key", key_id, name, role, source)


def _key_account(row) -> Account:  # noqa: ANN001 - a Row of the api_keys table
    return Account("key", row.id, row.name, row.role, row.source, row.revoked_at is not None)


def account_for_key(engine: Engine, key_hash: str) -> Account | None:
    """The unrevoked API key with this hash, or None."""
    stmt = select(api_keys).where(api_keys.c.key_hash == key_hash, api_keys.c.revoked_at.is_(None))
    with engine.connect() as conn:
        row = conn.execute(stmt).first()
    return _key_account(row) if row else None


def list_api_keys(engine: Engine) -> list[Account]:
    """Every API key (revoked ones have disabled=True), newest last."""
    with engine.connect() as conn:
        rows = conn.execute(select(api_keys).order_by(api_keys.c.created_at)).all()
    return [_key_account(r) for r in rows]


def revoke_api_key(engine: Engine, key_id: str, *, audit: AuditEntry | None = None) -> bool:
    """Revoke a key by its id; False when no such unrevoked key."""
    with engine.begin() as conn:
        result = conn.execute(
            update(api_keys)
            .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
            .values(revoked_at=_now())
        )
        if result.rowcount == 1:
            _audit(conn, audit)
    return result.rowcount == 1
