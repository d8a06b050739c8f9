"""EARS C1-C3, CUSUM and Shewhart on short series computed by hand."""

import math
import statistics

import numpy as np
import pytest

from vitalcore.analysis import warning

BASE = [2, 4, 3, 5, 1, 3, 4]
# mean 22/7; sum of squares 80, so the sample variance is (80 - 7 (22/7)^2) / 6
MEAN = 22 / 7
SD = math.sqrt((80 - 484 / 7) / 6)  # 1.345185


def test_c1_by_hand() -> None:
    c1 = warning.ears_c1(np.array([BASE + [10]]))
    assert np.isnan(c1[0, :7]).all()
    assert c1[0, 7] == pytest.approx((10 - MEAN) / SD)
    assert c1[0, 7] == pytest.approx(5.0975, abs=1e-4)


def test_c2_uses_a_two_day_guard_band() -> None:
    # At t = 9 the baseline is days 0..6; days 7 and 8 (6 and 5) are the guard band.
    c2 = warning.ears_c2(np.array([BASE + [6, 5, 12]]))
    assert np.isnan(c2[0, :9]).all()
    assert c2[0, 9] == pytest.approx((12 - MEAN) / SD)


def test_c3_sums_three_c2_excesses_over_one() -> None:
    y = BASE + [6, 5, 12, 3, 9]
    # C2 at t = 9, 10, 11 from the baselines y[0..6], y[1..7], y[2..8]
    c2 = [(y[t] - statistics.mean(y[t - 9 : t - 2])) / statistics.stdev(y[t - 9 : t - 2])
          for t in (9, 10, 11)]
    # t=9:  (12 - 22/7) / 1.34519                                  =  6.584
    # t=10: base 4,3,5,1,3,4,6: mean 26/7, sd sqrt((112 - 676/7)/6) -> (3 - 3.714)/1.604 = -0.445
    # t=11: base 3,5,1,3,4,6,5: mean 27/7, sd sqrt((121 - 729/7)/6) -> (9 - 3.857)/1.676 =  3.068
    assert c2 == pytest.approx([6.5843, -0.4454, 3.0683], abs=1e-4)
    c3 = warning.ears_c3(np.array([y]))
    assert np.isnan(c3[0, :11]).all()
    # C3 = 5.5843 + 0 + 2.0683
    assert c3[0, 11] == pytest.approx(7.6526, abs=1e-3)


def test_a_zero_baseline_uses_the_sd_floor() -> None:
    c1 = warning.ears_c1(np.array([[0] * 7 + [4]]))
    assert c1[0, 7] == pytest.approx(4.0)  # (4 - 0) / max(0, 1)


def test_cusum_by_hand() -> None:
    # baseline 3 days ending guard + 1 = 2 days before t: days t-4..t-2
    y = np.array([[2, 2, 2, 2, 5, 6, 2]])
    s = warning.cusum(y, k=1.0, baseline=3, guard=1)
    # t=4: base 2,2,2 (sd 0 -> 1): z = 3, S = 0 + 3 - 1 = 2
    # t=5: base 2,2,2: z = 4, S = 2 + 4 - 1 = 5
    # t=6: base 2,2,5: mean 3, sd sqrt(3): z = -1/sqrt(3), S = 5 - 0.57735 - 1
    assert np.isnan(s[0, :4]).all()
    assert s[0, 4:].tolist() == pytest.approx([2.0, 5.0, 4 - 1 / math.sqrt(3)])
    z = warning.shewhart(y, baseline=3, guard=1)
    assert z[0, 4:].tolist() == pytest.approx([3.0, 4.0, -1 / math.sqrt(3)])


def test_cusum_restarts_after_a_signal() -> None:
    y = np.array([[2, 2, 2, 2, 9, 2, 2]])
    s = warning.cusum(y, k=1.0, h=5.0, baseline=3, guard=1)
    # t=4: z = 7, S = 6 > 5 (a signal); t=5 restarts from 0: base 2,2,2, z = 0 -> S = 0
    assert s[0, 4:6].tolist() == pytest.approx([6.0, 0.0])


def test_cusum_never_goes_below_zero() -> None:
    s = warning.cusum(np.array([[5] * 40 + [0] * 10]))
    assert np.nanmin(s) == 0.0


def test_series_are_computed_independently() -> None:
    a, b = BASE + [10], [0] * 7 + [4]
    both = warning.ears_c1(np.array([a, b]))
    assert both[0, 7] == pytest.approx(warning.ears_c1(np.array([a]))[0, 7])
    assert both[1, 7] == pytest.approx(4.0)


@pytest.mark.parametrize("bad", [np.array([1, 2, 3]), np.array([[1, np.nan]]),
                                 np.array([[1, -1]])])
def test_bad_counts_are_refused(bad: np.ndarray) -> None:
    with pytest.raises(ValueError, match="counts must"):
        warning.ears_c1(bad)


def test_rate_rise_is_the_exact_conditional_poisson_test() -> None:
    """Issue 22: -log10 P(Bin(x + b, w / (w + L)) >= x), the larger over the windows."""
    from scipy.stats import binom

    from vitalcore.analysis.warning import rate_rise

    y = np.random.default_rng(5).poisson(0.3, (1, 120)).astype(float)
    y[0, 100:104] += 3  # a rise from 0.3 to over 3 voices a day in a sparse series
    stat = rate_rise(y, windows=(7,), dispersion=False)
    t = 103
    x, b = y[0, t - 6 : t + 1].sum(), y[0, t - 6 - 2 - 56 : t - 6 - 2].sum()
    expected = -np.log10(binom.sf(x - 1, x + b, 7 / 63))
    assert stat[0, t] == pytest.approx(expected)
    assert stat[0, t] > 3.0  # the alarm threshold
    assert np.isnan(stat[0, :20]).all()  # no baseline of 14 days yet


def test_rate_rise_rarely_fires_on_sparse_null_series() -> None:
    from vitalcore.analysis.warning import RATE_THRESHOLD, rate_rise

    y = np.random.default_rng(6).poisson(0.3, (200, 365)).astype(float)
    share = np.nanmean(rate_rise(y) > RATE_THRESHOLD)
    assert share < 0.005  # series-days above the threshold with nothing planted


def test_rate_rise_asks_busy_series_for_a_larger_relative_rise() -> None:
    """A 35 % rise for a week on 20 voices a day is within the week-to-week wobble of a
    busy series (RATE_WOBBLE): significant as Poisson, not with the wobble. A sparse
    series going from 0.3 to 1.6 a day keeps its signal."""
    from vitalcore.analysis.warning import RATE_THRESHOLD, rate_rise

    rng = np.random.default_rng(5)
    busy = np.concatenate([rng.poisson(20, 70), rng.poisson(27, 7)]).astype(float)[None, :]
    sparse = np.concatenate([rng.poisson(0.3, 70), [2, 2, 1, 2, 2, 1, 2]]).astype(float)[None, :]
    assert rate_rise(busy, wobble=0.0)[0, -1] > RATE_THRESHOLD
    assert rate_rise(busy)[0, -1] < RATE_THRESHOLD
    assert rate_rise(sparse, wobble=0.0)[0, -1] > RATE_THRESHOLD
    assert rate_rise(sparse)[0, -1] > RATE_THRESHOLD
