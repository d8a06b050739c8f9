"""Bulk load of scale-out partitions: idempotent per partition, COPY on PostgreSQL.

A partition (one `date=D/country=C` folder of the Parquet output of `vitalcore scale
classify`) is loaded in ONE transaction:

1. take a per-partition lock (PostgreSQL advisory lock), read the ledger row;
2. if the ledger already holds this content hash, stop: nothing changed;
3. delete the voices, classifications and labels this partition stored last time;
4. store the partition's voices that are new to the store (a voice that is already
   there, ingested on one machine or by another partition, is left alone and not
   owned), with their classifications and labels;
5. write the ledger row (content hash, rows, loaded_at).

A worker killed at any step rolls the transaction back, so the store holds either the
old partition or the new one, never half of either; a re-run then loads it again.
On PostgreSQL the rows travel by COPY into temporary staging tables (fast, one round
trip per table) and are merged from there; on SQLite by ordinary batched inserts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import polars as pl
from sqlalchemy import JSON, Connection, Engine, Table, delete, func, insert, select, text

from vitalcore.domain import Classification, Voice
from vitalcore.store.repository import _voice_row, classification_rows
from vitalcore.store.schema import (
    classifications,
    scale_partition_voices,
    scale_partitions,
    voice_labels,
    voices,
)

_CHUNK = 1000  # SQLite's bound-parameter limit, with room for the widest table


@dataclass(frozen=True)
class PartitionRows:
    """The rows of one partition, as the store's own row builders make them."""

    voices: list[dict] = field(default_factory=list)
    classifications: list[dict] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class PartitionLoad:
    """What loading one partition did."""

    partition_key: str
    status: str  # "loaded" (new or changed content) or "unchanged" (ledger hash matched)
    rows: int  # voices in the partition
    voices_owned: int  # of which stored by this partition (the rest were already there)
    replaced: int  # voices of the previous load of this partition that were deleted


def partition_rows(
    batch: Sequence[tuple[Voice, Classification]], stamped_at: datetime
) -> PartitionRows:
    """Rows for (voice, classification) pairs, built by the same functions as one-machine
    ingest and classify use, so both paths store identical rows."""
    voice_rows = [_voice_row(v, stamped_at) for v, _ in batch]
    results = [c.model_copy(update={"voice_id": v.id}) for v, c in batch]
    class_rows, label_rows = classification_rows(results, stamped_at)
    return PartitionRows(voice_rows, class_rows, label_rows)


def load_partition(
    engine: Engine,
    *,
    partition_key: str,
    content_hash: str,
    model_version: str,
    rows: PartitionRows,
    force: bool = False,
) -> PartitionLoad:
    """Load one partition exactly once per content: see the module docstring."""
    total = len(rows.voices)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two loaders of the same partition (a retried task whose first attempt is
            # still alive) must not interleave; the lock ends with the transaction.
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": partition_key})
        known = conn.scalar(
            select(scale_partitions.c.content_hash).where(
                scale_partitions.c.partition_key == partition_key
            )
        )
        if known == content_hash and not force:
            return PartitionLoad(partition_key, "unchanged", total, _owned(conn, partition_key), 0)
        replaced = _delete_partition(conn, partition_key)
        if conn.dialect.name == "postgresql":
            owned = _merge_by_copy(conn, partition_key, rows)
        else:
            owned = _merge_by_insert(conn, partition_key, rows)
        conn.execute(delete(scale_partitions).where(
            scale_partitions.c.partition_key == partition_key
        ))
        conn.execute(insert(scale_partitions).values(
            partition_key=partition_key, content_hash=content_hash,
            model_version=model_version, rows=total, voices_owned=owned,
            loaded_at=datetime.now(UTC).replace(tzinfo=None),
        ))
    return PartitionLoad(partition_key, "loaded", total, owned, replaced)


def partition_ledger(engine: Engine) -> pl.DataFrame:
    """The ledger: one row per loaded partition, by key."""
    with engine.connect() as conn:
        result = conn.execute(select(scale_partitions).order_by(scale_partitions.c.partition_key))
        rows = [tuple(r) for r in result]
    schema = {
        "partition_key": pl.String, "content_hash": pl.String, "model_version": pl.String,
        "rows": pl.Int64, "voices_owned": pl.Int64, "loaded_at": pl.Datetime("us"),
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def partition_voice_ids(engine: Engine, partition_key: str) -> set[str]:
    """Ids of the voices a partition stored."""
    with engine.connect() as conn:
        return set(conn.scalars(select(scale_partition_voices.c.voice_id).where(
            scale_partition_voices.c.partition_key == partition_key
        )))


def _owned(conn: Connection, partition_key: str) -> int:
    return conn.scalar(select(func.count()).select_from(scale_partition_voices).where(
        scale_partition_voices.c.partition_key == partition_key
    )) or 0


def _chunks(items: Sequence, size: int = _CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _delete_partition(conn: Connection, partition_key: str) -> int:
    """Delete what the partition stored last time; return how many voices."""
    old = list(conn.scalars(select(scale_partition_voices.c.voice_id).where(
        scale_partition_voices.c.partition_key == partition_key
    )))
    conn.execute(delete(scale_partition_voices).where(
        scale_partition_voices.c.partition_key == partition_key
    ))
    for chunk in _chunks(old):
        ids = list(chunk)
        conn.execute(delete(voice_labels).where(voice_labels.c.voice_id.in_(ids)))
        conn.execute(delete(classifications).where(classifications.c.voice_id.in_(ids)))
        conn.execute(delete(voices).where(voices.c.id.in_(ids)))
    return len(old)


def _first_per_voice(rows: PartitionRows) -> list[dict]:
    """Voice rows with a repeated id dropped (first wins, as in one-machine ingest)."""
    seen: set[str] = set()
    unique = []
    for row in rows.voices:
        if row["id"] not in seen:
            seen.add(row["id"])
            unique.append(row)
    return unique


def _merge_by_insert(conn: Connection, partition_key: str, rows: PartitionRows) -> int:
    candidates = _first_per_voice(rows)
    existing: set[str] = set()
    for chunk in _chunks([r["id"] for r in candidates]):
        existing.update(conn.scalars(select(voices.c.id).where(voices.c.id.in_(list(chunk)))))
    fresh = [r for r in candidates if r["id"] not in existing]
    owned = {r["id"] for r in fresh}
    for table, batch in (
        (voices, fresh),
        (scale_partition_voices,
         [{"voice_id": r["id"], "partition_key": partition_key} for r in fresh]),
        (classifications, [r for r in rows.classifications if r["voice_id"] in owned]),
        (voice_labels, [r for r in rows.labels if r["voice_id"] in owned]),
    ):
        for chunk in _chunks(batch):
            conn.execute(insert(table), list(chunk))
    return len(owned)


def _copy_rows(conn: Connection, table: Table, staging: str, rows: Sequence[dict]) -> None:
    """COPY rows into a temporary copy of `table` (dropped at commit)."""
    conn.execute(text(
        f"CREATE TEMP TABLE {staging} (LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DROP"
    ))
    names = [c.name for c in table.columns]
    as_json = {c.name for c in table.columns if isinstance(c.type, JSON)}
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {staging} ({', '.join(names)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([
                json.dumps(row[n]) if n in as_json else row[n] for n in names
            ])


def _merge_by_copy(conn: Connection, partition_key: str, rows: PartitionRows) -> int:
    _copy_rows(conn, voices, "stage_voices", _first_per_voice(rows))
    _copy_rows(conn, classifications, "stage_classifications", rows.classifications)
    _copy_rows(conn, voice_labels, "stage_voice_labels", rows.labels)
    # A voice the store already has (ingested on one machine, or stored by another
    # partition, even one loading right now: ON CONFLICT) is not this partition's.
    # The voices that this statement does insert become the partition's own.
    names = ", ".join(c.name for c in voices.columns)
    owned = conn.execute(text(
        f"WITH ins AS (INSERT INTO voices ({names}) SELECT {names} FROM stage_voices "
        "ON CONFLICT (id) DO NOTHING RETURNING id) "
        "INSERT INTO scale_partition_voices (voice_id, partition_key) SELECT id, :k FROM ins"
    ), {"k": partition_key}).rowcount
    for table, staging in (
        (classifications, "stage_classifications"),
        (voice_labels, "stage_voice_labels"),
    ):
        names = ", ".join(c.name for c in table.columns)
        selected = ", ".join(f"s.{c.name}" for c in table.columns)
        conn.execute(text(
            f"INSERT INTO {table.name} ({names}) SELECT {selected} FROM {staging} s "
            "JOIN scale_partition_voices m ON m.voice_id = s.voice_id AND m.partition_key = :k"
        ), {"k": partition_key})
    return owned


# Column kinds of the rows `partition_rows` builds, so that a columnar copy of them
# (the Parquet output of `vitalcore scale`) follows the tables when they gain columns.
_STAMPS = {"ingested_at", "created_at"}  # set when rows are loaded, not when computed


def _kind(column_type: object) -> str:
    from sqlalchemy import Boolean, DateTime, Float, Integer

    for sql_type, kind in ((JSON, "json"), (Boolean, "bool"), (DateTime, "datetime"),
                           (Integer, "int"), (Float, "float")):
        if isinstance(column_type, sql_type):
            return kind
    return "string"


def row_columns(table_name: str) -> list[tuple[str, str]]:
    """(column, kind) of a table's rows, load-time stamps excluded; kind is one of
    json, bool, datetime, int, float, string."""
    table = {"voices": voices, "classifications": classifications,
             "voice_labels": voice_labels}[table_name]
    return [(c.name, _kind(c.type)) for c in table.columns if c.name not in _STAMPS]
