"""Start-up of the `vitalcore` command beside sqlite-utils', in one run (issue 24).

    .venv/bin/pip install -e '.[bench]'          # sqlite-utils, the yardstick
    .venv/bin/python benchmarks/startup.py [--runs 15] [--db vitalcore-demo.db [--first]]

Each round runs `vitalcore --help` and `sqlite-utils --help` one after the other, so a
busy machine slows both alike; the median and the fastest of the rounds are printed,
with the ratio. With --db (a store made by `vitalcore demo`), every read command is
timed on it too: the whole command, start-up, store and analysis included, wall clock
and CPU seconds (user + system), medians of the runs. An analysis command prints the
output kept for the store's data version (cli/kept.py) when it has run once on that
data: it is timed so (after one run that keeps it) and, in the column "computing",
with VITALCORE_KEEP=0, as on its first run after the data changed. With --first, each
read command runs once on each of several fresh copies of the store instead: what a new
user meets on the first run after `vitalcore demo`.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
# Every read command; {voice}, {action} and {mission} are the demo store's first.
READS = (
    "users list", "keys list", "situation list", "law armed_attack",
    "law children --situation ML", "quarantine list", "actions list", "mandate show",
    "mandate tasks", "places unknown", "places conflicts", "voices show {voice}",
)
KEPT = (
    "rank --area ML0702", "rank", "review", "groups", "groups --threats", "resilience",
    "chains", "tiers", "alerts", "alerts --weekly", "spread", "rumours", "mandate gap",
    "mandate renewals --mission {mission}", "actions effect {action}",
)


CPU: list[float] = []  # CPU seconds (user + system) of each run, beside its wall clock


def _seconds(argv: list[str], env: dict[str, str] | None = None) -> float:
    """Wall-clock seconds of one run; its CPU seconds go to CPU (steadier on a busy
    machine, where wall clock also counts the waiting for a core)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, "COLUMNS": "100", **(env or {})})
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
    parser.add_argument("--first", action="store_true",
                        help="with --db: each read command's first run on a fresh copy of "
                        "the store (what a new user meets after `vitalcore demo`) instead "
                        "of asked again and computing")
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
    if args.db and args.first:
        _first_runs(vitalcore, args.db, max(3, args.runs // 3))
    elif args.db:
        _reads(vitalcore, args.db, max(3, args.runs // 3))


def _firsts(db: str) -> dict[str, str]:
    """The demo store's first voice, action and mission, for the commands that name one."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return {"voice": conn.execute("SELECT min(id) FROM voices").fetchone()[0],
                "action": conn.execute("SELECT min(id) FROM actions").fetchone()[0],
                "mission": conn.execute("SELECT min(mission) FROM mandates").fetchone()[0]}


def _timed(argv: list[str], runs: int, env: dict[str, str] | None = None
           ) -> tuple[float, float]:
    CPU.clear()
    times = [_seconds(argv, env) for _ in range(runs)]
    return statistics.median(times), statistics.median(CPU)


def _reads(vitalcore: str, db: str, runs: int) -> None:
    """Every read command on the store: wall and CPU medians, and for the analyses
    also computing (VITALCORE_KEEP=0)."""
    names = _firsts(db)
    print(f"\nread commands on {db}, {runs} runs each; load average (1 min) "
          f"{os.getloadavg()[0]:.1f} at the start")
    print("| command | wall | CPU | computing: wall | computing: CPU |")
    print("|---|---|---|---|---|")
    for command in (*READS, *KEPT):
        argv = [vitalcore, *command.format(**names).split(), "--db", db]
        _seconds(argv)  # the first run on this data keeps the output (an analysis)
        wall, cpu = _timed(argv, runs)
        row = f"| `vitalcore {command.format(**names)}` | {wall:.2f} s | {cpu:.2f} s |"
        if command in KEPT:
            wall, cpu = _timed(argv, runs, {"VITALCORE_KEEP": "0"})
            row += f" {wall:.2f} s | {cpu:.2f} s |"
        else:
            row += " | |"
        print(row, flush=True)
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f}")


def _first_runs(vitalcore: str, db: str, runs: int) -> None:
    """Every read command's first run after `vitalcore demo`: each run on its own copy of
    the store the demo left (its kept results, none of the commands' own outputs)."""
    import tempfile

    names = _firsts(db)
    print(f"\nfirst run of each read command on a copy of {db}, {runs} copies each; load "
          f"average (1 min) {os.getloadavg()[0]:.1f} at the start")
    print("| command | wall median | wall slowest | CPU median |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="vitalcore-first-") as folder:
        copy = str(Path(folder) / "demo.db")
        for command in (*READS, *KEPT):
            argv = [vitalcore, *command.format(**names).split(), "--db", copy]
            CPU.clear()
            times = []
            for _ in range(runs):
                for suffix in ("", "-wal", "-shm"):
                    Path(copy + suffix).unlink(missing_ok=True)
                    if Path(db + suffix).exists():
                        shutil.copyfile(db + suffix, copy + suffix)
                times.append(_seconds(argv))
            print(f"| `vitalcore {command.format(**names)}` | {statistics.median(times):.2f} s "
                  f"| {max(times):.2f} s | {statistics.median(CPU):.2f} s |", flush=True)
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
