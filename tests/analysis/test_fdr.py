"""analysis.fdr against statsmodels' Benjamini-Hochberg, and the t-test of onsets against
scipy.stats (both written to spare the CLI their imports)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import ttest_1samp
from statsmodels.stats.multitest import multipletests

from vitalcore.analysis.fdr import bh_adjusted
from vitalcore.analysis.onsets import _later_p


@given(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=60))
def test_bh_equals_statsmodels(p: list[float]) -> None:
    expected = multipletests(np.array(p), method="fdr_bh")[1]
    np.testing.assert_allclose(bh_adjusted(p), expected, rtol=1e-12, atol=1e-15)


def test_bh_keeps_order_and_nan() -> None:
    q = bh_adjusted([0.04, np.nan, 0.01, 0.03])
    assert np.isnan(q[1])
    np.testing.assert_allclose(q[[0, 2, 3]], [0.04, 0.03, 0.04])
    assert bh_adjusted([]).size == 0


@pytest.mark.parametrize("delays", [[1, 2, 3, 5], [-1, 0, 2, 1, 4], [-3, -2, -1, 0.5]])
def test_later_p_equals_scipy_one_sided_t_test(delays: list[float]) -> None:
    x = np.array(delays, dtype=float)
    expected = ttest_1samp(x, 0.0, alternative="greater").pvalue
    assert _later_p(x) == pytest.approx(expected, rel=1e-10)
