"""Onset precedence: does one threat's rise come before another's, area after area?

Granger tests (analysis.chains.precedence) look for week-to-week feedback; a chain
such as drought -> price shock -> farmer-herder violence -> displacement is rather a
sequence of *rises*, each weeks after the one before, in a few areas. A rise may last
to the end of the series or ebb after some weeks (a lean season, a displacement
wave). So:

1. Onset per area and label: the raised segment [s, e) of its series (the epidemic
   change-point model, Levin & Kline 1985; Yao 1993) that maximises the two-proportion
   statistic on the voices themselves, with quasi-binomial dispersion:
       z(s, e) = (p_in - p_out) / sqrt(phi * p (1 - p) * (1/N_in + 1/N_out)),
   p_in, p_out the shares of the voices inside and outside the segment (N_in, N_out
   voices), p the overall share, phi = max(1, X^2 / (T - 2)) with X^2 the Pearson
   chi-square of the two-segment fit (as in Farrington et al. 1996: weeks vary more
   than binomial chance). Kept when max z >= z_min and the segment and the rest each
   span at least `min_side` periods. The onset is s; a segment running to the end
   (e = T) is the classic single level shift (Hinkley 1970). The chain graph finds
   onsets twice, the second time on `chains.background_series` (each label's share
   without the voices of the area's other risen labels) and keeps the second.
2. For labels x, y with onsets in the same areas, the delays d_a = onset_y - onset_x
   (in periods); a one-sided one-sample t-test of mean d > 0 over those areas, then
   Benjamini-Hochberg over all pairs tested. Pairs need onsets in `min_areas` areas.

See docs/methods/chains.md.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import polars as pl

from vitalcore.analysis.fdr import bh_adjusted
from vitalcore.analysis.tails import hypergeom_sf

ONSET_SCHEMA = {"area_pcode": pl.String, "label": pl.String, "onset": pl.Int64,
                "end": pl.Int64, "z": pl.Float64}
PRECEDENCE_SCHEMA = {
    "cause": pl.String, "effect": pl.String, "lag": pl.Float64, "weight": pl.Float64,
    "areas": pl.Int64, "p_value": pl.Float64, "q_value": pl.Float64, "evidence": pl.Int64,
    "significant": pl.Boolean,
}


def raised_segment(voices: np.ndarray, totals: np.ndarray, min_side: int
                   ) -> tuple[int, int, float, int]:
    """(start, end, z, segments scanned) of the most raised segment [start, end) of a
    share series, by the two-proportion z with quasi-binomial dispersion; (-1, -1, 0,
    scanned) when no segment is raised (also used by analysis.chains).

    Every segment at once from cumulative sums: T+1 by T+1 candidates, cheap for the
    weekly series of a year (53 periods) and still fine for daily ones.
    """
    n = len(voices)
    if n < 2 * min_side or totals.sum() == 0 or voices.sum() == 0:
        return -1, -1, 0.0, 0
    x, t = voices.astype(float), totals.astype(float)
    squares = np.divide(x * x, t, out=np.zeros_like(x), where=t > 0)
    cx, ct, cq = (np.concatenate([[0.0], np.cumsum(a)]) for a in (x, t, squares))
    s, e = _segments(n, min_side)
    x_in, t_in, q_in = cx[e] - cx[s], ct[e] - ct[s], cq[e] - cq[s]
    x_out, t_out, q_out = cx[-1] - x_in, ct[-1] - t_in, cq[-1] - q_in
    usable = (t_in > 0) & (t_out > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_in, p_out = x_in / t_in, x_out / t_out
        # Pearson chi-square of the two-segment fit, sum (x - n p)^2 / (n p (1 - p)),
        # expanded as sum x^2/n - 2 p sum x + p^2 sum n within each segment.
        chi_in = (q_in - 2 * p_in * x_in + p_in**2 * t_in) / (p_in * (1 - p_in))
        chi_out = (q_out - 2 * p_out * x_out + p_out**2 * t_out) / (p_out * (1 - p_out))
        chi = np.nan_to_num(chi_in, nan=0.0, posinf=0.0) + np.nan_to_num(
            chi_out, nan=0.0, posinf=0.0)
        dispersion = np.maximum(1.0, chi / max(n - 2, 1))
        pooled = cx[-1] / ct[-1]
        se = np.sqrt(dispersion * pooled * (1 - pooled) * (1 / t_in + 1 / t_out))
        z = np.where(usable & (se > 0), (p_in - p_out) / se, -np.inf)
    best = int(np.argmax(z))
    if not z[best] > 0:
        return -1, -1, 0.0, len(z)
    return int(s[best]), int(e[best]), float(z[best]), len(z)


def exact_tail(voices: np.ndarray, totals: np.ndarray, start: int, end: int) -> float:
    """P(X_in >= x_in) for the segment [start, end): Fisher's exact test of the share
    inside against outside, given the label's voices in the series (X_in hypergeometric:
    the label's voices drawn among all the series' voices, x_in of them inside).

    The two-proportion z is a normal approximation; with a handful of voices it
    overstates: 3 voices, all in one 6-week segment of a 39-week series of 20 voices a
    week, give z = 4.07 (normal tail 2.4e-5), and the exact chance that they all fall
    there is 0.0036. The rise test (analysis.rises) takes the larger of the two tails
    (docs/methods/chains.md)."""
    x_in = int(voices[start:end].sum())
    if x_in <= 0:
        return 1.0
    return float(hypergeom_sf(x_in - 1, int(totals.sum()), int(voices.sum()),
                              int(totals[start:end].sum()))[0])


@cache  # every series of a label_series frame has one of a few lengths
def _segments(n: int, min_side: int) -> tuple[np.ndarray, np.ndarray]:
    """(starts, ends) of the segments [s, e) of a series of n periods with at least
    min_side periods inside and outside."""
    s, e = np.triu_indices(n + 1, k=min_side)
    keep = n - (e - s) >= min_side
    s, e = s[keep], e[keep]
    s.flags.writeable = e.flags.writeable = False
    return s, e


# A chain step is a sustained rise: six periods (weeks, by default) at least, and six
# outside it. Shorter bursts are emergences, for the early warning (analysis.warning).
# z >= 4: the most raised of the ~1,000 segments of a year's weekly series passes 3
# by chance alone too often (docs/methods/chains.md).
Z_MIN, MIN_SIDE = 4.0, 6


def onsets(series: pl.DataFrame, *, z_min: float = Z_MIN, min_side: int = MIN_SIDE
           ) -> pl.DataFrame:
    """Onset period index (0 = the first period of the series) per area and label, and
    the end of its raised segment (exclusive; the series length when it never ebbs).

    `series` is the frame of `chains.label_series` (area_pcode, period, label, share).
    """
    # Each (area, label) series as a slice of arrays read once, in period order: a
    # polars group per series was two thirds of the time (1,351 series on the demo).
    ordered = series.sort("area_pcode", "label", "period")
    areas, labels = ordered["area_pcode"], ordered["label"]
    first = ((areas != areas.shift(1)) | (labels != labels.shift(1))).fill_null(True)
    starts = np.flatnonzero(first.to_numpy())
    ends = np.append(starts[1:], ordered.height) if starts.size else starts
    voices, totals = ordered["voices"].to_numpy(), ordered["total"].to_numpy()
    area_list, label_list = areas.to_list(), labels.to_list()
    rows = []
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        start, end, z, _ = raised_segment(voices[a:b], totals[a:b], min_side)
        if start >= 0 and z >= z_min:
            rows.append((area_list[a], label_list[a], start, end, z))
    return pl.DataFrame(rows, schema=ONSET_SCHEMA, orient="row").sort("area_pcode", "label")


def onset_precedence(
    series: pl.DataFrame,
    *,
    z_min: float = Z_MIN,
    min_side: int = MIN_SIDE,
    min_areas: int = 3,
    alpha: float = 0.05,
    found: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """For every ordered pair with onsets in at least `min_areas` common areas: the mean
    delay (lag, in periods), the share of those areas where the cause rose first
    (weight), the t-test p and BH q, evidence (the voices reporting the effect in
    those areas from its onset on), and significant (q < alpha).

    Each area's series must start on the same calendar period for delays to compare;
    `label_series` starts each area at its first voice, so delays are taken between
    onset dates, not indices. `found`: the `onsets` of `series` with the same z_min and
    min_side, when the caller has them already.
    """
    located = series.sort("period").with_columns(
        pl.int_range(pl.len()).over("area_pcode", "label").alias("index")
    )
    if found is None:
        found = onsets(series, z_min=z_min, min_side=min_side)
    found = found.join(
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
        p = _later_p(delays)
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
    q = bh_adjusted(table["p_value"].to_numpy())
    return table.with_columns(pl.Series("q_value", q)).with_columns(
        ((pl.col("q_value") < alpha) & (pl.col("lag") > 0)).alias("significant")
    ).select([pl.col(c).cast(t) for c, t in PRECEDENCE_SCHEMA.items()]).sort(
        "q_value", "lag", "cause", "effect")


def _later_p(delays: np.ndarray) -> float:
    """One-sample t-test that the mean delay is above 0 (one-sided), as
    scipy.stats.ttest_1samp(alternative="greater"), from scipy.special alone (scipy.stats
    costs half a second of start-up)."""
    from scipy.special import stdtr

    if np.all(delays == delays[0]):  # no spread: the t statistic is undefined
        return 0.0 if delays[0] > 0 else 1.0
    n = len(delays)
    t = float(delays.mean() / (delays.std(ddof=1) / np.sqrt(n)))
    return float(stdtr(n - 1, -t))


def _step(series: pl.DataFrame) -> float:
    """Seconds between consecutive periods (the series' calendar step)."""
    periods = series["period"].unique().sort()
    if len(periods) < 2:
        return 1.0
    return float(periods.diff().drop_nulls().min().total_seconds())
