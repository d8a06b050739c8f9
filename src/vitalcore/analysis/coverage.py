"""Coverage: who was heard, by group, area and channel, and who was not.

A ranking says what the voices say; coverage says whose voices they are. Beside every
vital core the analyst sees, for each group, area and channel the mission expects, how
many voices it has and whether that is enough to speak for it:

    share(v)  = voices naming v / all voices   (a voice may name several groups)
    status(v) = 'not heard' (0 voices), 'thin' (< min_voices) or 'heard'

See docs/methods/coverage.md.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

NO_GROUP = "(no group named)"
_SCHEMA = {"facet": pl.String, "value": pl.String, "voices": pl.Int64, "share": pl.Float64,
           "status": pl.String}


def _status(min_voices: int) -> pl.Expr:
    return (
        pl.when(pl.col("voices") == 0).then(pl.lit("not heard"))
        .when(pl.col("voices") < min_voices).then(pl.lit("thin"))
        .otherwise(pl.lit("heard"))
    )


def _facet(counts: pl.DataFrame, facet: str, expected: Sequence[str], total: int,
           min_voices: int) -> pl.DataFrame:
    """Counts of one facet, with every expected value present (0 when unheard)."""
    frame = pl.DataFrame({"value": list(expected)}, schema={"value": pl.String})
    frame = pl.concat([frame, counts.select("value")]).unique(maintain_order=True)
    frame = frame.join(counts, on="value", how="left").with_columns(
        pl.col("voices").fill_null(0).cast(pl.Int64)
    )
    return frame.with_columns(
        pl.lit(facet).alias("facet"),
        (pl.col("voices") / max(total, 1)).alias("share"),
        _status(min_voices).alias("status"),
    ).select(list(_SCHEMA)).sort("voices", "value", descending=[True, False])


def coverage(
    voices: pl.DataFrame,
    *,
    areas: Sequence[str] = (),
    groups: Sequence[str] = (),
    channels: Sequence[str] = (),
    min_voices: int = 5,
) -> pl.DataFrame:
    """Voices per group, area and channel (facet, value, voices, share, status).

    `voices` has voice_id, area_pcode, channel and groups (a list, as `voice_table`
    gives). The expected `areas`, `groups` and `channels` appear even with no voice:
    that is how the silence shows. Voices without an area count under '(no area)'.
    """
    total = voices.height
    by_group = (
        voices.select(pl.col("groups").list.drop_nulls())
        .with_columns(pl.when(pl.col("groups").list.len() == 0)
                      .then(pl.lit([NO_GROUP])).otherwise(pl.col("groups")).alias("groups"))
        .explode("groups").group_by(pl.col("groups").alias("value"))
        .agg(pl.len().cast(pl.Int64).alias("voices"))
    )
    by_area = voices.group_by(pl.col("area_pcode").fill_null("(no area)").alias("value")).agg(
        pl.len().cast(pl.Int64).alias("voices")
    )
    by_channel = voices.group_by(pl.col("channel").alias("value")).agg(
        pl.len().cast(pl.Int64).alias("voices")
    )
    return pl.concat([
        _facet(by_group, "group", groups, total, min_voices),
        _facet(by_area, "area", areas, total, min_voices),
        _facet(by_channel, "channel", channels, total, min_voices),
    ])


def unheard(
    voices: pl.DataFrame,
    *,
    areas: Sequence[str],
    groups: Sequence[str],
    min_voices: int = 5,
) -> pl.DataFrame:
    """(area_pcode, group, voices, status) for every expected pair heard less than
    `min_voices` times: the groups whose voice is missing in each area."""
    counts = (
        voices.filter(pl.col("area_pcode").is_not_null())
        .explode("groups").filter(pl.col("groups").is_not_null())
        .group_by("area_pcode", pl.col("groups").alias("group"))
        .agg(pl.len().cast(pl.Int64).alias("voices"))
    )
    grid = pl.DataFrame({"area_pcode": list(areas)}, schema={"area_pcode": pl.String}).join(
        pl.DataFrame({"group": list(groups)}, schema={"group": pl.String}), how="cross"
    )
    return (
        grid.join(counts, on=["area_pcode", "group"], how="left")
        .with_columns(pl.col("voices").fill_null(0))
        .filter(pl.col("voices") < min_voices)
        .with_columns(_status(min_voices).alias("status"))
        .sort("area_pcode", "group")
    )
