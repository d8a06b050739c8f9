"""analysis.tails against scipy.stats, which it stands in for on the CLI's path."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import f, hypergeom, norm

from vitalcore.analysis.tails import f_sf, hypergeom_sf, normal_sf


@pytest.mark.parametrize("z", [-3.0, 0.0, 1.2, 4.5, 9.0])
def test_normal_sf(z: float) -> None:
    assert normal_sf(z) == pytest.approx(norm.sf(z), rel=1e-9)


@pytest.mark.parametrize(("stat", "dfn", "dfd"), [(0.5, 2, 10), (3.1, 3, 40), (12.0, 4, 200)])
def test_f_sf(stat: float, dfn: int, dfd: int) -> None:
    assert f_sf(stat, dfn, dfd) == pytest.approx(f.sf(stat, dfn, dfd), rel=1e-9)


def test_hypergeom_sf_equals_scipy_over_a_grid() -> None:
    rng = np.random.default_rng(7)
    total = 500
    n_a = rng.integers(1, total, 60)
    n_b = rng.integers(1, total, 60)
    k = np.array([rng.integers(-1, min(a, b) + 1) for a, b in zip(n_a, n_b, strict=True)])
    np.testing.assert_allclose(hypergeom_sf(k, total, n_a, n_b),
                               hypergeom.sf(k, total, n_a, n_b), rtol=1e-8, atol=1e-300)


def test_hypergeom_sf_at_the_edges() -> None:
    # Nothing above the largest possible draw; everything above -1.
    assert hypergeom_sf([5], 20, [5], [8])[0] == 0.0
    assert hypergeom_sf([-1], 20, [5], [8])[0] == pytest.approx(1.0)
