"""Ingest: read -> normalise -> store, in batches that commit as they go.

Each batch is one transaction (store.store_batch) and every row is keyed by content or
source id, so killing an ingest at any moment and running it again ends in the same
store as one clean run: whole batches are either there (and skipped as duplicates) or
not (and stored now).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from importlib import import_module
from itertools import islice
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import Engine

from vitalcore import privacy, store
from vitalcore.domain import Channel, Provenance, QuarantineEntry, RawRecord
from vitalcore.ingest import fastpath, sanity
from vitalcore.ingest.catalogue import FORMATS
from vitalcore.ingest.columns import ColumnPlan, plan_columns
from vitalcore.ingest.mapping import Mapping, load_mapping
from vitalcore.ingest.normalise import (
    AreaResolver,
    Defaults,
    Normalised,
    normalise_record,
    reporter_of,
)
from vitalcore.store.ingest import QuarantineWrite, VoiceWrite, store_batch

Reader = Callable[[Path], Iterator[RawRecord]]



def reader_module(name: str) -> ModuleType:
    """The module of a format: read(), MAPPING, maybe records_from_payload()."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; supported formats: {', '.join(FORMATS)}")
    return import_module(f"vitalcore.ingest.formats.{name}")


READERS: dict[str, Reader] = {name: reader_module(name).read for name in FORMATS}
_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".json": "json",
             ".ndjson": "ndjson", ".jsonl": "ndjson"}

Progress = Callable[[int], None]
_TABULAR = {"csv", "xlsx"}
SAMPLE_ROWS = 200  # records read to plan the columns: enough to see a column's kind


def detect_format(path: Path, given: str | None = None) -> str:
    """The reader for a file: the one named, else the one its suffix implies."""
    name = given or _SUFFIXES.get(path.suffix.lower())
    if name not in READERS:
        supported = ", ".join(FORMATS)
        what = f"format {given!r}" if given else f"the suffix of {path.name!r}"
        raise ValueError(f"cannot tell how to read {what}; supported formats: {supported}")
    return name


def _batches(items: Iterable[RawRecord], size: int) -> Iterator[list[RawRecord]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _encrypted_raw(record: RawRecord, key: bytes) -> bytes:
    payload = {"fields": record.fields, "error": record.error,
               "message_id": record.provenance.message_id}
    # ASCII with escapes: a lone surrogate survives the round trip and encrypts.
    return privacy.encrypt(sanity.dumps_escaped(payload), key)


def guarded(records: Iterable[RawRecord], origin: str) -> Iterator[RawRecord]:
    """The records of a reader; if the reader itself fails part-way, one last record
    saying where and why, so the run still ends with its counts and what was read
    before the failure is kept."""
    last, where = 0, origin
    iterator = iter(records)
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        except Exception as err:  # noqa: BLE001 - any reader failure becomes a quarantine
            yield RawRecord(provenance=Provenance(file=where, row=last + 1),
                            fields={"after_row": last},
                            error=f"reading stopped after row {last}: "
                                  f"{type(err).__name__}: {sanity.repair(str(err))[:300]}")
            return
        last, where = max(last, record.provenance.row), record.provenance.file
        yield record


def ingest_records(
    engine: Engine,
    records: Iterable[RawRecord],
    *,
    mapping: Mapping,
    defaults: Defaults | None = None,
    resolve_area: AreaResolver | None = None,
    batch_size: int = 5000,
    progress: Progress | None = None,
    key: bytes | None = None,
    format: str = "records",
) -> store.IngestCounts:
    """Normalise and store records; return the counts, where read = stored + dup + quarantined.

    `key` defaults to privacy.load_key(); `format` is recorded with quarantined records
    so that `vitalcore quarantine retry` can read them again the same way.
    """
    key = key or privacy.load_key()
    defaults = defaults or Defaults()
    total = store.IngestCounts()
    for batch in _batches(guarded(records, format), batch_size):
        written: list[VoiceWrite] = []
        rejected: list[QuarantineWrite] = []
        for record in batch:
            result = normalise_record(record, mapping, defaults, key=key,
                                      resolve_area=resolve_area)
            if isinstance(result, Normalised):
                written.append(VoiceWrite(result.voice, result.contact, result.original,
                                          result.attributes or None))
            else:
                rejected.append(quarantine_write(result, record, mapping, defaults, format,
                                                 key))
        total += store_batch(engine, written, rejected)
        if progress:
            progress(len(batch))
    return total


def quarantine_write(entry: QuarantineEntry, record: RawRecord, mapping: Mapping,
                     defaults: Defaults, format: str, key: bytes) -> QuarantineWrite:
    """What the store keeps of a rejected record: the entry, how it was read and its raw
    fields encrypted (they may hold contacts), so `vitalcore quarantine retry` can
    read it again. The scaled path keeps exactly this too."""
    return QuarantineWrite(
        entry=entry,
        format=format,
        mapping=mapping.source,
        channel=defaults.channel.value if defaults.channel else None,
        source=defaults.source,
        raw_encrypted=_encrypted_raw(record, key),
        reporter=reporter_of(mapping, record.fields, key),
    )


def ingest_file(
    engine: Engine,
    path: Path,
    *,
    format: str | None = None,
    mapping: str | Path | None = None,
    channel: Channel | None = None,
    source: str | None = None,
    resolve_area: AreaResolver | None = None,
    batch_size: int = 5000,
    progress: Progress | None = None,
    key: bytes | None = None,
) -> store.IngestCounts:
    """Ingest one file into the store with its format's shipped mapping (or `mapping`)."""
    name = detect_format(path, format)
    module = reader_module(name)
    plan = column_plan(path, format=name, mapping=mapping)
    chosen = plan.mapping
    # A header holds for every row of a table: without a text column no row can become a
    # voice. JSON records each have their own keys, so there each record is judged alone.
    if name in _TABULAR and plan.columns and not plan.has_text:
        raise ValueError(
            f"no text column found: the file's columns are {', '.join(plan.columns)}; "
            "name the one holding the voice's words with --mapping "
            f"(vitalcore mapping suggest {path.name} writes one to edit)")
    defaults = Defaults(channel=channel, source=source or chosen.defaults.get("source")
                        or path.stem)
    key = key or privacy.load_key()
    records: Iterable[RawRecord] = module.read(path)
    done = store.IngestCounts()
    header = fastpath.eligible(path, chosen) if name == "csv" else None
    if header is not None:
        done, resume_at = _ingest_fast(engine, path, header, chosen, defaults, resolve_area,
                                       batch_size, progress, key)
        if resume_at is None:
            return done
        records = (r for r in records if r.provenance.row >= resume_at)
    return done + ingest_records(
        engine, records, mapping=chosen, defaults=defaults,
        resolve_area=resolve_area, batch_size=batch_size, progress=progress, key=key,
        format=name,
    )


def column_plan(path: Path, *, format: str | None = None, mapping: str | Path | None = None,
                resolve_area: AreaResolver | None = None, sample_size: int = SAMPLE_ROWS
                ) -> ColumnPlan:
    """How the file's columns would be read, from its first `sample_size` records.

    The generic flat layout (no --mapping, a format read with the `vitalcore` mapping)
    also understands the common headers of columns.yaml; any mapping gets its unused
    columns named and flagged.
    """
    name = detect_format(path, format)
    module = reader_module(name)
    chosen = load_mapping(mapping or module.MAPPING)
    columns: dict[str, None] = {}
    sample: list[dict[str, Any]] = []
    for record in islice(module.read(path), sample_size):
        if record.error:
            continue
        sample.append(record.fields)
        columns.update(dict.fromkeys(str(k) for k in record.fields))
    return plan_columns(list(columns), sample, chosen,
                        recognise=mapping is None and module.MAPPING == "vitalcore",
                        resolve_area=resolve_area)


def preview_file(path: Path, *, format: str | None = None, mapping: str | Path | None = None,
                 channel: Channel | None = None, source: str | None = None,
                 resolve_area: AreaResolver | None = None, rows: int = 5,
                 scan: int = 1000) -> dict[str, Any]:
    """What ingesting the file would do, from its first `scan` records, writing nothing.

    Pseudonyms are drawn under a throwaway key: the preview shows that a reporter was
    found, never who. Duplicates against the store are not known until the real ingest.
    """
    import base64
    import secrets

    plan = column_plan(path, format=format, mapping=mapping, resolve_area=resolve_area)
    name = detect_format(path, format)
    chosen = plan.mapping
    defaults = Defaults(channel=channel, source=source or chosen.defaults.get("source")
                        or path.stem)
    key = base64.urlsafe_b64encode(secrets.token_bytes(32))
    shown: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    stored = read = 0
    for record in islice(reader_module(name).read(path), scan):
        read += 1
        result = normalise_record(record, chosen, defaults, key=key, resolve_area=resolve_area)
        if isinstance(result, Normalised):
            stored += 1
            if len(shown) < rows:
                shown.append(_preview_row(result))
        else:
            rejected.append({"row": result.provenance.row, "field": result.field,
                             "reason": result.reason})
    return {
        "file": path.name, "format": name, "mapping": chosen.source,
        "refused": ("no text column found" if name in _TABULAR and plan.columns
                    and not plan.has_text else None),
        **plan.as_dict(),
        "scanned": read, "would_store": stored, "would_quarantine": len(rejected),
        "rows": shown, "quarantined": rejected,
    }


def _preview_row(result: Normalised) -> dict[str, Any]:
    voice = result.voice
    return {
        "row": voice.provenance.row if voice.provenance else None,
        "text": voice.text if len(voice.text) <= 120 else voice.text[:119] + "…",
        "channel": voice.channel.value, "source": voice.source,
        "occurred_at": voice.occurred_at.isoformat() if voice.occurred_at else None,
        "area_pcode": voice.area_pcode, "place_name": voice.place_name,
        "reporter": "pseudonymised" if voice.reporter else None,
        "groups_reported": [g.value for g in voice.groups_reported],
        "language": voice.language, "attributes": sorted(result.attributes),
    }


def _ingest_fast(engine: Engine, path: Path, header: list[str], mapping: Mapping,
                 defaults: Defaults, resolve_area: AreaResolver | None, batch_size: int,
                 progress: Progress | None, key: bytes) -> tuple[store.IngestCounts, int | None]:
    """Ingest with the vectorised path; (counts, None) when done, or (counts, row) to
    go on per row from `row` when pyarrow cannot parse a block (a ragged row, a blank
    line): each block is one transaction, so what was stored stays and is not re-read."""
    import polars as pl
    import pyarrow as pa

    total = store.IngestCounts()
    next_row = 1
    # About as many rows per transaction as the per-row path's batches (~120 bytes a row).
    block_size = max(1 << 16, min(fastpath.BLOCK, batch_size * 128))
    try:
        for block in fastpath.blocks(path, header, mapping, defaults, resolve_area,
                                     block_size):
            written: list[VoiceWrite] = []
            rejected: list[QuarantineWrite] = []
            for record in block.slow:
                result = normalise_record(record, mapping, defaults, key=key,
                                          resolve_area=resolve_area)
                if isinstance(result, Normalised):
                    written.append(VoiceWrite(result.voice, result.contact, result.original,
                                              result.attributes or None))
                else:
                    rejected.append(quarantine_write(result, record, mapping, defaults,
                                                     "csv", key))
            total += store_batch(engine, written, rejected, block.voices)
            next_row += block.rows
            if progress:
                progress(block.rows)
    except (pa.ArrowInvalid, pl.exceptions.PolarsError):
        # A block this path cannot take is left to the per-row path, which names the
        # row and field; nothing of the block was stored.
        return total, next_row
    return total, None


def payload_records(format: str, obj: Any, origin: str) -> Iterator[RawRecord]:
    """RawRecords from a JSON payload in a format's layout (for webhooks)."""
    module = reader_module(format)
    if not hasattr(module, "records_from_payload"):
        raise ValueError(f"format {format!r} has no JSON payload layout")
    return module.records_from_payload(obj, origin)
