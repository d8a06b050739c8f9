"""Security review L3: the store's files and its backups are readable by their owner
only (0600), whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from vitalcore.store import backup, open_store


@pytest.fixture
def loose_umask() -> Iterator[None]:
    before = os.umask(0o022)  # the common default, which gives 0644
    try:
        yield
    finally:
        os.umask(before)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_sqlite_store_and_its_wal_are_owner_only(tmp_path: Path, loose_umask: None) -> None:
    path = tmp_path / "store.db"
    engine = open_store(f"sqlite:///{path}")
    with engine.connect() as conn:
        conn.exec_driver_sql("SELECT count(*) FROM voices")
        assert _mode(path) == 0o600
        wal = Path(f"{path}-wal")
        assert wal.exists() and _mode(wal) == 0o600
    engine.dispose()


def test_a_backup_is_owner_only(engine: Engine, tmp_path: Path, loose_umask: None) -> None:
    written = backup(engine, tmp_path / "store.backup")
    assert written.stat().st_size > 0
    assert _mode(written) == 0o600
