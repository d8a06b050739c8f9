"""The mandate gap: what communities say threatens their vital core versus what the
Security Council mandated. Pure functions over polars frames; see
docs/methods/mandate-gap.md for the formula, assumptions and references.

For each subject s (a dimension, or a vulnerable group) in one scope and period:

    community weight  w_s = score_s / sum of scores            (dimensions: vital-core score)
                      w_g = share_g / sum of shares            (groups: share of voices naming g)
    mandate effort    e_s = sum_t p_t * c_ts                   (p_t = 2 for a priority task, else 1;
                                                                c_ts = coverage of s by task t)
    mandate coverage  m_s = e_s / sum over subjects of e       (same kind of subject)
    gap               g_s = w_s - m_s                          (> 0: under-mandated)

A subject is *unmandated* when no task covers it (e_s = 0). The ranked gap list holds
the subjects with g_s > 0, largest first.

Inputs:
  vital_core  rows of `rank_vital_core` for one scope: dimension, rank, score
  groups      (optional) long label frame rows of that scope and period, kind 'group'
              (the other rows count the voices, unless `voices` says how many)
  tasks       `mandate_tasks_frame` rows: task_id, weight, kind, label, coverage
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

GAP_COLUMNS = [
    "kind", "label", "community_rank", "community_weight", "mandate_rank", "coverage",
    "tasks", "priority_tasks", "gap", "unmandated",
]


@dataclass(frozen=True)
class Gap:
    kind: str  # 'dimension' or 'group'
    label: str
    community_rank: int
    community_weight: float
    coverage: float
    mandate_rank: int | None
    tasks: int
    unmandated: bool

    @property
    def message(self) -> str:
        """'health security: rank 2 for communities, no mandated task'."""
        name = f"{self.label} security" if self.kind == "dimension" else self.label
        head = f"{name}: rank {self.community_rank} for communities"
        if self.unmandated:
            return f"{head}, no mandated task"
        return (f"{head} ({self.community_weight:.0%} of concern), "
                f"{self.coverage:.0%} of mandate effort (rank {self.mandate_rank}, "
                f"{self.tasks} task{'s' if self.tasks != 1 else ''})")


@dataclass(frozen=True)
class MandateGap:
    matrix: pl.DataFrame  # GAP_COLUMNS, one row per subject either side names
    gaps: tuple[Gap, ...]  # g > 0, largest first

    def unmandated(self) -> list[Gap]:
        return [g for g in self.gaps if g.unmandated]


def _community_dimensions(vital_core: pl.DataFrame) -> pl.DataFrame:
    total = vital_core["score"].sum() or 1.0
    return vital_core.select(
        pl.lit("dimension").alias("kind"),
        pl.col("dimension").alias("label"),
        pl.col("rank").cast(pl.Int64).alias("community_rank"),
        (pl.col("score") / total).alias("community_weight"),
    )


def _community_groups(labels: pl.DataFrame, voices: int | None) -> pl.DataFrame:
    voices = (labels["voice_id"].n_unique() if voices is None else voices) or 1
    per = (
        labels.filter(pl.col("kind") == "group")
        .group_by("label")
        .agg((pl.col("voice_id").n_unique() / voices).alias("share"))
        .sort("label")  # a fixed order of summing: the same weights to the last digit
    )
    total = per["share"].sum() or 1.0
    return per.sort(["share", "label"], descending=[True, False]).select(
        pl.lit("group").alias("kind"),
        "label",
        pl.int_range(1, pl.len() + 1).cast(pl.Int64).alias("community_rank"),
        (pl.col("share") / total).alias("community_weight"),
    )


def _mandate(tasks: pl.DataFrame) -> pl.DataFrame:
    effort = (
        tasks.filter(pl.col("coverage") > 0)
        .group_by(["kind", "label"])
        .agg(
            (pl.col("weight") * pl.col("coverage")).sum().alias("effort"),
            pl.col("task_id").n_unique().alias("tasks"),
            pl.col("task_id").filter(pl.col("weight") > 1).n_unique().alias("priority_tasks"),
        )
    )
    return effort.with_columns(
        (pl.col("effort") / pl.col("effort").sum().over("kind")).alias("coverage")
    ).sort(["kind", "coverage", "label"], descending=[False, True, False]).with_columns(
        pl.int_range(1, pl.len() + 1).over("kind").cast(pl.Int64).alias("mandate_rank")
    )


def mandate_gap(
    vital_core: pl.DataFrame,
    tasks: pl.DataFrame,
    *,
    groups: pl.DataFrame | None = None,
    voices: int | None = None,
) -> MandateGap:
    """The gap matrix and the ranked gaps for one scope and period; `voices`, when
    given, is how many voices the scope has (`groups` may then hold the group labels
    alone)."""
    community = _community_dimensions(vital_core)
    kinds = ["dimension"]
    if groups is not None:
        # Without the voices' group labels there is no community side for groups, and
        # a mandate's group coverage alone says nothing about a gap.
        kinds.append("group")
        if not groups.is_empty():
            community = pl.concat([community, _community_groups(groups, voices)])
    mandate = _mandate(tasks.filter(pl.col("kind").is_in(kinds)))
    matrix = (
        community.join(mandate, on=["kind", "label"], how="full", coalesce=True)
        .with_columns(
            pl.col("community_weight").fill_null(0.0),
            pl.col("coverage").fill_null(0.0),
            pl.col("tasks").fill_null(0).cast(pl.Int64),
            pl.col("priority_tasks").fill_null(0).cast(pl.Int64),
        )
        .with_columns(
            (pl.col("community_weight") - pl.col("coverage")).alias("gap"),
            (pl.col("tasks") == 0).alias("unmandated"),
        )
        .sort(["kind", "community_rank", "label"], nulls_last=True)
        .select(GAP_COLUMNS)
    )
    ranked = matrix.filter((pl.col("gap") > 0) & pl.col("community_rank").is_not_null()).sort(
        ["gap", "label"], descending=[True, False]
    )
    gaps = tuple(
        Gap(r["kind"], r["label"], r["community_rank"], r["community_weight"], r["coverage"],
            r["mandate_rank"], r["tasks"], r["unmandated"])
        for r in ranked.iter_rows(named=True)
    )
    return MandateGap(matrix, gaps)


@dataclass(frozen=True)
class Renewal:
    """One resolution of a mission and the community picture of the period it answered."""

    symbol: str
    adopted_on: date | None
    tasks: pl.DataFrame
    vital_core: pl.DataFrame
    groups: pl.DataFrame | None = None
    voices: int | None = None  # as mandate_gap's


def coverage_over_renewals(renewals: Sequence[Renewal]) -> pl.DataFrame:
    """How coverage moved from renewal to renewal against community priorities.

    One row per (resolution, subject): the gap matrix columns plus symbol, adopted_on,
    coverage_change and weight_change against the previous resolution (null for the
    first), in adoption order.
    """
    frames = []
    for order, renewal in enumerate(sorted(renewals, key=lambda r: r.adopted_on or date.min)):
        matrix = mandate_gap(renewal.vital_core, renewal.tasks, groups=renewal.groups,
                             voices=renewal.voices).matrix
        frames.append(matrix.with_columns(
            pl.lit(order).alias("order"), pl.lit(renewal.symbol).alias("symbol"),
            pl.lit(renewal.adopted_on, dtype=pl.Date).alias("adopted_on"),
        ))
    if not frames:
        return pl.DataFrame()
    table = pl.concat(frames, how="vertical_relaxed")
    # Subjects absent from a resolution's matrix are absent from its row set; fill the
    # grid so that a subject dropped from the mandate shows as a fall to zero.
    grid = table.select("order", "symbol", "adopted_on").unique().join(
        table.select("kind", "label").unique(), how="cross")
    table = grid.join(table, on=["order", "symbol", "adopted_on", "kind", "label"], how="left")
    table = table.with_columns(
        pl.col("community_weight", "coverage").fill_null(0.0),
        pl.col("tasks", "priority_tasks").fill_null(0),
    ).with_columns(
        (pl.col("community_weight") - pl.col("coverage")).alias("gap"),
        (pl.col("tasks") == 0).alias("unmandated"),
    ).sort(["kind", "label", "order"])
    return table.with_columns(
        pl.col("coverage").diff().over(["kind", "label"]).alias("coverage_change"),
        pl.col("community_weight").diff().over(["kind", "label"]).alias("weight_change"),
    ).sort(["order", "kind", "label"]).select(
        "symbol", "adopted_on", *GAP_COLUMNS, "coverage_change", "weight_change"
    )
