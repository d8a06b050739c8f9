"""The output dataset: manifests are commits, sweeps touch only our files, a changed shard
replaces its files, and one model answers for a whole dataset."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.scale.shardgen import write_shards
from vitalcore.classify import default_classifier
from vitalcore.scale import dataset
from vitalcore.scale.classify import IngestSettings, classify_shard
from vitalcore.scale.shards import discover


@pytest.fixture
def classified(tmp_path: Path) -> Path:
    write_shards(tmp_path / "in", seed=2, shards=2, per_shard=50)
    for shard in discover([tmp_path / "in"]):
        classify_shard(shard, str(tmp_path / "out"), default_classifier(), [], IngestSettings())
    return tmp_path


def test_files_without_a_manifest_are_invisible_and_swept(classified: Path) -> None:
    out = classified / "out"
    before = dataset.partitions(out)
    orphan = out / "date=2026-09-01" / "country=unknown" / "part-0000-dead.parquet"
    orphan.parent.mkdir(parents=True, exist_ok=True)  # voices now placed: may not exist
    orphan.write_bytes(b"a task died before its manifest")
    temp = out / "date=2026-09-01" / "country=unknown" / ".part-x.parquet.1234.tmp"
    temp.write_bytes(b"half a file")
    foreign = out / "README.txt"
    foreign.write_text("the analyst's own notes")
    assert dataset.partitions(out) == before
    assert dataset.sweep(out) == 2
    assert foreign.exists() and not orphan.exists() and not temp.exists()


def test_a_changed_shard_replaces_its_files_and_changes_the_content_hash(
    classified: Path,
) -> None:
    out, shard = classified / "out", discover([classified / "in"])[0]
    hashes = {p.key: p.content_hash for p in dataset.partitions(out)}
    old = set(dataset.read_manifest(out, shard.key).files)
    with open(shard.path, "a", encoding="utf-8") as fh:
        fh.write("late-1,A late voice about the flood,sms,source-1,2026-09-03,BF5602,,\n")
    result = classify_shard(shard, str(out), default_classifier(), [], IngestSettings())
    assert result.status == "classified"
    new = set(dataset.read_manifest(out, shard.key).files)
    assert not old & new
    assert all(not (out / name).exists() for name in old)
    changed = {p.key for p in dataset.partitions(out) if hashes.get(p.key) != p.content_hash}
    assert changed == {Path(n).parent.as_posix() for n in old | new}


def test_a_dataset_classified_by_two_models_is_refused(classified: Path) -> None:
    out, shard = classified / "out", discover([classified / "in"])[0]
    manifest = dataset.read_manifest(out, shard.key)
    dataset.write_manifest(out, dataclasses.replace(manifest, model_version="other-9"))
    with pytest.raises(ValueError, match="different models"):
        dataset.partitions(out)
