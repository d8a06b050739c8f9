"""Throughput of the scale-out: classify, aggregate and COPY-load, by number of workers.

Run from the repository root (on a shared machine, politely):

    nice -n 10 .venv/bin/python benchmarks/scale_throughput.py --voices 1000000 --workers 1 2

It writes simulated shards (tests/scale/shardgen.py: SYNTHETIC voices, seeded), then for
each worker count starts a LocalCluster of that many single-threaded worker processes
and times, wall clock:

- classify:  shards -> normalise -> classify -> Parquet partitions (`scale_classify`)
- aggregate: partial aggregates per partition + vital core (`scale_aggregate`)
- load:      partitions -> PostgreSQL by COPY, one transaction each (`scale_load`), into
             a fresh schema of the server at --pg, dropped afterwards

and prints a Markdown table plus the 32-worker projection (see `project`), and writes
the figures as JSON (--json) with the load average around each run and the versions
of Python, Dask, pyarrow, polars, psycopg and the PostgreSQL server. Shard generation
is not timed. The shards carry reporter contacts and phone numbers in texts
(shardgen), so the figures include pseudonymising and encrypting them on the workers.
Each load also reports the WAL the server wrote for it (bytes, full-page images,
checkpoints it forced), the cost that its settings decide.

To compare server settings or loader counts on the same classified data, keep the
output once and load it again (each load into a fresh schema):

    .venv/bin/python benchmarks/scale_throughput.py --voices 1000000 --workers 1 \
        --keep-output /srv/bench --shards /srv/bench
    .venv/bin/python benchmarks/scale_throughput.py --load-only \
        /srv/bench/out-1000000-1 --workers 1 2 [--defer-indexes]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
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
from vitalcore.privacy import create_key  # noqa: E402

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SERVER_SETTINGS = ("shared_buffers", "max_wal_size", "checkpoint_timeout",
                   "synchronous_commit", "maintenance_work_mem")


def _timed(step):  # noqa: ANN001, ANN202 - a thunk
    start = time.perf_counter()
    result = step()
    return result, time.perf_counter() - start


def _cpu_seconds() -> float:
    """CPU time (user + system) of the calling process: run on each worker."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _workers_cpu(client) -> float:  # noqa: ANN001 - a distributed.Client
    return sum(client.run(_cpu_seconds).values())


def _timed_with_cpu(client, step):  # noqa: ANN001, ANN202
    """(result, wall seconds, CPU seconds the workers spent). The CPU figure is what the
    work costs on a dedicated core, whatever else the machine is running."""
    before = _workers_cpu(client)
    result, wall = _timed(step)
    return result, wall, _workers_cpu(client) - before


def _wal(pg: str) -> dict[str, float]:
    """The server's WAL and checkpoint counters (PostgreSQL 14+), to tell what a load
    wrote: full-page images after each checkpoint dominate a bulk load into big indexes."""
    engine = create_engine(pg)
    with engine.connect() as conn:
        wal = conn.execute(text("SELECT wal_bytes, wal_fpi FROM pg_stat_wal")).one()
        requested = conn.scalar(text("SELECT checkpoints_req FROM pg_stat_bgwriter"))
    engine.dispose()
    return {"wal_bytes": float(wal.wal_bytes), "wal_fpi": wal.wal_fpi,
            "checkpoints_req": requested}


def _timed_load(client, out: Path, pg: str, schema: str, *,  # noqa: ANN001
                defer_indexes: bool = False) -> dict:
    """Load `out` into `schema`: seconds, worker CPU, voices stored, WAL written. Read
    indexes set aside (`defer_indexes`) are left for `_timed_build`."""
    before = _wal(pg)
    loaded, t_load, cpu_load = _timed_with_cpu(
        client, lambda: workflow.scale_load(client, out, pg, schema=schema,
                                            defer_indexes=defer_indexes, build_indexes=False))
    after = _wal(pg)
    stored = sum(p.voices_owned for p in loaded.partitions)
    wal_bytes = after["wal_bytes"] - before["wal_bytes"]
    return {
        "partitions": len(loaded.partitions), "stored": stored,
        "indexes_deferred": list(loaded.indexes_deferred),
        "load_s": round(t_load, 1), "load_worker_cpu_s": round(cpu_load, 1),
        "load_per_s": round(stored / t_load),
        "load_wal_gib": round(wal_bytes / 2**30, 2),
        "load_wal_kib_per_voice": round(wal_bytes / 1024 / max(stored, 1), 1),
        "load_full_page_images": after["wal_fpi"] - before["wal_fpi"],
        "load_checkpoints_requested": after["checkpoints_req"] - before["checkpoints_req"],
    }


def _fresh_schema(pg: str) -> str:
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return schema


def _drop_schema(pg: str, schema: str) -> None:
    admin = create_engine(pg)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _timed_build(pg: str, schema: str, stored: int, load_s: float) -> dict:
    """Build the read indexes the load set aside (`--defer-indexes`): seconds per index."""
    built = workflow.scale_build_indexes(pg, schema=schema)
    total = load_s + sum(b.seconds for b in built)
    return {"index_build_s": {b.name: b.seconds for b in built},
            "load_and_build_s": round(total, 1), "load_and_build_per_s": round(stored / total)}


def load_only(out: Path, workers: int, pg: str, *, defer_indexes: bool = False,
              build: bool = True) -> dict:
    """Only the load of an output folder kept by an earlier run (--keep-output), into a
    fresh schema: to compare server settings or loader counts without classifying again.
    With `defer_indexes`, the read indexes are set aside before and built after the load
    (timed apart), as `vitalcore scale load --defer-indexes` does, unless not `build`:
    the build is the server's work on the same rows whatever the loader count, so a
    comparison of loader counts can measure it once."""
    schema = _fresh_schema(pg)
    load_before = os.getloadavg()
    try:
        with workflow.scale_cluster(workers=workers) as client:
            result = {"output": str(out), "workers": workers, "defer_indexes": defer_indexes,
                      "loadavg_before": [round(x, 2) for x in load_before]}
            result |= _timed_load(client, out, pg, schema, defer_indexes=defer_indexes)
        if defer_indexes and build:
            result |= _timed_build(pg, schema, result["stored"], result["load_s"])
    finally:
        _drop_schema(pg, schema)
    return result | {"loadavg_after": [round(x, 2) for x in os.getloadavg()]}


def run_once(shards: Path, voices: int, workers: int, pg: str, scratch: Path, *,
             load: bool = True, keep: Path | None = None, defer_indexes: bool = False
             ) -> dict:
    """One measurement: classify, aggregate, load (unless not `load`) with `workers`
    workers. The classify and aggregate figures are printed as soon as they are known,
    so that a run stopped during its load still leaves them."""
    out = (keep or scratch) / f"out-{voices}-{workers}"
    shutil.rmtree(out, ignore_errors=True)
    areas = workflow.open(str(scratch / "areas.db"))
    schema = _fresh_schema(pg)
    load_before = os.getloadavg()
    try:
        with workflow.scale_cluster(workers=workers) as client:
            report, t_classify, cpu_classify = _timed_with_cpu(
                client, lambda: workflow.scale_classify(client, [shards], out, engine=areas))
            _, t_aggregate, cpu_aggregate = _timed_with_cpu(
                client, lambda: workflow.scale_aggregate(client, out))
            result = {
                "voices_generated": voices, "workers": workers, "voices": report.voices,
                "read": report.read, "classify_s": round(t_classify, 1),
                "aggregate_s": round(t_aggregate, 1), "classify_cpu_s": round(cpu_classify, 1),
                "aggregate_worker_cpu_s": round(cpu_aggregate, 1),
                "loadavg_before": [round(x, 2) for x in load_before],
                "classify_per_s": round(report.read / t_classify),
                "classify_per_cpu_s": round(report.read / cpu_classify),
                "aggregate_per_s": round(report.voices / t_aggregate),
                "peak_driver_rss_mib": round(
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
            print("classified:", json.dumps(result), flush=True)
            if load:
                result |= _timed_load(client, out, pg, schema, defer_indexes=defer_indexes)
        if load and defer_indexes:
            result |= _timed_build(pg, schema, result["stored"], result["load_s"])
    finally:
        _drop_schema(pg, schema)
        areas.dispose()
    return result | {"loadavg_after": [round(x, 2) for x in os.getloadavg()]}


def project(results: list[dict], workers: int = 32, db_cores: int = 16) -> dict:
    """The projection for a cluster of `workers` workers, from the 1- and 2-worker runs.

    Method (each figure is a measured one, scaled by a stated assumption):

    per_worker   = classify throughput with 1 worker, per CPU-second of the worker
                   (voices/s on a dedicated core; on a shared machine wall-clock figures
                   measure the neighbours as much as vitalcore)
    efficiency   = CPU per voice with 1 worker / CPU per voice with 2 workers, at most 1:
                   the work parallelism adds (serialisation, scheduling, duplicated
                   model loading); the wall-clock ratio throughput(2) / (2 x throughput(1))
                   is reported beside it and equals it on a quiet machine
    classify(n)  = per_worker x n x efficiency ** log2(n)   (the same loss at each doubling:
                   pessimistic when the loss here comes from a shared CPU, as it does)
    loaders(n)   = min(n, db_cores): one COPY loader per database core at most (assumed
                   PostgreSQL server: `db_cores` cores, disks that keep up)
    load(n)      = load throughput with 1 loader x loaders(n) x load_eff ** log2(loaders(n))
    build        = seconds per voice of building the read indexes a load deferred
                   (`--defer-indexes`), from the 2-loader run: the server's own work, not
                   divided among loaders (PostgreSQL 15 builds a GIN index in one process)
    end-to-end   = 1 / (1/classify(n) + 1/load(n) + build)   (one step after the other)
    """
    by_workers = {r["workers"]: r for r in results}
    one, two = by_workers[1], by_workers[2]
    efficiency = min(1.0, two["classify_per_cpu_s"] / one["classify_per_cpu_s"])
    wall_efficiency = min(1.0, two["classify_per_s"] / (2 * one["classify_per_s"]))
    classify = one["classify_per_cpu_s"] * workers * efficiency ** math.log2(workers)
    load_eff = min(1.0, two["load_per_s"] / (2 * one["load_per_s"]))
    loaders = min(workers, db_cores)
    load = one["load_per_s"] * loaders * load_eff ** math.log2(loaders)
    build = sum(two.get("index_build_s", {}).values()) / two.get("stored", 1)
    end_to_end = 1 / (1 / classify + 1 / load + build)
    return {
        "workers": workers, "db_cores": db_cores,
        "classify_efficiency_1_to_2": round(efficiency, 3),
        "classify_wall_efficiency_1_to_2": round(wall_efficiency, 3),
        "load_efficiency_1_to_2": round(load_eff, 3),
        "classify_per_s": round(classify), "load_per_s": round(load),
        "index_build_s_per_1M": round(build * 1_000_000, 1),
        "end_to_end_per_s": round(end_to_end),
        "hours_per_10M": round(10_000_000 / end_to_end / 3600, 2),
    }


def _versions(pg: str) -> dict[str, str]:
    from importlib.metadata import version

    names = ("vitalcore", "dask", "distributed", "pyarrow", "polars", "psycopg", "cryptography")
    found = {name: version(name) for name in names}
    engine = create_engine(pg)
    with engine.connect() as conn:
        found["postgresql"] = conn.scalar(text("SHOW server_version"))
        # The load is the server's work: its memory and checkpoint settings are part of
        # the figure (a 128MB buffer pool and 1GB of WAL between checkpoints are the
        # Debian defaults).
        for setting in SERVER_SETTINGS:
            found[f"postgresql.{setting}"] = conn.scalar(text(f"SHOW {setting}"))
    engine.dispose()
    return found


def _write_json(path: Path, versions: dict[str, str], **figures: object) -> None:
    path.write_text(json.dumps({
        "python": platform.python_version(), "cpus": os.cpu_count(),
        "machine": platform.platform(), "versions": versions, **figures,
    }, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--per-shard", type=int, default=50_000)
    parser.add_argument("--pg", default=os.environ.get("VITALCORE_TEST_PG", DEFAULT_PG))
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    parser.add_argument(
        "--shards", type=Path,
        help="Keep the generated shards under this folder (shards-N), and use them "
             "instead of generating again when they are there (generating 10M takes minutes).")
    parser.add_argument("--skip-load", action="store_true",
                        help="classify and aggregate only (the load of 10M into a "
                             "PostgreSQL on the same two cores takes hours)")
    parser.add_argument("--keep-output", type=Path, metavar="DIR",
                        help="keep each run's classified output under DIR "
                             "(out-VOICES-WORKERS), for --load-only")
    parser.add_argument("--load-only", type=Path, metavar="OUT",
                        help="only load OUT (a folder kept by --keep-output) with each "
                             "--workers count: e.g. to compare server settings")
    parser.add_argument("--defer-indexes", action="store_true",
                        help="load as `vitalcore scale load --defer-indexes`: the read "
                             "indexes set aside during the load, built after, timed apart")
    parser.add_argument("--no-build", action="store_true",
                        help="with --load-only --defer-indexes: leave the index build out "
                             "(the same server work for any loader count; measure it once)")
    args = parser.parse_args()
    versions = _versions(args.pg)
    print("versions:", json.dumps(versions), flush=True)
    if args.load_only:
        loads = []
        for workers in args.workers:
            loads.append(load_only(args.load_only, workers, args.pg,
                                   defer_indexes=args.defer_indexes,
                                   build=not args.no_build))
            print(json.dumps(loads[-1]), flush=True)
        if args.json:
            _write_json(args.json, versions, loads=loads)
        return

    scratch = Path(tempfile.mkdtemp(prefix="vitalcore-scale-bench-"))
    results = []
    if not os.environ.get("VITALCORE_KEY") and not os.environ.get("VITALCORE_KEY_FILE"):
        # A throwaway key for the simulated reporters; the LocalCluster's workers inherit
        # the variable, as a real deployment's workers get theirs from a secret.
        os.environ["VITALCORE_KEY_FILE"] = str(create_key(scratch / "bench.key"))
    try:
        areas = workflow.open(str(scratch / "areas.db"))
        workflow.import_areas(areas, sample_path("areas.csv"))
        areas.dispose()
        for voices in args.voices:
            shards = (args.shards or scratch) / f"shards-{voices}"
            count = max(1, voices // args.per_shard)
            if not (args.shards and len(list(shards.glob("*"))) == count):
                shutil.rmtree(shards, ignore_errors=True)
                write_shards(shards, seed=2026, shards=count,
                             per_shard=min(voices, args.per_shard))
            for workers in args.workers:
                result = run_once(shards, voices, workers, args.pg, scratch,
                                  load=not args.skip_load, keep=args.keep_output,
                                  defer_indexes=args.defer_indexes)
                results.append(result)
                print(json.dumps(result), flush=True)
            if not args.shards:
                shutil.rmtree(shards)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print("\n| voices | workers | classify s | voices/s | voices/CPU-s | aggregate s "
          "| load s | voices/s loaded |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['read']:,} | {r['workers']} | {r['classify_s']} | {r['classify_per_s']:,} "
              f"| {r['classify_per_cpu_s']:,} | {r['aggregate_s']} | {r.get('load_s', '-')} "
              f"| {r.get('load_per_s', '-')} |")
    projection = None
    ones = [r for r in results if r["voices_generated"] == max(args.voices)]
    if {1, 2} <= {r["workers"] for r in ones} and not args.skip_load:
        projection = project(ones)
        print("\n32-worker projection:", json.dumps(projection))
    if args.json:
        _write_json(args.json, versions, results=results, projection=projection)


if __name__ == "__main__":  # Dask's worker processes re-import this file: guard the run
    main()
