"""The load task: one Parquet partition into the store, exactly once per content."""

from __future__ import annotations

import base64
import json
from functools import cache
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Engine

from vitalcore import store
from vitalcore.domain import QuarantineEntry
from vitalcore.scale import dataset, rows
from vitalcore.store.engine import make_engine
from vitalcore.store.ingest import QuarantineWrite


@cache
def worker_engine(url: str, schema: str | None) -> Engine:
    """One engine (one connection pool) per worker process and store.

    Workers get the URL, never an Engine: engines hold sockets and do not travel.
    The driver migrates the store before any task runs.
    """
    return make_engine(url, schema=schema)


def read_partition(out: str | Path, partition: dataset.Partition) -> pa.Table:
    """The partition's files as one table, in shard-name order."""
    tables = [pq.read_table(Path(out) / name, schema=rows.schema()) for name in partition.files]
    return pa.concat_tables(tables) if tables else rows.schema().empty_table()


def load_partition(out: str, partition: dataset.Partition, url: str, schema: str | None,
                   *, force: bool = False) -> store.PartitionLoad:
    """Load one partition into the store at `url` (the cluster task)."""
    tables = rows.store_tables(read_partition(out, partition))
    return store.load_partition(
        worker_engine(url, schema), partition_key=partition.key,
        content_hash=partition.content_hash, model_version=partition.model_version,
        tables=tables, force=force,
    )


def read_quarantine_line(line: str) -> QuarantineWrite:
    """A line of a quarantine file (`scale.classify.quarantine_line`) as the store's write."""
    spec = json.loads(line)
    return QuarantineWrite(
        entry=QuarantineEntry.model_validate(spec["entry"]), format=spec["format"],
        mapping=spec["mapping"], channel=spec["channel"], source=spec["source"],
        raw_encrypted=base64.b64decode(spec["raw_encrypted"]),
        reporter=spec.get("reporter"),  # absent in files written before issue 23
    )


def load_quarantine(out: str | Path, engine: Engine) -> int:
    """Keep the quarantined records of every shard in the store, with their encrypted
    raw fields, as file ingest keeps them; return how many were new.

    Entries are keyed by content, so loading them again adds nothing.
    """
    before = store.count_quarantined(engine)
    for path in dataset.quarantine_files(Path(out)):
        with path.open(encoding="utf-8") as fh:
            writes = [read_quarantine_line(line) for line in fh if line.strip()]
        store.store_batch(engine, [], writes)
    return store.count_quarantined(engine) - before
