"""Store rows <-> Arrow tables: one Parquet row per classified voice.

The columns follow the store's tables (`store.row_columns`): the voice's columns under
their own names, the classification's under `c_<name>`, and the long-form labels as a
list of (kind, label, score). JSON columns travel as JSON text. Load-time stamps
(ingested_at, created_at) are not stored: the load sets them.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache

import pyarrow as pa

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
def schema() -> pa.Schema:
    """The Arrow schema of the output files."""
    fields = [pa.field(n, _ARROW[k]) for n, k in _voice_columns()]
    fields += [pa.field(f"c_{n}", _ARROW[k]) for n, k in _class_columns()]
    fields.append(pa.field("labels", pa.list_(LABEL)))
    return pa.schema(fields)


def _encode(value: object, kind: str) -> object:
    return json.dumps(value, ensure_ascii=False) if kind == "json" else value


def _decode(value: object, kind: str) -> object:
    return json.loads(value) if kind == "json" and value is not None else value


def to_table(rows: store.PartitionRows) -> pa.Table:
    """An Arrow table of partition rows (voices, classifications and labels of the
    same voices, as `store.partition_rows` builds them)."""
    by_voice = {r["voice_id"]: r for r in rows.classifications}
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
    columns["labels"] = [labels.get(r["id"], []) for r in rows.voices]
    return pa.Table.from_pydict(columns, schema=schema())


def from_table(table: pa.Table, stamped_at: datetime) -> store.PartitionRows:
    """Partition rows again, ready for `store.load_partition`."""
    voices, classifications, labels = [], [], []
    for record in table.to_pylist():
        voice = {n: _decode(record[n], k) for n, k in _voice_columns()}
        voice["ingested_at"] = stamped_at
        voices.append(voice)
        cls = {n: _decode(record[f"c_{n}"], k) for n, k in _class_columns()}
        cls.update(voice_id=voice["id"], created_at=stamped_at)
        classifications.append(cls)
        labels += [
            {"voice_id": voice["id"], "model_version": cls["model_version"], **lab}
            for lab in record["labels"]
        ]
    return store.PartitionRows(voices, classifications, labels)
