"""Store rows <-> Arrow tables: one Parquet row per classified voice.

The columns follow the store's tables (`store.row_columns`): the voice's columns under
their own names, the classification's under `c_<name>`, its details (resolved area,
harm counts) under `d_<name>`, and the long-form labels as a list of (kind, label,
score). JSON columns travel as JSON text. Load-time stamps
(ingested_at, created_at) are not stored: the load sets them.

What file ingest keeps beside a voice travels in three more columns, protected as it
is in the store: `p_text_encrypted` (the original text as a Fernet token, when scrubbing
changed it), `p_contact_encrypted` (the reporter's contact as a Fernet token; its
pseudonym is the voice's `reporter`) and `p_attributes` (scrubbed source attributes,
JSON). No column holds a contact or an unscrubbed text in plain.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from vitalcore import store
from vitalcore.ingest import Normalised

_ARROW = {
    "json": pa.string(), "string": pa.string(), "bool": pa.bool_(),
    "datetime": pa.timestamp("us"), "int": pa.int64(), "float": pa.float64(),
}
LABEL = pa.struct([("kind", pa.string()), ("label", pa.string()), ("score", pa.float64())])
PROTECTED = (("p_text_encrypted", pa.binary()), ("p_contact_encrypted", pa.binary()),
             ("p_attributes", pa.string()))


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
    fields += [pa.field(n, t) for n, t in PROTECTED]
    return pa.schema(fields)


def _column(rows: Sequence[dict], name: str, kind: str) -> list:
    # Column by column, JSON encoding only where the kind asks for it: this runs for
    # every cell of a shard, so no per-cell function call (issue 12 profile).
    if kind == "json":
        dumps = json.dumps
        return [dumps(r[name], ensure_ascii=False) for r in rows]
    return [r[name] for r in rows]


def _protected(items: Sequence[Normalised], voice_ids: list[str]) -> dict[str, list]:
    """The protected columns of the voices, in their order (see the module docstring)."""
    if [n.voice.id for n in items] != voice_ids:
        raise ValueError("protected values must come in the order of the voices")
    for n in items:
        # The store finds a contact by the voice's reporter: they must be one pseudonym.
        if n.contact is not None and n.contact[0] != n.voice.reporter:
            raise ValueError(f"voice {n.voice.id}: contact pseudonym is not its reporter")
    return {
        "p_text_encrypted": [n.original for n in items],
        "p_contact_encrypted": [n.contact[1] if n.contact else None for n in items],
        "p_attributes": [json.dumps(n.attributes, ensure_ascii=False) if n.attributes
                         else None for n in items],
    }


def to_table(rows: store.PartitionRows, protected: Sequence[Normalised] | None = None
             ) -> pa.Table:
    """An Arrow table of partition rows (voices, classifications and labels of the
    same voices, as `store.partition_rows` builds them), with what ingest protects
    beside each voice (`protected`, in the voices' order; none when not given)."""
    by_voice = {r["voice_id"]: r for r in rows.classifications}
    details = {r["voice_id"]: r for r in rows.details}
    labels: dict[str, list[dict]] = {}
    for lab in rows.labels:
        labels.setdefault(lab["voice_id"], []).append(
            {"kind": lab["kind"], "label": lab["label"], "score": lab["score"]}
        )
    ids = [r["id"] for r in rows.voices]
    class_rows = [by_voice[i] for i in ids]
    detail_rows = [details[i] for i in ids]
    columns: dict[str, list] = {}
    for name, kind in _voice_columns():
        columns[name] = _column(rows.voices, name, kind)
    for name, kind in _class_columns():
        columns[f"c_{name}"] = _column(class_rows, name, kind)
    for name, kind in _detail_columns():
        columns[f"d_{name}"] = _column(detail_rows, name, kind)
    columns["labels"] = [labels.get(i, []) for i in ids]
    if protected is None:
        columns.update({n: [None] * len(ids) for n, _ in PROTECTED})
    else:
        columns.update(_protected(protected, ids))
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
    return store.PartitionTables(voices, classes, label_rows, details,
                                 *_protected_tables(table))


def _protected_tables(table: pa.Table) -> tuple[pa.Table, pa.Table, pa.Table]:
    """(voice_originals, voice_attributes, reporter_contacts) rows of a partition's
    table: what file ingest's store_batch writes beside the voices."""
    frame = pl.from_arrow(table.select(["id", "reporter", *[n for n, _ in PROTECTED]]))
    originals = frame.filter(pl.col("p_text_encrypted").is_not_null()).select(
        pl.col("id").alias("voice_id"), pl.col("p_text_encrypted").alias("text_encrypted"))
    attributes = frame.filter(pl.col("p_attributes").is_not_null()).select(
        pl.col("id").alias("voice_id"), pl.col("p_attributes").alias("attributes"))
    # A pseudonym keeps its first record, as in store_batch (rows in shard-name order).
    contacts = frame.filter(pl.col("p_contact_encrypted").is_not_null()).select(
        pl.col("reporter").alias("pseudonym"),
        pl.col("p_contact_encrypted").alias("contact_encrypted"),
    ).unique("pseudonym", keep="first", maintain_order=True)
    return originals.to_arrow(), attributes.to_arrow(), contacts.to_arrow()
