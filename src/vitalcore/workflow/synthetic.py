"""Synthetic stores: what `vitalcore demo` builds, and how it is served in one step.

A store that `vitalcore demo` filled is marked `synthetic` and records where the demo's
own privacy key lies. Such a store may be served with a secret generated for the run and
that key, and it gets a demo analyst whose password is new at every start. A store
without the mark holds real testimonies: it gets none of this and keeps refusing default
secrets (api/settings.py).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from vitalcore import privacy, store
from vitalcore.access.credentials import hash_password

SYNTHETIC_MARK = "synthetic"
KEY_FILE_MARK = "demo_key_file"
DEMO_ANALYST = "demo-analyst"


@dataclass(frozen=True)
class DemoService:
    """What serving a synthetic store needs: a secret for this run, the store's own
    privacy key and a demo analyst's credentials (shown once, at start-up)."""

    secret_key: str
    privacy_key: bytes
    key_file: Path
    username: str
    password: str


def mark_synthetic(engine: Engine, *, key_file: Path) -> None:
    """Mark the store as synthetic demonstration data whose privacy key is `key_file`."""
    store.set_store_marks(engine, {SYNTHETIC_MARK: "demo",
                                   KEY_FILE_MARK: str(Path(key_file).resolve())})


def is_synthetic(engine: Engine) -> bool:
    """Whether the store was marked as synthetic demonstration data."""
    return store.store_marks_of(engine).get(SYNTHETIC_MARK) == "demo"


def demo_service(engine: Engine) -> DemoService | None:
    """For a synthetic store: a generated secret, its own key, and the demo analyst with a
    new password; None for any other store. KeyMissingError when the demo's key file is
    gone (run `vitalcore demo` again)."""
    marks = store.store_marks_of(engine)
    if marks.get(SYNTHETIC_MARK) != "demo":
        return None
    key_file = Path(marks.get(KEY_FILE_MARK, ""))
    key = privacy.read_key_file(key_file)
    password = secrets.token_urlsafe(12)
    found = store.user_credentials(engine, DEMO_ANALYST)
    if found is None:
        store.add_user(engine, username=DEMO_ANALYST, password_hash=hash_password(password),
                       role="analyst", source=None)
    else:
        store.set_password_hash(engine, found[0].id, hash_password(password))
    return DemoService(secret_key=secrets.token_urlsafe(48), privacy_key=key,
                       key_file=key_file, username=DEMO_ANALYST, password=password)
