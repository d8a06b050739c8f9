"""Early warning and spread: counts from the store, alerts and spread paths out."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
from sqlalchemy import Engine

from vitalcore import analysis, store
from vitalcore.taxonomy import threat_types
from vitalcore.workflow.places import area_scope, roll_up


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
    from vitalcore.analysis.alert_frames import COUNT_SCHEMA  # SciPy: imported where used

    return pl.concat(parts).cast(COUNT_SCHEMA)


def alert_group_counts(engine: Engine, *, model_version: str | None = None) -> pl.DataFrame:
    """Voices per (area, dimension, group, day), in the alert series' columns (the group
    under threat_type): a group newly hit inside an open alert of its dimension opens a
    new one (analysis.alerts.detect_alerts)."""
    from vitalcore.analysis.alert_frames import COUNT_SCHEMA

    found = store.daily_group_counts(engine, model_version=model_version)
    return found.select("area_pcode", "dimension", pl.col("group").alias("threat_type"),
                        "day", "voices").cast(COUNT_SCHEMA)


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
    """Deduplicated alerts per area x dimension (and threat type) with their episode
    state and lifecycle (new, ongoing, closed).

    Without `as_of` the alerts are the stored ones: computed again only when the voices
    or their classifications changed since the last time (store.alerts_data_key), and
    each keeps its lifecycle from one computation to the next. With `as_of` they are
    computed for that day, as an analyst would have seen them then, and not stored.

    With `area` (a P-code at any level or a country code), the daily counts of it and
    every area under it are summed into one series under the asked code, and that
    series is tested: a region's alert is a rise across the region (computed, not
    stored, when the area has areas under it).
    """
    scope = area_scope(engine, area)
    rolled = scope is not None and len(scope.pcodes) > 1
    if as_of is None and not rolled:
        table = refresh_alerts(engine, freq=freq)
    else:
        counts = alert_counts(engine)
        if rolled:
            from vitalcore.analysis.alert_frames import COUNT_SCHEMA

            counts = (roll_up(counts, scope)
                      .group_by("area_pcode", "dimension", "threat_type", "day")
                      .agg(pl.col("voices").sum()).cast(COUNT_SCHEMA))
        table = analysis.detect_alerts(counts, freq=freq, as_of=as_of,
                                       neighbours=None if rolled else _adjacent(engine))
        table = table.with_columns(
            pl.when(pl.col("state") == "resolved").then(pl.lit("closed"))
            .when(pl.col("state") == "new").then(pl.lit("new"))
            .otherwise(pl.lit("ongoing")).alias("lifecycle"))
    if not threats:
        table = table.filter(pl.col("threat_type").is_null())
    if scope is not None:
        table = table.filter(pl.col("area_pcode") == scope.code)
    if dimension:
        table = table.filter(pl.col("dimension") == dimension)
    if not include_resolved:
        table = table.filter(pl.col("state") != "resolved")
    return table


def refresh_alerts(engine: Engine, *, freq: str = "day", force: bool = False) -> pl.DataFrame:
    """The stored alerts of `freq`, recomputed first if the data changed (or `force`)."""
    if freq not in ("day", "week"):
        raise ValueError(f"freq must be 'day' or 'week', got {freq!r}")
    key = store.alerts_data_key(engine)
    if force or store.alerts_refreshed_for(engine, freq) != key:
        current = analysis.detect_alerts(alert_counts(engine), freq=freq,
                                         neighbours=_adjacent(engine),
                                         group_counts=alert_group_counts(engine))
        merged = analysis.alerts.merge_lifecycle(
            [_from_stored(r) for r in store.stored_alerts(engine, freq)], current,
            now=datetime.now(UTC).replace(tzinfo=None, microsecond=0))
        store.save_alerts(engine, [_to_stored(r) for r in merged.to_dicts()], freq=freq,
                          data_key=key, now=datetime.now(UTC).replace(tzinfo=None))
    rows = [_from_stored(r) for r in store.stored_alerts(engine, freq)]
    from vitalcore.analysis.alert_frames import LIFECYCLE_SCHEMA

    frame = pl.DataFrame(rows, schema=LIFECYCLE_SCHEMA)
    return frame.sort(["first_signal", "area_pcode", "dimension", "threat_type"],
                      nulls_last=False)


def _adjacent(engine: Engine) -> dict[str, set[str]]:
    """Each area's neighbours (the store's adjacency, or centroid neighbours): the
    cluster an alert's rate test also looks at (analysis.alerts, docs/methods/early-warning.md)."""
    out: dict[str, set[str]] = {}
    for a, b in neighbours(engine).pairs:
        out.setdefault(a, set()).add(b)
    return out


def _to_stored(row: dict) -> dict:
    # JSON columns hold text: the statistics' dates go in as ISO strings.
    stats = [{**s, "first_signal": s["first_signal"].isoformat()} for s in row["statistics"]]
    return {**row, "statistics": stats, "algorithms": list(row["algorithms"])}


def _from_stored(row: dict) -> dict:
    stats = [{**s, "first_signal": date.fromisoformat(s["first_signal"])
              if isinstance(s["first_signal"], str) else s["first_signal"]}
             for s in row["statistics"]]
    return {**row, "statistics": stats}


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
    area: str | None = None,
    memo: bool = False,
) -> pl.DataFrame:
    """Spread paths of alerts between neighbouring areas (analysis.spread).

    With `area` (any level), only the paths that pass through it or an area under it:
    spread is between areas, so the paths are found on every area, then narrowed. With
    `memo`, the paths of the stored alerts are kept for them (workflow/kept.py): the
    key names every alert the paths are drawn from, since the kept results' data
    version leaves the alerts out.
    """
    table = alerts(engine, as_of=as_of, dimension=dimension)

    def compute() -> list[pl.DataFrame]:
        return [analysis.spread_paths(table, store.areas_frame(engine),
                                      neighbours(engine, k=k, max_km=max_km), window=window)]

    if memo and as_of is None:
        import hashlib

        from vitalcore.workflow.kept import kept_result

        drawn = table.select("alert_id", "area_pcode", "dimension", "threat_type",
                             "first_signal").sort("alert_id").rows()
        options = {"window": window, "k": k, "max_km": max_km, "dimension": dimension,
                   "alerts": hashlib.sha256(repr(drawn).encode()).hexdigest()}
        paths = kept_result(engine, "spread_paths", options, compute)[0]
    else:
        paths = compute()[0]
    if cross_border_only:
        paths = paths.filter(pl.col("crosses_border"))
    scope = area_scope(engine, area)
    if scope and not paths.is_empty():
        paths = paths.filter(pl.col("steps").list.eval(
            pl.element().struct.field("area_pcode").is_in(scope.pcodes)).list.any())
    return paths


def why_no_alerts(engine: Engine) -> str:
    """Why `alerts` is empty, in words (every empty result says why)."""
    voices = store.count_voices(engine)
    if voices == 0:
        return "no voices in the store yet"
    counts = alert_counts(engine, threats=False)
    if counts.is_empty():
        return (f"none of the {voices} voices is classified with an area and a date "
                "(run `vitalcore classify`; voices without a place or time are not counted)")
    days = (counts["day"].max() - counts["day"].min()).days + 1
    areas = counts["area_pcode"].n_unique()
    per = counts["voices"].sum() / max(days * areas, 1)
    return (f"no statistic signalled: {counts['voices'].sum()} classified voices over "
            f"{days} days in {areas} areas ({per:.2f} a day per area, all dimensions); "
            "a rise needs at least 3 voices in a few days above an area's usual level")


def why_no_spread(engine: Engine, *, window: int = analysis.spread.WINDOW_DAYS) -> str:
    """Why `spread` is empty, in words."""
    near = neighbours(engine)
    if not near.pairs:
        return ("no neighbours: import an adjacency CSV (`vitalcore spread --edges FILE`) "
                "or areas with coordinates")
    table = alerts(engine)
    if table.is_empty():
        return "no alerts, so nothing to spread: " + why_no_alerts(engine)
    return (f"no two neighbouring areas had alerts on the same dimension (or threat) "
            f"within {window} days of each other ({table.height} alerts in "
            f"{table['area_pcode'].n_unique()} areas, neighbours from {near.source})")
