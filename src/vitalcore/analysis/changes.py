"""What changed between two vital-core rankings (last week's and this week's).

Pure: two frames of `analysis.rank_threats` in, one frame out. A threat is `new` when
it was not ranked before, `gone` when it is no longer ranked, else `up`, `down` or
`same` by its rank (1 = most vital). `moved` is how many places it climbed (negative
when it fell); the score difference is kept so a reader sees the size of the change,
not only its direction.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

_KEEP = ("rank", "score")


def ranking_changes(
    before: pl.DataFrame,
    after: pl.DataFrame,
    *,
    keys: Sequence[str] = ("area_pcode", "group"),
) -> pl.DataFrame:
    """One row per (keys..., dimension) ranked in either frame, biggest moves first."""
    on = [*keys, "dimension"]
    for name, frame in (("before", before), ("after", after)):
        missing = [c for c in (*on, *_KEEP) if c not in frame.columns]
        if missing:
            raise ValueError(f"ranking {name!r} lacks column(s) {', '.join(missing)}")
    old = before.select(*on, *(pl.col(c).alias(f"{c}_before") for c in _KEEP))
    new = after.select(*on, *(pl.col(c).alias(f"{c}_after") for c in _KEEP))
    joined = old.join(new, on=on, how="full", coalesce=True, nulls_equal=True)
    moved = pl.col("rank_before") - pl.col("rank_after")
    change = (
        pl.when(pl.col("rank_before").is_null()).then(pl.lit("new"))
        .when(pl.col("rank_after").is_null()).then(pl.lit("gone"))
        .when(moved > 0).then(pl.lit("up"))
        .when(moved < 0).then(pl.lit("down"))
        .otherwise(pl.lit("same"))
    )
    return (
        joined.with_columns(
            moved.alias("moved"),
            (pl.col("score_after") - pl.col("score_before")).alias("score_change"),
            change.alias("change"),
        )
        .with_columns(pl.col("moved").abs().fill_null(99).alias("_size"))
        .sort([*keys, "_size", "rank_after"], descending=[False] * len(keys) + [True, False],
              nulls_last=True)
        .drop("_size")
    )
