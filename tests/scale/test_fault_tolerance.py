"""A worker process killed (SIGKILL) in the middle of a run: the run still completes, and
its output is exactly that of a run where nothing went wrong."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.scale.conftest import open_target, opened, store_contents
from tests.scale.shardgen import write_shards
from vitalcore import workflow
from vitalcore.scale import dataset
from vitalcore.scale.load import read_partition


@pytest.fixture(scope="module")
def big_shards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Shards large enough (a fraction of a second each) that tasks are still running
    # when the first one finishes and the kill comes.
    folder = tmp_path_factory.mktemp("big-shards")
    write_shards(folder, seed=11, shards=4, per_shard=400, days=3)
    return folder


@pytest.fixture(scope="module")
def own_client() -> Iterator[object]:
    """A cluster of this module's own, so that its killed workers trouble no other test."""
    with workflow.scale_cluster(workers=2) as client:
        yield client


@pytest.fixture(scope="module")
def clean_out(client, big_shards: Path, gazetteer_store: Engine,
              tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output of a run where nothing went wrong (on the shared, unharmed cluster)."""
    out = tmp_path_factory.mktemp("clean")
    workflow.scale_classify(client, [big_shards], out, engine=gazetteer_store)
    return out


class WorkerKiller:
    """A progress callback that, at the first finished task, SIGKILLs a worker process
    that is running a task at that moment."""

    def __init__(self, client) -> None:  # noqa: ANN001 - a distributed.Client
        self.client = client
        self.killed: int | None = None

    def __call__(self, _done: int) -> None:
        if self.killed is not None:
            return
        pids = self.client.run(os.getpid)
        busy = [addr for addr, keys in self.client.processing().items() if keys]
        assert busy, "every task had finished before the kill: make the shards larger"
        self.killed = pids[busy[0]]
        os.kill(self.killed, signal.SIGKILL)


def referenced(out: Path) -> set[str]:
    return {name for m in dataset.manifests(out) for name in m.files}


def dataset_contents(out: Path) -> dict[str, list[dict]]:
    return {p.key: [opened(row) for row in read_partition(out, p).to_pylist()]
            for p in dataset.partitions(out)}


def test_a_killed_worker_loses_and_doubles_nothing(
    own_client, big_shards: Path, clean_out: Path, gazetteer_store: Engine, tmp_path: Path
) -> None:
    killer = WorkerKiller(own_client)
    report = workflow.scale_classify(own_client, [big_shards], tmp_path / "killed",
                                     engine=gazetteer_store, progress=killer)
    assert killer.killed is not None
    assert killer.killed not in own_client.run(os.getpid).values()
    # A shard whose finished result died with the worker is recomputed and then finds
    # its own manifest: "unchanged" is an honest answer for it, so statuses may mix.
    assert len(report.shards) == len(dataset.manifests(clean_out))
    assert [m.shard for m in dataset.manifests(tmp_path / "killed")] == [
        m.shard for m in dataset.manifests(clean_out)
    ]
    killed = dataset_contents(tmp_path / "killed")
    assert killed == dataset_contents(clean_out)
    ids = [row["id"] for rows in killed.values() for row in rows]
    assert len(ids) == len(set(ids)) == report.voices
    # A file cut short by the kill can only be a hidden temporary one, which no reader
    # lists and the next run sweeps away.
    out = tmp_path / "killed"
    leftovers = [p for p in out.rglob("*.parquet*")
                 if p.relative_to(out).as_posix() not in referenced(out)]
    assert all(p.name.startswith(".") and p.name.endswith(".tmp") for p in leftovers)
    assert dataset.sweep(out) == len(leftovers)


def test_a_worker_killed_while_loading_leaves_each_partition_whole(
    own_client, clean_out: Path, pg_schema: tuple[str, str]
) -> None:
    url, schema = pg_schema
    killer = WorkerKiller(own_client)
    report = workflow.scale_load(own_client, clean_out, url, schema=schema, progress=killer)
    assert killer.killed is not None
    engine = open_target((url, schema))
    try:
        assert len(report.partitions) == len(dataset.partitions(clean_out))
        contents = store_contents(engine)
        ids = [v["id"] for v in contents["voices"]]
        assert len(ids) == len(set(ids)) == sum(p.rows for p in report.partitions)
        expected = {row["id"] for rows in dataset_contents(clean_out).values() for row in rows}
        assert set(ids) == expected
        assert len(contents["classifications"]) == len(ids)
    finally:
        engine.dispose()
