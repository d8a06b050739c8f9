"""Benjamini-Hochberg adjusted p-values (the false discovery rate of many tests).

Written here rather than imported from statsmodels.stats.multitest: that import costs
about a second of start-up (pandas and scipy.stats come with it) on every command that
tests chains or onsets, for a computation of a few lines. The test suite checks it
against statsmodels' `fdr_bh`.

    q_(i) = min over j >= i of  min(1, p_(j) * m / j)   (p sorted ascending, m tests)

Benjamini Y, Hochberg Y (1995). Controlling the false discovery rate: a practical and
powerful approach to multiple testing. J R Stat Soc B 57:289-300.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def bh_adjusted(p_values: ArrayLike) -> np.ndarray:
    """Adjusted p-values (q-values) in the order given; NaN stays NaN and is not a test."""
    p = np.asarray(p_values, dtype=float)
    q = np.full(p.shape, np.nan)
    tested = np.flatnonzero(~np.isnan(p))
    m = len(tested)
    if m == 0:
        return q
    order = tested[np.argsort(p[tested], kind="stable")]
    scaled = p[order] * m / np.arange(1, m + 1)
    q[order] = np.minimum(1.0, np.minimum.accumulate(scaled[::-1])[::-1])
    return q
