"""An ingest killed with SIGKILL mid-way, then run again, ends like one clean run."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select, text

from vitalcore import workflow
from vitalcore.store.schema import quarantine, voices

ROWS = 15_000
BAD_EVERY = 997  # a row with an impossible date now and then: quarantined, not lost


def _big_csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("id,text,channel,source,date,place,reporter\n")
        for i in range(ROWS):
            date = "1900-01-01" if i % BAD_EVERY == 0 else f"2026-0{1 + i % 9}-{10 + i % 18}"
            fh.write(f"k{i},Voice {i}: armed men near the well {i % 50},sms,gw,{date},"
                     f"Gao,+2237600{i % 1000:04d}\n")
    return path


def _snapshot(engine: Engine) -> tuple[int, set[tuple], set[tuple]]:
    with engine.connect() as conn:
        rows = {tuple(r) for r in conn.execute(
            select(voices.c.id, voices.c.text, voices.c.reporter, voices.c.prov_row))}
        bad = {tuple(r) for r in conn.execute(select(quarantine.c.id, quarantine.c.row))}
        count = conn.scalar(select(func.count()).select_from(voices))
    return count, rows, bad


def _url(engine: Engine, request: pytest.FixtureRequest) -> str:
    """The URL a separate process needs to reach the same store (schema included)."""
    if engine.dialect.name == "sqlite":
        return engine.url.render_as_string(hide_password=False)
    _, schema = request.getfixturevalue("pg_schema")
    base = engine.url.render_as_string(hide_password=False)
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"


@pytest.mark.slow
def test_sigkill_mid_ingest_then_rerun_equals_a_clean_run(
    engine: Engine, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    data = _big_csv(tmp_path / "big.csv")
    url = _url(engine, request)
    command = [sys.executable, "-c", "from vitalcore.cli import main; main()",
               "ingest", str(data), "--db", url, "--batch-size", "1000"]
    process = subprocess.Popen(command, env=os.environ.copy(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    probe = create_engine(url)
    stored = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and process.poll() is None:
            with probe.connect() as conn:
                try:
                    stored = conn.scalar(text("SELECT count(*) FROM voices")) or 0
                except Exception:  # noqa: BLE001 - the table may not exist yet
                    stored = 0
            if stored >= 3000:
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()
    finally:
        probe.dispose()
    assert process.returncode == -signal.SIGKILL, "the ingest ended before it was killed"
    partial, _, _ = _snapshot(engine)
    assert 0 < partial < ROWS - ROWS // BAD_EVERY - 1  # killed mid-way, whole batches only

    resumed = workflow.ingest(engine, data)
    assert resumed.read == ROWS == resumed.stored + resumed.duplicates + resumed.quarantined
    after = _snapshot(engine)

    clean = workflow.open(str(tmp_path / "clean.db"))
    one_run = workflow.ingest(clean, data)
    assert one_run.duplicates == 0
    assert after == _snapshot(clean)
    assert after[0] == one_run.stored and len(after[2]) == one_run.quarantined
