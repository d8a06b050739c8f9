"""A Farrington-style quasi-Poisson baseline with trend and seasonality, for many series.

For weekly counts y (series x weeks), at a refit point r the baseline is the weeks
[r - guard - history, r - guard): the most recent `guard` weeks are left out so that an
outbreak in progress does not raise its own expectation. On it we fit, per series,

    log E[y_t] = a + b t + c sin(2 pi t / P) + d cos(2 pi t / P),   Var[y_t] = phi E[y_t]

by iteratively reweighted least squares. All series share the design matrix, so one IRLS
runs for all of them at once (batched normal equations as matrix products and
numpy.linalg.solve) instead of one statsmodels fit per series and week: a test checks
the coefficients against statsmodels' GLM. The seasonal pair is used only when the
baseline covers at least `period + period // 2` weeks; the trend is kept only when it
is significant (|b / se(b)| > 1.96) and does not extrapolate above the baseline maximum
(Farrington et al. 1996). As in Farrington and Noufaily et al. (2013), past outbreaks are
down-weighted: weeks with standardised Anscombe residual s > 2.58 get weight s^-2 and
the model is refitted once. The threshold is Noufaily's: the (1 - alpha) quantile of a
negative binomial with mean mu_0 and variance phi mu_0 (Poisson when phi <= 1), and an
alarm needs at least 5 counts in the last 4 weeks (Farrington's "5 in 4" rule).
Predictions are made for the `refit_every` weeks after each refit point.

Farrington, Andrews, Beale, Catchpole (1996), JRSS A 159:547-563.
Noufaily, Enki, Farrington, Garthwaite, Andrews, Charlett (2013), Stat Med 32:1206-1222.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PERIOD = 52
GUARD = 4
HISTORY = 104
MIN_HISTORY = 52
REFIT_EVERY = 4
ALPHA = 0.01
RESIDUAL_CUTOFF = 2.58
MIN_RECENT = 5
RECENT_WEEKS = 4
_MAX_ETA = 30.0


@dataclass(frozen=True)
class GlmBaseline:
    """Per series and week: expected count, upper threshold, exceedance score (>1 alarms)."""

    expected: np.ndarray
    upper: np.ndarray
    score: np.ndarray
    alarm: np.ndarray


def design(weeks: np.ndarray, *, trend: bool, season: bool, period: int = PERIOD) -> np.ndarray:
    """Columns: intercept, [trend in years], [sin, cos of the annual cycle]."""
    cols = [np.ones(len(weeks))]
    if trend:
        cols.append(weeks / period)
    if season:
        angle = 2 * np.pi * weeks / period
        cols += [np.sin(angle), np.cos(angle)]
    return np.column_stack(cols)


def _outer(x: np.ndarray) -> np.ndarray:
    """(n, p*p): the products x_i x_j of every row, so that sum_n w x x^T is one GEMM."""
    n, p = x.shape
    return (x[:, :, None] * x[:, None, :]).reshape(n, p * p)


def _gram(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """X^T diag(w_s) X for every series s: (N, p, p). A plain matrix product is several
    times faster here than a batched einsum, and these fits are the hot loop."""
    p = x.shape[1]
    return (w @ _outer(x)).reshape(w.shape[0], p, p)


def fit_poisson(
    x: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray | None = None,
    *,
    start: np.ndarray | None = None,
    iterations: int = 25,
    tol: float = 1e-7,
) -> tuple[np.ndarray, np.ndarray]:
    """Batched Poisson IRLS: x (n, p) shared, y (N, n). Returns beta (N, p), mu (N, n).

    `start` (N, p) warm-starts the iteration (the refit after down-weighting starts from
    the first fit, and converges in two or three steps instead of six or seven).
    """
    n_series, _ = y.shape
    p = x.shape[1]
    prior = np.ones_like(y) if weights is None else weights
    if start is None:
        mu = y + 0.5
        eta = np.log(mu)
        beta = np.zeros((n_series, p))
    else:
        beta = start
        eta = np.clip(beta @ x.T, -_MAX_ETA, _MAX_ETA)
        mu = np.exp(eta)
    ridge = 1e-9 * np.eye(p)
    for _ in range(iterations):
        z = eta + (y - mu) / mu
        w = prior * mu
        xtwx = _gram(x, w) + ridge
        xtwz = (w * z) @ x
        new = np.linalg.solve(xtwx, xtwz[..., None])[..., 0]
        eta = np.clip(new @ x.T, -_MAX_ETA, _MAX_ETA)
        mu = np.exp(eta)
        if np.max(np.abs(new - beta)) < tol:
            beta = new
            break
        beta = new
    return beta, mu


def _dispersion_and_leverage(
    x: np.ndarray, y: np.ndarray, mu: np.ndarray, w: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """phi (N,), leverages (N, n) and the inverse information (N, p, p)."""
    n, p = x.shape
    info = _gram(x, w * mu) + 1e-9 * np.eye(p)
    inverse = np.linalg.inv(info)
    leverage = (inverse.reshape(-1, p * p) @ _outer(x).T) * w * mu
    pearson = w * (y - mu) ** 2 / mu
    phi = np.maximum(pearson.sum(axis=1) / max(n - p, 1), 1.0)
    return phi, leverage, inverse


def _anscombe(y: np.ndarray, mu: np.ndarray, phi: np.ndarray, lev: np.ndarray) -> np.ndarray:
    raw = 1.5 * (np.cbrt(y) ** 2 * mu ** (-1 / 6) - np.sqrt(mu))
    return raw / np.sqrt(phi[:, None] * np.clip(1 - lev, 1e-6, None))


def _fit_window(
    y: np.ndarray, weeks: np.ndarray, *, trend: bool, season: bool,
    start: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Reweighted fit on one baseline window: beta, phi, inverse information (scaled)."""
    x = design(weeks, trend=trend, season=season)
    beta, mu = fit_poisson(x, y, start=start)
    w = np.ones_like(y)
    phi, lev, _ = _dispersion_and_leverage(x, y, mu, w)
    s = _anscombe(y, mu, phi, lev)
    outlying = s > RESIDUAL_CUTOFF
    w = np.where(outlying, 1.0 / np.where(outlying, s, 1.0) ** 2, 1.0)
    w *= y.shape[1] / w.sum(axis=1, keepdims=True)
    beta, mu = fit_poisson(x, y, w, start=beta)
    phi, _, inverse = _dispersion_and_leverage(x, y, mu, w)
    return beta, phi, inverse * phi[:, None, None]


def _threshold(mu0: np.ndarray, phi: np.ndarray, alpha: float) -> np.ndarray:
    from scipy import stats  # imported where used: reading stored alerts needs no SciPy

    over = phi > 1.0 + 1e-9
    size = np.where(over, mu0 / np.where(over, phi - 1.0, 1.0), 1.0)
    nb = stats.nbinom.ppf(1 - alpha, size, size / (size + mu0))
    pois = stats.poisson.ppf(1 - alpha, mu0)
    return np.where(over, nb, pois)


def glm_baseline(
    counts: np.ndarray,
    *,
    period: int = PERIOD,
    guard: int = GUARD,
    history: int = HISTORY,
    min_history: int = MIN_HISTORY,
    refit_every: int = REFIT_EVERY,
    alpha: float = ALPHA,
    needed: np.ndarray | None = None,
) -> GlmBaseline:
    """Expected counts, thresholds and alarms for weekly counts (series, weeks).

    `needed` (series, weeks) marks where a caller will read the result; series needing
    nothing in a refit's prediction weeks are not fitted there (the caller's rule may
    use the GLM only on sparse series at first, and fitting the rest would be waste).
    """
    y_all = np.asarray(counts, dtype=np.float64)
    n_series, n_weeks = y_all.shape
    expected = np.full((n_series, n_weeks), np.nan)
    upper = np.full((n_series, n_weeks), np.nan)
    recent = np.full((n_series, n_weeks), np.nan)
    csum = np.concatenate([np.zeros((n_series, 1)), np.cumsum(y_all, axis=1)], axis=1)
    idx = np.arange(RECENT_WEEKS - 1, n_weeks)
    recent[:, idx] = csum[:, idx + 1] - csum[:, idx + 1 - RECENT_WEEKS]
    # The previous refit's coefficients warm-start the next one (its window moved by only
    # `refit_every` weeks), keyed by the design; NaN rows were not fitted last time.
    previous: dict[tuple[bool, bool], np.ndarray] = {}

    def warm(key: tuple[bool, bool], rows: np.ndarray, y: np.ndarray) -> np.ndarray:
        p = 1 + key[0] + 2 * key[1]
        # Rows not fitted last time start from the intercept-only solution, log(mean y).
        start = np.zeros((rows.size, p))
        start[:, 0] = np.log(y.mean(axis=1) + 1e-3)
        last = previous.get(key)
        if last is not None:
            known = ~np.isnan(last[rows, 0])
            start[known] = last[rows[known]]
        return start

    def keep_for_next(key: tuple[bool, bool], rows: np.ndarray, beta: np.ndarray) -> None:
        full = np.full((n_series, beta.shape[1]), np.nan)
        full[rows] = beta
        previous[key] = full
    for r in range(min_history + guard, n_weeks, refit_every):
        lo, hi = max(0, r - guard - history), r - guard
        weeks = np.arange(lo, hi, dtype=np.float64)
        y = y_all[:, lo:hi]
        # A baseline with (almost) nothing in it has no expectation to exceed: leave it
        # to EARS and CUSUM rather than alarm on the first count.
        usable = y.sum(axis=1) >= MIN_RECENT
        if needed is not None:
            usable &= needed[:, r : r + refit_every].any(axis=1)
        if not usable.any():
            continue
        y = y[usable]
        season = len(weeks) >= period + period // 2
        target = np.arange(r, min(r + refit_every, n_weeks), dtype=np.float64)
        rows = np.flatnonzero(usable)
        beta_t, phi_t, cov_t = _fit_window(y, weeks, trend=True, season=season,
                                           start=warm((True, season), rows, y))
        beta_n, phi_n, _ = _fit_window(y, weeks, trend=False, season=season,
                                       start=warm((False, season), rows, y))
        keep_for_next((True, season), rows, beta_t)
        keep_for_next((False, season), rows, beta_n)
        x_t = design(target, trend=True, season=season)
        x_n = design(target, trend=False, season=season)
        mu_t = np.exp(np.clip(beta_t @ x_t.T, -_MAX_ETA, _MAX_ETA))
        mu_n = np.exp(np.clip(beta_n @ x_n.T, -_MAX_ETA, _MAX_ETA))
        z_trend = beta_t[:, 1] / np.sqrt(np.clip(cov_t[:, 1, 1], 1e-300, None))
        keep = (np.abs(z_trend) > 1.96) & (mu_t.max(axis=1) <= y.max(axis=1))
        mu0 = np.where(keep[:, None], mu_t, mu_n)
        phi = np.where(keep, phi_t, phi_n)
        cols = target.astype(int)
        expected[np.ix_(rows, cols)] = mu0
        upper[np.ix_(rows, cols)] = _threshold(mu0, phi[:, None], alpha)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = (y_all - expected) / np.maximum(upper - expected, 1e-9)
        alarm = (y_all > upper) & (recent >= MIN_RECENT)
    return GlmBaseline(expected=expected, upper=upper, score=score, alarm=alarm)
