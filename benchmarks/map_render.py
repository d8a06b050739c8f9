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

    .venv/bin/python benchmarks/map_render.py --db sqlite:////tmp/dash1m.db [--repeat 20]

3. With `--db`, a store filled by `benchmarks/dashboard_render.py --keep FILE` (a
   million voices; its privacy key is FILE.key, `--key-file` otherwise) is served
   in-process the same way, warm-up off, and for /map, /map?dimension=food and
   /map?lang=ar the script times, in server time (the request through the whole app,
   no socket) and CPU time of the process:
   - cold: the first request computes the map's analyses (rank_threats, alerts,
     spread) and the drawing; what a visitor waits with no warm-up;
   - first render after new data: the analyses are in the memo (what the warm-up
     computes in the background for each data version) but the drawing is not: the
     kept drawings are dropped before each of `--repeat` requests;
   - kept: `--repeat` more requests reading the kept drawing.
   Load averages are printed with each figure: on a shared machine the wall times are
   inflated, the CPU times much less.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import polars as pl
from fastapi.testclient import TestClient

from vitalcore import workflow
from vitalcore.api import ApiSettings, create_app
from vitalcore.i18n import Locale
from vitalcore.privacy import create_key, read_key_file
from vitalcore.web.mapdraw import draw_map
from vitalcore.web.memo import AnalysisMemo
from vitalcore.web.render import LANG_COOKIE, _checked
from vitalcore.workflow import accounts

PASSWORD = "benchmark passphrase"
QUERIES = ("", "?dimension=food", "?lang=ar")


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


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _timed(get: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one request (CPU: the whole process, every thread; the
    warm-up is off, so only the request runs)."""
    wall, cpu = time.perf_counter(), time.process_time()
    get()
    return time.perf_counter() - wall, time.process_time() - cpu


def _spread(pairs: list[tuple[float, float]]) -> str:
    walls, cpus = [w for w, _ in pairs], [c for _, c in pairs]
    return f"wall {_ms(walls)}; CPU {_ms(cpus)}"


def stored(args: argparse.Namespace) -> None:
    """The map's server time on a filled store (dashboard_render.py --keep)."""
    engine = workflow.open(args.db)
    voices = workflow.count_voices(engine)
    key_file = args.key_file or Path(args.db.split("///", 1)[-1] + ".key")
    with contextlib.suppress(ValueError):  # added by an earlier run
        accounts.add_user(engine, username="bench-map", password=PASSWORD, role="analyst")
    settings = ApiSettings(database_url=args.db, secret_key="bench-" + "x" * 40,
                           rate_per_minute=60_000, rate_burst=10_000,
                           web_warm=False).checked()
    app = create_app(settings, engine=engine, privacy_key=read_key_file(key_file))
    print(f"store {args.db}: {voices:,} voices; load {_load()}", flush=True)
    with TestClient(app) as client:
        # Not followed: the redirect's page would compute the ranking the map reads.
        signed_in = client.post("/login", data={"username": "bench-map", "password": PASSWORD,
                                                "next": "/map"}, follow_redirects=False)
        assert signed_in.status_code == 303, signed_in.status_code

        def get(path: str) -> Callable[[], object]:
            def request() -> object:
                answer = client.get(path)
                assert answer.status_code == 200, (path, answer.status_code)
                # ?lang= is kept in a cookie; the next path asks for its own language.
                client.cookies.delete(LANG_COOKIE)
                return answer
            return request

        for query in QUERIES:
            wall, cpu = _timed(get(f"/map{query}"))
            print(f"/map{query} cold (its analyses and drawing made in the request): "
                  f"wall {wall * 1000:,.0f} ms, CPU {cpu * 1000:,.0f} ms; load {_load()}",
                  flush=True)
        for query in QUERIES:
            first = []
            for _ in range(args.repeat):
                app.state.web_drawings = AnalysisMemo(
                    max_entries=app.state.web_drawings._max)  # the drawing not kept yet
                first.append(_timed(get(f"/map{query}")))
            print(f"/map{query} first render after new data (analyses kept, drawing "
                  f"made): {_spread(first)}; load {_load()}", flush=True)
        for query in QUERIES:
            kept = [_timed(get(f"/map{query}")) for _ in range(args.repeat)]
            html = get(f"/map{query}")().text
            assert ('dir="rtl"' in html) == (query == "?lang=ar"), query
            size = len(html.encode()) / 1024
            print(f"/map{query} kept: {_spread(kept)} ({size:.0f} KiB); load {_load()}",
                  flush=True)
    engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", type=int, default=3000)
    parser.add_argument("--paths", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", help="a filled store's URL (dashboard_render.py --keep)")
    parser.add_argument("--key-file", type=Path,
                        help="the store's privacy key (default: the SQLite file + .key)")
    args = parser.parse_args()
    if args.db:
        stored(args)
        return
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
            # Not followed: the redirect's page would compute the ranking the map reads.
            client.post("/login", data={"username": "bench", "password": PASSWORD,
                                        "next": "/map"}, follow_redirects=False)
            start = time.perf_counter()
            assert client.get("/map").status_code == 200
            print(f"/map first render ({args.voices} voices, analyses and drawing made): "
                  f"{(time.perf_counter() - start) * 1000:.0f} ms")
            for query in QUERIES:
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
