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


def _seconds(argv: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, "COLUMNS": "100"})
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    return elapsed


def _line(name: str, times: list[float]) -> str:
    return f"{name:<34} median {statistics.median(times):6.3f} s   fastest {min(times):6.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--db", help="a demo store, to time read commands on it")
    args = parser.parse_args()
    vitalcore = str(BIN / "vitalcore")
    sqlite_utils = shutil.which("sqlite-utils", path=str(BIN)) or shutil.which("sqlite-utils")
    if sqlite_utils is None:
        raise SystemExit("sqlite-utils is not installed: pip install -e '.[bench]'")
    ours, theirs = [], []
    for _ in range(args.runs):
        ours.append(_seconds([vitalcore, "--help"]))
        theirs.append(_seconds([sqlite_utils, "--help"]))
    print(f"load average before/after: {os.getloadavg()[0]:.1f}")
    print(_line("vitalcore --help", ours))
    print(_line("sqlite-utils --help", theirs))
    print(f"ratio of medians: {statistics.median(ours) / statistics.median(theirs):.2f}, "
          f"of the fastest: {min(ours) / min(theirs):.2f}")
    if args.db:
        for name, argv in READS:
            times = [_seconds([vitalcore, *argv, "--db", args.db])
                     for _ in range(max(3, args.runs // 3))]
            print(_line(f"vitalcore {name}", times))


if __name__ == "__main__":
    main()
