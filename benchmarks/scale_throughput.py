"""Throughput of the scale-out: classify, aggregate and COPY-load, by number of workers.

Run from the repository root (on a shared machine, politely):

    nice -n 19 .venv/bin/python benchmarks/scale_throughput.py --voices 1000000 --workers 1 2

It writes simulated shards (tests/scale/shardgen.py: SYNTHETIC voices, seeded), then for
each worker count starts a LocalCluster of that many single-threaded worker processes
and times, wall clock:

- classify:  shards -> normalise -> classify -> Parquet partitions (`scale_classify`)
- aggregate: partial aggregates per partition + vital core (`scale_aggregate`)
- load:      partitions -> PostgreSQL by COPY, one transaction each (`scale_load`), into
             a fresh schema of the server at --pg, dropped afterwards

and prints a Markdown table plus the 32-worker projection (see `project`), and writes
the figures as JSON (--json). Shard generation is not timed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

# The seeded shard generator lives with the tests until the scenario simulator can write
# shards; the benchmark uses the very same one.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.scale.shardgen import write_shards  # noqa: E402

from vitalcore import workflow  # noqa: E402
from vitalcore.demo import sample_path  # noqa: E402

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _timed(step):  # noqa: ANN001, ANN202 - a thunk
    start = time.perf_counter()
    result = step()
    return result, time.perf_counter() - start


def run_once(shards: Path, voices: int, workers: int, pg: str, scratch: Path) -> dict:
    """One measurement: classify, aggregate, load with `workers` workers."""
    out = scratch / f"out-{workers}"
    shutil.rmtree(out, ignore_errors=True)
    areas = workflow.open(str(scratch / "areas.db"))
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        with workflow.scale_cluster(workers=workers) as client:
            report, t_classify = _timed(lambda: workflow.scale_classify(
                client, [shards], out, engine=areas))
            _, t_aggregate = _timed(lambda: workflow.scale_aggregate(client, out))
            loaded, t_load = _timed(lambda: workflow.scale_load(client, out, pg, schema=schema))
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
        areas.dispose()
    stored = sum(p.voices_owned for p in loaded.partitions)
    return {
        "voices_generated": voices, "workers": workers, "voices": report.voices,
        "read": report.read, "partitions": len(loaded.partitions), "stored": stored,
        "classify_s": round(t_classify, 1), "aggregate_s": round(t_aggregate, 1),
        "load_s": round(t_load, 1),
        "classify_per_s": round(report.read / t_classify),
        "aggregate_per_s": round(report.voices / t_aggregate),
        "load_per_s": round(stored / t_load),
    }


def project(results: list[dict], workers: int = 32) -> dict:
    """The projection for a cluster of `workers` workers, from the 1- and 2-worker runs.

    per_worker  = classify throughput with 1 worker (voices/s)
    efficiency  = throughput(2) / (2 x throughput(1))   (how well the 2nd worker adds)
    classify(n) = per_worker x n x efficiency ** log2(n)  (the same loss at each doubling)
    load        = COPY throughput with 2 loaders x n/2 x efficiency_load ** log2(n/2),
                  capped by what one PostgreSQL server takes (assumed 8 x the measured
                  2-loader figure: a server with 16+ cores and fast disks, stated below)
    end-to-end  = 1 / (1/classify(n) + 1/load(n))       (stages run one after another)
    """
    import math

    by_workers = {r["workers"]: r for r in results}
    one, two = by_workers[1], by_workers[2]
    efficiency = min(1.0, two["classify_per_s"] / (2 * one["classify_per_s"]))
    classify = one["classify_per_s"] * workers * efficiency ** math.log2(workers)
    load_eff = min(1.0, two["load_per_s"] / (2 * one["load_per_s"]))
    load = two["load_per_s"] * (workers / 2) * load_eff ** math.log2(workers / 2)
    load_cap = 8 * two["load_per_s"]
    load = min(load, load_cap)
    end_to_end = 1 / (1 / classify + 1 / load)
    return {
        "workers": workers, "classify_efficiency_1_to_2": round(efficiency, 3),
        "load_efficiency_1_to_2": round(load_eff, 3),
        "classify_per_s": round(classify), "load_per_s": round(load),
        "load_cap_per_s": round(load_cap), "end_to_end_per_s": round(end_to_end),
        "hours_per_10M": round(10_000_000 / end_to_end / 3600, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--per-shard", type=int, default=50_000)
    parser.add_argument("--pg", default=os.environ.get("VITALCORE_TEST_PG", DEFAULT_PG))
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="vitalcore-scale-bench-"))
    results = []
    try:
        areas = workflow.open(str(scratch / "areas.db"))
        workflow.import_areas(areas, sample_path("areas.csv"))
        areas.dispose()
        for voices in args.voices:
            shards = scratch / f"shards-{voices}"
            write_shards(shards, seed=2026, shards=max(1, voices // args.per_shard),
                         per_shard=min(voices, args.per_shard))
            for workers in args.workers:
                result = run_once(shards, voices, workers, args.pg, scratch)
                results.append(result)
                print(json.dumps(result), flush=True)
            shutil.rmtree(shards)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print("\n| voices | workers | classify s | voices/s | aggregate s | load s | rows/s COPY |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['read']:,} | {r['workers']} | {r['classify_s']} | {r['classify_per_s']:,} "
              f"| {r['aggregate_s']} | {r['load_s']} | {r['load_per_s']:,} |")
    projection = None
    ones = [r for r in results if r["voices_generated"] == max(args.voices)]
    if {1, 2} <= {r["workers"] for r in ones}:
        projection = project(ones)
        print("\n32-worker projection:", json.dumps(projection))
    if args.json:
        args.json.write_text(json.dumps({
            "python": platform.python_version(), "cpus": os.cpu_count(),
            "results": results, "projection": projection,
        }, indent=1))


if __name__ == "__main__":  # Dask's worker processes re-import this file: guard the run
    main()
