"""Backup and restore round trips on both backends; the privacy key is never inside."""

from __future__ import annotations

import base64
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import Engine

from vitalcore import store
from vitalcore.store import privacy as privacy_store
from vitalcore.workflow.backup import backup_store, restore_store
from vitalcore.workflow.intake import submit_voices


def _voices(n: int, start: int = 0) -> list[dict]:
    return [
        {"text": f"Gunfire at the well, report {i}", "channel": "sms", "source": "hotline",
         "id": f"m-{i}", "reporter": f"+2237000{i:04d}"}
        for i in range(start, start + n)
    ]


def _backup_text(engine: Engine, path: Path) -> bytes:
    """Everything a thief could read from the file: raw bytes, and the SQL it restores."""
    raw = path.read_bytes()
    if engine.dialect.name == "postgresql":
        script = subprocess.run(["pg_restore", "--file=-", str(path)], capture_output=True,
                                check=True).stdout
        return raw + script
    return raw


def test_round_trip_restores_the_store_without_the_key(engine: Engine, tmp_path: Path) -> None:
    key = base64.urlsafe_b64encode(os.urandom(32))
    submit_voices(engine, _voices(4), origin="test", source=None, key=key)
    rows, _ = store.search_voices(engine, store.VoiceFilter())
    pseudonym = rows[0]["reporter"]
    path = backup_store(engine, tmp_path / "store.backup", actor="test")

    content = _backup_text(engine, path)
    assert b"Gunfire at the well" in content  # it is a real backup of the store...
    assert key not in content and base64.urlsafe_b64decode(key) not in content  # ...no key
    assert b"+22370000001" not in content  # contacts only as ciphertext

    submit_voices(engine, _voices(3, start=10), origin="test", source=None, key=key)
    privacy_store.forget_reporter(engine, pseudonym, voices=True)
    assert store.count_rows(engine, "voices") == 6

    restore_store(engine, path, actor="test")
    # The backup's four voices, but the erasure made since stays in force (review L6).
    assert store.count_rows(engine, "voices") == 3
    assert privacy_store.contact_token(engine, pseudonym) is None
    other = rows[1]["reporter"]
    assert privacy_store.contact_token(engine, other) is not None
    actions = [e["action"] for e in store.list_audit(engine)[0]]
    assert actions == ["restore", "backup"]  # the backup carried its own record


def test_restore_refuses_a_file_that_is_not_a_backup(engine: Engine, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a backup")
    with pytest.raises(store.BackupError):
        store.restore(engine, bogus)
    with pytest.raises(store.BackupError, match="no such backup"):
        store.restore(engine, tmp_path / "missing.backup")
