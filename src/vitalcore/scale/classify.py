"""The classify task: one shard in, its classified voices out as Parquet partitions.

The task is what a Dask worker runs, and it is an ordinary function: the steps are
those of one-machine ingest and classify (ingest's reader, `ingest.normalise_record`, the
classifier the driver chose, the store's own row builders), only the output differs.
It is idempotent: run twice (a retry after a killed worker), it writes the same files
under the same names and the same manifest (the Fernet tokens inside differ, each
encryption drawing a fresh IV; what they hold does not).

Privacy is what one-machine ingest does, on the worker, before anything is written:
`normalise_record` pseudonymises the reporter and scrubs the text; the contact, the
original text and a rejected record's raw fields travel on only as Fernet tokens (new
columns of the Parquet rows, a field of the quarantine file), and the load stores them
where file ingest does. The key never crosses the Dask network: every worker reads it
from its own key source (`privacy.load_key`: $VITALCORE_KEY or $VITALCORE_KEY_FILE, a
mounted secret), and the driver sends only its key's fingerprint, which each task
checks, so a worker with another key fails loudly instead of writing pseudonyms that
match nothing (see docs/security.md).
"""

from __future__ import annotations

import base64
import gc
import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl
import pyarrow as pa

from vitalcore import privacy, store
from vitalcore.classify import Classifier
from vitalcore.classify.gazetteer import Gazetteer, PlaceMatcher, packaged_areas, with_area
from vitalcore.domain import Area, Channel, Classification, Voice
from vitalcore.ingest import Defaults, Normalised, load_mapping, normalise_record
from vitalcore.ingest import quarantine_write as protected_quarantine
from vitalcore.scale import dataset, rows
from vitalcore.scale.shards import Shard, file_digest, read_shard
from vitalcore.store.ingest import QuarantineWrite

_BATCH = 5000
# Rows are built with a placeholder stamp: Parquet keeps no load-time stamps.
_NO_STAMP = datetime(1970, 1, 1)


@dataclass(frozen=True)
class IngestSettings:
    """What decides how records become voices: part of every output's run digest."""

    mapping: str = "vitalcore"
    channel: Channel | None = None
    source: str | None = None  # default: the shard's file stem, as `vitalcore ingest` does

    def defaults(self, shard: Shard) -> Defaults:
        return Defaults(channel=self.channel, source=self.source or Path(shard.path).stem)


@dataclass(frozen=True)
class ShardResult:
    """What one task did with one shard."""

    shard: str
    status: str  # "classified", or "unchanged" when its manifest was already current
    read: int
    voices: int
    duplicates: int
    quarantined: int
    files: int


def run_digest(shard: Shard, content: str, model_version: str, settings: IngestSettings,
               areas: Sequence[Area], key_fingerprint: str = "") -> str:
    """Changes whenever the task's output would: the shard's bytes, the model, the ingest
    settings, the gazetteer or the privacy key (pseudonyms are keyed)."""
    gazetteer = sorted(a.model_dump_json() for a in areas)
    spec = json.dumps([shard.name, content, model_version, settings.mapping,
                       settings.channel, settings.source, gazetteer, key_fingerprint],
                      default=str)
    return hashlib.sha256(spec.encode("utf-8")).hexdigest()[:16]


def worker_key(expected: str | None = None) -> bytes:
    """This process's privacy key, checked against the driver's fingerprint.

    Raises KeyMissingError when the worker has no key, KeyMismatchError when it has
    another one than the driver (whose fingerprint is `expected`).
    """
    key = privacy.load_key()
    found = privacy.key_fingerprint(key)
    if expected is not None and found != expected:
        raise privacy.KeyMismatchError(
            f"this worker's privacy key (fingerprint {found}) is not the driver's "
            f"({expected}): give every worker the same key source ($VITALCORE_KEY_FILE "
            "pointing at the same secret); see docs/deploy.md"
        )
    return key


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the task, back on after.

    A shard keeps ~10^5 live objects (records, voices, classifications, rows), and every
    generation-2 collection walks all of them: profiled on a 20,000-voice shard, that
    was ~40 % of the task's CPU (issue 12). The task makes almost no reference cycles;
    what it allocates is freed by reference counting when it returns, and the collector
    runs again from then on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def classify_shard(shard: Shard, out: str, classifier: Classifier, areas: Sequence[Area],
                   settings: IngestSettings, key_fingerprint: str | None = None
                   ) -> ShardResult:
    """Read, normalise and classify one shard; write its partitions, then its manifest.

    `key_fingerprint` is the driver's (`privacy.key_fingerprint`); None when driver and
    task are one process and so share the key.
    """
    with _collector_paused():
        return _classify_shard(shard, out, classifier, areas, settings, key_fingerprint)


def _classify_shard(shard: Shard, out: str, classifier: Classifier, areas: Sequence[Area],
                    settings: IngestSettings, key_fingerprint: str | None) -> ShardResult:
    out_dir = Path(out)
    key = worker_key(key_fingerprint)
    digest = run_digest(shard, file_digest(shard.path), classifier.model_version, settings,
                        areas, privacy.key_fingerprint(key))
    previous = dataset.read_manifest(out_dir, shard.key)
    if previous is not None and previous.run_digest == digest:
        return ShardResult(shard.name, "unchanged", previous.read, previous.voices,
                           previous.duplicates, previous.quarantined, len(previous.files))

    normalised, rejected, read = _normalised(shard, settings, areas, key)
    kept = _first_of_each(normalised)
    unique = [n.voice for n in kept]
    results = []
    for start in range(0, len(unique), _BATCH):
        results += classifier.classify([v.text for v in unique[start : start + _BATCH]])
    results = _with_areas(unique, results, areas)
    # A voice stored without an area takes the one its classification found, as
    # one-machine classify gives it (workflow.classification.classify_voices).
    unique = [v if v.area_pcode or not r.area_pcode
              else v.model_copy(update={"area_pcode": r.area_pcode})
              for v, r in zip(unique, results, strict=True)]
    table = rows.to_table(store.partition_rows(list(zip(unique, results, strict=True)),
                                               _NO_STAMP), protected=kept)
    countries = {a.pcode: a.country for a in (*packaged_areas(), *areas)}
    files = _write_partitions(out_dir, table, countries, f"part-{shard.key}-{digest}.parquet")
    quarantine_file = _write_quarantine(out_dir, rejected, f"{shard.key}-{digest}.ndjson")

    manifest = dataset.Manifest(
        shard=shard.name, shard_key=shard.key, run_digest=digest,
        model_version=classifier.model_version, read=read, voices=len(unique),
        duplicates=len(normalised) - len(unique), quarantined=len(rejected),
        files=tuple(sorted(files)), quarantine_file=quarantine_file,
    )
    dataset.write_manifest(out_dir, manifest)
    if previous is not None:  # the old files are unreferenced now that the new commit is in
        stale = {*previous.files, previous.quarantine_file} - {*files, quarantine_file}
        for name in stale - {None}:
            (out_dir / name).unlink(missing_ok=True)
    return ShardResult(shard.name, "classified", read, len(unique), manifest.duplicates,
                       len(rejected), len(files))


def _with_areas(voices: list[Voice], results: list[Classification],
                areas: Sequence[Area]) -> list[Classification]:
    """Each classification's area, decided as one-machine classify decides it (the voice's
    coordinates, then its area, then a place its text names), with the packaged
    gazetteer behind the store's as there."""
    places = PlaceMatcher(areas, fallback=packaged_areas())
    return [
        with_area(r.model_copy(update={"voice_id": v.id}),
                  {"lat": v.lat, "lon": v.lon, "area_pcode": v.area_pcode,
                   "place_name": v.place_name}, places)
        for v, r in zip(voices, results, strict=True)
    ]


def _first_of_each(normalised: list[Normalised]) -> list[Normalised]:
    """Voices with repeated ids dropped, the first kept, as one-machine ingest keeps it."""
    seen: set[str] = set()
    unique = []
    for item in normalised:
        if item.voice.id not in seen:
            seen.add(item.voice.id)
            unique.append(item)
    return unique


def _normalised(shard: Shard, settings: IngestSettings, areas: Sequence[Area], key: bytes
                ) -> tuple[list[Normalised], list[QuarantineWrite], int]:
    """The shard's records as file ingest normalises them, with the same key, once."""
    mapping = load_mapping(settings.mapping)
    defaults = settings.defaults(shard)
    resolve = Gazetteer(areas, fallback=packaged_areas()).resolve
    voices: list[Normalised] = []
    rejected: list[QuarantineWrite] = []
    read = 0
    for record in read_shard(shard):
        read += 1
        result = normalise_record(record, mapping, defaults, key=key, resolve_area=resolve)
        if isinstance(result, Normalised):
            voices.append(result)
        else:
            rejected.append(protected_quarantine(result, record, mapping, defaults,
                                                 shard.format, key))
    return voices, rejected, read


def _write_partitions(out: Path, table: pa.Table, countries: dict[str, str],
                      file_name: str) -> list[str]:
    """One file per date x country the shard's voices fall in; returns their paths."""
    if table.num_rows == 0:
        return []
    frame = pl.from_arrow(table)
    keys = frame.select(
        pl.col("occurred_at").dt.strftime("%Y-%m-%d").fill_null(dataset.UNKNOWN).alias("date"),
        pl.col("area_pcode").replace_strict(countries, default=None)
        .fill_null(dataset.UNKNOWN).alias("country"),
    )
    written = []
    groups = keys.with_row_index("i").group_by(["date", "country"], maintain_order=True).agg(
        pl.col("i")
    )
    for date, country, index in groups.iter_rows():
        part = table.take(pa.array(index))
        name = f"{dataset.partition_dir(date, country)}/{file_name}"
        dataset.write_atomic_table(out / name, part)
        written.append(name)
    return written


def quarantine_line(write: QuarantineWrite) -> str:
    """One line of a quarantine file: the display-safe entry and, as in the store's
    quarantine_details, how it was read and its raw fields as a Fernet token."""
    return json.dumps({
        "entry": write.entry.model_dump(mode="json"), "format": write.format,
        "mapping": write.mapping, "channel": write.channel, "source": write.source,
        "raw_encrypted": base64.b64encode(write.raw_encrypted).decode("ascii"),
        "reporter": write.reporter,  # the pseudonym, so that an erasure reaches it
    }, ensure_ascii=False) + "\n"


def _write_quarantine(out: Path, rejected: list[QuarantineWrite], file_name: str) -> str | None:
    if not rejected:
        return None
    name = f"{dataset.QUARANTINE}/{file_name}"
    lines = "".join(quarantine_line(write) for write in rejected)
    dataset.write_atomic_bytes(out / name, lines.encode("utf-8"))
    return name
