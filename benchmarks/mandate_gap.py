"""Mandate parsing, task classification and gap analysis: how long each takes.

Run: .venv/bin/python benchmarks/mandate_gap.py [--repeat 50]

Parses the test fixtures (tests/mandate/data) `repeat` times, classifies their tasks,
and runs the gap analysis on a 7-dimension vital core, the 17 tasks of S/RES/2100 and
10,000 group labels. Prints the median time per operation.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

from vitalcore.analysis import mandate_gap
from vitalcore.mandate import parse_text
from vitalcore.mandate.tasks import classify_tasks, tasks_frame

DATA = Path(__file__).parents[1] / "tests" / "mandate" / "data"


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.txt"))}
    for name, text in texts.items():
        resolution = parse_text(text)
        parse = median_ms(lambda t=text: parse_text(t), args.repeat)
        classify = median_ms(lambda r=resolution: classify_tasks(r.tasks), args.repeat)
        print(f"{name}: {len(text):,} chars, {len(resolution.tasks)} tasks: "
              f"parse {parse:.1f} ms, classify tasks {classify:.1f} ms")
    resolution = parse_text(texts["s_res_2100_2013.txt"])
    tasks = tasks_frame(classify_tasks(resolution.tasks))
    dims = ["personal", "health", "food", "community", "economic", "political",
            "environmental"]
    vital_core = pl.DataFrame({"dimension": dims, "rank": list(range(1, 8)),
                               "score": [0.5, 0.4, 0.35, 0.3, 0.2, 0.1, 0.05]})
    labels = pl.DataFrame({"voice_id": [f"v{i}" for i in range(10_000)],
                           "kind": ["group"] * 10_000,
                           "label": [["women", "children", "displaced"][i % 3]
                                     for i in range(10_000)]})
    gap = median_ms(lambda: mandate_gap(vital_core, tasks, groups=labels), args.repeat)
    print(f"gap analysis ({tasks['task_id'].n_unique()} tasks, 10,000 group labels): "
          f"{gap:.1f} ms")


if __name__ == "__main__":
    main()
