"""Start-up of the `vitalcore` command beside sqlite-utils', in one run (issue 24).

    .venv/bin/pip install -e '.[bench]'          # sqlite-utils, the yardstick
    .venv/bin/python benchmarks/startup.py [--runs 15] [--db vitalcore-demo.db]

Each round runs `vitalcore --help` and `sqlite-utils --help` one after the other, so a
busy machine slows both alike; the median and the fastest of the rounds are printed,
with the ratio. With --db (a store made by `vitalcore demo`), read commands on it are
timed too: the whole command, start-up, store and analysis included.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
READS = (
    ("users list", ["users", "list"]),
    ("actions list", ["actions", "list"]),
    ("mandate show", ["mandate", "show"]),
    ("quarantine list", ["quarantine", "list"]),
    ("rank --area ML0702", ["rank", "--area", "ML0702"]),
)


CPU: list[float] = []  # CPU seconds (user + system) of each run, beside its wall clock


def _seconds(argv: list[str]) -> float:
    """Wall-clock seconds of one run; its CPU seconds go to CPU (steadier on a busy
    machine, where wall clock also counts the waiting for a core)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, "COLUMNS": "100"})
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    return elapsed


def _line(name: str, times: list[float], cpu: list[float]) -> str:
    return (f"{name:<30} wall median {statistics.median(times):6.3f} s, fastest "
            f"{min(times):6.3f} s; CPU median {statistics.median(cpu):6.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--db", help="a demo store, to time read commands on it")
    args = parser.parse_args()
    vitalcore = str(BIN / "vitalcore")
    sqlite_utils = shutil.which("sqlite-utils", path=str(BIN)) or shutil.which("sqlite-utils")
    if sqlite_utils is None:
        raise SystemExit("sqlite-utils is not installed: pip install -e '.[bench]'")
    ours, theirs, our_cpu, their_cpu = [], [], [], []
    for _ in range(args.runs):
        ours.append(_seconds([vitalcore, "--help"]))
        our_cpu.append(CPU[-1])
        theirs.append(_seconds([sqlite_utils, "--help"]))
        their_cpu.append(CPU[-1])
    print(f"load average (1 min): {os.getloadavg()[0]:.1f}")
    print(_line("vitalcore --help", ours, our_cpu))
    print(_line("sqlite-utils --help", theirs, their_cpu))
    wall = statistics.median(ours) / statistics.median(theirs)
    print(f"vitalcore / sqlite-utils: wall medians {wall:.2f}, "
          f"fastest {min(ours) / min(theirs):.2f}, "
          f"CPU medians {statistics.median(our_cpu) / statistics.median(their_cpu):.2f}")
    if args.db:
        for name, argv in READS:
            CPU.clear()
            times = [_seconds([vitalcore, *argv, "--db", args.db])
                     for _ in range(max(3, args.runs // 3))]
            print(_line(f"vitalcore {name}", times, list(CPU)))


if __name__ == "__main__":
    main()
