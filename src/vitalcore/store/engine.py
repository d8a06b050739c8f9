"""Engines and migrations.

SQLite is the embedded default and runs in WAL mode so that a reader (the dashboard)
never blocks the writer (an ingest). PostgreSQL is reached through psycopg 3.
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event

from vitalcore.store.deferred_indexes import build_deferred_indexes

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DBAPI callback
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # NORMAL is durable in WAL mode across application crashes; only an OS crash can
    # lose the last transactions, which a re-run of an idempotent ingest restores.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Deleted rows are overwritten with zeros, not left in free pages: an erased
    # testimony must not be readable from the file (store/erasure.py: purge_traces).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def make_engine(url: str, *, schema: str | None = None) -> Engine:
    """Create an Engine for a SQLAlchemy URL.

    `schema` (PostgreSQL only) puts every table in that schema via search_path, which
    is how tests give each run its own namespace on a shared server.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url)
        if engine.url.database and engine.url.database != ":memory:":
            owner_only_file(Path(engine.url.database))
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    connect_args = {"options": f"-csearch_path={schema}"} if schema else {}
    return create_engine(url, connect_args=connect_args, pool_pre_ping=True)


def owner_only_file(path: Path) -> None:
    """Create `path` empty and readable by its owner only (0600), unless it exists.

    The store holds testimonies; SQLite would create it with the umask's mode (0644:
    readable by every account on the machine), and it gives its -wal and -shm files
    the mode of the database file. Backups are made the same way (store/backup.py).
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError:
        return  # a folder that does not exist or is not writable: SQLite will say so
    os.close(fd)


def alembic_config() -> Config:
    """Alembic's configuration for the store's migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine, revision: str = "heads") -> None:
    """Bring the schema to `revision` with Alembic.

    "heads" rather than "head": parallel branches each add a migration on top of the
    same parent, so until they are rechained there can be several heads, and all of
    them must apply.
    """
    config = alembic_config()
    if engine.dialect.name == "postgresql" and _behind(engine, config):
        # A bulk load that died left read indexes aside (store/deferred_indexes.py); a
        # schema change may alter one of them, so they are built first.
        build_deferred_indexes(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _behind(engine: Engine, config: Config) -> bool:
    """Whether a store that already has a schema lacks some of the migrations."""
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return bool(current) and current != set(ScriptDirectory.from_config(config).get_heads())


def open_store(url: str, *, schema: str | None = None) -> Engine:
    """An Engine on `url` with the schema migrated to the newest revision."""
    engine = make_engine(url, schema=schema)
    migrate(engine)
    return engine
