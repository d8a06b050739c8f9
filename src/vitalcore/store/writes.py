"""Bulk, idempotent writes: insert rows whose primary key is new, count what was new.

SQLite: one executemany of INSERT ... ON CONFLICT DO NOTHING inside the caller's
transaction; the cursor's rowcount is the number of rows actually inserted.
PostgreSQL: COPY into a temporary table, then INSERT ... SELECT ... ON CONFLICT DO
NOTHING, whose rowcount is exact too; COPY is the server's bulk path (no per-row
statement round trips).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, Connection, Table
from sqlalchemy.dialects import postgresql, sqlite

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
        stmt = sqlite.insert(table).on_conflict_do_nothing()
        return conn.execute(stmt, list(rows)).rowcount
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
