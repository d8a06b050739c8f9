"""Read indexes set aside for a bulk load and built again: exactly the same indexes come
back, a load that died leaves a record of what is missing, and nothing is built twice."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text

from vitalcore import store
from vitalcore.store import engine as store_engine
from vitalcore.store.deferred_indexes import LOADED_TABLES
from vitalcore.store.engine import make_engine


def index_definitions(engine: Engine) -> dict[str, str]:
    """Every index of the loaded tables in the store's schema, by name."""
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename = ANY(:tables)"
        ), {"tables": list(LOADED_TABLES)}).all()
    return dict(rows)


@pytest.fixture
def pg_store(pg_schema: tuple[str, str]) -> Iterator[Engine]:
    url, schema = pg_schema
    engine = store.open_store(url, schema=schema)
    yield engine
    engine.dispose()


def test_the_read_indexes_go_aside_and_come_back_exactly(pg_store: Engine) -> None:
    before = index_definitions(pg_store)
    deferred = store.defer_read_indexes(pg_store)
    assert "ix_voices_area_time_id" in deferred
    assert "ix_voice_labels_label_version_score" in deferred
    assert store.pending_indexes(pg_store) == sorted(deferred)
    left = index_definitions(pg_store)
    # What stays is what the load itself needs: the primary keys.
    assert set(left) == set(before) - set(deferred)
    assert all(name.endswith("_pkey") for name in left), left

    built = store.build_deferred_indexes(pg_store)
    assert sorted(b.name for b in built) == sorted(deferred)
    assert {b.table_name for b in built} <= set(LOADED_TABLES)
    assert index_definitions(pg_store) == before
    assert store.pending_indexes(pg_store) == []
    assert store.build_deferred_indexes(pg_store) == []  # nothing left: nothing to do


def test_deferring_again_after_a_dead_load_keeps_the_first_record(pg_store: Engine) -> None:
    first = store.defer_read_indexes(pg_store)
    assert store.defer_read_indexes(pg_store) == []  # they are already aside
    assert store.pending_indexes(pg_store) == sorted(first)


def test_an_index_built_by_hand_meanwhile_only_loses_its_record(pg_store: Engine) -> None:
    before = index_definitions(pg_store)
    store.defer_read_indexes(pg_store)
    with pg_store.begin() as conn:
        conn.execute(text(before["ix_voices_occurred_at"]))
    store.build_deferred_indexes(pg_store)
    assert index_definitions(pg_store) == before


def test_a_builder_skips_the_index_another_one_is_building(pg_store: Engine) -> None:
    deferred = sorted(store.defer_read_indexes(pg_store))
    held, release = threading.Event(), threading.Event()

    def other_builder() -> None:  # holds the first record, as a builder in the middle of it
        with pg_store.begin() as conn:
            conn.execute(text("SELECT name FROM deferred_indexes WHERE name = :n FOR UPDATE"),
                         {"n": deferred[0]})
            held.set()
            release.wait(timeout=30)

    thread = threading.Thread(target=other_builder)
    thread.start()
    try:
        assert held.wait(timeout=30)
        built = store.build_deferred_indexes(pg_store)
    finally:
        release.set()
        thread.join()
    assert sorted(b.name for b in built) == deferred[1:]
    assert store.pending_indexes(pg_store) == [deferred[0]]


def test_migrating_a_store_behind_the_code_builds_them_first(
    pg_store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = index_definitions(pg_store)
    store.defer_read_indexes(pg_store)
    store.migrate(pg_store)  # at head: nothing to change, so they stay aside
    assert store.pending_indexes(pg_store) != []
    # A newer vitalcore whose migrations this store lacks:
    monkeypatch.setattr(store_engine, "_behind", lambda _engine, _config: True)
    store.migrate(pg_store)
    assert store.pending_indexes(pg_store) == []
    assert index_definitions(pg_store) == before


def test_a_store_is_behind_only_when_it_lacks_migrations(
    pg_schema: tuple[str, str], tmp_path: Path
) -> None:
    url, schema = pg_schema
    engine = make_engine(url, schema=schema)
    config = store_engine.alembic_config()
    try:
        assert not store_engine._behind(engine, config)  # empty: nothing to build first
        store.migrate(engine, "0016")
        assert store_engine._behind(engine, config)
        store.migrate(engine)
        assert not store_engine._behind(engine, config)
    finally:
        engine.dispose()


def test_a_downgrade_past_the_register_builds_them_first(pg_store: Engine) -> None:
    before = index_definitions(pg_store)
    store.defer_read_indexes(pg_store)
    config = store_engine.alembic_config()
    with pg_store.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0016")
    assert index_definitions(pg_store) == before
    store.migrate(pg_store)
    assert store.pending_indexes(pg_store) == []


def test_sqlite_keeps_its_indexes(tmp_path: Path) -> None:
    engine = store.open_store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        with pytest.raises(ValueError, match="for bulk loads into PostgreSQL"):
            store.defer_read_indexes(engine)
        assert store.pending_indexes(engine) == []
        assert store.build_deferred_indexes(engine) == []
    finally:
        engine.dispose()
