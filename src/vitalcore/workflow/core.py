"""Core workflow: open a store, import areas, ingest, classify, rank the vital core."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from vitalcore import analysis, privacy, store
from vitalcore.config import database_url
from vitalcore.domain import Channel

if TYPE_CHECKING:  # classify, ingest and polars are imported where used: opening is light
    import polars as pl

    from vitalcore.classify import Classifier

Progress = Callable[[int], None]


def open(db: str | None = None, *, create: bool = True) -> Engine:  # noqa: A001 - workflow.open(db)
    """The store at `db` (path or URL; default VITALCORE_DB or ./vitalcore.db), migrated,
    and checked against the privacy key in use (store.StoreKeyMismatch when the store
    was written with another; no check when no key is set up yet).

    With create=False a missing store raises store.StoreMissing ("no store at ...: run
    `vitalcore init`") instead of being created; an unreachable server raises
    store.StoreUnreachable (one line, the URL without its password).
    """
    engine = store.open_store(database_url(db), create=create)
    try:
        key = privacy.load_key()
    except privacy.KeyMissingError:
        return engine  # commands that need the key fail on their own, saying how to fix
    check_key(engine, key)
    return engine


def open_existing(db: str | None = None) -> Engine:
    """The store at `db`, which must exist already: what every read command opens."""
    return open(db, create=False)


StoreKeyMismatch = store.StoreKeyMismatch  # outputs catch it from here, not from store


def check_key(engine: Engine, key: bytes) -> None:
    """Refuse a store written with another privacy key (store/keys.py)."""
    store.check_key_fingerprint(engine, privacy.key_fingerprint(key))


def import_areas(engine: Engine, path: str | Path) -> int:
    """Load a gazetteer CSV into the store; return how many areas were new.

    Voices stored before, without an area, are placed with the new areas (by their
    place column, else their text: workflow.places.place_unplaced).
    """
    from vitalcore.classify.gazetteer import read_gazetteer
    from vitalcore.workflow.places import place_unplaced

    added = store.add_areas(engine, read_gazetteer(Path(path)))
    if added:
        place_unplaced(engine)
    return added


def import_boundaries(engine: Engine, path: str | Path, *,
                      pcode_field: str | None = None) -> int:
    """Load area polygons from a GeoJSON file (classify.boundaries says what it needs);
    return how many areas got a boundary. The areas must be imported first."""
    from vitalcore.classify.boundaries import read_boundaries

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
    from vitalcore.ingest import ingest_file
    from vitalcore.workflow.places import adopt_packaged_areas, gazetteer

    counts = ingest_file(
        engine, Path(path), format=format, mapping=mapping, channel=channel, source=source,
        resolve_area=gazetteer(engine).resolve, progress=progress, batch_size=batch_size,
    )
    adopt_packaged_areas(engine)
    return counts


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
    """The ranked vital core per area and overall (area 'ALL'), optionally one area only.

    `area` is a P-code at any level or a country code: its voices and those of every
    area under it are ranked together, under the asked code (workflow.places).
    """
    import polars as pl

    from vitalcore.workflow.places import area_scope, roll_up

    scope = area_scope(engine, area)
    labels = store.labels_frame(engine, area=scope.pcodes if scope else None)
    table = analysis.rank_vital_core(roll_up(labels, scope), min_voices=min_voices)
    if scope:
        table = table.filter(pl.col("area_pcode") == scope.code)
    names = store.areas_frame(engine).select(
        pl.col("pcode").alias("area_pcode"), pl.col("name").alias("area_name")
    )
    return table.join(names, on="area_pcode", how="left", maintain_order="left").with_columns(
        pl.col("area_name").fill_null(pl.col("area_pcode"))
    )
