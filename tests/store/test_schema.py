"""The migrations build exactly the schema the code describes, on both backends."""

from datetime import datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, insert, select

from vitalcore.store import migrate
from vitalcore.store.engine import make_engine
from vitalcore.store.schema import audit_log, erased_reporters, metadata
from vitalcore.store.text_search import include_object


def test_migrations_match_the_metadata(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_migrating_twice_is_harmless(engine: Engine) -> None:
    migrate(engine)
    migrate(engine)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_erasure_register_starts_with_the_erasures_in_the_audit_log(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Migration 0016: reporters erased before the register existed are in it, with the
    strongest mode they were erased with and the date of their last erasure."""
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    else:
        url, schema = request.getfixturevalue("pg_schema")
        engine = make_engine(url, schema=schema)
    try:
        migrate(engine, "0015")
        with engine.begin() as conn:
            for action, subject, voices, day in (
                ("forget", "r-a", False, 1), ("forget", "r-a", True, 2),
                ("forget", "r-a", False, 3), ("forget", "r-b", False, 4),
                ("reveal", "r-c", False, 5),
            ):
                conn.execute(insert(audit_log).values(
                    at=datetime(2026, 11, day), actor="admin", role="admin", action=action,
                    subject=subject, detail={"voices": voices}))
        migrate(engine)
        with engine.connect() as conn:
            rows = [tuple(r) for r in conn.execute(
                select(erased_reporters).order_by(erased_reporters.c.pseudonym))]
        assert rows == [("r-a", True, datetime(2026, 11, 3)),
                        ("r-b", False, datetime(2026, 11, 4))]
    finally:
        engine.dispose()
