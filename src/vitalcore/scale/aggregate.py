"""Aggregates that feed the analyses, as partial sums per partition combined on the driver.

Each function is pure (frames in, frames out) and takes the long label frame of
`store.labels_frame`, so the same code computes a partition's part on a worker and
the whole on one machine. Partitions hold disjoint voices (one date x country each),
so counts of voices add up exactly across partitions:

- daily:        voices per area x dimension x day      (early warning time series)
- groups:       voices per area x group x dimension    (group exposure, vulnerability)
- cooccurrence: voices per area x dimension pair       (interlinked threats)

The vital core is ranked from `analysis.vital_core_tally`, which adds up across
partitions the same way, so the ranking on the cluster's output is the very same
`analysis.rank_vital_core` on a few rows per partition.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
import pyarrow as pa

THRESHOLD = 0.5  # a dimension is reported when its score reaches this, as in the ranking

_LABEL_COLUMNS = [
    "voice_id", "channel", "source", "language", "occurred_at", "area_pcode", "reporter",
    "severity_reported", "kind", "label", "score", "severity",
]


@dataclass(frozen=True)
class Aggregates:
    """Voice counts by area and dimension, additive across partitions."""

    daily: pl.DataFrame  # area_pcode, dimension, day, voices
    groups: pl.DataFrame  # area_pcode, group, dimension, voices
    cooccurrence: pl.DataFrame  # area_pcode, dimension_a, dimension_b, voices (a < b)
    voices: int

    def equals(self, other: Aggregates) -> bool:
        return self.voices == other.voices and all(
            getattr(self, name).equals(getattr(other, name))
            for name in ("daily", "groups", "cooccurrence")
        )


def labels_from_table(table: pa.Table) -> pl.DataFrame:
    """The long label frame (the columns of `store.labels_frame`) of output rows."""
    frame = pl.from_arrow(table).unique("id", keep="first", maintain_order=True)
    return (
        frame.select(
            pl.col("id").alias("voice_id"), "channel", "source", "language", "occurred_at",
            "area_pcode", "reporter", "severity_reported",
            pl.col("c_severity").alias("severity"), "labels",
        )
        .explode("labels")
        .drop_nulls("labels")
        .unnest("labels")
        .select(_LABEL_COLUMNS)
    )


def _hits(labels: pl.DataFrame, threshold: float) -> pl.DataFrame:
    return labels.filter((pl.col("kind") == "dimension") & (pl.col("score") >= threshold))


def _sorted(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    return frame.sort(keys, nulls_last=True)


def aggregate(labels: pl.DataFrame, *, threshold: float = THRESHOLD) -> Aggregates:
    """The aggregates of one label frame (a partition's, or a whole store's)."""
    hits = _hits(labels, threshold).select(
        "voice_id", "area_pcode", pl.col("label").alias("dimension"),
        pl.col("occurred_at").dt.date().alias("day"),
    )
    daily = hits.group_by(["area_pcode", "dimension", "day"]).agg(
        pl.len().cast(pl.Int64).alias("voices")
    )
    groups = labels.filter(pl.col("kind") == "group").select(
        "voice_id", pl.col("label").alias("group")
    ).join(hits.select("voice_id", "area_pcode", "dimension"), on="voice_id").group_by(
        ["area_pcode", "group", "dimension"]
    ).agg(pl.len().cast(pl.Int64).alias("voices"))
    pairs = hits.select("voice_id", "area_pcode", pl.col("dimension").alias("dimension_a")).join(
        hits.select("voice_id", pl.col("dimension").alias("dimension_b")), on="voice_id"
    ).filter(pl.col("dimension_a") < pl.col("dimension_b"))
    cooccurrence = pairs.group_by(["area_pcode", "dimension_a", "dimension_b"]).agg(
        pl.len().cast(pl.Int64).alias("voices")
    )
    return Aggregates(
        daily=_sorted(daily, ["area_pcode", "dimension", "day"]),
        groups=_sorted(groups, ["area_pcode", "group", "dimension"]),
        cooccurrence=_sorted(cooccurrence, ["area_pcode", "dimension_a", "dimension_b"]),
        voices=labels.select(pl.col("voice_id").n_unique()).item(),
    )


def combine(parts: Sequence[Aggregates]) -> Aggregates:
    """Sum partial aggregates of voice-disjoint partitions."""
    if not parts:
        return aggregate(empty_labels())

    def summed(name: str, keys: list[str]) -> pl.DataFrame:
        frames = [getattr(p, name) for p in parts]
        total = pl.concat(frames, how="vertical").group_by(keys).agg(pl.col("voices").sum())
        return _sorted(total, keys)

    return Aggregates(
        daily=summed("daily", ["area_pcode", "dimension", "day"]),
        groups=summed("groups", ["area_pcode", "group", "dimension"]),
        cooccurrence=summed("cooccurrence", ["area_pcode", "dimension_a", "dimension_b"]),
        voices=sum(p.voices for p in parts),
    )


def empty_labels() -> pl.DataFrame:
    """A label frame with no rows (the columns of `store.labels_frame`)."""
    return pl.DataFrame(schema={
        "voice_id": pl.String, "channel": pl.String, "source": pl.String,
        "language": pl.String, "occurred_at": pl.Datetime("us"), "area_pcode": pl.String,
        "reporter": pl.String, "severity_reported": pl.Int64, "kind": pl.String,
        "label": pl.String, "score": pl.Float64, "severity": pl.Int64,
    })
