"""Onset precedence: does one threat's rise come before another's, area after area?

Granger tests (analysis.chains.precedence) look for week-to-week feedback; a chain
such as drought -> price shock -> farmer-herder violence -> displacement is rather a
sequence of *level shifts*, each weeks after the one before, in a few areas. So:

1. Onset per area and label: the single upward mean shift of its share series that
   maximises the two-sample statistic (a one-change-point CUSUM, Page 1954; Hinkley 1970)
       z(t) = (mean[t:] - mean[:t]) / (sd * sqrt(1/t + 1/(T - t))),
   kept when max z >= z_min and each side has at least `min_side` periods.
2. For labels x, y with onsets in the same areas, the delays d_a = onset_y - onset_x
   (in periods); a one-sided one-sample t-test of mean d > 0 over those areas, then
   Benjamini-Hochberg over all pairs tested. Pairs need onsets in `min_areas` areas.

See docs/methods/chains.md.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy.stats import ttest_1samp
from statsmodels.stats.multitest import multipletests

ONSET_SCHEMA = {"area_pcode": pl.String, "label": pl.String, "onset": pl.Int64,
                "z": pl.Float64}
PRECEDENCE_SCHEMA = {
    "cause": pl.String, "effect": pl.String, "lag": pl.Float64, "weight": pl.Float64,
    "areas": pl.Int64, "p_value": pl.Float64, "q_value": pl.Float64, "evidence": pl.Int64,
    "significant": pl.Boolean,
}


def _best_shift(values: np.ndarray, min_side: int) -> tuple[int, float]:
    """(index where the upward shift starts, its z); (-1, 0) when no split is allowed."""
    n = len(values)
    if n < 2 * min_side:
        return -1, 0.0
    cumulative = np.cumsum(values)
    total = cumulative[-1]
    t = np.arange(min_side, n - min_side + 1)
    before = cumulative[t - 1] / t
    after = (total - cumulative[t - 1]) / (n - t)
    sd = values.std(ddof=1)
    if sd == 0:
        return -1, 0.0
    z = (after - before) / (sd * np.sqrt(1 / t + 1 / (n - t)))
    best = int(np.argmax(z))
    return int(t[best]), float(z[best])


def onsets(series: pl.DataFrame, *, z_min: float = 3.0, min_side: int = 3) -> pl.DataFrame:
    """Onset period index (0 = the first period of the series) per area and label.

    `series` is the frame of `chains.label_series` (area_pcode, period, label, share).
    """
    rows = []
    for (area, label), part in series.sort("period").group_by(
            ["area_pcode", "label"], maintain_order=True):
        start, z = _best_shift(part["share"].to_numpy(), min_side)
        if start >= 0 and z >= z_min:
            rows.append((area, label, start, z))
    return pl.DataFrame(rows, schema=ONSET_SCHEMA, orient="row").sort("area_pcode", "label")


def onset_precedence(
    series: pl.DataFrame,
    *,
    z_min: float = 3.0,
    min_side: int = 3,
    min_areas: int = 3,
    alpha: float = 0.05,
) -> pl.DataFrame:
    """For every ordered pair with onsets in at least `min_areas` common areas: the mean
    delay (lag, in periods), the share of those areas where the cause rose first
    (weight), the t-test p and BH q, evidence (the voices reporting the effect in
    those areas from its onset on), and significant (q < alpha).

    Each area's series must start on the same calendar period for delays to compare;
    `label_series` starts each area at its first voice, so delays are taken between
    onset dates, not indices.
    """
    located = series.sort("period").with_columns(
        pl.int_range(pl.len()).over("area_pcode", "label").alias("index")
    )
    found = onsets(series, z_min=z_min, min_side=min_side).join(
        located.select("area_pcode", "label", "index", "period"),
        left_on=["area_pcode", "label", "onset"], right_on=["area_pcode", "label", "index"],
    )
    step = _step(series)
    pairs = found.join(found, on="area_pcode", suffix="_effect").filter(
        pl.col("label") != pl.col("label_effect")
    ).with_columns(
        ((pl.col("period_effect") - pl.col("period")).dt.total_seconds() / step)
        .alias("delay")
    )
    rows = []
    for (cause, effect), part in pairs.group_by(["label", "label_effect"]):
        delays = part["delay"].to_numpy()
        if len(delays) < min_areas:
            continue
        if np.all(delays == delays[0]):
            p = 0.0 if delays[0] > 0 else 1.0
        else:
            p = float(ttest_1samp(delays, 0.0, alternative="greater").pvalue)
        areas = part["area_pcode"].to_list()
        after = series.filter(
            pl.col("area_pcode").is_in(areas) & (pl.col("label") == effect)
        ).join(part.select("area_pcode", pl.col("period_effect").alias("from")),
               on="area_pcode").filter(pl.col("period") >= pl.col("from"))
        rows.append((cause, effect, float(delays.mean()), float((delays > 0).mean()),
                     len(delays), p, int(after["voices"].sum())))
    if not rows:
        return pl.DataFrame(schema=PRECEDENCE_SCHEMA)
    table = pl.DataFrame(rows, orient="row", schema=[
        "cause", "effect", "lag", "weight", "areas", "p_value", "evidence"])
    q = multipletests(table["p_value"].to_numpy(), method="fdr_bh")[1]
    return table.with_columns(pl.Series("q_value", q)).with_columns(
        ((pl.col("q_value") < alpha) & (pl.col("lag") > 0)).alias("significant")
    ).select([pl.col(c).cast(t) for c, t in PRECEDENCE_SCHEMA.items()]).sort(
        "q_value", "lag")


def _step(series: pl.DataFrame) -> float:
    """Seconds between consecutive periods (the series' calendar step)."""
    periods = series["period"].unique().sort()
    if len(periods) < 2:
        return 1.0
    return float(periods.diff().drop_nulls().min().total_seconds())
