"""Server time of the map page, and of drawing the map, with the size of drawing a
million voices give.

    .venv/bin/python benchmarks/map_render.py [--voices 3000] [--paths 500] [--repeat 20]

1. A store: the demo scenario (seed 1, `--voices` simulated voices, the 70-area
   gazetteer, adjacency, actions, mandate) in a temporary SQLite file, served in-process
   (FastAPI's TestClient: the whole request path, no socket) to a signed-in analyst.
   The first /map computes its analyses and the drawing; `--repeat` more renders read
   them from the memos: what every visit after the first costs.
2. The drawing alone at the size of a million voices: the drawing depends on the
   areas, the shapes and the spread paths, not on how many voices there are. At a
   million voices the store had the same 70 areas and some hundreds of spread paths
   (BENCHMARKS.md, dashboard 2026-12-03), so `workflow.map_layers` and
   `web.mapdraw.draw_map` are timed with the store's rows and `--paths` spread paths of
   four steps between neighbouring areas, plus the SVG safety check the page applies.
Prints medians and 95th percentiles in milliseconds, the SVG's size and peak memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import polars as pl
from fastapi.testclient import TestClient

from vitalcore import workflow
from vitalcore.api import ApiSettings, create_app
from vitalcore.i18n import Locale
from vitalcore.privacy import create_key
from vitalcore.web.mapdraw import draw_map
from vitalcore.web.render import _checked
from vitalcore.workflow import accounts

PASSWORD = "benchmark passphrase"


def _ms(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return f"median {statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def _paths(layers: workflow.MapLayers, count: int, seed: int) -> list[dict]:
    """`count` spread paths of four steps, each step to one of the nearest areas."""
    rng = random.Random(seed)
    codes = sorted(layers.areas)
    near = {}
    for p in codes:
        a = layers.areas[p]
        near[p] = sorted(codes, key=lambda q: (layers.areas[q]["lon"] - a["lon"]) ** 2
                         + (layers.areas[q]["lat"] - a["lat"]) ** 2)[1:5]
    out = []
    for i in range(count):
        step, steps = rng.choice(codes), []
        for n in range(4):
            steps.append({"area_pcode": step, "first_signal": date(2026, 1, 1)
                          + timedelta(days=i % 300 + n)})
            step = rng.choice(near[step])
        out.append({"dimension": "food", "steps": steps, "crosses_border": False})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", type=int, default=3000)
    parser.add_argument("--paths", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scenario = folder / "scenario"
        workflow.simulate(1, args.voices, scenario)
        key = create_key(folder / "bench.key").read_bytes().strip()
        engine = workflow.open(str(folder / "bench.db"))
        workflow.load_scenario(engine, scenario, key=key)
        accounts.add_user(engine, username="bench", password=PASSWORD, role="analyst")
        settings = ApiSettings(database_url=engine.url.render_as_string(hide_password=False),
                               secret_key="bench-" + "x" * 40, rate_per_minute=60_000,
                               rate_burst=10_000, web_warm=False).checked()
        app = create_app(settings, engine=engine, privacy_key=key)
        with TestClient(app) as client:
            client.post("/login", data={"username": "bench", "password": PASSWORD,
                                        "next": "/"})
            start = time.perf_counter()
            assert client.get("/map").status_code == 200
            print(f"/map first render ({args.voices} voices, analyses and drawing made): "
                  f"{(time.perf_counter() - start) * 1000:.0f} ms")
            for query in ("", "?dimension=food", "?lang=ar"):
                client.get(f"/map{query}")
                times = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    answer = client.get(f"/map{query}")
                    times.append(time.perf_counter() - start)
                assert answer.status_code == 200
                print(f"/map{query} kept: {_ms(times)} ({len(answer.content) / 1024:.0f} KiB)")

        layers_times, draw_times = [], []
        ranking = workflow.rank_threats(engine, replicates=0)
        top = (ranking.filter(pl.col("area_pcode") != "ALL").sort("score", descending=True)
               .unique("area_pcode", keep="first"))
        rows = [{"pcode": r["area_pcode"], "name": r["area_pcode"], "value": r["score"],
                 "label": r["dimension"], "voices": r["voices"], "highlight": i % 7 == 0}
                for i, r in enumerate(top.to_dicts())]
        loc = Locale("en", "web")
        for i in range(args.repeat):
            start = time.perf_counter()
            layers = workflow.map_layers(engine)
            layers_times.append(time.perf_counter() - start)
            paths = _paths(layers, args.paths, seed=i)
            start = time.perf_counter()
            svg = draw_map(layers, rows, paths, loc=loc, link=lambda p: f"/overview?area={p}")
            _checked.__wrapped__(str(svg))  # the page's safety check, without its cache
            draw_times.append(time.perf_counter() - start)
        print(f"map_layers: {_ms(layers_times)}")
        print(f"draw_map + check, {len(rows)} areas ranked, {args.paths} paths: "
              f"{_ms(draw_times)} ({len(svg) / 1024:.0f} KiB SVG)")
        engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
