"""Temporal precedence between labels, for reading beside the chain graph: a pooled
panel Granger test per ordered pair (analysis.chains' docstring, item 2; Granger 1969;
Holtz-Eakin, Newey & Rosen 1988), with area fixed effects absorbed by demeaning:

    y[i,t] = a_i + sum_l b_l y[i,t-l] + sum_l g_l x[i,t-l] + e,  H0: all g_l = 0,
    F = ((RSS_r - RSS_u) / L) / (RSS_u / (n - areas - 2L)),

and the within-area lagged correlation corr(x[t-l], y[t]) at the best lag; q is
Benjamini-Hochberg over the pairs. It makes no link of the graph (docs/methods/chains.md).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from vitalcore.analysis.chains import label_series
from vitalcore.analysis.fdr import bh_adjusted
from vitalcore.analysis.tails import f_sf

_PREC_SCHEMA = {
    "cause": pl.String, "effect": pl.String, "lag": pl.Int64, "correlation": pl.Float64,
    "f_stat": pl.Float64, "p_value": pl.Float64, "q_value": pl.Float64,
    "observations": pl.Int64, "areas": pl.Int64, "evidence": pl.Int64,
    "significant": pl.Boolean,
}


def _lagged(values: np.ndarray, area: np.ndarray, lag: int) -> np.ndarray:
    """values shifted by `lag` periods within each area (NaN where the area had none)."""
    out = np.full(len(values), np.nan)
    out[lag:] = values[:-lag]
    same = np.zeros(len(values), bool)
    same[lag:] = area[lag:] == area[:-lag]
    out[~same] = np.nan
    return out


def _demean(matrix: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Subtract each area's mean from every column (the fixed effects, absorbed)."""
    counts = np.bincount(groups)
    out = matrix.copy()
    for j in range(matrix.shape[1]):
        means = np.bincount(groups, matrix[:, j]) / counts
        out[:, j] -= means[groups]
    return out


def _granger(x: np.ndarray, y: np.ndarray, area: np.ndarray, max_lag: int
             ) -> tuple[float, float, int, int, list[float]]:
    """(F, p, observations, areas, lagged correlations) of x -> y, pooled over areas."""
    y_lags = [_lagged(y, area, lag) for lag in range(1, max_lag + 1)]
    x_lags = [_lagged(x, area, lag) for lag in range(1, max_lag + 1)]
    full = np.column_stack([y, *y_lags, *x_lags])
    keep = ~np.isnan(full).any(axis=1)
    rows, groups = full[keep], np.unique(area[keep], return_inverse=True)[1]
    n, n_areas = len(rows), groups.max() + 1 if len(rows) else 0
    df_resid = n - n_areas - 2 * max_lag
    if df_resid <= 0:
        return np.nan, np.nan, n, int(n_areas), [np.nan] * max_lag
    within = _demean(rows, groups)
    target, restricted, unrestricted = within[:, 0], within[:, 1:1 + max_lag], within[:, 1:]

    def rss(design: np.ndarray) -> float:
        beta, *_ = np.linalg.lstsq(design, target, rcond=None)
        resid = target - design @ beta
        return float(resid @ resid)

    rss_r, rss_u = rss(restricted), rss(unrestricted)
    if rss_u <= 0:
        return np.nan, np.nan, n, int(n_areas), [np.nan] * max_lag
    f_stat = ((rss_r - rss_u) / max_lag) / (rss_u / df_resid)
    p = f_sf(f_stat, max_lag, df_resid)
    corrs = []
    for j in range(max_lag):
        lagged = within[:, 1 + max_lag + j]
        sd = lagged.std() * target.std()
        corrs.append(float(np.mean((lagged - lagged.mean()) * (target - target.mean())) / sd)
                     if sd > 0 else np.nan)
    return float(f_stat), p, n, int(n_areas), corrs


def precedence(
    voices: pl.DataFrame,
    *,
    labels: str = "dimensions",
    period: str = "1w",
    max_lag: int = 2,
    alpha: float = 0.05,
    min_correlation: float = 0.1,
    candidates: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Granger-type precedence test for every ordered pair of labels, pooled over areas.

    Columns: cause, effect, lag (best lag by correlation), correlation, f_stat,
    p_value, q_value (Benjamini-Hochberg over all pairs), observations, areas,
    evidence (area-periods where the cause at t-lag and the effect at t were both
    reported), significant (q < alpha and correlation >= min_correlation: with
    hundreds of area-weeks a negligible effect is "significant", and a chain built of
    negligible links misleads).
    """
    if max_lag < 1:
        raise ValueError(f"max_lag must be at least 1, got {max_lag}")
    series = label_series(voices, labels=labels, period=period)
    names = sorted(series["label"].unique().to_list())
    if candidates is not None:
        names = [n for n in names if n in set(candidates)]
    wide = series.pivot(on="label", index=["area_pcode", "period"], values="share",
                        aggregate_function="first").sort("area_pcode", "period")
    counts = series.pivot(on="label", index=["area_pcode", "period"], values="voices",
                          aggregate_function="first").sort("area_pcode", "period")
    area = wide["area_pcode"].to_numpy()
    rows = []
    for cause in names:
        for effect in names:
            if cause == effect:
                continue
            x, y = wide[cause].to_numpy(), wide[effect].to_numpy()
            f_stat, p, n, n_areas, corrs = _granger(x, y, area, max_lag)
            best = int(np.nanargmax(corrs)) + 1 if not np.all(np.isnan(corrs)) else 1
            before = _lagged(counts[cause].to_numpy().astype(float), area, best)
            evidence = int(np.sum((np.nan_to_num(before) > 0) & (counts[effect].to_numpy() > 0)))
            rows.append((cause, effect, best, corrs[best - 1], f_stat, p, n, n_areas, evidence))
    if not rows:
        return pl.DataFrame(schema=_PREC_SCHEMA)
    table = pl.DataFrame(rows, orient="row", schema=[
        "cause", "effect", "lag", "correlation", "f_stat", "p_value", "observations",
        "areas", "evidence"])
    p_values = table["p_value"].fill_nan(None).fill_null(1.0).to_numpy()
    table = table.with_columns(pl.Series("q_value", bh_adjusted(p_values))).with_columns(
        ((pl.col("q_value") < alpha) & (pl.col("correlation") >= min_correlation))
        .fill_null(False)
        .alias("significant")
    )
    return table.select([pl.col(c).cast(t) for c, t in _PREC_SCHEMA.items()]).sort(
        "q_value", "f_stat", "cause", "effect", "lag",
        descending=[False, True, False, False, False], nulls_last=True
    )
