"""Reads for early warning, spread and credibility (issue 7): daily label counts, voices
with their text, and area adjacency."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl
from sqlalchemy import Engine, func, select

from vitalcore.store.repository import latest_model_version
from vitalcore.store.schema import area_links, voice_attributes, voice_labels, voices

COUNT_COLUMNS = {"area_pcode": pl.String, "label": pl.String, "day": pl.Date,
                 "voices": pl.Int64}


def daily_label_counts(
    engine: Engine,
    *,
    kind: str,
    threshold: float = 0.5,
    model_version: str | None = None,
) -> pl.DataFrame:
    """Voices per (area, label, day) whose `kind` label ('dimension' or 'threat') scores
    at least `threshold`. Voices without an area or a time are not counted."""
    if kind not in ("dimension", "threat"):
        raise ValueError(f"kind must be 'dimension' or 'threat', got {kind!r}")
    version = model_version or latest_model_version(engine)
    if version is None:
        return pl.DataFrame(schema=COUNT_COLUMNS)
    # date() exists in SQLite (returns 'YYYY-MM-DD') and PostgreSQL (returns a date).
    day = func.date(voices.c.occurred_at).label("day")
    stmt = (
        select(voices.c.area_pcode, voice_labels.c.label, day,
               func.count(voice_labels.c.voice_id.distinct()))
        .join(voice_labels, voice_labels.c.voice_id == voices.c.id)
        .where(
            voice_labels.c.model_version == version,
            voice_labels.c.kind == kind,
            voice_labels.c.score >= threshold,
            voices.c.area_pcode.is_not(None),
            voices.c.occurred_at.is_not(None),
        )
        .group_by(voices.c.area_pcode, voice_labels.c.label, day)
    )
    with engine.connect() as conn:
        rows = [(a, lab, str(d), n) for a, lab, d, n in conn.execute(stmt)]
    frame = pl.DataFrame(rows, schema={**COUNT_COLUMNS, "day": pl.String}, orient="row")
    return frame.with_columns(pl.col("day").str.to_date("%Y-%m-%d"))


GROUP_COUNT_COLUMNS = {"area_pcode": pl.String, "dimension": pl.String, "group": pl.String,
                       "day": pl.Date, "voices": pl.Int64}


def daily_group_counts(engine: Engine, *, threshold: float = 0.5,
                       model_version: str | None = None) -> pl.DataFrame:
    """Voices per (area, dimension, group, day): those whose dimension scores at least
    `threshold` and that name the group (the dimension's voices about a group, for the
    early warning). Voices without an area or a time are not counted.

    Two reads joined in polars, not one SQL self-join of the label table: SQLite plans
    that join through the (kind, label) index and scans every dimension label for each
    group label (80 s at 20,000 voices, against a fraction of a second this way)."""
    version = model_version or latest_model_version(engine)
    if version is None:
        return pl.DataFrame(schema=GROUP_COUNT_COLUMNS)
    day = func.date(voices.c.occurred_at).label("day")
    named = (
        select(voice_labels.c.voice_id, voice_labels.c.label, voices.c.area_pcode, day)
        .join(voices, voices.c.id == voice_labels.c.voice_id)
        .where(voice_labels.c.model_version == version, voice_labels.c.kind == "group",
               voice_labels.c.score >= threshold, voices.c.area_pcode.is_not(None),
               voices.c.occurred_at.is_not(None))
    )
    dimensions = select(voice_labels.c.voice_id, voice_labels.c.label).where(
        voice_labels.c.model_version == version, voice_labels.c.kind == "dimension",
        voice_labels.c.score >= threshold)
    with engine.connect() as conn:
        groups = pl.DataFrame([(v, g, a, str(d)) for v, g, a, d in conn.execute(named)],
                              schema={"voice_id": pl.String, "group": pl.String,
                                      "area_pcode": pl.String, "day": pl.String},
                              orient="row")
        if groups.is_empty():
            return pl.DataFrame(schema=GROUP_COUNT_COLUMNS)
        dims = pl.DataFrame([tuple(r) for r in conn.execute(dimensions)],
                            schema={"voice_id": pl.String, "dimension": pl.String},
                            orient="row")
    return (groups.join(dims, on="voice_id", how="inner")
            .group_by("area_pcode", "dimension", "group", "day")
            .agg(pl.col("voice_id").n_unique().alias("voices"))
            .with_columns(pl.col("day").str.to_date("%Y-%m-%d"))
            .select(list(GROUP_COUNT_COLUMNS)).cast(GROUP_COUNT_COLUMNS)
            .sort("area_pcode", "dimension", "group", "day"))


TEXT_COLUMNS = {
    "voice_id": pl.String,
    "text": pl.String,
    "channel": pl.String,
    "source": pl.String,
    "source_id": pl.String,
    "reporter": pl.String,
    "area_pcode": pl.String,
    "occurred_at": pl.Datetime("us"),
    "lat": pl.Float64,
    "lon": pl.Float64,
}


def voice_texts(engine: Engine, *, batch_size: int = 50_000) -> Iterable[pl.DataFrame]:
    """All voices with their (scrubbed) text, in batches ordered by id, for clustering."""
    cols = [voices.c.id, voices.c.text, voices.c.channel, voices.c.source, voices.c.source_id,
            voices.c.reporter,
            voices.c.area_pcode, voices.c.occurred_at, voices.c.lat, voices.c.lon]
    last = ""
    while True:
        stmt = select(*cols).where(voices.c.id > last).order_by(voices.c.id).limit(batch_size)
        with engine.connect() as conn:
            rows = [tuple(r) for r in conn.execute(stmt)]
        if not rows:
            return
        yield pl.DataFrame(rows, schema=TEXT_COLUMNS, orient="row")
        last = rows[-1][0]


TOLL_COLUMNS = {"voice_id": pl.String, "toll_best": pl.Float64, "toll_low": pl.Float64,
                "toll_high": pl.Float64}
# Where each feed keeps its death toll: UCDP GED best/low/high, ACLED one figure.
_TOLL_KEYS = (("deaths_best", "deaths_low", "deaths_high"),
              ("fatalities", "fatalities", "fatalities"))


def _number(value: object) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def event_tolls(engine: Engine, *, channel: str = "event_feed") -> pl.DataFrame:
    """Per event-feed voice with a recorded toll: its best, low and high death counts
    (TOLL_COLUMNS), from the source attributes kept at ingest."""
    stmt = (select(voices.c.id, voice_attributes.c.attributes)
            .join(voice_attributes, voice_attributes.c.voice_id == voices.c.id)
            .where(voices.c.channel == channel))
    rows = []
    with engine.connect() as conn:
        for voice_id, attributes in conn.execute(stmt):
            for keys in _TOLL_KEYS:
                best, low, high = (_number((attributes or {}).get(k)) for k in keys)
                if best is not None or high is not None:
                    best = best if best is not None else high
                    rows.append((voice_id, best, low if low is not None else best,
                                 high if high is not None else best))
                    break
    return pl.DataFrame(rows, schema=TOLL_COLUMNS, orient="row")


def count_voices(engine: Engine) -> int:
    """How many voices the store holds."""
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(voices)) or 0


def add_area_links(engine: Engine, links: Iterable[tuple[str, str, bool]]) -> int:
    """Store undirected neighbour pairs (a, b, cross_border); return how many were new."""
    rows: dict[tuple[str, str], dict] = {}
    for a, b, cross in links:
        if a == b:
            continue
        lo, hi = sorted((a, b))
        rows[(lo, hi)] = {"pcode_a": lo, "pcode_b": hi, "cross_border": bool(cross)}
    # The repository helper keys on one column; pairs are deduplicated here instead.
    existing = set(area_links_frame(engine).select("pcode_a", "pcode_b").iter_rows())
    fresh = [r for k, r in rows.items() if k not in existing]
    if not fresh:
        return 0
    with engine.begin() as conn:
        conn.execute(area_links.insert(), fresh)
    return len(fresh)


def area_links_frame(engine: Engine) -> pl.DataFrame:
    """Neighbour pairs: pcode_a, pcode_b, cross_border."""
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(select(area_links))]
    schema = {"pcode_a": pl.String, "pcode_b": pl.String, "cross_border": pl.Boolean}
    return pl.DataFrame(rows, schema=schema, orient="row")
