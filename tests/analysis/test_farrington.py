"""The batched quasi-Poisson baseline against statsmodels, and on planted outbreaks."""

import numpy as np
import statsmodels.api as sm

from vitalcore.analysis import farrington


def test_batched_irls_matches_statsmodels() -> None:
    rng = np.random.default_rng(11)
    weeks = np.arange(120.0)
    x = farrington.design(weeks, trend=True, season=True)
    mu = np.exp(1.0 + 0.3 * weeks / 52 + 0.6 * np.sin(2 * np.pi * weeks / 52))
    y = rng.poisson(mu, size=(4, weeks.size)).astype(float)
    beta, _ = farrington.fit_poisson(x, y)
    for row in range(4):
        reference = sm.GLM(y[row], x, family=sm.families.Poisson()).fit()
        np.testing.assert_allclose(beta[row], reference.params, atol=1e-7)


def _seasonal(rng: np.random.Generator, n_weeks: int, n: int) -> np.ndarray:
    weeks = np.arange(n_weeks)
    mu = np.exp(2.0 + 0.8 * np.sin(2 * np.pi * weeks / 52))
    return rng.poisson(mu, size=(n, n_weeks)).astype(float)


def test_a_planted_outbreak_is_found_and_the_season_is_not_one() -> None:
    rng = np.random.default_rng(5)
    y = _seasonal(rng, 156, 20)
    y[:10, 140] += 40  # weeks 140: an outbreak in the first ten series
    fit = farrington.glm_baseline(y)
    assert fit.alarm[:10, 140].all()
    assert fit.alarm[10:, 140].sum() <= 1
    # Seasonal peaks are expected: few alarms over the rest of the third year.
    quiet = np.delete(fit.alarm[:, 104:], 140 - 104, axis=1)
    assert quiet.mean() < 0.02


def test_empty_baselines_give_no_expectation() -> None:
    fit = farrington.glm_baseline(np.zeros((2, 80)))
    assert np.isnan(fit.expected).all()
    assert not fit.alarm.any()
