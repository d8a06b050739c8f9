"""Early-warning statistics on many count series at once: EARS C1, C2, C3 and CUSUM.

Every function takes a 2-D array `counts` of shape (series, time) - one row per
area x dimension (or threat type), one column per day or week, zeros filled in - and
returns an array of the same shape with the statistic at each time point (NaN where its
baseline is not yet available). Rolling means and variances come from cumulative sums,
so 3,500 series of 1,100 days cost a few array passes, not a Python loop per series.

    C1_t = (y_t - mean(y_{t-7..t-1})) / sd(y_{t-7..t-1})        alarm C1 > 3
    C2_t = (y_t - mean(y_{t-9..t-3})) / sd(y_{t-9..t-3})        alarm C2 > 3
    C3_t = sum_{i=t-2..t} max(0, C2_i - 1)                      alarm C3 > 2
    z_t  = (y_t - mean(baseline_t)) / sd(baseline_t)
    S_t  = max(0, S_{t-1} + z_t - k), S = 0 before a baseline   alarm S > h

(Hutwagner et al. 2003, "The bioterrorism preparedness and response Early Aberration
Reporting System (EARS)", J Urban Health 80(2 Suppl 1):i89-96; Fricker et al. 2008,
Stat Med 27:3407-29; Page 1954, "Continuous inspection schemes", Biometrika 41:100-115.)
The standard deviation is the sample one (ddof=1) floored at `min_sd`: a baseline of
seven zeros has sd 0, and without a floor a single voice would be an infinite signal.
See docs/methods/early-warning.md for the false-alarm rates these thresholds give.
"""

from __future__ import annotations

import numpy as np

C1_THRESHOLD = 3.0
C2_THRESHOLD = 3.0
C3_THRESHOLD = 2.0
C3_REFERENCE = 1.0
EARS_BASELINE = 7
MIN_SD = 1.0
CUSUM_K = 1.0
CUSUM_H = 5.0
CUSUM_BASELINE = 28
CUSUM_GUARD = 7


def _as_matrix(counts: np.ndarray) -> np.ndarray:
    matrix = np.asarray(counts, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError(f"counts must be a 2-D array (series, time), got shape {matrix.shape}")
    if np.isnan(matrix).any() or (matrix < 0).any():
        raise ValueError("counts must be non-negative numbers without NaN (fill gaps with 0)")
    return matrix


def rolling_baseline(
    counts: np.ndarray, *, length: int, lag: int
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and sample sd of y_{t-lag-length+1 .. t-lag} for every t (NaN until available).

    `lag` = 1 is the window that ends yesterday (C1); `lag` = 3 leaves a two-day guard
    band between the baseline and today (C2), so the first days of a rise do not inflate
    the baseline they are compared with.
    """
    if length < 2 or lag < 1:
        raise ValueError("a baseline needs length >= 2 and lag >= 1")
    matrix = _as_matrix(counts)
    n, t = matrix.shape
    mean = np.full((n, t), np.nan)
    sd = np.full((n, t), np.nan)
    first = lag + length - 1
    if t <= first:
        return mean, sd
    zeros = np.zeros((n, 1))
    s1 = np.concatenate([zeros, np.cumsum(matrix, axis=1)], axis=1)
    s2 = np.concatenate([zeros, np.cumsum(matrix * matrix, axis=1)], axis=1)
    hi = np.arange(first, t) - lag + 1  # exclusive end of the window in cumsum indices
    lo = hi - length
    total = s1[:, hi] - s1[:, lo]
    squares = s2[:, hi] - s2[:, lo]
    m = total / length
    # Cumulative sums of integers are exact in float64 far beyond any count series here;
    # the clip only removes -1e-13 style rounding from a constant window.
    var = np.clip((squares - total * m) / (length - 1), 0.0, None)
    mean[:, first:] = m
    sd[:, first:] = np.sqrt(var)
    return mean, sd


def _standardised(
    counts: np.ndarray, *, length: int, lag: int, min_sd: float
) -> np.ndarray:
    matrix = _as_matrix(counts)
    mean, sd = rolling_baseline(matrix, length=length, lag=lag)
    return (matrix - mean) / np.maximum(sd, min_sd)


def ears_c1(counts: np.ndarray, *, min_sd: float = MIN_SD) -> np.ndarray:
    """EARS C1: today against the mean and sd of the previous seven days."""
    return _standardised(counts, length=EARS_BASELINE, lag=1, min_sd=min_sd)


def ears_c2(counts: np.ndarray, *, min_sd: float = MIN_SD) -> np.ndarray:
    """EARS C2: as C1, with the baseline t-9..t-3 (a two-day guard band)."""
    return _standardised(counts, length=EARS_BASELINE, lag=3, min_sd=min_sd)


def ears_c3(
    counts: np.ndarray, *, min_sd: float = MIN_SD, reference: float = C3_REFERENCE
) -> np.ndarray:
    """EARS C3: the sum of today's and the two previous days' C2 excesses over 1."""
    excess = np.maximum(ears_c2(counts, min_sd=min_sd) - reference, 0.0)
    c3 = np.full_like(excess, np.nan)
    # NaN propagates: C3 exists only where C2 exists on all three days.
    c3[:, 2:] = excess[:, 2:] + excess[:, 1:-1] + excess[:, :-2]
    return c3


def cusum(
    counts: np.ndarray,
    *,
    k: float = CUSUM_K,
    h: float = CUSUM_H,
    baseline: int = CUSUM_BASELINE,
    guard: int = CUSUM_GUARD,
    min_sd: float = MIN_SD,
) -> np.ndarray:
    """Standardised upper CUSUM (Page 1954) against a moving baseline.

    z_t uses the mean and sd of the `baseline` days that end `guard` days before t; the
    long guard keeps a slow rise out of its own baseline, which is what CUSUM is for.
    k = 1 is half the shift (2 sd) the scheme is tuned to find quickest. After a signal
    (S > h) the sum restarts from 0 the next period, as in Page's scheme: a rise that
    goes on signals again within days (one alert episode), and one that ends stops
    signalling at once instead of decaying for weeks.
    """
    matrix = _as_matrix(counts)
    z = _standardised(matrix, length=baseline, lag=guard + 1, min_sd=min_sd)
    n, t = matrix.shape
    out = np.full((n, t), np.nan)
    s = np.zeros(n)
    # Sequential in time by definition, vectorised across series: T steps of length-N ops.
    for j in range(t):
        zj = z[:, j]
        valid = ~np.isnan(zj)
        s = np.where(valid, np.maximum(0.0, s + np.where(valid, zj, 0.0) - k), 0.0)
        out[:, j] = np.where(valid, s, np.nan)
        s = np.where(s > h, 0.0, s)
    return out


SHEWHART_LIMIT = 5.0


def shewhart(
    counts: np.ndarray,
    *,
    baseline: int = CUSUM_BASELINE,
    guard: int = CUSUM_GUARD,
    min_sd: float = MIN_SD,
) -> np.ndarray:
    """The standardised count itself against the CUSUM's baseline (alarm z > 5).

    CUSUM is slow on a one-day jump (with k = 1 and h = 5 it needs z > 6 at once);
    a Shewhart limit beside it is the combined Shewhart-CUSUM scheme of Lucas (1982),
    Journal of Quality Technology 14:51-59.
    """
    return _standardised(counts, length=baseline, lag=guard + 1, min_sd=min_sd)


RATE_WINDOWS = (3, 7)
RATE_BASELINE = 56
RATE_MIN_BASELINE = 14
RATE_GUARD = 2
# -log10 p: 1 in 1,000; a lone signal needs STRONG x this (analysis.alerts). Tuned: see docs.
RATE_THRESHOLD = 3.0
# Week-to-week variation of a series' rate beyond Poisson (coefficient of variation): a
# window of expected count mu has variance phi mu + (RATE_WOBBLE mu)^2 (negative binomial,
# NB2), so the test asks busy series for a larger relative rise than sparse ones.
RATE_WOBBLE = 0.15


def rate_rise(
    counts: np.ndarray,
    *,
    windows: tuple[int, ...] = RATE_WINDOWS,
    baseline: int = RATE_BASELINE,
    min_baseline: int = RATE_MIN_BASELINE,
    guard: int = RATE_GUARD,
    dispersion: bool = True,
    wobble: float | None = None,
) -> np.ndarray:
    """-log10 p of the last w periods' count against the baseline's rate, max over w.

    The exact conditional test for two Poisson rates (Przyborowski & Wilenski 1940): with
    x voices in the w periods ending at t and b voices in the L baseline periods ending
    `guard` periods before them, under an unchanged rate x | x + b ~ Binomial(x + b,
    w / (w + L)); p = P(X >= x). It needs no estimate of the rate, so it works on
    sparse series (0.2 voices a day) where the standardised statistics cannot, and the
    baseline's own uncertainty is in the test. L is `baseline` periods, or the history
    there is (at least `min_baseline`); NaN before that. With `dispersion`, x and b are
    divided by the baseline days' variance-to-mean ratio (at least 1) first.
    """
    from scipy.special import betainc

    matrix = _as_matrix(counts)
    n, t = matrix.shape
    cum = np.concatenate([np.zeros((n, 1)), np.cumsum(matrix, axis=1)], axis=1)
    cum2 = np.concatenate([np.zeros((n, 1)), np.cumsum(matrix * matrix, axis=1)], axis=1)
    best = np.full((n, t), np.nan)
    for w in windows:
        end = np.arange(t) + 1  # exclusive end of the recent window (cumsum index)
        start = end - w
        b_end = start - guard
        b_start = np.maximum(b_end - baseline, 0)
        length = b_end - b_start
        ok = (start >= 0) & (length >= min_baseline)
        cols = np.flatnonzero(ok)
        if cols.size == 0:
            continue
        x = cum[:, end[cols]] - cum[:, start[cols]]
        b = cum[:, b_end[cols]] - cum[:, b_start[cols]]
        if dispersion:
            # Quasi-Poisson: counts vary more than Poisson from day to day (weeks of more
            # and fewer reports); dividing both counts by phi = max(1, var / mean) of
            # the baseline days keeps the test's false-alarm rate where it was set on
            # busy series too (Farrington et al. 1996 scale their threshold alike).
            phi = _baseline_dispersion(cum, cum2, b_start[cols], b_end[cols])
            c = RATE_WOBBLE if wobble is None else wobble
            if c > 0:
                expected = b * (w / length[cols])[None, :]
                phi = phi + c * c * expected
            x, b = x / phi, b / phi
        share = w / (w + length[cols])
        # P(Bin(x + b, share) >= x) = I_share(x, b + 1) for x >= 1 (regularised beta).
        p = np.where(x > 0, betainc(np.maximum(x, 1), b + 1, share[None, :]), 1.0)
        score = -np.log10(np.maximum(p, 1e-300))
        current = best[:, cols]
        best[:, cols] = np.where(np.isnan(current), score, np.maximum(current, score))
    return best


def cluster_rate_rise(counts: np.ndarray, near: list[list[int]]) -> np.ndarray:
    """rate_rise of each series summed with the series in `near[i]` (the same series in
    the neighbouring areas): a rise across a cluster of areas, too thin in any one of
    them (fixed neighbourhoods, Besag & Newell 1991, JRSS A 154:143-155). NaN for a
    series without neighbours."""
    matrix = _as_matrix(counts)
    out = np.full(matrix.shape, np.nan)
    has = np.array([bool(rows) for rows in near], dtype=bool)
    if has.size == 0 or not has.any():
        return out
    regional = matrix[has].copy()
    for k, i in enumerate(np.flatnonzero(has)):
        regional[k] += matrix[near[i]].sum(axis=0)
    out[has] = rate_rise(regional)
    return out


def _baseline_dispersion(cum: np.ndarray, cum2: np.ndarray, lo: np.ndarray,
                         hi: np.ndarray) -> np.ndarray:
    """max(1, sample variance / mean) of the daily counts in [lo, hi) per series and t."""
    length = (hi - lo).astype(float)[None, :]
    total = cum[:, hi] - cum[:, lo]
    squares = cum2[:, hi] - cum2[:, lo]
    mean = total / length
    var = np.clip((squares - total * mean) / np.maximum(length - 1, 1), 0.0, None)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(mean > 0, var / mean, 1.0)
    return np.maximum(ratio, 1.0)
