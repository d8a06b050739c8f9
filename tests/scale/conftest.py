"""Fixtures of the scale-out tests: simulated shards, the one-machine reference run, a
LocalCluster of two worker processes, and stores to load into (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from tests.conftest import postgres_url
from tests.scale.shardgen import write_shards
from vitalcore import store, workflow
from vitalcore.demo import sample_path
from vitalcore.privacy import create_key, decrypt, load_key
from vitalcore.scale.shards import discover
from vitalcore.store.schema import (
    classification_details,
    classifications,
    voice_labels,
    voices,
)

SHARDS, PER_SHARD = 6, 120

STAMPS = {"ingested_at", "created_at"}


def table_rows(engine: Engine, table) -> list[dict]:  # noqa: ANN001 - a Table
    """Every row of a table without load-time stamps, in primary-key order."""
    keys = list(table.primary_key.columns)
    with engine.connect() as conn:
        result = conn.execute(select(table).order_by(*keys))
        return [{k: v for k, v in r._mapping.items() if k not in STAMPS} for r in result]


def opened(row: dict) -> dict:
    """An output row with its Fernet tokens decrypted: encrypting anew (a recomputed
    shard, another copy of the same rows) draws fresh IVs, so tokens differ while what
    they hold is the same; that is what the comparisons compare."""
    key = load_key()
    return {k: decrypt(v, key) if k.endswith("_encrypted") and v is not None else v
            for k, v in row.items()}


def store_contents(engine: Engine) -> dict[str, list[dict]]:
    tables = (voices, classifications, voice_labels, classification_details)
    return {t.name: table_rows(engine, t) for t in tables}


@pytest.fixture(scope="session")
def shard_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("shards")
    # Few days, so few partitions: each load is one transaction per partition.
    write_shards(folder, seed=7, shards=SHARDS, per_shard=PER_SHARD, days=3)
    return folder


@pytest.fixture(scope="session")
def reference(shard_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The single-process pipeline on the same shards: ingest each, then classify."""
    engine = workflow.open(str(tmp_path_factory.mktemp("reference") / "one.db"))
    workflow.import_areas(engine, sample_path("areas.csv"))
    for shard in discover([shard_dir]):
        workflow.ingest(engine, shard.path)
    workflow.classify_pending(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def gazetteer_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A store that holds only the gazetteer: where the scaled run reads its areas."""
    engine = workflow.open(str(tmp_path_factory.mktemp("areas") / "areas.db"))
    workflow.import_areas(engine, sample_path("areas.csv"))
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def client() -> Iterator[object]:
    with workflow.scale_cluster(workers=2) as dask_client:
        yield dask_client


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str | None]]:
    """(url, schema) of an empty store to load into, on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'scaled.db'}", None
    else:
        postgres_url()
        yield request.getfixturevalue("pg_schema")


def open_target(target: tuple[str, str | None]) -> Engine:
    url, schema = target
    return store.open_store(url, schema=schema)


@pytest.fixture(scope="session", autouse=True)
def scale_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One privacy key for the whole session: the one-machine reference, the Dask workers
    (which keep the environment they were started with) and every test must pseudonymise
    reporters alike, or their stores could not be compared."""
    path = create_key(tmp_path_factory.mktemp("scale-key") / "scale.key")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VITALCORE_KEY_FILE", str(path))
        yield path


@pytest.fixture(autouse=True)
def same_key_in_every_test(scale_key: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs after the root conftest's clean_environ, which gives each test a key of its own."""
    monkeypatch.setenv("VITALCORE_KEY_FILE", str(scale_key))
