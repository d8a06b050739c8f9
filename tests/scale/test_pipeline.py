"""The scaled pipeline on a LocalCluster of two workers gives exactly what one machine
gives: the same voices, classifications and labels in the store, the same aggregates
and the same vital core."""

from __future__ import annotations

from pathlib import Path

import pytest
from polars.testing import assert_frame_equal
from sqlalchemy import Engine

from tests.scale.conftest import open_target, store_contents
from tests.store.test_deferred_indexes import index_definitions
from vitalcore import analysis, store, workflow
from vitalcore.demo import sample_path
from vitalcore.scale import dataset
from vitalcore.workflow.classification import classifier_for


@pytest.fixture(scope="module")
def scaled_out(client, shard_dir: Path, gazetteer_store: Engine,
               tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scaled")
    report = workflow.scale_classify(client, [shard_dir], out, engine=gazetteer_store)
    assert report.model_version == classifier_for(gazetteer_store).model_version
    return out


def test_store_holds_exactly_what_one_machine_stores(
    client, scaled_out: Path, reference: Engine, target: tuple[str, str | None]
) -> None:
    url, schema = target
    report = workflow.scale_load(client, scaled_out, url, schema=schema)
    engine = open_target(target)
    try:
        assert all(p.status == "loaded" for p in report.partitions)
        scaled, single = store_contents(engine), store_contents(reference)
        for table in ("voices", "classifications", "voice_labels", "classification_details"):
            assert len(scaled[table]) == len(single[table]) > 0
            assert scaled[table] == single[table], table
        assert store.count_rows(engine, "quarantine") == store.count_rows(reference, "quarantine")
        assert store.list_quarantine(engine) == [
            {**q, "created_at": s["created_at"]}
            for q, s in zip(store.list_quarantine(reference), store.list_quarantine(engine),
                            strict=True)
        ]
    finally:
        engine.dispose()


def test_reloading_changes_nothing_and_forcing_replaces_exactly(
    client, scaled_out: Path, target: tuple[str, str | None]
) -> None:
    url, schema = target
    first = workflow.scale_load(client, scaled_out, url, schema=schema)
    engine = open_target(target)
    try:
        before = store_contents(engine)
        again = workflow.scale_load(client, scaled_out, url, schema=schema)
        assert {p.status for p in again.partitions} == {"unchanged"}
        forced = workflow.scale_load(client, scaled_out, url, schema=schema, force=True)
        assert [p.replaced for p in forced.partitions] == [
            p.voices_owned for p in first.partitions
        ]
        assert store_contents(engine) == before
        ledger = store.partition_ledger(engine)
        assert ledger["partition_key"].to_list() == [p.key for p in
                                                     dataset.partitions(scaled_out)]
        assert ledger["rows"].sum() == sum(p.rows for p in first.partitions)
    finally:
        engine.dispose()


def test_voices_already_in_the_store_are_not_taken_over(
    client, scaled_out: Path, reference: Engine, shard_dir: Path,
    target: tuple[str, str | None],
) -> None:
    """A voice ingested on one machine stays the store's; loading and re-loading a
    partition neither duplicates it nor deletes it."""
    url, schema = target
    engine = open_target(target)
    try:
        workflow.import_areas(engine, sample_path("areas.csv"))
        workflow.ingest(engine, sorted(shard_dir.iterdir())[0])
        workflow.classify_pending(engine)
        already = store.count_rows(engine, "voices")
        workflow.scale_load(client, scaled_out, url, schema=schema)
        workflow.scale_load(client, scaled_out, url, schema=schema, force=True)
        owned = sum(len(store.partition_voice_ids(engine, p.key))
                    for p in dataset.partitions(scaled_out))
        assert already > 0
        assert owned == store.count_rows(engine, "voices") - already
        assert store_contents(engine)["classifications"] == store_contents(reference)[
            "classifications"
        ]
    finally:
        engine.dispose()


def test_a_load_with_its_read_indexes_deferred_stores_the_same_and_builds_them(
    client, scaled_out: Path, reference: Engine, pg_schema: tuple[str, str]
) -> None:
    url, schema = pg_schema
    engine = store.open_store(url, schema=schema)
    try:
        indexes = index_definitions(engine)
        # A first load that dies after its partitions, before it builds the indexes:
        died = workflow.scale_load(client, scaled_out, url, schema=schema,
                                   defer_indexes=True, build_indexes=False)
        assert died.indexes_deferred and not died.indexes_built
        assert store.pending_indexes(engine) == sorted(died.indexes_deferred)
        # ... is run again, plainly: nothing is loaded twice, the indexes are built.
        again = workflow.scale_load(client, scaled_out, url, schema=schema)
        assert {p.status for p in again.partitions} == {"unchanged"}
        assert sorted(b.name for b in again.indexes_built) == sorted(died.indexes_deferred)
        assert "read indexes built" in again.line()
        assert index_definitions(engine) == indexes
        assert store_contents(engine) == store_contents(reference)
        # A forced re-load with them deferred replaces exactly and builds them again.
        forced = workflow.scale_load(client, scaled_out, url, schema=schema, force=True,
                                     defer_indexes=True)
        assert {b.name for b in forced.indexes_built} == set(forced.indexes_deferred)
        assert index_definitions(engine) == indexes
        assert store_contents(engine) == store_contents(reference)
    finally:
        engine.dispose()


def test_aggregates_and_vital_core_equal_one_machine(
    client, scaled_out: Path, reference: Engine
) -> None:
    scaled = workflow.scale_aggregate(client, scaled_out)
    single = workflow.one_machine_analysis(reference)
    assert scaled.aggregates.voices == single.aggregates.voices > 0
    for name in ("daily", "groups", "cooccurrence"):
        assert_frame_equal(getattr(scaled.aggregates, name), getattr(single.aggregates, name))
    assert not scaled.aggregates.cooccurrence.is_empty()
    assert_frame_equal(scaled.vital_core, single.vital_core)
    # Ranked from the partitions' tallies, it is still the ranking of every single voice.
    every_voice = analysis.rank_threats(
        analysis.voice_table(store.labels_frame(reference)), replicates=0
    ).select(scaled.vital_core.columns)
    assert_frame_equal(scaled.vital_core, every_voice)


def test_classifying_again_rewrites_nothing(
    client, scaled_out: Path, shard_dir: Path, gazetteer_store: Engine
) -> None:
    before = {p: p.stat().st_mtime_ns for p in scaled_out.rglob("*.parquet")}
    report = workflow.scale_classify(client, [shard_dir], scaled_out, engine=gazetteer_store)
    assert {s.status for s in report.shards} == {"unchanged"}
    assert {p: p.stat().st_mtime_ns for p in scaled_out.rglob("*.parquet")} == before
