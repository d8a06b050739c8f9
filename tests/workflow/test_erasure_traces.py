"""Security review H1, L6: `forget` leaves no trace of the erased testimony in the
full-text index, the store's files, the quarantine or a restore of an older backup.
Real SQLite files and the real PostgreSQL server (its relation files read back as the
superuser the tests connect as)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from vitalcore import privacy, store, workflow
from vitalcore.cli import app
from vitalcore.ingest import ingest_file
from vitalcore.workflow.backup import backup_store, restore_store
from vitalcore.workflow.protection import forget_reporter

WORD = "Quorvexilant"  # in the erased reporter's words only
TRIGRAMS = ("uor", "orv", "rve", "xil")  # of WORD, in no other text here
PHONE = "+22376000001"


def _load(engine: Engine, tmp_path: Path) -> str:
    rows = [
        {"id": "a1", "reporter": PHONE, "text": f"{WORD} men took our goats at the well"},
        {"id": "a2", "reporter": PHONE, "text": f"The {WORD} militia came back, call {PHONE}"},
        {"id": "a3", "reporter": PHONE, "text": f"{WORD} again", "date": "1850-01-01"},
        {"id": "b1", "reporter": "+22376000002", "text": "Flooding cut the road to Gao"},
    ]
    path = tmp_path / "voices.ndjson"
    path.write_text("".join(json.dumps({"channel": "sms", "source": "gw", **r}) + "\n"
                            for r in rows), encoding="utf-8")
    counts = ingest_file(engine, path)
    assert (counts.stored, counts.quarantined) == (3, 1)
    return privacy.pseudonym(PHONE, privacy.load_key())


def _sqlite_bytes(engine: Engine) -> bytes:
    path = Path(engine.url.database)
    engine.dispose()
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def _pg_bytes(engine: Engine, tables: tuple[str, ...]) -> bytes:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("CHECKPOINT"))  # what is in shared buffers reaches the files
        blobs = []
        for table in tables:
            toast = conn.scalar(text("SELECT reltoastrelid FROM pg_class "
                                     "WHERE oid = CAST(:t AS regclass)"), {"t": table})
            for rel in (table, toast):
                if not rel:
                    continue
                path = conn.scalar(text("SELECT pg_relation_filepath(CAST(:r AS regclass))"),
                                   {"r": rel})
                if path:
                    blobs.append(bytes(conn.scalar(text(
                        "SELECT pg_read_binary_file(:p)"), {"p": path})))
    return b"".join(blobs)


def _file_bytes(engine: Engine) -> bytes:
    if engine.dialect.name == "sqlite":
        return _sqlite_bytes(engine)
    return _pg_bytes(engine, ("voices", "quarantine", "classifications"))


def _after_purge(engine: Engine) -> bytes:
    """The store's file bytes once the erasure's purge has run; on PostgreSQL a
    transaction of another session still open from before the erasure (another test
    worker's) keeps the dead rows visible to VACUUM, so, as docs/security.md tells the
    operator, the purge is run again once such transactions have ended (at most twice)."""
    from vitalcore.store.erasure import purge_traces

    raw = _file_bytes(engine)
    for _ in range(2):
        if engine.dialect.name != "postgresql" or WORD.encode() not in raw:
            break
        purge_traces(engine, wait_seconds=60)
        raw = _file_bytes(engine)
    return raw


def test_forget_leaves_no_trace_in_index_files_or_quarantine(engine: Engine,
                                                             tmp_path: Path) -> None:
    reporter = _load(engine, tmp_path)
    assert WORD.encode() in _file_bytes(engine)  # the check can see the text at all
    forget_reporter(engine, reporter=reporter, voices=True, actor="test")
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM voices")) == 1
        assert conn.scalar(text("SELECT count(*) FROM quarantine")) == 0
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql(
                "CREATE VIRTUAL TABLE temp.vocab USING fts5vocab('main', 'voices_fts', 'row')")
            terms = {r[0] for r in conn.exec_driver_sql("SELECT term FROM temp.vocab")}
            assert terms, "the full-text index is empty: the check would prove nothing"
            assert not terms & set(TRIGRAMS)
    raw = _after_purge(engine)
    assert WORD.encode() not in raw
    assert WORD.lower().encode() not in raw


def test_an_older_backup_restored_does_not_bring_an_erased_reporter_back(
        engine: Engine, tmp_path: Path) -> None:
    reporter = _load(engine, tmp_path)
    suffix = "db" if engine.dialect.name == "sqlite" else "dump"
    backup_store(engine, tmp_path / f"before.{suffix}", actor="test")
    forget_reporter(engine, reporter=reporter, voices=True, actor="test")
    restore_store(engine, tmp_path / f"before.{suffix}", actor="test")
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM voices WHERE reporter = :r"),
                           {"r": reporter}) == 0
        assert conn.scalar(text("SELECT count(*) FROM voices")) == 1
        assert conn.scalar(text("SELECT count(*) FROM quarantine")) == 0
        assert conn.scalar(text("SELECT count(*) FROM reporter_contacts "
                                "WHERE pseudonym = :r"), {"r": reporter}) == 0
        assert conn.scalar(text("SELECT voices FROM erased_reporters WHERE pseudonym = :r"),
                           {"r": reporter})
    assert WORD.encode() not in _after_purge(engine)


def test_quarantine_reveal_is_audited_and_finds_nothing_after_forget(
        tmp_path: Path, db_url: str) -> None:
    runner = CliRunner()
    engine = workflow.open(db_url)
    reporter = _load(engine, tmp_path)
    (entry,) = store.quarantine_entries(engine)
    shown = runner.invoke(app, ["quarantine", "show", entry["id"], "--reveal", "--db", db_url])
    assert shown.exit_code == 0 and PHONE in shown.output
    rows, _ = store.list_audit(engine, action="reveal_quarantine")
    assert [r["subject"] for r in rows] == [entry["id"]]
    forgot = runner.invoke(app, ["forget", "--reporter", reporter, "--db", db_url])
    assert forgot.exit_code == 0, forgot.output
    after = runner.invoke(app, ["quarantine", "show", entry["id"], "--reveal", "--db", db_url])
    assert PHONE not in after.output and "22376000001" not in after.output
    assert after.exit_code != 0


@pytest.mark.parametrize("voices", [False, True])
def test_a_quarantined_record_of_an_erased_reporter_is_not_kept_again(
        engine: Engine, tmp_path: Path, voices: bool) -> None:
    reporter = _load(engine, tmp_path)
    forget_reporter(engine, reporter=reporter, voices=voices, actor="test")
    again = ingest_file(engine, tmp_path / "voices.ndjson")
    assert again.read == again.stored + again.duplicates + again.quarantined
    assert store.count_quarantined(engine) == 0
