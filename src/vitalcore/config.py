"""Settings: one typed object, built by a factory, never at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB_FILE = "vitalcore.db"
DEFAULT_MAX_TEXT_CHARS = 20_000  # the API's limit since the first release
MAX_TEXT_ENV = "VITALCORE_MAX_TEXT_CHARS"


@dataclass(frozen=True)
class Settings:
    """Where vitalcore keeps its data and how it treats small counts."""

    database_url: str
    """SQLAlchemy URL of the store; a bare path means a SQLite file."""

    min_cell_count: int = 5
    """k for k-anonymity: aggregates shown outside the analyst role hide cells below it."""


def database_url(db: str | None = None) -> str:
    """Resolve `--db`, then VITALCORE_DB, then ./vitalcore.db into a SQLAlchemy URL.

    A value containing '://' is used as is (postgresql+psycopg://..., sqlite:///...);
    anything else is taken as the path of a SQLite file.
    """
    value = db or os.environ.get("VITALCORE_DB") or DEFAULT_DB_FILE
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def load_settings(db: str | None = None) -> Settings:
    """Build Settings from arguments and the environment."""
    k = int(os.environ.get("VITALCORE_MIN_CELL_COUNT", "5"))
    return Settings(database_url=database_url(db), min_cell_count=k)


def max_text_chars() -> int:
    """The longest text a voice may have: $VITALCORE_MAX_TEXT_CHARS, else 20,000.

    One limit for file ingest and the API (ApiSettings reads the same variable): a
    50 MB "text" stored whole made classification take 15 GB. Longer texts are
    quarantined with the reason (ingest/normalise.py).
    """
    raw = os.environ.get(MAX_TEXT_ENV)
    if raw is None or not raw.strip():
        return DEFAULT_MAX_TEXT_CHARS
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{MAX_TEXT_ENV}={raw!r} is not a whole number") from None
    if value < 1:
        raise ValueError(f"{MAX_TEXT_ENV} must be at least 1, not {value}")
    return value
