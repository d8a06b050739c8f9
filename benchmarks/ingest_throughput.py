"""Ingest throughput: a 1,000,000-row CSV into SQLite and PostgreSQL, against pyarrow.

pyarrow's bare CSV parse of the same file (no validation, no storage) is the ceiling;
the ingest does everything a real one does: encoding and delimiter detection, mapping,
validation, phone/e-mail scrubbing, pseudonyms, content keys, gazetteer look-ups,
quarantine, idempotent bulk writes (SQLite: executemany of INSERT OR IGNORE in 5,000-row
transactions; PostgreSQL: COPY into a temporary table, then INSERT ... ON CONFLICT).

Run from the repository root:

    .venv/bin/python benchmarks/ingest_throughput.py                 # 1,000,000 rows
    .venv/bin/python benchmarks/ingest_throughput.py --rows 100000 \\
        --pg postgresql+psycopg://postgres@127.0.0.1:5432/test

Without --pg (or $VITALCORE_TEST_PG) only SQLite is measured. Everything is written in a
temporary folder that is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import tempfile
import time
import uuid
from pathlib import Path

PLACES = ["Ansongo", "Bourem", "Gao", "Ménaka", "Djibo", "Dori", "Tessit", "Arbinda"]
PHRASES = [
    "Armed men attacked the market and burned the granaries",
    "Les prix du mil ont doublé, les familles n'ont plus rien",
    "The wells are dry and the cattle are dying",
    "Cholera in the camp, the clinic has no medicine",
    "Des hommes armés ont enlevé trois enfants sur la route",
    "Flooding destroyed the rice fields along the river",
]


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    """A vitalcore flat CSV: one in 200 rows carries a phone number, one in 500 is bad."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("id,text,channel,source,date,place,lat,lon,severity\n")
        for i in range(rows):
            text = f"{rng.choice(PHRASES)} ({i})"
            if i % 200 == 0:
                text += " call +223 76 12 34 56"
            date = "1900-01-01" if i % 500 == 0 else f"2026-{1 + i % 9:02d}-{1 + i % 28:02d}"
            fh.write(f'b{i},"{text}",sms,bench,{date},{rng.choice(PLACES)},'
                     f"{14 + rng.random():.4f},{-1 + rng.random():.4f},{1 + i % 5}\n")


def pyarrow_parse(path: Path) -> float:
    import pyarrow.csv as pacsv

    start = time.perf_counter()
    table = pacsv.read_csv(path)
    elapsed = time.perf_counter() - start
    assert table.num_rows > 0
    return elapsed


def ingest(url: str, path: Path, schema: str | None = None) -> tuple[float, str]:
    from vitalcore import store, workflow

    engine = store.open_store(url, schema=schema)
    workflow.import_areas(engine, Path(__file__).parents[1] / "src/vitalcore/demo/areas.csv")
    start = time.perf_counter()
    counts = workflow.ingest(engine, path)
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed, counts.line()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pg", default=os.environ.get("VITALCORE_TEST_PG"))
    args = parser.parse_args()

    import polars
    import pyarrow
    import sqlalchemy

    from vitalcore import privacy

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["VITALCORE_KEY_FILE"] = str(privacy.create_key(folder / "bench.key"))
        path = folder / "voices.csv"
        write_csv(path, args.rows)
        size = path.stat().st_size / 1e6
        print(f"machine: {platform.node()} {os.cpu_count()} cores, load "
              f"{os.getloadavg()[0]:.1f} (shared with other work), Python "
              f"{platform.python_version()}, pyarrow {pyarrow.__version__}, polars "
              f"{polars.__version__}, SQLAlchemy {sqlalchemy.__version__}")
        print(f"file: {args.rows:,} rows, {size:.0f} MB")
        ceiling = min(pyarrow_parse(path) for _ in range(3))
        print(f"pyarrow.csv.read_csv (ceiling): {ceiling:.2f} s, {args.rows / ceiling:,.0f} rows/s")
        results = [("SQLite", *ingest(f"sqlite:///{folder / 'bench.db'}", path))]
        if args.pg:
            from sqlalchemy import create_engine, text

            schema = f"bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(args.pg)
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            try:
                results.append(("PostgreSQL", *ingest(args.pg, path, schema)))
            finally:
                with admin.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()
        for name, seconds, line in results:
            print(f"{name}: {seconds:.1f} s, {args.rows / seconds:,.0f} rows/s, "
                  f"{seconds / ceiling:.0f}x the ceiling ({line})")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of this process: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
