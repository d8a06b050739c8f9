"""The two fits the difference in differences needs, with heteroskedasticity-robust
(HC1) standard errors, in numpy rather than statsmodels: importing statsmodels costs
1.5-2 s of start-up on every `vitalcore actions effect`, for two 4-column fits.

Both models are saturated in the four (treated, post) cells, so their estimates have a
closed form - the fitted value of every row is its cell's mean - and only the sandwich
needs matrices. The test suite checks both against statsmodels' OLS and Poisson GLM.

    V = c * B^-1 (X' diag(e^2) X) B^-1
    OLS:     B = X'X,            e = y - cell mean,  c = n / (n - k)   (HC1)
    Poisson: B = X' diag(mu) X,  e = y - mu,  mu = cell mean,  c = 1   (log link)

(MacKinnon and White 1985; for the GLM, the quasi-likelihood sandwich of Huber 1967 and
White 1980. statsmodels' GLM labels it HC1 but applies no n / (n - k) factor; the
estimates here keep its figures.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from vitalcore.analysis.tails import normal_sf


@dataclass(frozen=True)
class Fit:
    """The interaction coefficient (treated x post) and its robust standard error."""

    coefficient: float
    se: float

    @property
    def p_value(self) -> float:
        """Two-sided, normal reference (as statsmodels reports a robust fit)."""
        if not self.se > 0:
            return 0.0 if self.coefficient else 1.0
        return 2.0 * normal_sf(abs(self.coefficient) / self.se)


def _design(treated: np.ndarray, post: np.ndarray) -> np.ndarray:
    return np.column_stack([np.ones_like(treated), treated, post, treated * post])


def _cell_means(y: np.ndarray, treated: np.ndarray, post: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """The four cells' means, indexed 2 x treated + post, and each row's cell mean."""
    cell = (treated > 0).astype(int) * 2 + (post > 0).astype(int)
    sums = np.bincount(cell, weights=y, minlength=4)
    sizes = np.bincount(cell, minlength=4)
    if not (sizes > 0).all():
        raise ValueError("every (treated, post) cell needs at least one row")
    means = sums / sizes
    return means, means[cell]


def _sandwich_se(x: np.ndarray, weights: np.ndarray, residuals: np.ndarray,
                 small_sample: bool) -> float:
    n, k = x.shape
    bread = np.linalg.pinv(x.T @ (x * weights[:, None]))
    meat = x.T @ (x * (residuals ** 2)[:, None])
    cov = bread @ meat @ bread * (n / (n - k) if small_sample else 1.0)
    return float(math.sqrt(max(cov[3, 3], 0.0)))


def ols_interaction(y: np.ndarray, treated: np.ndarray, post: np.ndarray) -> Fit:
    """OLS of y on 1, T, P, T x P: the 2 x 2 difference in differences of means."""
    m, fitted = _cell_means(y, treated, post)
    delta = (m[3] - m[2]) - (m[1] - m[0])
    return Fit(float(delta), _sandwich_se(_design(treated, post), np.ones_like(y), y - fitted,
                                          small_sample=True))


def poisson_interaction(y: np.ndarray, treated: np.ndarray, post: np.ndarray) -> Fit | None:
    """Poisson GLM (log link) of y on 1, T, P, T x P: the log of the ratio of the two
    rate ratios. None when a cell holds no count (its log rate is minus infinity)."""
    m, mu = _cell_means(y, treated, post)
    if not (m > 0).all():
        return None
    b = math.log(m[3]) - math.log(m[2]) - math.log(m[1]) + math.log(m[0])
    return Fit(b, _sandwich_se(_design(treated, post), mu, y - mu, small_sample=False))
