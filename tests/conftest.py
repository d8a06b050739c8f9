"""Shared fixtures: a clean environment per test and a real store on each backend.

`engine` runs a test twice: on a fresh SQLite file, and on PostgreSQL in a schema of its
own at $VITALCORE_TEST_PG. Without that variable the PostgreSQL run is skipped, saying
how to enable it, except under CI=true, where a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from vitalcore.privacy import create_key
from vitalcore.store import open_store

DATA = Path(__file__).parent / "data"
PG_HELP = (
    "set VITALCORE_TEST_PG=postgresql+psycopg://postgres@127.0.0.1:5432/test "
    "to run the PostgreSQL tests"
)


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No VITALCORE_* setting of the developer's shell leaks into a test.

    Each test gets a fresh privacy key of its own in $VITALCORE_KEY_FILE (ingest
    encrypts contacts and original texts), and XDG_CONFIG_HOME points into the
    test's folder so nothing reads or writes the developer's ~/.config/vitalcore/key.
    """
    for name in list(os.environ):
        if name.startswith("VITALCORE_") and name != "VITALCORE_TEST_PG":
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("VITALCORE_KEY_FILE", str(create_key(tmp_path / "test.key")))


def postgres_url() -> str:
    """The PostgreSQL URL for tests, or a skip (a failure under CI)."""
    url = os.environ.get("VITALCORE_TEST_PG")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but VITALCORE_TEST_PG is not set: " + PG_HELP)
        pytest.skip(PG_HELP)
    return url


@pytest.fixture
def pg_schema() -> Iterator[tuple[str, str]]:
    """(url, schema): a fresh schema on the test server, dropped afterwards."""
    url = postgres_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url, schema
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated store on a real SQLite file and on the real PostgreSQL server."""
    if request.param == "sqlite":
        eng = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    else:
        url, schema = request.getfixturevalue("pg_schema")
        eng = open_store(url, schema=schema)
    yield eng
    eng.dispose()


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The SQLite URL of a new, empty store in the test's folder (for CLI tests that take
    --db): read commands refuse a store that does not exist, as `vitalcore init` made it."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    open_store(url).dispose()
    return url
