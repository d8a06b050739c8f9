"""Upper tail probabilities the chain tests need, from scipy.special and the standard
library rather than scipy.stats: importing scipy.stats costs about half a second of
start-up on every `vitalcore chains`, for three survival functions. The test suite
checks each against scipy.stats.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike


def normal_sf(z: float) -> float:
    """P(Z > z) for a standard normal Z (erfc keeps the far tail accurate)."""
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def f_sf(f_stat: float, dfn: float, dfd: float) -> float:
    """P(F > f_stat) for Snedecor's F with (dfn, dfd) degrees of freedom."""
    from scipy.special import fdtrc

    return float(fdtrc(dfn, dfd, f_stat))


def hypergeom_sf(k: ArrayLike, total: int, successes: ArrayLike, draws: ArrayLike
                 ) -> np.ndarray:
    """P(X > k), flat, for X hypergeometric: `draws` taken without replacement from `total`
    units of which `successes` are marked (scipy.stats.hypergeom.sf(k, total,
    successes, draws)), summed exactly over the tail in log space."""
    from scipy.special import gammaln, logsumexp

    k_, n_, d_ = (np.atleast_1d(np.asarray(a, dtype=np.int64)) for a in (k, successes, draws))
    k_, n_, d_ = np.broadcast_arrays(k_, n_, d_)
    out = np.zeros(k_.size, dtype=float)
    log_all = gammaln(total + 1) - gammaln(d_ + 1) - gammaln(total - d_ + 1)
    for i, (ki, ni, di, la) in enumerate(zip(k_.ravel(), n_.ravel(), d_.ravel(),
                                             log_all.ravel(), strict=True)):
        low = max(int(ki) + 1, 0, int(di) - (total - int(ni)))
        high = min(int(ni), int(di))
        if low > high:
            continue  # nothing above k can be drawn
        x = np.arange(low, high + 1)
        log_pmf = (gammaln(ni + 1) - gammaln(x + 1) - gammaln(ni - x + 1)
                   + gammaln(total - ni + 1) - gammaln(di - x + 1)
                   - gammaln(total - ni - di + x + 1) - la)
        out[i] = min(1.0, float(np.exp(logsumexp(log_pmf))))
    return out
