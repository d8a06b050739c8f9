"""Security review M3: a store remembers the fingerprint of its privacy key and refuses
another key on every open, with one clear line (CLI, service, Python API)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests.api.conftest import SECRET, new_privacy_key
from vitalcore import privacy, workflow
from vitalcore.api import ApiSettings, create_app


def test_another_key_is_refused_by_workflow_open(db_url: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    engine = workflow.open(db_url)
    with engine.connect() as conn:
        stored = conn.scalar(text("SELECT fingerprint FROM store_key"))
    assert stored == privacy.key_fingerprint(privacy.load_key())
    workflow.open(db_url)  # the same key again: fine
    monkeypatch.setenv("VITALCORE_KEY_FILE", str(privacy.create_key(tmp_path / "other.key")))
    with pytest.raises(workflow.core.StoreKeyMismatch, match="not the key in use"):
        workflow.open(db_url)


def test_another_key_is_refused_by_the_service(engine: Engine) -> None:
    settings = ApiSettings(database_url="", secret_key=SECRET).checked()
    create_app(settings, engine=engine, privacy_key=new_privacy_key())
    with pytest.raises(workflow.core.StoreKeyMismatch):
        create_app(settings, engine=engine, privacy_key=new_privacy_key())


def test_the_command_line_says_it_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    env = {**os.environ, "VITALCORE_KEY_FILE": str(privacy.create_key(tmp_path / "a.key"))}
    vitalcore = str(Path(sys.executable).parent / "vitalcore")
    areas = str(Path(workflow.__file__).parents[1] / "demo" / "areas.csv")
    first = subprocess.run([vitalcore, "areas", areas, "--db", str(db)], env=env,
                           capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    command = [vitalcore, "quarantine", "list", "--db", str(db)]
    env["VITALCORE_KEY_FILE"] = str(privacy.create_key(tmp_path / "b.key"))
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert second.returncode == 1  # a runtime error (docs/cli.md#exit-codes)
    lines = [line for line in second.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "not the key in use" in lines[0], second.stderr
    assert "Traceback" not in second.stderr
