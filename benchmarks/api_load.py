"""Load on the HTTP API: sustained submissions/s and p50/p99 latency of single and batch
intake, on SQLite and PostgreSQL, then a count of lost or duplicated voices.

The service runs as a separate process (`vitalcore serve` on a free loopback port); this
script is the client, with a few threads each holding one keep-alive connection. Every
run is bounded in requests and in seconds. A share of requests are re-sent (a gateway's
retries): afterwards the store must hold each distinct message exactly once.

    .venv/bin/python benchmarks/api_load.py                       # both backends
    .venv/bin/python benchmarks/api_load.py --backend sqlite --single 300 --batches 30
    .venv/bin/python benchmarks/api_load.py --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, func, select, text

from vitalcore.store.schema import voices

VITALCORE = str(Path(sys.executable).with_name("vitalcore"))
SOURCE = "bench-gateway"


@dataclass
class Phase:
    name: str
    requests: int = 0
    voices_sent: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)

    def summary(self) -> dict:
        lat = sorted(self.latencies)
        pct = (lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000) if lat else None
        return {
            "phase": self.name, "requests": self.requests, "errors": self.errors,
            "voices_sent": self.voices_sent, "seconds": round(self.seconds, 2),
            "requests_per_s": round(self.requests / self.seconds, 1) if self.seconds else 0,
            "voices_per_s": round(self.voices_sent / self.seconds, 1) if self.seconds else 0,
            "p50_ms": round(pct(0.50), 1) if lat else None,
            "p99_ms": round(pct(0.99), 1) if lat else None,
            "mean_ms": round(statistics.fmean(lat) * 1000, 1) if lat else None,
        }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _voice(message_id: str) -> dict:
    return {"text": f"Armed men looted the market at dawn, report {message_id}",
            "channel": "sms", "message_id": message_id, "reporter_contact": "+22370000000"}


def _run(phase: Phase, url: str, key: str, bodies: list[tuple[str, dict, int]],
         threads: int, deadline: float) -> None:
    lock = threading.Lock()
    queue = list(reversed(bodies))

    def worker() -> None:
        with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=60) as client:
            while time.monotonic() < deadline:
                with lock:
                    if not queue:
                        return
                    path, body, n = queue.pop()
                start = time.perf_counter()
                response = client.post(path, json=body)
                took = time.perf_counter() - start
                with lock:
                    phase.requests += 1
                    phase.voices_sent += n
                    phase.latencies.append(took)
                    if response.status_code != 200:
                        phase.errors += 1

    started = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    phase.seconds = time.monotonic() - started


def _serve(db_url: str, env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [VITALCORE, "serve", "--db", db_url, "--port", str(port)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited: {server.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return server, url
        except httpx.TransportError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("server did not start within 60 s")


def bench(backend: str, db_url: str, args: argparse.Namespace) -> dict:
    env = {**os.environ, "VITALCORE_SECRET_KEY": "bench-" + uuid.uuid4().hex * 2,
           "VITALCORE_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
           "VITALCORE_RATE_PER_MINUTE": "10000000", "VITALCORE_RATE_BURST": "1000000",
           "VITALCORE_MAX_BATCH": str(max(args.batch_size, 1))}
    subprocess.run([VITALCORE, "init", "--db", db_url], env=env, check=True,
                   capture_output=True)
    created = subprocess.run(
        [VITALCORE, "keys", "create", "bench", "--role", "collector", "--source", SOURCE,
         "--db", db_url], env=env, check=True, capture_output=True, text=True,
    )
    key = created.stdout.strip().splitlines()[-1]
    server, url = _serve(db_url, env)
    try:
        run = uuid.uuid4().hex[:8]
        ids = [f"{run}-s{i}" for i in range(args.single)]
        retries = ids[: max(1, args.single * args.retry_percent // 100)]
        single = [("/intake/voices", _voice(i), 1) for i in ids + retries]
        batch_ids = [[f"{run}-b{b}-{i}" for i in range(args.batch_size)]
                     for b in range(args.batches)]
        batches = [("/intake/batch", {"voices": [_voice(i) for i in group]}, len(group))
                   for group in batch_ids]
        batches += batches[: max(1, args.batches * args.retry_percent // 100)]

        phases = []
        for name, bodies in (("single", single), ("batch", batches)):
            phase = Phase(name)
            _run(phase, url, key, bodies, args.threads, time.monotonic() + args.max_seconds)
            phases.append(phase)
    finally:
        server.terminate()
        server.wait(timeout=30)

    sent = {b["message_id"] for _, b, _ in single[: phases[0].requests]}
    for _, body, _ in batches[: phases[1].requests]:
        sent |= {v["message_id"] for v in body["voices"]}
    engine = create_engine(db_url)
    with engine.connect() as conn:
        mine = voices.c.source_id.like(f"{run}-%")
        stored = conn.scalar(select(func.count()).select_from(voices).where(mine))
        distinct = conn.scalar(select(func.count(voices.c.source_id.distinct())).where(mine))
        stored_ids = set(conn.scalars(select(voices.c.source_id).where(mine)))
    engine.dispose()
    return {
        "backend": backend,
        "phases": [p.summary() for p in phases],
        "distinct_messages_sent": len(sent),
        "voices_stored": stored,
        "lost": len(sent - stored_ids),
        "duplicated": stored - distinct,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--pg-url", default=os.environ.get(
        "VITALCORE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--single", type=int, default=400, help="single submissions")
    parser.add_argument("--batches", type=int, default=40, help="batch submissions")
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--retry-percent", type=int, default=5,
                        help="share of requests sent twice, as a retrying gateway would")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--max-seconds", type=float, default=90, help="per phase")
    args = parser.parse_args()

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.backend in ("sqlite", "both"):
            results.append(bench("sqlite", f"sqlite:///{Path(tmp) / 'bench.db'}", args))
        if args.backend in ("postgresql", "both"):
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(args.pg_url)
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            sep = "&" if "?" in args.pg_url else "?"
            try:
                results.append(bench("postgresql",
                                     f"{args.pg_url}{sep}options=-csearch_path%3D{schema}",
                                     args))
            finally:
                with admin.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()
    machine = {"python": platform.python_version(), "machine": platform.machine(),
               "cpus": os.cpu_count(), "threads": args.threads, "batch_size": args.batch_size}
    print(json.dumps({"machine": machine, "results": results}, indent=2))


if __name__ == "__main__":
    main()
