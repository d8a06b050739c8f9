"""Bulk, idempotent writes: insert rows whose primary key is new, count what was new.

SQLite: one executemany of INSERT ... ON CONFLICT DO NOTHING inside the caller's
transaction; the cursor's rowcount is the number of rows actually inserted. New voices
are then added to the full-text index in one statement (store/text_search.py).
PostgreSQL: COPY into a temporary table, then INSERT ... SELECT ... ON CONFLICT DO
NOTHING, whose rowcount is exact too; COPY is the server's bulk path (no per-row
statement round trips).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, DateTime, Table
from sqlalchemy.dialects import postgresql

from vitalcore.store.schema import voices
from vitalcore.store.text_search import index_new_voices

# Below this many rows COPY's fixed cost (a temp table) is not worth it.
_COPY_FROM = 200


def insert_ignore(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    """Insert rows whose primary key is not stored yet; return how many were inserted."""
    if not rows:
        return 0
    dialect = conn.dialect.name
    if dialect == "postgresql":
        if len(rows) >= _COPY_FROM:
            return _copy_ignore(conn, table, rows)
        # psycopg reports no rowcount for executemany; RETURNING counts exactly.
        key = next(iter(table.primary_key.columns))
        stmt = postgresql.insert(table).on_conflict_do_nothing().returning(key)
        return len(conn.execute(stmt, list(rows)).all())
    if dialect == "sqlite":
        return _sqlite_ignore(conn, table, rows)
    raise NotImplementedError(f"no idempotent insert for {dialect}")


def _copy_ignore(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    names = [c.name for c in table.columns]
    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
    temp = f"_vc_load_{table.name}"
    quoted = ", ".join(f'"{n}"' for n in names)
    raw = conn.connection.driver_connection  # psycopg 3 connection, same transaction
    with raw.cursor() as cur:
        cur.execute(
            f'CREATE TEMP TABLE IF NOT EXISTS "{temp}" '
            f'(LIKE "{table.name}" INCLUDING DEFAULTS) ON COMMIT DELETE ROWS'
        )
        cur.execute(f'TRUNCATE "{temp}"')
        with cur.copy(f'COPY "{temp}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([
                    json.dumps(row.get(n), ensure_ascii=False) if n in json_columns
                    else _text_safe(row.get(n))
                    for n in names
                ])
        cur.execute(
            f'INSERT INTO "{table.name}" ({quoted}) SELECT {quoted} FROM "{temp}" '
            "ON CONFLICT DO NOTHING"
        )
        return cur.rowcount


def _text_safe(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL; readers strip it from text, this guards the rest.
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "")
    return value


def _bulk_cache(cursor: Any) -> None:
    # Keys are hashes, so inserts land all over the primary-key B-tree; SQLite's default
    # 2 MiB page cache then re-reads pages from disk. 64 MiB, for this connection only.
    cursor.execute("PRAGMA cache_size=-65536")


def _sqlite_datetime(value: datetime | None) -> str | None:
    # The text form SQLAlchemy's SQLite DateTime type writes and reads back.
    return None if value is None else value.isoformat(sep=" ", timespec="microseconds")


def _sqlite_json(value: Any) -> str | None:
    if value is None:
        return None
    return "[]" if value == [] else json.dumps(value, ensure_ascii=False)


def _sqlite_bool(value: bool | None) -> int | None:
    return None if value is None else int(value)


@lru_cache(maxsize=32)
def _sqlite_plan(table: Table) -> tuple[str, list[str], list[Callable[[Any], Any] | None]]:
    names = [c.name for c in table.columns]
    converters: list[Callable[[Any], Any] | None] = []
    for column in table.columns:
        if isinstance(column.type, JSON):
            converters.append(_sqlite_json)
        elif isinstance(column.type, DateTime):
            converters.append(_sqlite_datetime)
        elif isinstance(column.type, Boolean):
            converters.append(_sqlite_bool)
        else:
            converters.append(None)
    quoted = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" * len(names))
    sql = f'INSERT OR IGNORE INTO "{table.name}" ({quoted}) VALUES ({marks})'
    return sql, names, converters


def sqlite_params(table: Table, rows: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Rows as the DB-API parameter tuples of `_sqlite_ignore`, converted per column type."""
    _, names, converters = _sqlite_plan(table)
    plain = all(f is None for f in converters)
    if plain:
        return [tuple(map(row.get, names)) for row in rows]
    pairs = list(zip(names, converters, strict=True))
    return [tuple(row.get(n) if f is None else f(row.get(n)) for n, f in pairs) for row in rows]


def _sqlite_ignore(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    """One executemany on the DB-API cursor, in the caller's transaction.

    SQLAlchemy's per-row parameter processing costs more than SQLite's insert itself on
    a million rows, so the values are converted here the way its column types would.
    sqlite3 sums the rows changed over an executemany; ignored rows change none.
    """
    sql = _sqlite_plan(table)[0]
    params = sqlite_params(table, rows)
    cursor = conn.connection.driver_connection.cursor()
    try:
        _bulk_cache(cursor)
        cursor.executemany(sql, params)
        inserted = cursor.rowcount
    finally:
        cursor.close()
    _index_if_voices(conn, table)
    return inserted


def _index_if_voices(conn: Connection, table: Table) -> None:
    if table.name == voices.name:
        index_new_voices(conn)


def insert_frame_ignore(conn: Connection, table: Table, frame: Any) -> int:
    """Insert a polars frame whose columns are the table's (JSON ones as JSON text);
    return how many rows were new. The vectorised ingest path's bulk write."""
    import polars as pl

    if frame.height == 0:
        return 0
    names = [c.name for c in table.columns]
    frame = frame.select(names)
    if conn.dialect.name == "postgresql":
        temp = f"_vc_load_{table.name}"
        quoted = ", ".join(f'"{n}"' for n in names)
        raw = conn.connection.driver_connection
        payload = frame.write_csv(include_header=False, quote_style="non_numeric",
                                  null_value="")
        with raw.cursor() as cur:
            cur.execute(
                f'CREATE TEMP TABLE IF NOT EXISTS "{temp}" '
                f'(LIKE "{table.name}" INCLUDING DEFAULTS) ON COMMIT DELETE ROWS'
            )
            cur.execute(f'TRUNCATE "{temp}"')
            with cur.copy(f'COPY "{temp}" ({quoted}) FROM STDIN (FORMAT csv)') as copy:
                copy.write(payload.encode("utf-8"))
            cur.execute(
                f'INSERT INTO "{table.name}" ({quoted}) SELECT {quoted} FROM "{temp}" '
                "ON CONFLICT DO NOTHING"
            )
            return cur.rowcount
    converted = frame.with_columns(
        [pl.col(c.name).dt.strftime("%Y-%m-%d %H:%M:%S.%6f")
         for c in table.columns if isinstance(c.type, DateTime)]
        + [pl.col(c.name).cast(pl.Int64) for c in table.columns if isinstance(c.type, Boolean)]
    )
    sql = _sqlite_plan(table)[0]
    cursor = conn.connection.driver_connection.cursor()
    try:
        _bulk_cache(cursor)
        cursor.executemany(sql, converted.iter_rows())
        inserted = cursor.rowcount
    finally:
        cursor.close()
    _index_if_voices(conn, table)
    return inserted
