"""users, keys, forget, backup, restore, serve: run in-process, then checked in the store."""

from __future__ import annotations

import base64
import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vitalcore import store, workflow
from vitalcore.cli import app
from vitalcore.workflow import accounts
from vitalcore.workflow.intake import submit_voices

runner = CliRunner()
SECRET = "cli-test-secret-" + "y" * 32


@pytest.fixture
def secret(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("VITALCORE_SECRET_KEY", SECRET)
    return SECRET


def test_users_add_list_disable(db_url: str) -> None:
    added = runner.invoke(app, ["users", "add", "amina", "--role", "analyst",
                                "--password-stdin", "--db", db_url],
                          input="a long enough password\n")
    assert added.exit_code == 0, added.output
    weak = runner.invoke(app, ["users", "add", "bob", "--role", "analyst", "--password-stdin",
                               "--db", db_url], input="short\n")
    assert weak.exit_code == 1 and "12 characters" in weak.output
    bad_role = runner.invoke(app, ["users", "add", "eve", "--role", "king", "--db", db_url])
    assert bad_role.exit_code == 1 and "protection_officer" in bad_role.output
    listed = runner.invoke(app, ["users", "list", "--json", "--db", db_url])
    assert [u["name"] for u in json.loads(listed.output)] == ["amina"]
    assert runner.invoke(app, ["users", "disable", "amina", "--db", db_url]).exit_code == 0
    engine = workflow.open(db_url)
    assert accounts.login(engine, secret_key=SECRET, username="amina",
                          password="a long enough password", ttl=timedelta(minutes=5)) is None


def test_keys_create_and_revoke(db_url: str, secret: str) -> None:
    created = runner.invoke(app, ["keys", "create", "gateway", "--role", "collector",
                                  "--source", "sms-north", "--db", db_url])
    assert created.exit_code == 0, created.output
    key = created.output.strip().splitlines()[-1]
    engine = workflow.open(db_url)
    account = accounts.authenticate(engine, secret_key=secret, credential=key)
    assert account is not None and account.source == "sms-north"
    assert runner.invoke(app, ["keys", "revoke", account.id, "--db", db_url]).exit_code == 0
    assert accounts.authenticate(engine, secret_key=secret, credential=key) is None
    again = runner.invoke(app, ["keys", "revoke", account.id, "--db", db_url])
    assert again.exit_code == 1


def test_keys_refuse_a_default_secret_outside_development(db_url: str) -> None:
    result = runner.invoke(app, ["keys", "create", "x", "--role", "public", "--db", db_url])
    assert result.exit_code == 1 and "VITALCORE_SECRET_KEY" in result.output


def test_forget_backup_restore(db_url: str, tmp_path: Path) -> None:
    engine = workflow.open(db_url)
    key = base64.urlsafe_b64encode(os.urandom(32))
    submit_voices(engine, [{"text": "Shots near the school", "channel": "sms",
                            "source": "hotline", "id": "1", "reporter": "+22370000042"}],
                  origin="test", source=None, key=key)
    pseudonym = store.search_voices(engine, store.VoiceFilter())[0][0]["reporter"]
    backup = tmp_path / "b.db"
    assert runner.invoke(app, ["backup", str(backup), "--db", db_url]).exit_code == 0
    forgot = runner.invoke(app, ["forget", "--reporter", pseudonym, "--voices", "--json",
                                 "--db", db_url])
    assert forgot.exit_code == 0 and json.loads(forgot.output)["voices"] == 1
    assert store.count_rows(engine, "voices") == 0
    assert runner.invoke(app, ["forget", "--reporter", "+2237", "--db", db_url]).exit_code == 1
    restored = runner.invoke(app, ["restore", str(backup), "--db", db_url])
    assert restored.exit_code == 0, restored.output
    # The backup predates the erasure, which stays in force (security review L6).
    assert store.count_rows(engine, "voices") == 0
    (entry,), _ = store.list_audit(engine, action="restore")
    assert entry["detail"]["erasures_applied_again"] == 1


def test_serve_refuses_a_default_secret(db_url: str) -> None:
    result = runner.invoke(app, ["serve", "--db", db_url])
    assert result.exit_code == 1 and "VITALCORE_SECRET_KEY" in result.output
