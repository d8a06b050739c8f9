"""The scale-out workflow: classify shards, load partitions, aggregate, on a Dask cluster.

    with scale_cluster(workers=2) as client:                 # or scheduler="tcp://..."
        scale_classify(client, ["shards/"], "out/", engine=engine)
        scale_load(client, "out/", url)                      # COPY, once per content
        result = scale_aggregate(client, "out/")             # then the same analyses

Every step is idempotent and resumable: run it again after a crash and it finishes
what is missing and repeats nothing (see scale/dataset.py and store/scale.py for how).
A task lost with a killed worker is rerun by Dask on another worker; its writes are
atomic, so nothing is lost or doubled.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from sqlalchemy import Engine

from vitalcore import analysis, privacy, store
from vitalcore.classify import Classifier
from vitalcore.scale import aggregate as agg
from vitalcore.scale import dataset
from vitalcore.scale.classify import IngestSettings, ShardResult, classify_shard
from vitalcore.scale.cluster import connect
from vitalcore.scale.load import load_partition, load_quarantine, read_partition
from vitalcore.scale.shards import discover
from vitalcore.store.engine import make_engine
from vitalcore.workflow.classification import classifier_for
from vitalcore.workflow.places import adopt_packaged_areas

Progress = Callable[[int], None]
# Retries for exceptions a task raises (a dropped database connection, say). A killed
# worker is not an exception: the scheduler reruns its tasks elsewhere by itself.
RETRIES = 2

scale_cluster = connect


@dataclass(frozen=True)
class ClassifyReport:
    """What a classify run did, shard by shard."""

    shards: tuple[ShardResult, ...]
    model_version: str

    @property
    def read(self) -> int:
        return sum(s.read for s in self.shards)

    @property
    def voices(self) -> int:
        return sum(s.voices for s in self.shards)

    def line(self) -> str:
        done = sum(s.status == "classified" for s in self.shards)
        quarantined = sum(s.quarantined for s in self.shards)
        duplicates = sum(s.duplicates for s in self.shards)
        return (
            f"shards {len(self.shards)} ({done} classified, {len(self.shards) - done} "
            f"unchanged): read {self.read}, voices {self.voices}, duplicates {duplicates}, "
            f"quarantined {quarantined}; model {self.model_version}"
        )


@dataclass(frozen=True)
class LoadReport:
    """What a load run did, partition by partition."""

    partitions: tuple[store.PartitionLoad, ...]
    quarantined: int
    indexes_deferred: tuple[str, ...] = ()  # read indexes this run set aside
    indexes_built: tuple[store.IndexBuild, ...] = ()  # and those it built again

    def line(self) -> str:
        loaded = [p for p in self.partitions if p.status == "loaded"]
        line = (
            f"partitions {len(self.partitions)} ({len(loaded)} loaded, "
            f"{len(self.partitions) - len(loaded)} unchanged): voices stored "
            f"{sum(p.voices_owned for p in loaded)}, replaced {sum(p.replaced for p in loaded)}, "
            f"quarantined {self.quarantined} new"
        )
        if self.indexes_built:
            seconds = sum(b.seconds for b in self.indexes_built)
            line += f"; read indexes built {len(self.indexes_built)} in {seconds:.0f} s"
        return line


@dataclass(frozen=True)
class ScaleAnalysis:
    """The aggregates and the vital core of a dataset, computed on the cluster."""

    aggregates: agg.Aggregates
    vital_core: pl.DataFrame


def _gather(client, futures: list, progress: Progress | None) -> list:  # noqa: ANN001
    from distributed import as_completed

    for future in as_completed(futures):
        future.result()  # raises the task's error here, naming it, instead of later
        if progress:
            progress(1)
    return client.gather(futures)


def _run_token() -> str:
    # Task keys are unique per run, so two drivers on one scheduler never share a result;
    # the output names, not the task keys, are what make the results deterministic.
    return uuid.uuid4().hex[:8]


def scale_classify(
    client,  # noqa: ANN001 - a distributed.Client; typed loosely so Dask stays optional
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    engine: Engine | None = None,
    classifier: Classifier | None = None,
    settings: IngestSettings | None = None,
    progress: Progress | None = None,
) -> ClassifyReport:
    """Classify every shard of `inputs` into the Parquet dataset at `out`.

    The classifier is chosen once, here, and shipped to every worker, so one model
    version answers for all shards (and for a one-machine run with the same default).
    Place names resolve with the store's gazetteer when an engine is given.

    The privacy key is NOT shipped: each worker reads its own (the same secret, see
    docs/deploy.md); this process sends its key's fingerprint, checks every worker
    now and every task checks again (a worker may join later).
    """
    shards = discover([Path(p) for p in inputs], format=None)
    fingerprint = check_worker_keys(client)
    # The classifier one-machine classify would use: the store's newest trained model,
    # else the packaged one, reading places with the store's gazetteer.
    model = classifier or classifier_for(engine)
    areas = store.list_areas(engine) if engine is not None else []
    out_dir = Path(out).expanduser().resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    dataset.sweep(out_dir)  # leftovers of a killed run; no task of ours is running yet
    # Replicas on every worker: a worker that dies takes one copy, not the only one.
    model_ref, areas_ref = client.scatter([model, areas], broadcast=True)
    token = _run_token()
    futures = [
        client.submit(classify_shard, shard, str(out_dir), model_ref, areas_ref,
                      settings or IngestSettings(), fingerprint,
                      key=f"vitalcore-classify-{shard.key}-{token}", retries=RETRIES)
        for shard in shards
    ]
    results = _gather(client, futures, progress)
    return ClassifyReport(tuple(results), model.model_version)


def _worker_fingerprint() -> str:
    """The fingerprint of this worker's key, or the error that says why it has none."""
    try:
        return privacy.key_fingerprint(privacy.load_key())
    except privacy.KeyMissingError as err:
        return f"no key: {err}"


def check_worker_keys(client) -> str:  # noqa: ANN001 - a distributed.Client
    """This process's key fingerprint, once every connected worker is seen to hold the
    same key; raises KeyMismatchError naming the workers that do not."""
    expected = privacy.key_fingerprint(privacy.load_key())
    found = client.run(_worker_fingerprint)
    wrong = {addr: fp for addr, fp in sorted(found.items()) if fp != expected}
    if wrong:
        listed = "; ".join(f"{addr}: {fp}" for addr, fp in wrong.items())
        raise privacy.KeyMismatchError(
            f"workers without this driver's privacy key (fingerprint {expected}): {listed}. "
            "Give every worker the same secret ($VITALCORE_KEY_FILE); see docs/deploy.md"
        )
    return expected


def scale_load(
    client,  # noqa: ANN001 - a distributed.Client, or None to load in this process
    out: str | Path,
    url: str,
    *,
    schema: str | None = None,
    force: bool = False,
    defer_indexes: bool = False,
    build_indexes: bool = True,
    progress: Progress | None = None,
) -> LoadReport:
    """Load every partition of the dataset at `out` into the store at `url`.

    On PostgreSQL each partition is a task on the cluster (COPY in parallel, one
    transaction per partition); SQLite has one writer, so it loads here in turn.
    With `defer_indexes` (PostgreSQL), the loaded tables' read indexes are set aside
    first and built once at the end, which is faster for a large first load
    (store/deferred_indexes.py). Read indexes left aside by an earlier load that died
    are built at the end too, unless `build_indexes` is false: then the caller builds
    them (`scale_build_indexes`), with a progress bar of its own.
    """
    out_dir = Path(out).expanduser().resolve()
    engine = store.open_store(url, schema=schema)  # migrated once, before any task
    try:
        deferred = tuple(store.defer_read_indexes(engine)) if defer_indexes else ()
        parts = dataset.partitions(out_dir)
        if client is None or engine.dialect.name == "sqlite":
            results = []
            for part in parts:
                results.append(load_partition(str(out_dir), part, url, schema, force=force))
                if progress:
                    progress(1)
        else:
            token = _run_token()
            futures = [
                client.submit(load_partition, str(out_dir), part, url, schema, force=force,
                              key=f"vitalcore-load-{part.key}-{token}", retries=RETRIES)
                for part in parts
            ]
            results = _gather(client, futures, progress)
        quarantined = load_quarantine(out_dir, engine)
        adopt_packaged_areas(engine)  # the packaged areas voices were placed in
        built = tuple(store.build_deferred_indexes(engine)) if build_indexes else ()
    finally:
        engine.dispose()
    return LoadReport(tuple(results), quarantined, deferred, built)


def scale_build_indexes(url: str, *, schema: str | None = None,
                        progress: Progress | None = None) -> tuple[store.IndexBuild, ...]:
    """Build the read indexes that loads set aside (none: nothing to do). The store is
    not migrated again: the load before did it, and a store from before migration 0017
    has nothing aside."""
    engine = make_engine(url, schema=schema)
    try:
        return tuple(store.build_deferred_indexes(engine, progress))
    finally:
        engine.dispose()


def scale_pending_indexes(url: str, *, schema: str | None = None) -> list[str]:
    """The read indexes set aside and not built yet (read as the store stands)."""
    engine = make_engine(url, schema=schema)
    try:
        return store.pending_indexes(engine)
    finally:
        engine.dispose()


def partition_analysis_inputs(out: str, part: dataset.Partition, threshold: float
                              ) -> tuple[agg.Aggregates, pl.DataFrame]:
    """A partition's partial aggregates and vital-core tally (the cluster task): a few
    hundred rows, whatever the partition's size."""
    labels = agg.labels_from_table(read_partition(out, part))
    return (agg.aggregate(labels, threshold=threshold),
            analysis.vital_core_tally(labels, threshold=threshold))


def scale_aggregate(
    client,  # noqa: ANN001 - a distributed.Client
    out: str | Path,
    *,
    threshold: float = agg.THRESHOLD,
    min_voices: int = 5,
    progress: Progress | None = None,
) -> ScaleAnalysis:
    """Aggregates and vital-core tallies per partition on the cluster, summed here, then
    the same vital-core ranking as on one machine (`analysis.rank_tally`, which
    `analysis.rank_vital_core` calls). What reaches this process grows with areas,
    sources and days, not with voices."""
    out_dir = Path(out).expanduser().resolve()
    token = _run_token()
    futures = [
        client.submit(partition_analysis_inputs, str(out_dir), part, threshold,
                      key=f"vitalcore-aggregate-{part.key}-{token}", retries=RETRIES)
        for part in dataset.partitions(out_dir)
    ]
    parts = _gather(client, futures, progress)
    tally = analysis.combine_tallies([t for _, t in parts])
    return ScaleAnalysis(
        aggregates=agg.combine([a for a, _ in parts]),
        vital_core=analysis.rank_tally(tally, min_voices=min_voices),
    )


def partition_count(out: str | Path) -> int:
    """How many partitions the dataset at `out` holds (for progress bars)."""
    return len(dataset.partitions(Path(out).expanduser().resolve()))


def shard_count(inputs: Sequence[str | Path]) -> int:
    """How many shards the inputs hold (for progress bars)."""
    return len(discover([Path(p) for p in inputs]))


def one_machine_analysis(engine: Engine, *, threshold: float = agg.THRESHOLD,
                         min_voices: int = 5) -> ScaleAnalysis:
    """The same aggregates and ranking from a store, in this process: the reference the
    cluster's results must equal."""
    labels = store.labels_frame(engine)
    return ScaleAnalysis(
        aggregates=agg.aggregate(labels, threshold=threshold),
        vital_core=analysis.rank_vital_core(labels, threshold=threshold,
                                            min_voices=min_voices),
    )

