"""Secrets: argon2 for passwords, keyed digests for random tokens and API keys.

Login tokens are random opaque strings (256 bits), not signed tokens: the database holds
only HMAC-SHA256(server secret, token), so a token can be revoked at once (logout,
disabled user) and a stolen database copy holds nothing that opens a session. Random
secrets of that size need no slow hash; passwords, which people choose, get argon2id.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

KEY_PREFIX = "vck"
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash with the library's current recommended parameters."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches; never raises on a wrong password."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def digest(secret_key: str, value: str) -> str:
    """The keyed digest stored in place of a token or key."""
    return hmac.new(secret_key.encode(), value.encode(), hashlib.sha256).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_api_key() -> tuple[str, str]:
    """(key id, full key). The id is public (lists, logs); the full key is shown once."""
    key_id = secrets.token_hex(6)
    return key_id, f"{KEY_PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"


def dummy_verify() -> None:
    """Spend an argon2 verification on an unknown username, so timing does not tell
    which usernames exist."""
    verify_password(_dummy_hash(), "not-the-password")


@cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))
