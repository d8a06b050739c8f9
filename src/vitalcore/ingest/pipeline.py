"""Ingest a file: read -> normalise -> store, in batches that commit as they go.

A batch is committed before the next is read, and every write is keyed by content, so
killing an ingest at any moment and running it again ends in the same store as one
clean run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

from sqlalchemy import Engine

from vitalcore import store
from vitalcore.domain import Channel, QuarantineEntry, RawRecord, Voice
from vitalcore.ingest.csv_reader import read_csv
from vitalcore.ingest.json_reader import read_json, read_ndjson
from vitalcore.ingest.mapping import Mapping, load_mapping
from vitalcore.ingest.normalise import AreaResolver, Defaults, normalise

Reader = Callable[[Path], Iterator[RawRecord]]

READERS: dict[str, Reader] = {
    "csv": read_csv,
    "json": read_json,
    "ndjson": read_ndjson,
}
_SUFFIXES = {".csv": "csv", ".json": "json", ".ndjson": "ndjson", ".jsonl": "ndjson"}

Progress = Callable[[int], None]


def detect_format(path: Path, given: str | None = None) -> str:
    """The reader for a file: the one named, else the one its suffix implies."""
    name = given or _SUFFIXES.get(path.suffix.lower())
    if name not in READERS:
        supported = ", ".join(sorted(READERS))
        what = f"format {given!r}" if given else f"the suffix of {path.name!r}"
        raise ValueError(f"cannot tell how to read {what}; supported formats: {supported}")
    return name


def _batches(items: Iterable[RawRecord], size: int) -> Iterator[list[RawRecord]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def ingest_records(
    engine: Engine,
    records: Iterable[RawRecord],
    *,
    mapping: Mapping,
    defaults: Defaults | None = None,
    resolve_area: AreaResolver | None = None,
    batch_size: int = 2000,
    progress: Progress | None = None,
) -> store.IngestCounts:
    """Normalise and store records; return the counts, where read = stored + dup + quarantined."""
    total = store.IngestCounts()
    for batch in _batches(records, batch_size):
        voices: list[Voice] = []
        rejected: list[QuarantineEntry] = []
        for record in batch:
            result = normalise(record, mapping, defaults or Defaults(), resolve_area)
            (voices if isinstance(result, Voice) else rejected).append(result)
        stored = store.add_voices(engine, voices)
        store.add_quarantine(engine, rejected)
        total += store.IngestCounts(
            read=len(batch),
            stored=stored,
            duplicates=len(voices) - stored,
            quarantined=len(rejected),
        )
        if progress:
            progress(len(batch))
    return total


def ingest_file(
    engine: Engine,
    path: Path,
    *,
    format: str | None = None,
    mapping: str | Path = "vitalcore",
    channel: Channel | None = None,
    source: str | None = None,
    resolve_area: AreaResolver | None = None,
    batch_size: int = 2000,
    progress: Progress | None = None,
) -> store.IngestCounts:
    """Ingest one file into the store."""
    reader = READERS[detect_format(path, format)]
    defaults = Defaults(channel=channel, source=source or path.stem)
    return ingest_records(
        engine,
        reader(path),
        mapping=load_mapping(mapping),
        defaults=defaults,
        resolve_area=resolve_area,
        batch_size=batch_size,
        progress=progress,
    )
