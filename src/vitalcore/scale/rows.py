"""Store rows <-> Arrow tables: one Parquet row per classified voice.

The columns follow the store's tables (`store.row_columns`): the voice's columns under
their own names, the classification's under `c_<name>`, its details (resolved area,
harm counts) under `d_<name>`, and the long-form labels as a list of (kind, label,
score). JSON columns travel as JSON text. Load-time stamps
(ingested_at, created_at) are not stored: the load sets them.
"""

from __future__ import annotations

import json
from functools import cache

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from vitalcore import store

_ARROW = {
    "json": pa.string(), "string": pa.string(), "bool": pa.bool_(),
    "datetime": pa.timestamp("us"), "int": pa.int64(), "float": pa.float64(),
}
LABEL = pa.struct([("kind", pa.string()), ("label", pa.string()), ("score", pa.float64())])


@cache
def _voice_columns() -> tuple[tuple[str, str], ...]:
    return tuple(store.row_columns("voices"))


@cache
def _class_columns() -> tuple[tuple[str, str], ...]:
    return tuple((n, k) for n, k in store.row_columns("classifications") if n != "voice_id")


@cache
def _detail_columns() -> tuple[tuple[str, str], ...]:
    return tuple((n, k) for n, k in store.row_columns("classification_details")
                 if n not in {"voice_id", "model_version"})


@cache
def schema() -> pa.Schema:
    """The Arrow schema of the output files."""
    fields = [pa.field(n, _ARROW[k]) for n, k in _voice_columns()]
    fields += [pa.field(f"c_{n}", _ARROW[k]) for n, k in _class_columns()]
    fields += [pa.field(f"d_{n}", _ARROW[k]) for n, k in _detail_columns()]
    fields.append(pa.field("labels", pa.list_(LABEL)))
    return pa.schema(fields)


def _encode(value: object, kind: str) -> object:
    return json.dumps(value, ensure_ascii=False) if kind == "json" else value


def to_table(rows: store.PartitionRows) -> pa.Table:
    """An Arrow table of partition rows (voices, classifications and labels of the
    same voices, as `store.partition_rows` builds them)."""
    by_voice = {r["voice_id"]: r for r in rows.classifications}
    details = {r["voice_id"]: r for r in rows.details}
    labels: dict[str, list[dict]] = {}
    for lab in rows.labels:
        labels.setdefault(lab["voice_id"], []).append(
            {"kind": lab["kind"], "label": lab["label"], "score": lab["score"]}
        )
    columns: dict[str, list] = {}
    for name, kind in _voice_columns():
        columns[name] = [_encode(r[name], kind) for r in rows.voices]
    for name, kind in _class_columns():
        columns[f"c_{name}"] = [_encode(by_voice[r["id"]][name], kind) for r in rows.voices]
    for name, kind in _detail_columns():
        columns[f"d_{name}"] = [_encode(details[r["id"]][name], kind) for r in rows.voices]
    columns["labels"] = [labels.get(r["id"], []) for r in rows.voices]
    return pa.Table.from_pydict(columns, schema=schema())


def store_tables(table: pa.Table) -> store.PartitionTables:
    """The partition's rows as the store's tables, column-wise: what
    `store.load_partition` takes. A voice repeated across the partition's files keeps
    its first row (files come in shard-name order, as one-machine ingest reads them)."""
    ids = pl.from_arrow(table.column("id"))
    if ids.n_unique() < len(ids):
        table = table.take(ids.arg_unique().sort().to_arrow())
    voices = table.select([n for n, _ in _voice_columns()])
    classes = table.select([f"c_{n}" for n, _ in _class_columns()]).rename_columns(
        [n for n, _ in _class_columns()]
    ).append_column("voice_id", table.column("id"))
    labels = table.column("labels").combine_chunks()
    parents = pc.list_parent_indices(labels)
    flat = pc.list_flatten(labels)
    label_rows = pa.table({
        "voice_id": table.column("id").take(parents),
        "model_version": table.column("c_model_version").take(parents),
        "kind": flat.field("kind"),
        "label": flat.field("label"),
        "score": flat.field("score"),
    })
    details = table.select([f"d_{n}" for n, _ in _detail_columns()]).rename_columns(
        [n for n, _ in _detail_columns()]
    ).append_column("voice_id", table.column("id")).append_column(
        "model_version", table.column("c_model_version")
    )
    return store.PartitionTables(voices, classes, label_rows, details)
