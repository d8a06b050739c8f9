"""Alerts for 500 areas x 7 dimensions x 3 years of daily counts: time and false alarms.

Run from the repository root (heavy: `nice` it on a shared machine):

    nice -n 19 .venv/bin/python benchmarks/warning_alerts.py [--areas 500] [--days 1095]

Counts are Poisson with an annual season (seeded generator, nothing planted), so every
alert is a false alarm: the script prints the time to build the series and to run
analysis.detect_alerts (every statistic, deduplication, lifecycle), and false alerts
per series-week. It then plants a tripling of the rate for 14 days in 100 series and
prints how many were found within 28 days and the median delay.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import time
from datetime import date, timedelta

import numpy as np
import polars as pl

from vitalcore.analysis import detect_alerts
from vitalcore.analysis.alerts import build_series, compute_signals

DIMENSIONS = ["economic", "food", "health", "environmental", "personal", "community",
              "political"]


def frame(counts: np.ndarray, day0: date) -> pl.DataFrame:
    rows, cols = np.nonzero(counts)
    n_dims = len(DIMENSIONS)
    return pl.DataFrame({
        "area_pcode": [f"A{r // n_dims:04d}" for r in rows],
        "dimension": [DIMENSIONS[r % n_dims] for r in rows],
        "threat_type": pl.Series([None] * rows.size, dtype=pl.String),
        "day": pl.Series([day0 + timedelta(days=int(c)) for c in cols], dtype=pl.Date),
        "voices": counts[rows, cols].astype(np.int64),
    })


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=500)
    parser.add_argument("--days", type=int, default=1095)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    n = args.areas * len(DIMENSIONS)
    level = rng.choice([0.3, 1.0, 3.0, 10.0], size=n)  # sparse to busy series
    season = 1 + 0.3 * np.sin(2 * np.pi * np.arange(args.days) / 365.25)
    counts = rng.poisson(level[:, None] * season[None, :])
    day0 = date(2023, 1, 2)
    data = frame(counts, day0)
    print(f"python {platform.python_version()}, polars {pl.__version__}, "
          f"numpy {np.__version__}; {n} series x {args.days} days, "
          f"{data.height:,} non-zero cells")

    t0 = time.perf_counter()
    c0 = time.process_time()
    series = build_series(data)
    t1 = time.perf_counter()
    compute_signals(series)
    t2 = time.perf_counter()
    c2 = time.process_time()
    alerts = detect_alerts(data)
    t3 = time.perf_counter()
    c3 = time.process_time()
    weeks = n * args.days / 7
    print(f"build series {t1 - t0:.2f} s; all statistics {t2 - t1:.2f} s; "
          f"detect_alerts end to end {t3 - t2:.2f} s wall, {c3 - c2:.2f} s CPU "
          f"(build + statistics {c2 - c0:.2f} s CPU)")
    print(f"null data: {alerts.height} alerts = {alerts.height / weeks:.4f} per series-week")
    for lam in (0.3, 1.0, 3.0, 10.0):
        keys = {f"A{i // 7:04d}|{DIMENSIONS[i % 7]}" for i in np.flatnonzero(level == lam)}
        part = alerts.filter((pl.col("area_pcode") + "|" + pl.col("dimension")).is_in(keys))
        print(f"  mean {lam:>4}/day: {part.height / (len(keys) * args.days / 7):.4f} "
              "per series-week")

    planted = rng.choice(n, size=100, replace=False)
    onset = args.days - 60
    boosted = counts.copy()
    boosted[planted, onset : onset + 14] += rng.poisson(
        2 * level[planted, None] * season[None, onset : onset + 14])
    found = detect_alerts(frame(boosted[planted], day0))
    delays = []
    for i in range(planted.size):
        area, dim = f"A{i // 7:04d}", DIMENSIONS[i % 7]
        hit = found.filter((pl.col("area_pcode") == area) & (pl.col("dimension") == dim) &
                           (pl.col("first_signal") >= day0 + timedelta(days=onset - 7)) &
                           (pl.col("first_signal") <= day0 + timedelta(days=onset + 28)))
        if hit.height:
            delays.append((hit["first_signal"].min() - (day0 + timedelta(days=onset))).days)
    print(f"planted tripling for 14 days in 100 series: {len(delays)} found, median delay "
          f"{statistics.median(delays) if delays else 'n/a'} days")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS) {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
