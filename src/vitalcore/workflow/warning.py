"""Early warning and spread: counts from the store, alerts and spread paths out."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import polars as pl
from sqlalchemy import Engine

from vitalcore import analysis, store
from vitalcore.taxonomy import threat_types


def alert_counts(engine: Engine, *, threats: bool = True,
                 model_version: str | None = None) -> pl.DataFrame:
    """Voices per (area, dimension, threat type or null, day): the alert series."""
    dims = store.daily_label_counts(engine, kind="dimension", model_version=model_version)
    parts = [dims.select(
        "area_pcode", pl.col("label").alias("dimension"),
        pl.lit(None, dtype=pl.String).alias("threat_type"), "day", "voices")]
    if threats:
        owner = {t: d for d, ts in threat_types().items() for t in ts}
        found = store.daily_label_counts(engine, kind="threat", model_version=model_version)
        parts.append(found.select(
            "area_pcode",
            pl.col("label").replace_strict(owner, default=None).alias("dimension"),
            pl.col("label").alias("threat_type"), "day", "voices"))
    from vitalcore.analysis.alerts import COUNT_SCHEMA  # SciPy: imported where used

    return pl.concat(parts).cast(COUNT_SCHEMA)


def alerts(
    engine: Engine,
    *,
    freq: str = "day",
    as_of: date | None = None,
    area: str | None = None,
    dimension: str | None = None,
    threats: bool = True,
    include_resolved: bool = True,
) -> pl.DataFrame:
    """Deduplicated alerts per area x dimension (and threat type) with lifecycle state."""
    table = analysis.detect_alerts(alert_counts(engine, threats=threats), freq=freq,
                                   as_of=as_of)
    if area:
        table = table.filter(pl.col("area_pcode") == area.upper())
    if dimension:
        table = table.filter(pl.col("dimension") == dimension)
    if not include_resolved:
        table = table.filter(pl.col("state") != "resolved")
    return table


def read_adjacency(path: Path) -> list[tuple[str, str, bool]]:
    """Neighbour pairs from a CSV with columns pcode_a, pcode_b and optional cross_border."""
    truthy = {"1", "true", "yes", "y", "t"}
    falsy = {"0", "false", "no", "n", "f", ""}
    out = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"pcode_a", "pcode_b"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path.name}: missing column(s) {', '.join(sorted(missing))}")
        for row_no, row in enumerate(reader, start=1):
            a, b = (row.get("pcode_a") or "").strip(), (row.get("pcode_b") or "").strip()
            for field, value in (("pcode_a", a), ("pcode_b", b)):
                if not value:
                    raise ValueError(f"{path.name}, row {row_no}, field {field}: empty P-code")
            flag = (row.get("cross_border") or "").strip().lower()
            if flag not in truthy | falsy:
                raise ValueError(f"{path.name}, row {row_no}, field cross_border: "
                                 f"{flag!r} is not true/false")
            out.append((a, b, flag in truthy))
    return out


def import_adjacency(engine: Engine, path: str | Path) -> int:
    """Load an adjacency CSV into the store; return how many pairs were new."""
    return store.add_area_links(engine, read_adjacency(Path(path)))


def neighbours(engine: Engine, *, k: int = analysis.spread.K_NEAREST,
               max_km: float | None = None) -> analysis.spread.Neighbours:
    """The store's adjacency, or centroid neighbours when it has none."""
    return analysis.neighbours(store.areas_frame(engine), store.area_links_frame(engine),
                               k=k, max_km=max_km)


def spread(
    engine: Engine,
    *,
    window: int = analysis.spread.WINDOW_DAYS,
    k: int = analysis.spread.K_NEAREST,
    max_km: float | None = None,
    as_of: date | None = None,
    dimension: str | None = None,
    cross_border_only: bool = False,
) -> pl.DataFrame:
    """Spread paths of alerts between neighbouring areas (analysis.spread)."""
    table = alerts(engine, as_of=as_of, dimension=dimension)
    paths = analysis.spread_paths(table, store.areas_frame(engine),
                                  neighbours(engine, k=k, max_km=max_km), window=window)
    if cross_border_only:
        paths = paths.filter(pl.col("crosses_border"))
    return paths
