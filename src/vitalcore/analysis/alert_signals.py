"""The series alerts watch and every statistic's signal on them (analysis.alerts).

Counts (area_pcode, dimension, threat_type, day, voices) become a dense (series x
period) matrix (`build_series`); `compute_signals` runs every statistic of
`analysis.warning` and `analysis.farrington` on it, each where the series' history
allows it (the table in analysis.alerts' docstring), and the cluster rate test over
each area's neighbours. analysis.alerts turns the signals into episodes and alerts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

from vitalcore.analysis import episodes, farrington, warning
from vitalcore.analysis.alert_frames import COUNT_SCHEMA

EARS_UNTIL = 35
GLM_FROM_WEEKS = 56
SPARSE_GLM_FROM_WEEKS = 8
SPARSE_WINDOW = 28
MIN_EARS_COUNT = 3
ALGORITHMS = ("c1", "c2", "c3", "cusum", "shewhart", "glm", "rate", "cluster")
# The rate test alarms on daily series only, on at least this many voices in its window.
RATE_MIN_COUNT = episodes.RATE_MIN_COUNT
# On daily series the weekly GLM is a slow second opinion beside the rate test: at
# Noufaily's 1 % it gave most of the false alerts of sparse series (early-warning.md).
DAILY_GLM_ALPHA = 0.001
THRESHOLDS = {
    "c1": warning.C1_THRESHOLD,
    "c2": warning.C2_THRESHOLD,
    "c3": warning.C3_THRESHOLD,
    "cusum": warning.CUSUM_H,
    "shewhart": warning.SHEWHART_LIMIT,
    "glm": 1.0,
    "rate": warning.RATE_THRESHOLD,
    "cluster": warning.RATE_THRESHOLD,
}
KEYS = ["area_pcode", "dimension", "threat_type"]


@dataclass(frozen=True)
class SeriesSet:
    """Dense counts: one row per series (keys), one column per period (periods)."""

    keys: pl.DataFrame
    periods: tuple[date, ...]
    counts: np.ndarray
    freq: str

    @property
    def step(self) -> timedelta:
        return timedelta(days=7 if self.freq == "week" else 1)


@dataclass(frozen=True)
class Signals:
    """Per algorithm: statistic and alarm (series x period)."""

    statistic: dict[str, np.ndarray]
    alarm: dict[str, np.ndarray]


def build_series(
    counts: pl.DataFrame,
    *,
    freq: str = "day",
    start: date | None = None,
    end: date | None = None,
) -> SeriesSet:
    """Pivot long counts into a dense matrix over [start, end] (default: the data's span)."""
    if freq not in ("day", "week"):
        raise ValueError(f"freq must be 'day' or 'week', got {freq!r}")
    missing = [c for c in COUNT_SCHEMA if c not in counts.columns]
    if missing:
        raise ValueError(f"counts frame lacks column(s) {', '.join(missing)}")
    frame = counts.select(list(COUNT_SCHEMA)).cast(COUNT_SCHEMA)
    if freq == "week":
        frame = frame.with_columns(pl.col("day").dt.truncate("1w"))
    if end is not None:
        frame = frame.filter(pl.col("day") <= end)
    if start is not None:
        frame = frame.filter(pl.col("day") >= start)
    step = timedelta(days=7 if freq == "week" else 1)
    if frame.is_empty():
        empty = pl.DataFrame(schema={k: pl.String for k in KEYS})
        return SeriesSet(empty, (), np.zeros((0, 0)), freq)
    first = start or frame["day"].min()
    last = end or frame["day"].max()
    if freq == "week":
        first = first - timedelta(days=first.weekday())
        last = last - timedelta(days=last.weekday())
    n_periods = (last - first) // step + 1
    periods = tuple(first + i * step for i in range(n_periods))
    cells = frame.group_by([*KEYS, "day"]).agg(pl.col("voices").sum())
    # One row per series holding its days and counts: a group-by and an explode are much
    # cheaper than joining millions of cells back to their series on three string keys.
    per_series = cells.group_by(KEYS).agg("day", "voices").sort(KEYS, nulls_last=False)
    lengths = per_series["day"].list.len().to_numpy()
    rows = np.repeat(np.arange(per_series.height), lengths)
    days = per_series["day"].explode()
    cols = ((days - first).dt.total_days() // step.days).to_numpy()
    matrix = np.zeros((per_series.height, n_periods))
    matrix[rows, cols] = per_series["voices"].explode().to_numpy().astype(np.float64)
    return SeriesSet(per_series.select(KEYS), periods, matrix, freq)


def _weekly(counts: np.ndarray) -> tuple[np.ndarray, int]:
    """Sums over complete 7-day blocks from the first day; the block count."""
    n, t = counts.shape
    weeks = t // 7
    return counts[:, : weeks * 7].reshape(n, weeks, 7).sum(axis=2), weeks


def trailing_mean(counts: np.ndarray, days: int = SPARSE_WINDOW) -> np.ndarray:
    """Mean count over the `days` periods before t (fewer at the start; NaN at t = 0)."""
    n, t = counts.shape
    csum = np.concatenate([np.zeros((n, 1)), np.cumsum(counts, axis=1)], axis=1)
    hi = np.arange(t)
    lo = np.maximum(hi - days, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (csum[:, hi] - csum[:, lo]) / (hi - lo)


def neighbour_rows(keys: list[dict], near: Mapping[str, Iterable[str]]) -> list[list[int]]:
    """For each series, the rows of the same dimension and threat type in the areas
    neighbouring its own."""
    row_of = {(k["area_pcode"], k["dimension"], k["threat_type"]): i
              for i, k in enumerate(keys)}
    return [[row_of[(b, k["dimension"], k["threat_type"])]
             for b in sorted(near.get(k["area_pcode"], ()))
             if (b, k["dimension"], k["threat_type"]) in row_of] for k in keys]


def compute_signals(series: SeriesSet, near: list[list[int]] | None = None) -> Signals:
    """Every statistic on every series, masked by the rule of the module doc."""
    y = series.counts
    n, t = y.shape
    stat: dict[str, np.ndarray] = {
        "c1": warning.ears_c1(y),
        "c2": warning.ears_c2(y),
        "c3": warning.ears_c3(y),
        "cusum": warning.cusum(y),
        "shewhart": warning.shewhart(y),
    }
    per_week = 7 if series.freq == "day" else 1
    nonzero = y > 0
    first = np.where(nonzero.any(axis=1), nonzero.argmax(axis=1), t)
    history = np.arange(t)[None, :] - first[:, None]
    # Sparse: fewer than one voice a day (a week for weekly counts) over the last 28 periods.
    sparse = ~(trailing_mean(y) >= 1.0)
    glm_ready = (sparse & (history >= (SPARSE_GLM_FROM_WEEKS + farrington.GUARD) * per_week)) | (
        history >= GLM_FROM_WEEKS * per_week)
    glm_stat = np.full((n, t), np.nan)
    glm_alarm = np.zeros((n, t), dtype=bool)
    if series.freq == "day":
        weekly, n_weeks = _weekly(y)
        if n_weeks:
            # A week is known on its last day: the GLM speaks on day 7w + 6.
            ends = np.arange(n_weeks) * 7 + 6
            fit = farrington.glm_baseline(weekly, min_history=SPARSE_GLM_FROM_WEEKS,
                                          needed=glm_ready[:, ends], alpha=DAILY_GLM_ALPHA)
            glm_stat[:, ends] = fit.score
            glm_alarm[:, ends] = fit.alarm
    else:
        fit = farrington.glm_baseline(y, min_history=SPARSE_GLM_FROM_WEEKS, needed=glm_ready)
        glm_stat, glm_alarm = fit.score, fit.alarm
    stat["glm"] = glm_stat
    ears = (history >= 0) & ((history < EARS_UNTIL) | (sparse & ~glm_ready))
    if series.freq == "day":
        # On daily series EARS speaks only until the rate test has its baseline: the
        # rate test does the same job with the baseline's own uncertainty in it, where
        # EARS's seven-day sd gave most of the false alerts of busy series (100,000 voices).
        stat["rate"] = warning.rate_rise(y)
        ears &= np.isnan(stat["rate"])
    alarm = {
        name: ears & (stat[name] > THRESHOLDS[name]) & (y >= MIN_EARS_COUNT)
        for name in ("c1", "c2", "c3")
    }
    for name in ("cusum", "shewhart"):
        alarm[name] = ~sparse & (history >= EARS_UNTIL) & (stat[name] > THRESHOLDS[name])
    alarm["glm"] = glm_ready & glm_alarm
    if series.freq == "day":
        recent = _window_sum(y, max(warning.RATE_WINDOWS))
        # Today must be above the usual level too: a window sum remembers a spike for a
        # week after it ended, and an alert should stop when the voices do.
        usual = trailing_mean(y, warning.RATE_BASELINE)
        alarm["rate"] = ((stat["rate"] > THRESHOLDS["rate"]) & (recent >= RATE_MIN_COUNT)
                         & (y > np.nan_to_num(usual, nan=0.0)))
        stat["cluster"], alarm["cluster"] = _cluster(y, stat["rate"], recent, usual, near)
    else:
        stat["rate"] = np.full((n, t), np.nan)
        alarm["rate"] = np.zeros((n, t), dtype=bool)
        stat["cluster"] = np.full((n, t), np.nan)
        alarm["cluster"] = np.zeros((n, t), dtype=bool)
    return Signals(statistic=stat, alarm=alarm)


# The area's own rise a cluster alarm needs: its own rate test at p < 0.05 (R > 1.3), so
# a neighbour's outbreak alone does not alert a quiet area (docs/methods/early-warning.md).
CLUSTER_LOCAL = 1.3
# Where the area's own series was silent for the whole baseline before the window (no
# voice in the RATE_BASELINE days before it), its share of a cluster's rise may be this
# many voices (issue 22, third round): two voices of drought in a week in an area that
# never spoke of it, while its neighbours' drought voices rise, are its drought too.
CLUSTER_QUIET_MIN = 2


def _cluster(y: np.ndarray, own: np.ndarray, recent: np.ndarray, usual: np.ndarray,
             near: list[list[int]] | None) -> tuple[np.ndarray, np.ndarray]:
    """The cluster rate test (warning.cluster_rate_rise), alarming in an area only where
    its own series rose too: own R above CLUSTER_LOCAL, >= RATE_MIN_COUNT voices in the
    window (CLUSTER_QUIET_MIN after a silent baseline), today above the usual level."""
    stat = warning.cluster_rate_rise(y, near or [])
    window = max(warning.RATE_WINDOWS)
    before = _window_sum(y, window + warning.RATE_BASELINE) - recent
    least = np.where(before == 0, CLUSTER_QUIET_MIN, RATE_MIN_COUNT)
    with np.errstate(invalid="ignore"):
        alarm = ((stat > THRESHOLDS["cluster"]) & (own > CLUSTER_LOCAL)
                 & (recent >= least) & (y > np.nan_to_num(usual, nan=0.0)))
    return stat, alarm


def _window_sum(counts: np.ndarray, days: int) -> np.ndarray:
    """Voices in the `days` periods ending at t (fewer at the start)."""
    n, t = counts.shape
    csum = np.concatenate([np.zeros((n, 1)), np.cumsum(counts, axis=1)], axis=1)
    hi = np.arange(t) + 1
    return csum[:, hi] - csum[:, np.maximum(hi - days, 0)]
