"""Backup and restore of the whole store.

SQLite: the online backup API (sqlite3.Connection.backup) copies a consistent snapshot
while the service keeps writing. PostgreSQL: pg_dump/pg_restore in the custom format,
limited to the schema the engine works in (its search_path), so a shared server's other
schemas are neither copied nor touched.

The encryption key (privacy.load_key) lives outside the database, so no backup holds
it: whoever steals a backup gets pseudonyms and ciphertext, not contacts.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """A backup or restore that could not be done, with the reason in words."""


def _libpq_url(engine: Engine) -> str:
    """The engine's URL as libpq reads it (no '+psycopg' driver part)."""
    url = make_url(engine.url.render_as_string(hide_password=False))
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not on PATH; install the PostgreSQL client "
            "(Debian: apt-get install postgresql-client)"
        )
    return found


def _run(args: list[str]) -> None:
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()}")


def current_schema(engine: Engine) -> str:
    """The PostgreSQL schema that unqualified table names resolve to."""
    with engine.connect() as conn:
        return conn.scalar(text("SELECT current_schema()"))


def backup(engine: Engine, path: Path) -> Path:
    """Write a consistent copy of the store to `path` (overwritten if it exists)."""
    path = Path(path)
    path.unlink(missing_ok=True)
    _owner_only(path)  # a backup holds every testimony: readable by its owner only
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            target = sqlite3.connect(path)
            try:
                raw.driver_connection.backup(target)
            finally:
                target.close()
        finally:
            raw.close()
        return path
    if engine.dialect.name == "postgresql":
        _run([
            _pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
            f"--schema={current_schema(engine)}", f"--file={path}", _libpq_url(engine),
        ])
        return path
    raise BackupError(f"no backup method for {engine.dialect.name}")


def _owner_only(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def _check_sqlite_backup(path: Path) -> None:
    try:
        probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as err:
        raise BackupError(f"{path} cannot be opened as SQLite: {err}") from None
    try:
        probe.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as err:
        raise BackupError(f"{path} is not a vitalcore SQLite backup: {err}") from None
    finally:
        probe.close()


def restore(engine: Engine, path: Path) -> None:
    """Replace the store's contents with the backup at `path`.

    Stop the service first: open connections of other processes would keep seeing the
    old data (SQLite) or block the replacement (PostgreSQL).
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    engine.dispose()
    if engine.dialect.name == "sqlite":
        _check_sqlite_backup(path)
        raw = engine.raw_connection()
        try:
            source = sqlite3.connect(path)
            try:
                source.backup(raw.driver_connection)
            finally:
                source.close()
        finally:
            raw.close()
    elif engine.dialect.name == "postgresql":
        schema = current_schema(engine)
        engine.dispose()
        # --clean drops what the dump holds before recreating it; --single-transaction
        # means a failed restore leaves the store as it was.
        _run([
            _pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
            "--single-transaction", f"--schema={schema}", f"--dbname={_libpq_url(engine)}",
            str(path),
        ])
    else:
        raise BackupError(f"no restore method for {engine.dialect.name}")
    engine.dispose()
