"""Engines and migrations.

SQLite is the embedded default and runs in WAL mode so that a reader (the dashboard)
never blocks the writer (an ingest). PostgreSQL is reached through psycopg 3.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from vitalcore.errors import StoreMissing, StoreUnreachable
from vitalcore.store.deferred_indexes import build_deferred_indexes

if TYPE_CHECKING:
    from alembic.config import Config

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
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine, revision: str = "heads") -> None:
    """Bring the schema to `revision` with Alembic.

    "heads" rather than "head": parallel branches each add a migration on top of the
    same parent, so until they are rechained there can be several heads, and all of
    them must apply.
    """
    from alembic import command

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
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return bool(current) and current != set(ScriptDirectory.from_config(config).get_heads())


def describe_url(url: str) -> str:
    """The store as a person named it: a SQLite file's path (relative when under the
    working folder), or the URL without its password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or ":memory:")
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return parsed.render_as_string(hide_password=True)


def unreachable(url: str, error: BaseException) -> StoreUnreachable:
    """A one-line StoreUnreachable for `url` (no password) and what to check."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    first = reason[0] if reason else type(error).__name__
    if make_url(url).get_backend_name() == "sqlite":
        hint = "check that the folder exists and is writable and the file is a vitalcore store"
    else:
        hint = ("check that the server runs and the host, port, user, password "
                "(PGPASSWORD or ~/.pgpass) and database name are right")
    return StoreUnreachable(f"cannot open the store at {describe_url(url)}: {first}; {hint}")


def store_exists(url: str, *, schema: str | None = None) -> bool:
    """Whether `url` holds a vitalcore store (a schema under Alembic), without creating
    anything: a SQLite file is looked for before it is opened."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in {"", ":memory:"} or not Path(database).is_file():
            return False
    engine = make_engine(url, schema=schema)
    try:
        with engine.connect() as connection:
            return inspect(connection).has_table("alembic_version")
    except OperationalError as err:
        raise unreachable(url, err) from None
    finally:
        engine.dispose()


_REVISION = re.compile(r'^(down_revision|revision)\s*=\s*(.+)$', re.M)


@cache
def _script_heads() -> frozenset[str]:
    """The newest revisions of the shipped migrations, read from their files without
    importing Alembic (and Mako, and Pygments): a read command on a current store skips
    the upgrade check, a quarter of a second or more. Empty when a file cannot be read
    that way, which sends every open through Alembic."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        fields = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        if "revision" not in fields or "down_revision" not in fields:
            return frozenset()
        revisions |= set(re.findall(r'"([^"]+)"', fields["revision"]))
        parents |= set(re.findall(r'"([^"]+)"', fields["down_revision"]))
    return frozenset(revisions - parents)


def _at_heads(engine: Engine) -> bool:
    """Whether the store's schema is at the newest revisions already."""
    heads = _script_heads()
    if not heads or not inspect(engine).has_table("alembic_version"):
        return False
    with engine.connect() as connection:
        current = {row[0] for row in connection.execute(
            text("SELECT version_num FROM alembic_version"))}
    return current == heads


def open_store(url: str, *, schema: str | None = None, create: bool = True) -> Engine:
    """An Engine on `url` with the schema migrated to the newest revision.

    With create=False a missing store raises StoreMissing instead of being created (the
    read commands: a typo in --db must not leave an empty store behind). A server that
    cannot be reached raises StoreUnreachable, one line naming the URL without password.
    """
    if not create and not store_exists(url, schema=schema):
        raise StoreMissing(f"no store at {describe_url(url)}: run `vitalcore init` "
                           "(or check --db and $VITALCORE_DB)")
    engine = make_engine(url, schema=schema)
    try:
        if not _at_heads(engine):
            migrate(engine)
    except OperationalError as err:
        engine.dispose()
        raise unreachable(url, err) from None
    return engine
