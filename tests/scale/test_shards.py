"""Shards: discovery, deterministic keys, and Parquet input read like CSV input."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.scale.conftest import opened
from tests.scale.shardgen import FIELDS, rows
from vitalcore.classify import default_classifier
from vitalcore.scale import dataset
from vitalcore.scale.classify import IngestSettings, classify_shard
from vitalcore.scale.load import read_partition
from vitalcore.scale.shards import discover


def test_shards_are_found_by_name_with_keys_that_do_not_depend_on_the_mount(
    tmp_path: Path,
) -> None:
    for root in ("a", "b"):
        (tmp_path / root / "north").mkdir(parents=True)
        (tmp_path / root / "north" / "day1.csv").write_text("text\nhello\n")
        (tmp_path / root / "_skipped.csv").write_text("text\nx\n")
        (tmp_path / root / "notes.txt").write_text("not a shard")
    first, second = discover([tmp_path / "a"]), discover([tmp_path / "b"])
    assert [s.name for s in first] == ["north/day1.csv"]
    assert [s.key for s in first] == [s.key for s in second]


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: (p / "empty").mkdir(), "empty: no shard files"),
    (lambda p: None, "missing: no such file or folder"),
])
def test_inputs_without_shards_are_named(tmp_path: Path, make, message: str) -> None:  # noqa: ANN001
    make(tmp_path)
    target = tmp_path / ("empty" if "empty" in message else "missing")
    with pytest.raises(ValueError, match=message):
        discover([target])


def test_two_inputs_with_the_same_shard_name_are_refused(tmp_path: Path) -> None:
    for root in ("a", "b"):
        (tmp_path / root).mkdir()
        (tmp_path / root / "same.csv").write_text("text\nhello\n")
    with pytest.raises(ValueError, match="same name: same.csv"):
        discover([tmp_path / "a", tmp_path / "b"])


def test_a_parquet_shard_gives_the_voices_of_the_same_rows_in_csv(tmp_path: Path) -> None:
    batch = rows(5, 300)
    (tmp_path / "in-csv").mkdir()
    with (tmp_path / "in-csv" / "voices.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(batch)
    (tmp_path / "in-parquet").mkdir()
    pq.write_table(pa.Table.from_pylist(batch), tmp_path / "in-parquet" / "voices.parquet")
    model, settings = default_classifier(), IngestSettings(source="radio")
    results = {}
    for kind in ("csv", "parquet"):
        shard = discover([tmp_path / f"in-{kind}"])[0]
        outcome = classify_shard(shard, str(tmp_path / f"out-{kind}"), model, [], settings)
        assert outcome.quarantined > 0  # the generator breaks some rows on purpose
        parts = dataset.partitions(tmp_path / f"out-{kind}")
        table = [r for p in parts for r in read_partition(tmp_path / f"out-{kind}", p).to_pylist()]
        results[kind] = sorted(
            ({k: v for k, v in opened(r).items() if k not in {"prov_file", "prov_message_id"}}
             for r in table), key=lambda r: r["id"],
        )
    assert results["csv"] == results["parquet"]
    assert len(results["csv"]) > 250
