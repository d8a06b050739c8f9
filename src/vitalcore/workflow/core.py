"""Core workflow: open a store, import areas, ingest, classify, rank the vital core."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
from sqlalchemy import Engine

from vitalcore import analysis, privacy, store
from vitalcore.classify import Classifier
from vitalcore.classify.boundaries import read_boundaries
from vitalcore.classify.gazetteer import Gazetteer, read_gazetteer
from vitalcore.config import database_url
from vitalcore.domain import Channel
from vitalcore.ingest import ingest_file

Progress = Callable[[int], None]


def open(db: str | None = None) -> Engine:  # noqa: A001 - reads as workflow.open(db)
    """The store at `db` (path or URL; default VITALCORE_DB or ./vitalcore.db), migrated,
    and checked against the privacy key in use (store.StoreKeyMismatch when the store
    was written with another; no check when no key is set up yet)."""
    engine = store.open_store(database_url(db))
    try:
        key = privacy.load_key()
    except privacy.KeyMissingError:
        return engine  # commands that need the key fail on their own, saying how to fix
    check_key(engine, key)
    return engine


StoreKeyMismatch = store.StoreKeyMismatch  # outputs catch it from here, not from store


def check_key(engine: Engine, key: bytes) -> None:
    """Refuse a store written with another privacy key (store/keys.py)."""
    store.check_key_fingerprint(engine, privacy.key_fingerprint(key))


def import_areas(engine: Engine, path: str | Path) -> int:
    """Load a gazetteer CSV into the store; return how many areas were new."""
    return store.add_areas(engine, read_gazetteer(Path(path)))


def import_boundaries(engine: Engine, path: str | Path, *,
                      pcode_field: str | None = None) -> int:
    """Load area polygons from a GeoJSON file (classify.boundaries says what it needs);
    return how many areas got a boundary. The areas must be imported first."""
    path = Path(path)
    found = read_boundaries(path, pcode_field=pcode_field)
    return store.replace_boundaries(engine, [(b.pcode, b.geometry) for b in found],
                                    source=path.name)


def ingest(
    engine: Engine,
    path: str | Path,
    *,
    format: str | None = None,
    mapping: str | Path | None = None,
    channel: Channel | None = None,
    source: str | None = None,
    progress: Progress | None = None,
    batch_size: int = 5000,
) -> store.IngestCounts:
    """Ingest one file; place names are resolved with the store's gazetteer.

    `mapping` defaults to the format's shipped mapping; the privacy key is read with
    vitalcore.privacy.load_key() (created by `vitalcore init`).
    """
    gazetteer = Gazetteer(store.list_areas(engine))
    return ingest_file(
        engine, Path(path), format=format, mapping=mapping, channel=channel, source=source,
        resolve_area=gazetteer.resolve, progress=progress, batch_size=batch_size,
    )


def classify_pending(
    engine: Engine,
    classifier: Classifier | None = None,
    *,
    batch_size: int = 5000,
    progress: Progress | None = None,
) -> int:
    """Classify every voice the classifier has not seen yet; return how many.

    Without a classifier: the store's newest trained model, else the packaged one
    (see workflow.classification.classify_voices).
    """
    from vitalcore.workflow.classification import classify_voices

    return classify_voices(engine, classifier, batch_size=batch_size, progress=progress)


def pending_count(engine: Engine, classifier: Classifier | None = None) -> int:
    """How many voices the classifier has not seen yet."""
    from vitalcore.workflow.classification import pending

    return pending(engine, classifier)


def vital_core(
    engine: Engine, *, area: str | None = None, min_voices: int = 5
) -> pl.DataFrame:
    """The ranked vital core per area and overall (area 'ALL'), optionally one area only."""
    table = analysis.rank_vital_core(store.labels_frame(engine), min_voices=min_voices)
    if area:
        table = table.filter(pl.col("area_pcode") == area.upper())
    names = store.areas_frame(engine).select(
        pl.col("pcode").alias("area_pcode"), pl.col("name").alias("area_name")
    )
    return table.join(names, on="area_pcode", how="left", maintain_order="left").with_columns(
        pl.col("area_name").fill_null(pl.col("area_pcode"))
    )
