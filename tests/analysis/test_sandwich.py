"""The closed-form robust fits agree with statsmodels' OLS and Poisson GLM (HC1)."""

from __future__ import annotations

import numpy as np
import pytest

from vitalcore.analysis.sandwich import ols_interaction, poisson_interaction

sm = pytest.importorskip("statsmodels.api")


def _panel(seed: int, rates: tuple[float, float, float, float], rows: int = 400
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    treated = rng.integers(0, 2, rows).astype(float)
    post = rng.integers(0, 2, rows).astype(float)
    lam = np.choose((treated * 2 + post).astype(int), rates)
    # Overdispersed counts, so the robust errors differ from the model-based ones.
    y = rng.poisson(lam * rng.gamma(2.0, 0.5, rows)).astype(float)
    return y, treated, post


@pytest.mark.parametrize("seed", [1, 7, 23])
def test_ols_matches_statsmodels(seed: int) -> None:
    y, t, p = _panel(seed, (3.0, 3.5, 2.0, 1.2))
    fit = ols_interaction(y, t, p)
    ref = sm.OLS(y, np.column_stack([np.ones_like(t), t, p, t * p])).fit(cov_type="HC1")
    assert fit.coefficient == pytest.approx(ref.params[3], rel=1e-9)
    assert fit.se == pytest.approx(ref.bse[3], rel=1e-9)
    assert fit.p_value == pytest.approx(ref.pvalues[3], rel=1e-6, abs=1e-12)


@pytest.mark.parametrize("seed", [1, 7, 23])
def test_poisson_matches_statsmodels(seed: int) -> None:
    y, t, p = _panel(seed, (3.0, 3.5, 2.0, 1.2))
    fit = poisson_interaction(y, t, p)
    x = np.column_stack([np.ones_like(t), t, p, t * p])
    ref = sm.GLM(y, x, family=sm.families.Poisson()).fit(cov_type="HC1")
    assert fit is not None
    assert fit.coefficient == pytest.approx(ref.params[3], rel=1e-6)
    assert fit.se == pytest.approx(ref.bse[3], rel=1e-6)


def test_poisson_needs_a_count_in_every_cell() -> None:
    y, t, p = _panel(3, (3.0, 3.5, 2.0, 1.2))
    y[(t == 1) & (p == 1)] = 0
    assert poisson_interaction(y, t, p) is None
    assert ols_interaction(y, t, p).coefficient < 0


def test_an_empty_cell_is_refused() -> None:
    y, t, p = _panel(3, (3.0, 3.5, 2.0, 1.2))
    keep = ~((t == 1) & (p == 1))
    with pytest.raises(ValueError, match="every"):
        ols_interaction(y[keep], t[keep], p[keep])
