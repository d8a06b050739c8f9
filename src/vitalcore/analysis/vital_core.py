"""The vital core: threats ranked by how critical (severe) and how pervasive they are.

Input is the long label frame of `store.labels_frame` (one row per voice and label).
For a scope s (an area, or all areas) and a dimension d, with V_s the voices in s:

    voice_share   = |{v in V_s : score(v, d) >= t}| / |V_s|
    source_share  = distinct sources reporting d in s / distinct sources in s
    area_share    = distinct areas reporting d / distinct areas       (overall scope only)
    pervasiveness = mean of the shares that apply
    severity      = mean over the voices reporting d of max(severity cue, self-rated), in 1..5
    score         = pervasiveness x severity / 5

See docs/methods/vital-core.md for the assumptions and references.
"""

from __future__ import annotations

import polars as pl

OVERALL = "ALL"


def _dimension_hits(labels: pl.DataFrame, threshold: float) -> pl.DataFrame:
    return labels.filter((pl.col("kind") == "dimension") & (pl.col("score") >= threshold))


def _severity_expr() -> pl.Expr:
    return pl.max_horizontal(pl.col("severity"), pl.col("severity_reported").fill_null(1))


def _rank_scope(voices: pl.DataFrame, hits: pl.DataFrame, scope_col: str | None,
                with_area_share: bool) -> pl.DataFrame:
    keys = [scope_col] if scope_col else []
    if scope_col is None:
        voices = voices.with_columns(pl.lit(OVERALL).alias("scope"))
        hits = hits.with_columns(pl.lit(OVERALL).alias("scope"))
        keys = ["scope"]
    totals = voices.group_by(keys).agg(
        pl.col("voice_id").n_unique().alias("voices_in_scope"),
        pl.col("source").n_unique().alias("sources_in_scope"),
        pl.col("area_pcode").drop_nulls().n_unique().alias("areas_in_scope"),
    )
    per_dim = hits.group_by([*keys, "label"]).agg(
        pl.col("voice_id").n_unique().alias("voices"),
        pl.col("source").n_unique().alias("sources"),
        pl.col("area_pcode").drop_nulls().n_unique().alias("areas"),
        _severity_expr().mean().alias("severity"),
    )
    shares = [
        (pl.col("voices") / pl.col("voices_in_scope")).alias("voice_share"),
        (pl.col("sources") / pl.col("sources_in_scope")).alias("source_share"),
    ]
    if with_area_share:
        shares.append(
            (pl.col("areas") / pl.max_horizontal(pl.col("areas_in_scope"), 1)).alias("area_share")
        )
    table = per_dim.join(totals, on=keys).with_columns(shares)
    share_cols = ["voice_share", "source_share"] + (["area_share"] if with_area_share else [])
    table = table.with_columns(
        pl.mean_horizontal(share_cols).alias("pervasiveness"),
    ).with_columns(
        (pl.col("pervasiveness") * pl.col("severity") / 5).alias("score"),
    )
    return table.rename({keys[0]: "area_pcode"} if keys[0] != "area_pcode" else {})


def rank_vital_core(
    labels: pl.DataFrame,
    *,
    threshold: float = 0.5,
    min_voices: int = 5,
    per_area: bool = True,
) -> pl.DataFrame:
    """Rank dimensions per area and overall (area_pcode == 'ALL').

    Returns one row per (area, dimension) that at least one voice reports, with columns
    area_pcode, dimension, rank, score, pervasiveness, severity, voice_share,
    source_share, voices, voices_in_scope, low_evidence (fewer than `min_voices`).
    """
    voice_cols = ["voice_id", "source", "area_pcode"]
    voices = labels.select(voice_cols).unique("voice_id")
    hits = _dimension_hits(labels, threshold)
    parts = [_rank_scope(voices, hits, None, with_area_share=True)]
    if per_area:
        located = voices.filter(pl.col("area_pcode").is_not_null())
        parts.append(_rank_scope(
            located, hits.filter(pl.col("area_pcode").is_not_null()), "area_pcode",
            with_area_share=False,
        ))
    columns = [
        "area_pcode", "dimension", "score", "pervasiveness", "severity",
        "voice_share", "source_share", "voices", "voices_in_scope",
    ]
    frames = [p.rename({"label": "dimension"}).select(columns) for p in parts]
    # Sorting first makes ties break by dimension name, so ranks are reproducible.
    ranked = (
        pl.concat(frames, how="vertical")
        .sort(["area_pcode", "score", "dimension"], descending=[False, True, False])
        .with_columns(
            pl.int_range(1, pl.len() + 1).over("area_pcode").cast(pl.Int64).alias("rank"),
            (pl.col("voices") < min_voices).alias("low_evidence"),
        )
    )
    return ranked.select(
        "area_pcode", "dimension", "rank", *columns[2:], "low_evidence"
    )
