"""vitalcore scale run, in-process on a local cluster, then checked in the store."""

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from tests.scale.shardgen import write_shards
from vitalcore import store
from vitalcore.cli import app
from vitalcore.demo import sample_path
from vitalcore.store.schema import reporter_contacts, voice_originals

runner = CliRunner()


def test_scale_run_fills_the_store_and_ranks(db_url: str, tmp_path: Path) -> None:
    write_shards(tmp_path / "shards", seed=3, shards=2, per_shard=40)
    assert runner.invoke(app, ["areas", str(sample_path("areas.csv")), "--db", db_url]
                         ).exit_code == 0
    args = ["scale", "run", str(tmp_path / "shards"), "--out", str(tmp_path / "out"),
            "--db", db_url, "--workers", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "shards 2 (2 classified, 0 unchanged)" in result.output
    assert "Vital core, all areas" in result.output
    engine = store.open_store(db_url)
    voices = store.count_rows(engine, "voices")
    assert voices == store.count_rows(engine, "classifications") > 0
    assert f"voices stored {voices}" in result.output
    # The shards' reporters left phones and names: kept, encrypted, as file ingest keeps them.
    with engine.connect() as conn:
        for table in (reporter_contacts, voice_originals):
            assert conn.scalar(select(func.count()).select_from(table)) > 0, table.name
    again = runner.invoke(app, ["scale", "load", str(tmp_path / "out"), "--db", db_url,
                                "--workers", "1"])
    assert again.exit_code == 0, again.output
    assert "voices stored 0" in again.output
    assert store.count_rows(engine, "voices") == voices
    engine.dispose()


def test_scale_load_defers_and_builds_the_read_indexes_on_postgresql(
    tmp_path: Path, pg_schema: tuple[str, str]
) -> None:
    url, schema = pg_schema
    db = f"{url}?options=-csearch_path%3D{schema}"
    write_shards(tmp_path / "shards", seed=5, shards=2, per_shard=30)
    classified = runner.invoke(app, ["scale", "classify", str(tmp_path / "shards"), "--out",
                                     str(tmp_path / "out"), "--workers", "1"])
    assert classified.exit_code == 0, classified.output
    result = runner.invoke(app, ["scale", "load", str(tmp_path / "out"), "--db", db,
                                 "--workers", "1", "--defer-indexes"])
    assert result.exit_code == 0, result.output
    engine = store.open_store(url, schema=schema)
    try:
        deferred = len(store.defer_read_indexes(engine))  # all back, so all can go again
        store.build_deferred_indexes(engine)
        assert f"read indexes set aside for the load: {deferred}" in result.output
        assert f"read indexes built {deferred} in" in result.output
        stored = re.search(r"voices stored (\d+)", result.output)
        assert stored and store.count_rows(engine, "voices") == int(stored[1]) > 0
        assert store.pending_indexes(engine) == []
    finally:
        engine.dispose()


def test_init_warns_of_read_indexes_a_dead_load_left_aside(pg_schema: tuple[str, str]
                                                          ) -> None:
    url, schema = pg_schema
    db = f"{url}?options=-csearch_path%3D{schema}"
    engine = store.open_store(url, schema=schema)
    deferred = store.defer_read_indexes(engine)
    result = runner.invoke(app, ["init", "--db", db])
    assert result.exit_code == 0, result.output
    assert f"warning: {len(deferred)} read indexes were set aside" in result.output
    store.build_deferred_indexes(engine)
    assert "warning" not in runner.invoke(app, ["init", "--db", db]).output
    engine.dispose()


def test_scale_load_refuses_to_defer_the_indexes_of_sqlite(tmp_path: Path, db_url: str
                                                           ) -> None:
    write_shards(tmp_path / "shards", seed=5, shards=1, per_shard=10)
    assert runner.invoke(app, ["scale", "classify", str(tmp_path / "shards"), "--out",
                               str(tmp_path / "out"), "--workers", "1", "--db", db_url]
                         ).exit_code == 0
    result = runner.invoke(app, ["scale", "load", str(tmp_path / "out"), "--db", db_url,
                                 "--defer-indexes"])
    assert result.exit_code == 1
    assert "--defer-indexes is for PostgreSQL" in result.output
    assert store.count_rows(store.open_store(db_url), "voices") == 0


def test_scale_classify_names_an_empty_folder(tmp_path: Path, db_url: str) -> None:
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["scale", "classify", str(tmp_path / "empty"), "--out",
                                 str(tmp_path / "out"), "--db", db_url, "--workers", "1"])
    assert result.exit_code == 1
    assert "empty: no shard files" in result.output


def test_scale_load_names_a_folder_that_is_not_an_output(tmp_path: Path, db_url: str) -> None:
    result = runner.invoke(app, ["scale", "load", str(tmp_path), "--db", db_url])
    assert result.exit_code == 1
    assert "not an output folder of `vitalcore scale classify`" in result.output


def test_scale_classify_without_a_privacy_key_says_how_to_make_one(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_shards(tmp_path / "shards", seed=3, shards=1, per_shard=5)
    monkeypatch.setenv("VITALCORE_KEY_FILE", str(tmp_path / "no-such.key"))
    result = runner.invoke(app, ["scale", "classify", str(tmp_path / "shards"), "--out",
                                 str(tmp_path / "out"), "--db", db_url, "--workers", "1"])
    assert result.exit_code == 1
    assert "no vitalcore key" in result.output
    assert not (tmp_path / "out").exists()
