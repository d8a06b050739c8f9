"""Query results as polars frames, read a chunk at a time.

Why: a result held as Python rows costs about a kilobyte per row (a tuple and a fresh
string per column), so the 8 million label rows of a million voices took some 13 GB
before polars saw them. Read in chunks of CHUNK rows, only one chunk is ever held as
Python objects; the frame itself is columnar (tens of bytes per row).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
from sqlalchemy import Connection, Row, Select

CHUNK = 100_000


def read_frame(
    conn: Connection,
    stmt: Select,
    schema: dict[str, Any],
    *,
    row: Callable[[Row], tuple] = tuple,
) -> pl.DataFrame:
    """The rows of `stmt` as a frame of `schema`; `row` turns a result row into the
    frame's values (e.g. decoding a JSON list)."""
    result = conn.execution_options(stream_results=True, yield_per=CHUNK).execute(stmt)
    frames = [pl.DataFrame([row(r) for r in part], schema=schema, orient="row")
              for part in result.partitions(CHUNK)]
    if not frames:
        return pl.DataFrame(schema=schema)
    return pl.concat(frames, rechunk=True)
