"""Input shards: the partitioned files a scaled run reads (CSV, NDJSON or Parquet).

A shard is named by its path relative to the input folder; that name, not the machine
it is read on, is its identity, so a shard keeps its key when the folder is mounted
elsewhere on a cluster. CSV and NDJSON are read by ingest's own readers; Parquet rows
become RawRecords the same way, one per row, with file and row as provenance.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from vitalcore.domain import Provenance, RawRecord
from vitalcore.ingest import READERS

SUFFIXES = {".csv": "csv", ".ndjson": "ndjson", ".jsonl": "ndjson", ".parquet": "parquet"}
_PARQUET_BATCH = 10_000


@dataclass(frozen=True)
class Shard:
    """One input file of a scaled run."""

    path: str  # absolute path, as the workers see it
    name: str  # path relative to the input folder, with '/' separators: the identity
    format: str

    @property
    def key(self) -> str:
        """Deterministic short key of the shard, used in output file names."""
        return hashlib.sha256(self.name.encode("utf-8")).hexdigest()[:16]


def discover(inputs: Sequence[Path], *, format: str | None = None) -> list[Shard]:
    """Shards in the given files and folders (folders searched recursively), by name.

    Raises ValueError naming the input when a folder holds no shard or a file's kind is
    unknown: an empty run is a mistake to report, not a success.
    """
    shards: list[Shard] = []
    for given in inputs:
        root = Path(given).expanduser().resolve()
        if root.is_dir():
            files = sorted(p for p in root.rglob("*")
                           if p.is_file() and p.suffix.lower() in SUFFIXES
                           and not p.name.startswith((".", "_")))
            if not files:
                kinds = ", ".join(sorted(SUFFIXES))
                raise ValueError(f"{given}: no shard files ({kinds}) in this folder")
            shards += [_shard(p, p.relative_to(root).as_posix(), format) for p in files]
        elif root.is_file():
            shards.append(_shard(root, root.name, format))
        else:
            raise ValueError(f"{given}: no such file or folder")
    names = [s.name for s in shards]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"two inputs hold shards with the same name: {', '.join(repeated)}")
    return sorted(shards, key=lambda s: s.name)


def _shard(path: Path, name: str, format: str | None) -> Shard:
    kind = format or SUFFIXES.get(path.suffix.lower())
    if kind not in {*READERS, "parquet"}:
        raise ValueError(f"{path.name}: cannot tell how to read it; use CSV, NDJSON or Parquet")
    return Shard(path=str(path), name=name, format=kind)


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_shard(shard: Shard) -> Iterator[RawRecord]:
    """The shard's records, as ingest's reader for its format yields them."""
    path = Path(shard.path)
    if shard.format == "parquet":
        return read_parquet(path)
    return READERS[shard.format](path)


def read_parquet(path: Path) -> Iterator[RawRecord]:
    """One RawRecord per Parquet row; row numbers are 1-based, as in the other readers."""
    import pyarrow.parquet as pq

    row = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=_PARQUET_BATCH):
        for fields in batch.to_pylist():
            row += 1
            message_id = fields.get("id") or fields.get("message_id")
            yield RawRecord(
                provenance=Provenance(
                    file=path.name, row=row,
                    message_id=str(message_id) if message_id else None,
                ),
                fields=fields,
            )
