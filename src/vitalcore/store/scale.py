"""Bulk load of scale-out partitions: idempotent per partition, COPY on PostgreSQL.

A partition (one `date=D/country=C` folder of the Parquet output of `vitalcore scale
classify`) is loaded in ONE transaction:

1. take a per-partition lock (PostgreSQL advisory lock), read the ledger row;
2. if the ledger already holds this content hash, stop: nothing changed;
3. delete what this partition stored last time: the voices it no longer holds go
   whole; the ones it still holds keep their (immutable) voice row and an analyst's
   corrections of it, and lose the previous model's classification rows;
4. store the partition's voices that are new to the store (a voice that is already
   there, ingested on one machine or by another partition, is left alone and not
   owned), and the classifications, labels and details of the voices it owns, and,
   as file ingest's store_batch does for the voices it stores, what is kept beside
   the voices new in this load, still encrypted: their original texts and attributes
   and their reporters' contacts (a pseudonym keeps its first contact record). Only
   for new voices: a voice kept from an earlier load whose reporter was erased since
   (`vitalcore forget`) must not get its contact or original back from a re-load.
   Contacts are the reporters', not a partition's: a re-load never deletes one;
5. write the ledger row (content hash, rows, loaded_at).

A worker killed at any step rolls the transaction back, so the store holds either the
old partition or the new one, never half of either; a re-run then loads it again.
Partitions hold disjoint voices, except where a source reuses a message id on two days:
such a voice belongs to the partition loaded first, and should that partition later
lose it, a forced re-load of the other one stores it again.
The rows arrive as Arrow tables (columns named as the store's, JSON as text, no
load-time stamps). On PostgreSQL they travel as CSV by COPY into temporary staging
tables, with no Python object per row, and are merged from there; on SQLite by
ordinary batched inserts.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import polars as pl
import psycopg
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from sqlalchemy import JSON, Connection, Engine, Table, delete, func, insert, select, text
from sqlalchemy.exc import DBAPIError

from vitalcore.domain import Classification, Voice
from vitalcore.store.erasure import withheld
from vitalcore.store.repository import _voice_row, classification_rows
from vitalcore.store.schema import (
    ROWS_PER_STATEMENT,
    classification_details,
    classifications,
    reporter_contacts,
    scale_partition_voices,
    scale_partitions,
    voice_attributes,
    voice_labels,
    voice_originals,
    voices,
)

_STAMPS = {"ingested_at", "created_at", "first_seen"}  # set when rows are loaded, not when computed


@dataclass(frozen=True)
class PartitionRows:
    """The rows of one partition, as the store's own row builders make them."""

    voices: list[dict] = field(default_factory=list)
    classifications: list[dict] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)
    details: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class PartitionTables:
    """One partition, column-wise: the rows of `voices` (unique ids), `classifications`
    and `voice_labels`, columns as `row_columns` names them, JSON columns as text."""

    voices: pa.Table
    classifications: pa.Table
    labels: pa.Table
    details: pa.Table
    # Encrypted beside the voices, as file ingest stores them (None: nothing to store).
    originals: pa.Table | None = None  # voice_id, text_encrypted (Fernet token)
    attributes: pa.Table | None = None  # voice_id, attributes (JSON text)
    contacts: pa.Table | None = None  # pseudonym, contact_encrypted (Fernet token)


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
    results = [c if c.voice_id == v.id else c.model_copy(update={"voice_id": v.id})
               for v, c in batch]
    class_rows, label_rows = classification_rows(results, stamped_at)
    # As workflow.classify_voices stores them (issue 3): the area and the harm counts.
    details = [{"voice_id": c.voice_id, "model_version": c.model_version,
                "area_pcode": c.area_pcode, "severity_counts": dict(c.severity_counts)}
               for c in results]
    return PartitionRows(voice_rows, class_rows, label_rows, details)


def load_partition(
    engine: Engine,
    *,
    partition_key: str,
    content_hash: str,
    model_version: str,
    tables: PartitionTables,
    force: bool = False,
) -> PartitionLoad:
    """Load one partition exactly once per content: see the module docstring.

    Voice ids must be unique within `tables.voices` (the first of repeated ones kept).
    """
    total = tables.voices.num_rows
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two loaders of the same partition (a retried task whose first attempt is
            # still alive) must not interleave; the lock ends with the transaction.
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": partition_key})
        known = conn.execute(
            select(scale_partitions.c.content_hash, scale_partitions.c.model_version).where(
                scale_partitions.c.partition_key == partition_key
            )
        ).first()
        if known is not None and known.content_hash == content_hash and not force:
            return PartitionLoad(partition_key, "unchanged", total, _owned(conn, partition_key), 0)
        tables = _withhold_erased(conn, tables)
        keep = set(tables.voices.column("id").to_pylist())
        replaced = _delete_partition(conn, partition_key, keep,
                                     known.model_version if known is not None else None)
        if conn.dialect.name == "postgresql":
            _merge_by_copy(conn, partition_key, tables)
        else:
            _merge_by_insert(conn, partition_key, tables)
        owned = _owned(conn, partition_key)
        conn.execute(delete(scale_partitions).where(
            scale_partitions.c.partition_key == partition_key
        ))
        conn.execute(insert(scale_partitions).values(
            partition_key=partition_key, content_hash=content_hash,
            model_version=model_version, rows=total, voices_owned=owned,
            loaded_at=datetime.now(UTC).replace(tzinfo=None),
        ))
    return PartitionLoad(partition_key, "loaded", total, owned, replaced)


def _withhold_erased(conn: Connection, tables: PartitionTables) -> PartitionTables:
    """The partition without what an erasure covers, as file ingest withholds it
    (store/erasure.py): voices erased are not loaded (nor their classifications and
    details); voices only unlinked load without reporter and original. The contacts
    follow: only reporters of the voices stored get theirs (see `_merge_by_copy`)."""
    held = withheld(conn, _voice_records(tables.voices))
    if not held.dropped and not held.unlinked:
        return tables
    voice_table = _without(tables.voices, held.dropped, "id")
    reporter = voice_table.column("reporter")
    voice_table = voice_table.set_column(
        voice_table.schema.get_field_index("reporter"), "reporter",
        pc.if_else(pc.is_in(voice_table.column("id"), value_set=_ids(held.unlinked)),
                   pa.scalar(None, reporter.type), reporter))
    return PartitionTables(
        voices=voice_table,
        classifications=_without(tables.classifications, held.dropped),
        labels=_without(tables.labels, held.dropped),
        details=_without(tables.details, held.dropped),
        originals=_without_optional(tables.originals, held.dropped | held.unlinked),
        attributes=_without_optional(tables.attributes, held.dropped),
        contacts=tables.contacts,
    )


def _voice_records(voice_table: pa.Table) -> Iterator[tuple[str, str | None, datetime | None]]:
    # A generator: the rows are only built when the register holds anything.
    for row in voice_table.select(["id", "reporter", "occurred_at"]).to_pylist():
        yield row["id"], row["reporter"], row["occurred_at"]


def _without(table: pa.Table, ids: frozenset[str], column: str = "voice_id") -> pa.Table:
    if not ids:
        return table
    return table.filter(pc.invert(pc.is_in(table.column(column), value_set=_ids(ids))))


def _without_optional(table: pa.Table | None, ids: frozenset[str]) -> pa.Table | None:
    return None if table is None else _without(table, ids)


def _ids(ids: frozenset[str]) -> pa.Array:
    return pa.array(sorted(ids), type=pa.string())  # typed: an empty set is no null array


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


def _chunks(items: Sequence, size: int = ROWS_PER_STATEMENT) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_CLASSIFIED = (voice_labels, classifications, classification_details)


def _delete_partition(conn: Connection, partition_key: str, keep: set[str],
                      old_version: str | None) -> int:
    """Delete what the partition stored last time (see the module docstring); return how
    many of its voices had rows deleted."""
    old = list(conn.scalars(select(scale_partition_voices.c.voice_id).where(
        scale_partition_voices.c.partition_key == partition_key
    )))
    kept = [v for v in old if v in keep]
    removed = [v for v in old if v not in keep]
    for chunk in _chunks(kept):
        for table in _CLASSIFIED:
            conn.execute(delete(table).where(
                table.c.voice_id.in_(list(chunk)), table.c.model_version == old_version
            ))
    for chunk in _chunks(removed):
        ids = list(chunk)
        conn.execute(delete(scale_partition_voices).where(
            scale_partition_voices.c.voice_id.in_(ids)
        ))
        for table in (voice_originals, voice_attributes):
            conn.execute(delete(table).where(table.c.voice_id.in_(ids)))
        for table in _CLASSIFIED:
            conn.execute(delete(table).where(table.c.voice_id.in_(ids)))
        conn.execute(delete(voices).where(voices.c.id.in_(ids)))
    return len(old)


def _stamp(table: pa.Table, sql_table: Table, stamp: datetime) -> pa.Table:
    """The Arrow table with its load-time stamp columns added, in the SQL table's order."""
    for name in _STAMPS & set(sql_table.columns.keys()):
        table = table.append_column(name, pa.array([stamp] * table.num_rows, pa.timestamp("us")))
    return table.select([c.name for c in sql_table.columns])


def _dict_rows(table: pa.Table, sql_table: Table) -> list[dict]:
    as_json = {c.name for c in sql_table.columns if isinstance(c.type, JSON)}
    return [
        {k: (json.loads(v) if k in as_json and v is not None else v) for k, v in row.items()}
        for row in table.to_pylist()
    ]


def _merge_by_insert(conn: Connection, partition_key: str, tables: PartitionTables) -> None:
    stamp = datetime.now(UTC).replace(tzinfo=None)
    candidates = _dict_rows(_stamp(tables.voices, voices, stamp), voices)
    existing: set[str] = set()
    for chunk in _chunks([r["id"] for r in candidates]):
        existing.update(conn.scalars(select(voices.c.id).where(voices.c.id.in_(list(chunk)))))
    fresh = [r for r in candidates if r["id"] not in existing]
    for table, batch in (
        (voices, fresh),
        (scale_partition_voices,
         [{"voice_id": r["id"], "partition_key": partition_key} for r in fresh]),
    ):
        for chunk in _chunks(batch):
            conn.execute(insert(table), list(chunk))
    owned = set(conn.scalars(select(scale_partition_voices.c.voice_id).where(
        scale_partition_voices.c.partition_key == partition_key
    )))
    for table, arrow in ((classifications, tables.classifications),
                         (voice_labels, tables.labels),
                         (classification_details, tables.details)):
        batch = [r for r in _dict_rows(_stamp(arrow, table, stamp), table)
                 if r["voice_id"] in owned]
        for chunk in _chunks(batch):
            conn.execute(insert(table), list(chunk))
    new = {r["id"] for r in fresh}  # beside new voices only: see the module docstring
    for table, arrow in ((voice_originals, tables.originals),
                         (voice_attributes, tables.attributes)):
        if arrow is None:
            continue
        batch = [r for r in _dict_rows(arrow, table) if r["voice_id"] in new]
        _insert_missing(conn, table, batch)
    if tables.contacts is not None:
        reporters = {r["reporter"] for r in fresh if r["reporter"]}
        _insert_missing(conn, reporter_contacts, [
            r for r in _dict_rows(_stamp(tables.contacts, reporter_contacts, stamp),
                                  reporter_contacts) if r["pseudonym"] in reporters])


def _insert_missing(conn: Connection, table: Table, rows: list[dict]) -> None:
    """Insert the rows whose (one-column) primary key the table does not hold yet."""
    key = next(iter(table.primary_key.columns))
    existing: set[str] = set()
    for chunk in _chunks([r[key.name] for r in rows]):
        existing.update(conn.scalars(select(key).where(key.in_(list(chunk)))))
    fresh = [r for r in rows if r[key.name] not in existing]
    for chunk in _chunks(fresh):
        conn.execute(insert(table), list(chunk))


def _copy_table(conn: Connection, sql_table: Table, staging: str, table: pa.Table) -> None:
    """COPY an Arrow table, as CSV, into a temporary copy of `sql_table` (dropped at
    commit). In CSV an unquoted empty field is NULL and a quoted one the empty string,
    which is how Arrow writes them; floats are written so that they read back exactly."""
    conn.execute(text(
        f"CREATE TEMP TABLE {staging} (LIKE {sql_table.name} INCLUDING DEFAULTS) "
        "ON COMMIT DROP"
    ))
    buffer = io.BytesIO()
    pa_csv.write_csv(_bytea_as_hex(table), buffer, pa_csv.WriteOptions(include_header=False))
    statement = f"COPY {staging} ({', '.join(table.column_names)}) FROM STDIN (FORMAT csv)"
    cursor = conn.connection.driver_connection.cursor()
    try:
        with cursor.copy(statement) as copy:
            view = buffer.getbuffer()
            for start in range(0, len(view), 1 << 20):
                copy.write(view[start : start + (1 << 20)])
            del view
    except psycopg.Error as err:
        # The raw cursor bypasses SQLAlchemy: wrap its error as SQLAlchemy would (an
        # IntegrityError for a constraint), so callers see one kind on every backend.
        raise DBAPIError.instance(statement, None, err, psycopg.Error) from err


def _bytea_as_hex(table: pa.Table) -> pa.Table:
    """Binary columns in PostgreSQL's hex input form for bytea (\\x...): raw bytes in
    CSV would be read as bytea's escape format, which mangles backslashes."""
    binary = [f.name for f in table.schema if pa.types.is_binary(f.type)
              or pa.types.is_large_binary(f.type)]
    if not binary:
        return table
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame.with_columns(
        (pl.lit("\\x") + pl.col(name).bin.encode("hex")).alias(name) for name in binary
    ).to_arrow()


def _merge_by_copy(conn: Connection, partition_key: str, tables: PartitionTables) -> None:
    stamp = datetime.now(UTC).replace(tzinfo=None)
    _copy_table(conn, voices, "stage_voices", _stamp(tables.voices, voices, stamp))
    _copy_table(conn, classifications, "stage_classifications",
                _stamp(tables.classifications, classifications, stamp))
    _copy_table(conn, voice_labels, "stage_voice_labels", _stamp(tables.labels, voice_labels,
                                                                 stamp))
    _copy_table(conn, classification_details, "stage_classification_details",
                _stamp(tables.details, classification_details, stamp))
    # A voice the store already has (ingested on one machine, or stored by another
    # partition, even one loading right now: ON CONFLICT) is not this partition's.
    # The voices that this statement does insert become the partition's own.
    names = ", ".join(c.name for c in voices.columns)
    conn.execute(text(
        "CREATE TEMP TABLE stage_new_voices (id varchar PRIMARY KEY, reporter varchar) "
        "ON COMMIT DROP"
    ))
    conn.execute(text(
        f"WITH ins AS (INSERT INTO voices ({names}) SELECT {names} FROM stage_voices "
        "ON CONFLICT (id) DO NOTHING RETURNING id, reporter), "
        "new AS (INSERT INTO stage_new_voices SELECT id, reporter FROM ins) "
        "INSERT INTO scale_partition_voices (voice_id, partition_key) SELECT id, :k FROM ins"
    ), {"k": partition_key})
    for table, staging in (
        (classifications, "stage_classifications"),
        (voice_labels, "stage_voice_labels"),
        (classification_details, "stage_classification_details"),
    ):
        names = ", ".join(c.name for c in table.columns)
        selected = ", ".join(f"s.{c.name}" for c in table.columns)
        conn.execute(text(
            f"INSERT INTO {table.name} ({names}) SELECT {selected} FROM {staging} s "
            "JOIN scale_partition_voices m ON m.voice_id = s.voice_id AND m.partition_key = :k"
        ), {"k": partition_key})
    for table, arrow in ((voice_originals, tables.originals),
                         (voice_attributes, tables.attributes)):
        if arrow is None or arrow.num_rows == 0:
            continue
        staging = f"stage_{table.name}"
        _copy_table(conn, table, staging, arrow.select([c.name for c in table.columns]))
        names = ", ".join(c.name for c in table.columns)
        selected = ", ".join(f"s.{c.name}" for c in table.columns)
        # Beside the voices new in this load only (see the module docstring).
        conn.execute(text(
            f"INSERT INTO {table.name} ({names}) SELECT {selected} FROM {staging} s "
            "JOIN stage_new_voices n ON n.id = s.voice_id ON CONFLICT (voice_id) DO NOTHING"
        ))
    if tables.contacts is not None and tables.contacts.num_rows:
        _copy_table(conn, reporter_contacts, "stage_reporter_contacts",
                    _stamp(tables.contacts, reporter_contacts, stamp))
        conn.execute(text(
            "INSERT INTO reporter_contacts (pseudonym, contact_encrypted, first_seen) "
            "SELECT s.pseudonym, s.contact_encrypted, s.first_seen "
            "FROM stage_reporter_contacts s "
            "WHERE s.pseudonym IN (SELECT reporter FROM stage_new_voices) "
            "ON CONFLICT (pseudonym) DO NOTHING"
        ))


# Column kinds of the rows `partition_rows` builds, so that a columnar copy of them
# (the Parquet output of `vitalcore scale`) follows the tables when they gain columns.


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
             "voice_labels": voice_labels,
             "classification_details": classification_details}[table_name]
    return [(c.name, _kind(c.type)) for c in table.columns if c.name not in _STAMPS]
