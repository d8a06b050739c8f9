"""Query results as polars frames, read a chunk at a time.

Why: a result held as Python rows costs about a kilobyte per row (a tuple and a fresh
string per column), so the 8 million label rows of a million voices took some 13 GB
before polars saw them. Read in chunks of CHUNK rows, only one chunk is ever held as
Python objects; the frame itself is columnar (tens of bytes per row).

On SQLite the driver's rows are read without SQLAlchemy's row objects, and a time or a
JSON list, which are text there and which SQLAlchemy turns into Python objects row by row
(datetime.fromisoformat, json.loads), are converted by polars column by column
(`_converted`): at 20,000 voices that was half of reading them. A time not in
SQLAlchemy's own storage format is still parsed by SQLAlchemy, so the values are the
same either way; a column SQLAlchemy converts otherwise (a Boolean) keeps its path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
from sqlalchemy import JSON, Connection, DateTime, Row, Select

CHUNK = 100_000
# The voice columns analyses group by (no text): one schema for every frame that reads them.
VOICE_COLUMNS = {
    "voice_id": pl.String,
    "channel": pl.String,
    "source": pl.String,
    "language": pl.String,
    "occurred_at": pl.Datetime("us"),
    "area_pcode": pl.String,
    "reporter": pl.String,
    "severity_reported": pl.Int64,
}
# SQLAlchemy's SQLite DATETIME storage format, which polars parses alike.
_STORED_TIME = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$"


def read_frame(
    conn: Connection,
    stmt: Select,
    schema: dict[str, Any],
    *,
    row: Callable[[Row], tuple] = tuple,
) -> pl.DataFrame:
    """The rows of `stmt` as a frame of `schema`; `row` turns a result row into the
    frame's values (e.g. decoding a JSON list)."""
    as_text = _sqlite_text(conn, stmt, schema) if row is tuple else None
    if as_text is not None:
        return _read_sqlite(conn, stmt, schema, as_text)
    # Options of this execution only: Connection.execution_options would set them on
    # the connection for every later read through it.
    result = conn.execute(stmt, execution_options={"stream_results": True, "yield_per": CHUNK})
    frames = [pl.DataFrame([row(r) for r in part], schema=schema, orient="row")
              for part in result.partitions(CHUNK)]
    if not frames:
        return pl.DataFrame(schema=schema)
    return pl.concat(frames, rechunk=True)


def _sqlite_text(conn: Connection, stmt: Select, schema: dict[str, Any]
                 ) -> dict[str, Any] | None:
    """On SQLite, when every column's value is what the driver gives (no result
    processor) or a time or JSON list that polars converts: those, by name, with their
    SQL type. None elsewhere: SQLAlchemy reads the rows."""
    if conn.dialect.name != "sqlite":
        return None  # psycopg gives times and JSON as Python objects, converted in C
    found = {}
    for (name, dtype), column in zip(schema.items(), stmt.selected_columns, strict=True):
        if (isinstance(column.type, DateTime) and isinstance(dtype, pl.Datetime)) or (
                isinstance(column.type, JSON) and dtype == pl.List(pl.String)):
            found[name] = column.type
        elif column.type.dialect_impl(conn.dialect).result_processor(
                conn.dialect, None) is not None:
            return None  # a Boolean, a Numeric...: SQLAlchemy's conversion, row by row
    return found


def _read_sqlite(conn: Connection, stmt: Select, schema: dict[str, Any],
                 as_text: dict[str, Any]) -> pl.DataFrame:
    """The driver's rows, a chunk at a time, without SQLAlchemy's row objects (a third
    of the read at 20,000 voices); the times and JSON lists converted by polars."""
    read_schema = {name: pl.String if name in as_text else dtype
                   for name, dtype in schema.items()}
    # Without streaming SQLAlchemy fetches nothing ahead (streaming would buffer a row):
    # every row is the cursor's, whatever options the connection was given.
    result = conn.execute(stmt, execution_options={"stream_results": False, "yield_per": 0})
    frames = []
    try:
        while part := result.cursor.fetchmany(CHUNK):
            frames.append(pl.DataFrame(part, schema=read_schema, orient="row"))
    finally:
        result.close()
    if not frames:
        return pl.DataFrame(schema=schema)
    frame = pl.concat(frames, rechunk=True)
    return _converted(frame, as_text, conn, schema) if as_text else frame


def _converted(frame: pl.DataFrame, as_text: dict[str, Any], conn: Connection,
               schema: dict[str, Any]) -> pl.DataFrame:
    """The columns read as text, converted: JSON by polars, times by polars when in
    SQLAlchemy's storage format and by SQLAlchemy's own parser otherwise."""
    columns = []
    for name, sql_type in as_text.items():
        text = frame[name]
        if isinstance(sql_type, JSON):
            columns.append(text.str.json_decode(pl.List(pl.String)))
            continue
        columns.append(_times(text, sql_type, conn))
    return frame.with_columns(columns).cast(schema)


def _times(text: pl.Series, sql_type: Any, conn: Connection) -> pl.Series:  # noqa: ANN401
    parsed = text.str.to_datetime("%Y-%m-%d %H:%M:%S%.f", time_unit="us", strict=False)
    # Any other text (another format, a date that does not exist) as SQLAlchemy reads it.
    other = (text.is_not_null()
             & (~text.str.contains(_STORED_TIME) | parsed.is_null())).arg_true()
    if other.len():
        process = sql_type.dialect_impl(conn.dialect).result_processor(conn.dialect, None)
        values = [process(v) for v in text.gather(other).to_list()]
        parsed = parsed.scatter(other, pl.Series(values, dtype=pl.Datetime("us")))
    return parsed.alias(text.name)
