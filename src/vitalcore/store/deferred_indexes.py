"""Read indexes set aside during a large bulk load into PostgreSQL, and built again after.

The tables a scale load fills carry indexes that only reads need (the dashboard's
filters, the text search's trigrams). Kept up to date row by row through a first load
of millions of voices, they cost more than building each once at the end: every
inserted row touches every index, and the server writes each touched index page to
the WAL again after every checkpoint. `defer_read_indexes` drops them and keeps their
definitions in `deferred_indexes` in the same transaction; `build_deferred_indexes`
creates them again, one transaction per index that also deletes its record. A load
that dies halfway therefore leaves the store correct (reads are slower, not wrong) and
says what is missing: the next load builds it, and so does `migrate` before a schema
change, which might otherwise touch an index that is not there.

PostgreSQL only: SQLite stores are loaded by one writer with ordinary inserts, at sizes
where the indexes are cheap to keep.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, delete, inspect, select, text

from vitalcore.store.schema import deferred_indexes

# The tables a scale load fills, and so the ones whose read indexes it may set aside.
LOADED_TABLES = ("voices", "voice_labels", "classifications", "classification_details")


@dataclass(frozen=True)
class IndexBuild:
    """One read index built again, and how long the server took."""

    name: str
    table_name: str
    seconds: float


def defer_read_indexes(engine: Engine) -> list[str]:
    """Drop the non-unique indexes of the loaded tables and record their definitions;
    return their names. Indexes already set aside by an unfinished load stay recorded.

    Unique indexes and primary keys stay: the load itself relies on them to find the
    voices and rows already stored.
    """
    if engine.dialect.name != "postgresql":
        raise ValueError(
            "deferring read indexes is for bulk loads into PostgreSQL; a SQLite store "
            "keeps its indexes during a load")
    with engine.begin() as conn:
        found = conn.execute(text(
            "SELECT c.relname, t.relname, pg_get_indexdef(c.oid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
            "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema() "
            "AND NOT i.indisunique AND NOT i.indisprimary AND t.relname = ANY(:tables) "
            "ORDER BY t.relname, c.relname"
        ), {"tables": list(LOADED_TABLES)}).all()
        now = datetime.now(UTC).replace(tzinfo=None)
        for name, table_name, definition in found:
            conn.execute(deferred_indexes.insert().values(
                name=name, table_name=table_name, definition=definition, deferred_at=now))
            conn.execute(text(f'DROP INDEX "{name}"'))
    return [name for name, _, _ in found]


def pending_indexes(engine: Engine | Connection) -> list[str]:
    """The read indexes set aside and not built yet (none on a store before migration
    0017, or on SQLite)."""
    if isinstance(engine, Engine):
        with engine.connect() as conn:
            return pending_indexes(conn)
    if not inspect(engine).has_table("deferred_indexes"):
        return []
    return list(engine.scalars(select(deferred_indexes.c.name).order_by(deferred_indexes.c.name)))


def build_deferred_indexes(engine: Engine, progress: Callable[[int], None] | None = None
                           ) -> list[IndexBuild]:
    """Build every index set aside, one transaction each (the index and the deletion of
    its record commit together); return what was built.

    A concurrent builder skips the index another one holds (SKIP LOCKED), so two loads
    that finish together build each index once. An index that exists already (built by
    hand) only loses its record.
    """
    built: list[IndexBuild] = []
    if not pending_indexes(engine):
        return built  # also a store from before migration 0017
    while True:
        with engine.begin() as conn:
            row = conn.execute(
                select(deferred_indexes).order_by(deferred_indexes.c.name).limit(1)
                .with_for_update(skip_locked=True)
            ).first()
            if row is None:
                return built
            start = time.perf_counter()
            if conn.scalar(text("SELECT to_regclass(:name)"), {"name": f'"{row.name}"'}) is None:
                conn.execute(text(row.definition))
            conn.execute(delete(deferred_indexes).where(deferred_indexes.c.name == row.name))
        built.append(IndexBuild(row.name, row.table_name, round(time.perf_counter() - start, 1)))
        if progress:
            progress(1)
