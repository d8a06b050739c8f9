"""Dashboard render time per page with 1,000,000 voices in the store, and peak memory.

    .venv/bin/python benchmarks/dashboard_render.py                  # 1M voices, SQLite
    .venv/bin/python benchmarks/dashboard_render.py --voices 100000 --warm-renders 10
    .venv/bin/python benchmarks/dashboard_render.py --db postgresql+psycopg://postgres@127.0.0.1:5432/test
    .venv/bin/python benchmarks/dashboard_render.py --keep /tmp/dash.db   # reuse a filled store
    .venv/bin/python benchmarks/dashboard_render.py --keep /tmp/dash.db --fill-only

1. Fill: a scenario from the simulator gives the geography (70 areas, adjacency), the
   actions and the mandate; then `--voices` synthetic classified voices are written in
   bulk (polars frames through `store.writes.insert_frame_ignore`: one executemany per
   chunk on SQLite, COPY on PostgreSQL) with 7 dimension labels, one threat and 0.4
   group labels per voice, texts from a 610-word vocabulary plus 2 % copies of 400
   claims (so the rumour page has clusters), dates over the last 365 days.
2. Serve: `vitalcore serve` in its own process on a loopback port (real HTTP); this
   script signs in as an analyst and requests every page, timing each request from
   send to last byte (so the figures include about a millisecond of HTTP).
3. Cold: with `--cold`, a server started with VITALCORE_WEB_WARM=0 renders each page
   once, computing its analyses in the request: what a visitor waited before the
   dashboard precomputed anything. Then a server with the default (warm-up on):
   the seconds until it logs that each warm-up tier is ready (default views, filter
   views, area views; `--wait-for` stops waiting earlier), the first render of each
   page after that, and `--warm-renders` more renders per page (median and p95).
   A page whose analyses are not warm yet computes them in its request (or waits
   for the warm-up's result), and that is what its first render shows; renders
   measured while the warm-up still runs also share the cores (and the GIL) with it.
   Peak memory is the server's VmHWM from /proc (Linux).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import numpy as np
import polars as pl
import sqlalchemy
from sqlalchemy import Engine, text

from vitalcore import __version__, store, workflow
from vitalcore.domain import Dimension
from vitalcore.privacy import create_key, read_key_file
from vitalcore.store.schema import classifications, voice_labels, voices
from vitalcore.store.writes import insert_frame_ignore
from vitalcore.workflow import accounts

VITALCORE = str(Path(sys.executable).with_name("vitalcore"))
USER, PASSWORD = "bench-analyst", "bench analyst password"
MODEL = "bench-synthetic-model"
CHUNK = 100_000
TIERS = ("default", "filter", "area")  # the warm-up's tiers, in order (web/pages)
DIMENSIONS = [d.value for d in Dimension]
THREATS = {"personal": "armed_attack", "food": "crop_failure", "health": "epidemic",
           "environmental": "drought", "community": "farmer_herder_conflict", "political":
           "arbitrary_arrest", "economic": "livelihood_loss"}
GROUPS = ["women", "children", "displaced", "elderly", "disability"]
CHANNELS = ["sms", "survey", "cla_interview", "social_post", "radio_transcript"]
_WORDS = (
    "market road village well herd field school clinic bridge river night dawn men "
    "women children soldiers bandits rain drought price grain millet water cattle goats "
    "fire attack fear closed burned stolen blocked sick fever hungry fled returned camp "
    "chief elders committee meeting patrol checkpoint motorbike gun shots mine truck "
    "harvest seeds flood mud wind dust smoke hospital nurse medicine cholera measles "
)
WORDS = _WORDS.split()
# The vocabulary grows with numbered variants so 12-word texts rarely share shingles.
VOCAB = np.array([f"{w}{i}" if i else w for i in range(10) for w in WORDS])


def pages(areas: list[str]) -> list[str]:
    """Every dashboard page, default view, plus the filters a visitor uses most."""
    area = areas[len(areas) // 2]
    return [
        "/overview", f"/overview?area={area}", "/overview?group=women", "/map",
        "/map?dimension=food", "/alerts", f"/alerts?area={area}", "/chains", "/groups",
        f"/groups?area={area}", "/rumours", "/mandate", "/testimonies",
        "/testimonies?dimension=food&page=50", f"/testimonies?area={area}&dimension=food",
        "/testimonies?q=market", "/interventions",
        "/community", f"/community?area={area}",
    ]


# --- fill ---------------------------------------------------------------------------

def _texts(rng: np.random.Generator, n: int) -> list[str]:
    words = VOCAB[rng.integers(0, len(VOCAB), (n, 12))]
    texts = [" ".join(row) for row in words.tolist()]
    claims = [" ".join(row) for row in VOCAB[rng.integers(0, len(VOCAB), (400, 14))].tolist()]
    for i in np.flatnonzero(rng.random(n) < 0.02).tolist():
        texts[i] = claims[int(rng.integers(0, 400))] + f" {texts[i].split()[0]}"
    return texts


def _chunk(rng: np.random.Generator, start: int, n: int, leaves: list[str],
           end: datetime, now: datetime) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    ids = [f"bench{i:027d}" for i in range(start, start + n)]
    k = len(DIMENSIONS)
    area_ix = rng.integers(0, len(leaves), n)
    # Each area leans towards one dimension, so rankings differ between areas.
    lean = (area_ix * 7919) % k
    scores = rng.random((n, k)) * 0.45
    rows = np.arange(n)
    scores[rows, lean] = np.where(rng.random(n) < 0.6, 0.55 + 0.4 * rng.random(n), 0.2)
    other = rng.integers(0, k, n)
    scores[rows, other] = np.where(rng.random(n) < 0.5, 0.55 + 0.4 * rng.random(n),
                                   scores[rows, other])
    top = np.argmax(scores, axis=1)
    seconds = rng.integers(0, 365 * 86400, n)
    occurred = [end - timedelta(seconds=int(s)) for s in seconds.tolist()]
    ballots = np.argsort(rng.random((n, k)), axis=1)[:, :3]
    has_ballot = rng.random(n) < 0.2
    priorities = [json.dumps([DIMENSIONS[j] for j in b]) if h else "[]"
                  for b, h in zip(ballots.tolist(), has_ballot.tolist(), strict=True)]
    group_ix = rng.integers(0, len(GROUPS), n)
    has_group = rng.random(n) < 0.4
    reported = [json.dumps([GROUPS[g]]) if h else "[]"
                for g, h in zip(group_ix.tolist(), has_group.tolist(), strict=True)]
    v = pl.DataFrame({
        "id": ids, "text": _texts(rng, n),
        "channel": np.array(CHANNELS)[rng.integers(0, len(CHANNELS), n)],
        "source": np.char.add("src-", rng.integers(0, 20, n).astype(str)),
        "source_id": ids, "language": np.where(rng.random(n) < 0.7, "fr", "en"),
        "occurred_at": pl.Series(occurred, dtype=pl.Datetime("us")),
        "area_pcode": np.array(leaves)[area_ix], "place_name": None, "lat": None,
        "lon": None, "reporter": np.char.add("p", rng.integers(0, 50_000, n).astype(str)),
        "groups_reported": reported, "priorities": priorities,
        "severity_reported": pl.Series(np.where(rng.random(n) < 0.1,
                                                rng.integers(1, 6, n), 0)).replace(0, None),
        "solution": None, "consent_quote": rng.random(n) < 0.5,
        "consent_share": rng.random(n) < 0.3, "corrects": None, "prov_file": "bench",
        "prov_row": np.arange(start, start + n), "prov_message_id": None,
        "ingested_at": pl.Series([now] * n, dtype=pl.Datetime("us")),
    }, schema_overrides={"place_name": pl.String, "lat": pl.Float64, "lon": pl.Float64,
                         "solution": pl.String, "corrects": pl.String,
                         "prov_message_id": pl.String})
    severity = rng.integers(1, 6, n)
    c = pl.DataFrame({
        "voice_id": ids, "model_version": MODEL, "language": v["language"],
        "dimensions": [json.dumps(dict(zip(DIMENSIONS, map(float, s), strict=True)))
                       for s in np.round(scores, 3).tolist()],
        "groups": reported, "threat_types": [json.dumps({THREATS[DIMENSIONS[t]]: 0.8})
                                             for t in top.tolist()],
        "severity": severity, "evidence": "[]",
        "created_at": pl.Series([now] * n, dtype=pl.Datetime("us")),
    })
    dims = pl.DataFrame({
        "voice_id": np.repeat(ids, k), "model_version": MODEL, "kind": "dimension",
        "label": np.tile(DIMENSIONS, n), "score": np.round(scores, 3).reshape(-1),
    })
    threats = pl.DataFrame({
        "voice_id": ids, "model_version": MODEL, "kind": "threat",
        "label": [THREATS[DIMENSIONS[t]] for t in top.tolist()], "score": 0.8,
    })
    groups = pl.DataFrame({
        "voice_id": ids, "model_version": MODEL, "kind": "group",
        "label": np.array(GROUPS)[group_ix], "score": 1.0,
    }).filter(pl.Series(has_group))
    return v, c, pl.concat([dims, threats, groups])


def fill(engine: Engine, n: int, folder: Path, seed: int) -> dict:
    """The scenario's geography, actions and mandate, then n synthetic voices."""
    started = time.perf_counter()
    scenario = folder / "scenario"
    workflow.simulate(seed, 200, scenario)
    workflow.import_areas(engine, scenario / "areas.csv")
    workflow.import_adjacency(engine, scenario / "adjacency.csv")
    workflow.import_actions(engine, scenario / "actions.csv")
    workflow.import_mandate(engine, scenario / "mandate.txt")
    areas = store.areas_frame(engine)
    parents = set(areas["parent_pcode"].drop_nulls().to_list())
    leaves = sorted(p for p in areas["pcode"].to_list() if p not in parents)
    rng = np.random.default_rng(seed)
    now = datetime.now().replace(microsecond=0)
    end = now - timedelta(days=1)
    for start in range(0, n, CHUNK):
        size = min(CHUNK, n - start)
        v, c, labels = _chunk(rng, start, size, leaves, end, now)
        with engine.begin() as conn:
            insert_frame_ignore(conn, voices, v)
            insert_frame_ignore(conn, classifications, c)
            insert_frame_ignore(conn, voice_labels, labels)
        print(f"  filled {start + size:,} voices ({time.perf_counter() - started:.0f} s)",
              file=sys.stderr, flush=True)
    return {"voices": n, "areas": len(leaves), "fill_s": round(time.perf_counter() - started)}


# --- serve and measure ----------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`vitalcore serve` in its own process; its log lines are collected as they come."""

    def __init__(self, db_url: str, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [VITALCORE, "serve", "--db", db_url, "--port", str(self.port)], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        self.lines: list[tuple[float, str]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append((time.monotonic() - self.started, line.rstrip()))

    def wait_for(self, pattern: str, timeout: float) -> float:
        """Seconds since start when a log line matched `pattern`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for at, line in list(self.lines):
                if re.search(pattern, line):
                    return at
            if self.proc.poll() is not None:
                tail = "\n".join(line for _, line in self.lines[-20:])
                raise RuntimeError(f"server exited:\n{tail}")
            time.sleep(0.2)
        raise RuntimeError(f"no log line matching {pattern!r} within {timeout} s")

    def peak_mib(self) -> float | None:
        status = Path(f"/proc/{self.proc.pid}/status")
        if not status.exists():
            return None
        match = re.search(r"VmHWM:\s+(\d+) kB", status.read_text())
        return round(int(match.group(1)) / 1024) if match else None

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _client(url: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=3600, follow_redirects=False)
    response = client.post("/login", data={"username": USER, "password": PASSWORD,
                                           "next": "/overview"})
    if response.status_code != 303:
        raise RuntimeError(f"sign-in failed: {response.status_code}")
    return client


def _get(client: httpx.Client, path: str) -> float:
    start = time.perf_counter()
    response = client.get(path)
    took = time.perf_counter() - start
    if response.status_code != 200:
        raise RuntimeError(f"{path}: HTTP {response.status_code}: {response.text[:300]}")
    return took * 1000


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def measure(db_url: str, env: dict[str, str], paths: list[str], args: argparse.Namespace
            ) -> dict:
    out: dict = {}
    if args.cold:
        server = Server(db_url, {**env, "VITALCORE_WEB_WARM": "0"})
        try:
            server.wait_for(r"Uvicorn running", 120)
            client = _client(server.url)
            cold = {}
            for path in paths:
                cold[path] = round(_get(client, path))
                print(f"  cold {path}: {cold[path]:,} ms (load {_load()})", file=sys.stderr,
                      flush=True)
            out["cold_no_warmup_ms"] = cold
            out["cold_peak_rss_mib"] = server.peak_mib()
        finally:
            server.stop()
    server = Server(db_url, env)
    try:
        up = server.wait_for(r"Uvicorn running", 120)
        ready = server.wait_for(r"dashboard ready: default views", args.warm_timeout)
        for tier in TIERS[1:TIERS.index(args.wait_for) + 1]:
            out[f"{tier}_views_done_s"] = round(
                server.wait_for(f"dashboard ready: {tier} views", args.warm_timeout), 1)
        out["server_up_s"] = round(up, 1)
        out["default_views_done_s"] = round(ready, 1)
        out["warmup_log"] = [line for _, line in server.lines if "dashboard" in line]
        out["load_after_warmup"] = _load()
        client = _client(server.url)
        first, warm = {}, {}
        for path in paths:
            first[path] = round(_get(client, path), 1)
        for path in paths:
            times = sorted(_get(client, path) for _ in range(args.warm_renders))
            warm[path] = {
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
                "max_ms": round(times[-1], 1),
            }
            print(f"  warm {path}: {warm[path]} (load {_load()})", file=sys.stderr,
                  flush=True)
        out["first_render_after_warmup_ms"] = first
        out["warm_ms"] = warm
        out["peak_rss_mib"] = server.peak_mib()
        out["load_at_end"] = _load()
        out["warmup_log"] = [line for _, line in server.lines if "dashboard" in line]
    except RuntimeError:
        print("\n".join(line for _, line in server.lines[-60:]), file=sys.stderr)
        raise
    finally:
        server.stop()
    return out


def _privacy_key(keep: Path | None) -> str:
    """A new privacy key, or for a kept store the key it was first served with (kept
    beside it as <file>.key): the store records the key's fingerprint on first use and
    refuses another, so a second run on the kept store (or benchmarks/map_render.py
    --db) must use the same key."""
    if keep is None:
        return base64.urlsafe_b64encode(os.urandom(32)).decode()
    return read_key_file(create_key(keep.with_name(keep.name + ".key"))).decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", type=int, default=1_000_000)
    parser.add_argument("--db", help="a SQLAlchemy URL (PostgreSQL: a fresh schema is used "
                        "and dropped); default a SQLite file in a temporary folder")
    parser.add_argument("--keep", type=Path, help="SQLite file to fill once and reuse")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--warm-renders", type=int, default=20)
    parser.add_argument("--cold", action="store_true",
                        help="first measure each page with no warm-up (slow at 1M)")
    parser.add_argument("--wait-for", choices=TIERS, default="area",
                        help="the warm-up tier to wait for before measuring (default: all)")
    parser.add_argument("--warm-timeout", type=float, default=7200,
                        help="seconds to wait for the warm-up to finish")
    parser.add_argument("--fill-only", action="store_true",
                        help="fill the --keep file and stop (measure in a later run)")
    args = parser.parse_args()

    env = {**os.environ, "VITALCORE_SECRET_KEY": "bench-" + uuid.uuid4().hex * 2,
           "VITALCORE_KEY": _privacy_key(args.keep),
           "VITALCORE_RATE_PER_MINUTE": "1000000", "VITALCORE_RATE_BURST": "100000"}
    with tempfile.TemporaryDirectory() as tmp:
        schema = None
        if args.db and args.db.startswith("postgresql"):
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            admin = sqlalchemy.create_engine(args.db)
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            sep = "&" if "?" in args.db else "?"
            db_url = f"{args.db}{sep}options=-csearch_path%3D{schema}"
        elif args.db:
            db_url = args.db
        else:
            path = args.keep or Path(tmp) / "dashboard.db"
            db_url = f"sqlite:///{path}"
        try:
            engine = store.open_store(db_url)
            filled = None
            if store.count_rows(engine, "voices") < args.voices:
                filled = fill(engine, args.voices, Path(tmp), args.seed)
                accounts.add_user(engine, username=USER, password=PASSWORD, role="analyst")
            leaves = sorted(store.areas_frame(engine).filter(
                pl.col("admin_level") == 2)["pcode"].to_list())
            voices_stored = store.count_rows(engine, "voices")
            engine.dispose()
            if args.fill_only:
                print(json.dumps({"voices": voices_stored, "fill": filled}))
                return
            results = measure(db_url, env, pages(leaves), args)
        finally:
            if schema:
                with admin.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()
    machine = {
        "python": platform.python_version(), "vitalcore": __version__,
        "polars": pl.__version__, "sqlalchemy": sqlalchemy.__version__,
        "machine": platform.machine(), "cpus": os.cpu_count(),
        "backend": db_url.split(":", 1)[0], "voices": voices_stored, "fill": filled,
        "when": datetime.now().isoformat(timespec="minutes"),
    }
    print(json.dumps({"machine": machine, **results}, indent=2))


if __name__ == "__main__":
    main()
