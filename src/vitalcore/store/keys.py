"""Which privacy key a store was written with: its fingerprint, checked on every open.

Pseudonyms are keyed hashes and contacts are encrypted with the key, so a store opened
with a different (but valid) key would silently give known reporters new pseudonyms,
fail every reveal, and record `found: true` for reveals it could not do. The first open
with a key records its fingerprint (privacy.key_fingerprint: 16 hex digits under their
own HKDF purpose, telling nothing about the key); any later open with another key is
refused.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, select

from vitalcore.errors import StoreKeyMismatch
from vitalcore.store.schema import store_key

__all__ = ["StoreKeyMismatch", "check_key_fingerprint"]


def check_key_fingerprint(engine: Engine, fingerprint: str) -> None:
    """Record the fingerprint on first use; raise StoreKeyMismatch when it differs."""
    with engine.connect() as conn:
        known = conn.scalar(select(store_key.c.fingerprint).limit(1))
    if known is None:
        with engine.begin() as conn:
            # Two first opens at once: the second insert finds the row and compares.
            if conn.scalar(select(store_key.c.fingerprint).limit(1)) is None:
                conn.execute(store_key.insert().values(
                    fingerprint=fingerprint, recorded_at=datetime.now(UTC).replace(tzinfo=None)))
            known = conn.scalar(select(store_key.c.fingerprint).limit(1))
    if known != fingerprint:
        raise StoreKeyMismatch(
            f"this store was written with the privacy key {known}, not the key in use "
            f"({fingerprint}); set $VITALCORE_KEY_FILE to the store's key (fingerprints, "
            "not keys, are shown)")
