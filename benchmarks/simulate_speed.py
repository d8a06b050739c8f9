"""How fast the scenario simulator writes voices, and whether it is deterministic.

    .venv/bin/python benchmarks/simulate_speed.py                  # 1,000,000 voices
    .venv/bin/python benchmarks/simulate_speed.py --voices 100000 --seed 3

Writes the scenario twice into a temporary folder, times each run (wall clock and CPU),
checks that both are byte-identical (sha256 of every file), prints one JSON line and
deletes the folder.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path

import numpy

from vitalcore.simulate import simulate


def digest(folder: Path) -> dict[str, str]:
    out = {}
    for path in sorted(folder.iterdir()):
        h = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        out[path.name] = h.hexdigest()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="vitalcore-simulate-bench-"))
    try:
        timings, cpu, digests, size = [], [], [], 0
        for run in ("first", "second"):
            out = root / run
            start, start_cpu = time.perf_counter(), time.process_time()
            simulate(args.seed, args.voices, out)
            timings.append(round(time.perf_counter() - start, 2))
            # CPU time too: on a shared machine wall time mostly measures the neighbours.
            cpu.append(round(time.process_time() - start_cpu, 2))
            digests.append(digest(out))
            size = sum(p.stat().st_size for p in out.iterdir())
            if run == "first":
                continue
            shutil.rmtree(root / "first")
        print(json.dumps({
            "voices": args.voices, "seed": args.seed, "seconds": timings, "cpu_seconds": cpu,
            "voices_per_second": round(args.voices / min(timings)),
            "bytes_written": size, "identical": digests[0] == digests[1],
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "python": platform.python_version(), "numpy": numpy.__version__,
        }))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
