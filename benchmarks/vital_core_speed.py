"""Vital-core ranking speed and peak memory at 100k, 300k and 1M classified voices.

Run:  .venv/bin/python benchmarks/vital_core_speed.py [--sizes 100000 300000 1000000]
                                                    [--areas 500] [--replicates 200]

Each size runs in a fresh subprocess, so the peak resident memory it reports (from
getrusage) is that size's own. The label frame is generated synthetically in the
shape of `store.labels_frame` (one row per voice and dimension, plus group rows), with
a fifth of the voices carrying a priority ballot; no store is needed. Timed: building
the voice table (`analysis.voice_table`) and ranking per area and overall with the
Poisson bootstrap (`analysis.rank_threats`), separately, in wall-clock seconds, and the
CPU seconds of both (on a machine shared with other work, wall time includes waiting).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time

import numpy as np
import polars as pl

from vitalcore.analysis import rank_threats, voice_table
from vitalcore.analysis.vital_core import DIMENSIONS

GROUPS = ("women", "children", "displaced", "elderly")


def synthetic(n: int, areas: int, seed: int = 0) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(labels, attributes) for n voices over `areas` areas and 20 sources."""
    rng = np.random.default_rng(seed)
    k = len(DIMENSIONS)
    area = rng.integers(0, areas, n)
    # As a classifier reports them: most voices name one or two dimensions, and each
    # area leans towards one, so rankings differ between areas.
    lean = rng.integers(0, k, areas)[area]
    scores = rng.random((n, k)) * 0.4
    rows = np.arange(n)
    scores[rows, lean] = np.where(rng.random(n) < 0.6, 0.55 + 0.4 * rng.random(n), 0.1)
    other = rng.integers(0, k, n)
    scores[rows, other] = np.where(rng.random(n) < 0.5, 0.55 + 0.4 * rng.random(n),
                                   scores[rows, other])
    voice_ids = np.char.add("v", np.arange(n).astype(str))
    base = pl.DataFrame({
        "voice_id": voice_ids,
        "source": np.char.add("src-", rng.integers(0, 20, n).astype(str)),
        "area_pcode": np.char.add("AR", area.astype(str)),
        "severity": rng.integers(1, 6, n),
        "severity_reported": pl.Series(np.where(rng.random(n) < 0.1,
                                                rng.integers(1, 6, n), 0)).replace(0, None),
    })
    dims = base.select("voice_id").join(
        pl.DataFrame({"label": list(DIMENSIONS)}), how="cross"
    ).with_columns(pl.Series("score", scores.reshape(-1)), pl.lit("dimension").alias("kind"))
    group_rows = base.select("voice_id").with_columns(
        pl.Series("label", np.array(GROUPS)[rng.integers(0, len(GROUPS), n)]),
        pl.lit(1.0).alias("score"), pl.lit("group").alias("kind"),
    ).filter(pl.Series(rng.random(n) < 0.4))
    labels = pl.concat([dims, group_rows]).join(base, on="voice_id")
    # A fifth of the voices rank their top three concerns (a survey question).
    top3 = np.argsort(rng.random((n, k)), axis=1)[:, :3]
    ballots = pl.Series("priorities", np.array(DIMENSIONS)[top3].tolist())
    attributes = pl.DataFrame({"voice_id": voice_ids}).with_columns(
        pl.lit([], dtype=pl.List(pl.String)).alias("groups_reported"),
        pl.when(pl.Series(rng.random(n) < 0.2)).then(ballots)
        .otherwise(pl.lit([], dtype=pl.List(pl.String))).alias("priorities"),
    )
    return labels, attributes


def run_one(n: int, areas: int, replicates: int) -> dict:
    labels, attributes = synthetic(n, areas)
    start, cpu_start = time.perf_counter(), time.process_time()
    voices = voice_table(labels, attributes)
    built = time.perf_counter()
    table = rank_threats(voices, replicates=replicates, seed=0)
    ranked, cpu_end = time.perf_counter(), time.process_time()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "voices": n, "label_rows": labels.height, "areas": areas, "replicates": replicates,
        "rows_out": table.height, "voice_table_s": round(built - start, 2),
        "rank_s": round(ranked - built, 2), "total_s": round(ranked - start, 2),
        # CPU seconds of this process: on a shared machine, wall time includes waiting.
        "cpu_s": round(cpu_end - cpu_start, 2),
        "peak_rss_mib": round(peak_kib / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--areas", type=int, default=500)
    parser.add_argument("--replicates", type=int, default=200)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.areas, args.replicates)))
        return
    print(f"python {platform.python_version()}, polars {pl.__version__}, "
          f"numpy {np.__version__}")
    results = []
    for n in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--areas", str(args.areas),
             "--replicates", str(args.replicates)],
            check=True, capture_output=True, text=True,
        )
        results.append(json.loads(out.stdout))
        print(json.dumps(results[-1]), flush=True)
    first = results[0]
    for r in results[1:]:
        size = r["voices"] / first["voices"]
        for key in ("cpu_s", "total_s"):
            ratio = r[key] / first[key]
            print(f"{r['voices']:>9,} voices, {key}: x{ratio:.2f} for x{size:.0f} voices "
                  f"(1.00 = linear: {ratio / size:.2f})")


if __name__ == "__main__":
    main()
