"""The Parquet output of a scaled run: hive layout, atomic files, manifests as commits.

    OUT/date=2026-09-01/country=ML/part-<shard key>-<run digest>.parquet
    OUT/_manifests/<shard key>.json        one per shard, written LAST
    OUT/_quarantine/<shard key>-<run digest>.ndjson

Every file is written under a temporary name and renamed into place (os.replace is
atomic on POSIX), so a worker killed mid-write leaves no half file under a real name.
A shard's files count only once its manifest exists: the manifest is the shard's
commit. Readers (load, aggregate) list files through the manifests, never by globbing,
so the files of a shard whose task died before its manifest are invisible, and the
retry (here or on another worker) writes them again under the same names. The run
digest in each name changes with the shard's bytes, the model version and the ingest
settings, so a changed shard never overwrites files a manifest still points at.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

MANIFESTS = "_manifests"
QUARANTINE = "_quarantine"
UNKNOWN = "unknown"  # date or country of a voice that has none


@dataclass(frozen=True)
class Manifest:
    """What one shard's task wrote: the shard's commit record."""

    shard: str  # shard name (relative path)
    shard_key: str
    run_digest: str
    model_version: str
    read: int
    voices: int
    duplicates: int
    quarantined: int
    files: tuple[str, ...]  # paths relative to OUT, sorted
    quarantine_file: str | None


def partition_dir(date: str, country: str) -> str:
    """The hive folder of one partition: its key in the ledger too."""
    return f"date={date}/country={country}"


def _temp_name(target: Path) -> Path:
    # Dot-prefixed, so neither our readers nor pyarrow's dataset discovery see it.
    return target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")


def write_atomic_bytes(target: Path, data: bytes) -> None:
    """Write a file so that it appears whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = _temp_name(target)
    with open(temp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(temp, target)


def write_atomic_table(target: Path, table: pa.Table) -> None:
    """Write a Parquet file so that it appears whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = _temp_name(target)
    pq.write_table(table, temp, compression="zstd")
    os.replace(temp, target)


def manifest_path(out: Path, shard_key: str) -> Path:
    return out / MANIFESTS / f"{shard_key}.json"


def read_manifest(out: Path, shard_key: str) -> Manifest | None:
    path = manifest_path(out, shard_key)
    if not path.is_file():
        return None
    spec = json.loads(path.read_text(encoding="utf-8"))
    return Manifest(**{**spec, "files": tuple(spec["files"])})


def write_manifest(out: Path, manifest: Manifest) -> None:
    data = json.dumps(asdict(manifest), indent=1, sort_keys=True).encode("utf-8")
    write_atomic_bytes(manifest_path(out, manifest.shard_key), data)


def manifests(out: Path) -> list[Manifest]:
    """Every committed shard of the dataset, by shard name."""
    folder = out / MANIFESTS
    if not folder.is_dir():
        return []
    found = [read_manifest(out, p.stem) for p in folder.glob("*.json")]
    return sorted((m for m in found if m is not None), key=lambda m: m.shard)


@dataclass(frozen=True)
class Partition:
    """One date x country folder, as its committed files describe it."""

    key: str  # "date=D/country=C"
    files: tuple[str, ...]  # relative to OUT, in shard-name order (first voice wins)
    model_version: str

    @property
    def content_hash(self) -> str:
        """Hash of the partition's content. File names carry the run digest of their
        shard, which changes whenever the bytes written would, so hashing the names is
        hashing the content without reading it."""
        return hashlib.sha256("\n".join(self.files).encode("utf-8")).hexdigest()


def partitions(out: Path) -> list[Partition]:
    """The dataset's partitions, by key. Raises when two model versions are mixed."""
    by_key: dict[str, list[str]] = {}
    versions = set()
    for manifest in manifests(out):
        versions.add(manifest.model_version)
        for name in manifest.files:
            by_key.setdefault(str(Path(name).parent.as_posix()), []).append(name)
    if len(versions) > 1:
        raise ValueError(
            f"{out}: shards classified by different models ({', '.join(sorted(versions))}); "
            "re-run `vitalcore scale classify` so that one model answers for all"
        )
    version = next(iter(versions), "")
    return [Partition(k, tuple(v), version) for k, v in sorted(by_key.items())]


def quarantine_files(out: Path) -> list[Path]:
    return [out / m.quarantine_file for m in manifests(out) if m.quarantine_file]


def sweep(out: Path, keep: Iterable[str] = ()) -> int:
    """Remove temporary files and files no manifest points at; return how many.

    Run before a classify run starts, never while one is running (a running task's
    not-yet-committed files are unreferenced too).
    """
    referenced = set(keep)
    for manifest in manifests(out):
        referenced.update(manifest.files)
        if manifest.quarantine_file:
            referenced.add(manifest.quarantine_file)
    removed = 0
    if not out.is_dir():
        return 0
    for path in out.rglob("*"):
        # Only files this module writes are candidates: an output folder shared with
        # anything else keeps what is not ours.
        ours = path.name.startswith(("part-", ".part-")) or path.parent.name == QUARANTINE
        if not path.is_file() or not ours or path.parent.name == MANIFESTS:
            continue
        rel = path.relative_to(out).as_posix()
        if path.name.endswith(".tmp") or rel not in referenced:
            path.unlink()
            removed += 1
    return removed
