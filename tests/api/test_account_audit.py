"""Security review M4: every account and key change is audited, over real HTTP and from
the command line, naming who made it and never a password or a key."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from vitalcore import store, workflow
from vitalcore.cli import app

from .conftest import Service

PASSWORD = "a long enough password 1"


def test_admin_changes_over_http_are_audited(service: Service) -> None:
    with service.client("admin") as admin:
        made = admin.post("/admin/users", json={"username": "officer1", "password": PASSWORD,
                                                "role": "protection_officer"})
        assert made.status_code == 201, made.text
        assert admin.post("/admin/users/officer1/disable").status_code == 204
        key = admin.post("/admin/keys", json={"name": "gw", "role": "collector"})
        assert key.status_code == 201, key.text
        key_id, secret = key.json()["id"], key.json()["key"]
        assert admin.post(f"/admin/keys/{key_id}/revoke").status_code == 204
        log = admin.get("/admin/audit", params={"limit": 50})
    assert log.status_code == 200, log.text
    entries = {e["action"]: e for e in log.json()["items"] if e["actor"] == "key:test-admin"}
    assert set(entries) == {"user_add", "user_disable", "key_create", "key_revoke"}
    assert entries["user_add"]["subject"] == "officer1"
    assert entries["user_add"]["detail"]["role"] == "protection_officer"
    assert entries["key_revoke"]["subject"] == key_id
    assert entries["key_create"]["subject"] == key_id
    assert all(e["role"] == "admin" for e in entries.values())
    assert PASSWORD not in log.text and secret not in log.text


def test_command_line_changes_are_audited(db_url: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VITALCORE_SECRET_KEY", "cli-audit-secret-" + "z" * 32)
    runner = CliRunner()

    def run(*args: str, stdin: str | None = None) -> str:
        result = runner.invoke(app, [*args, "--db", db_url], input=stdin)
        assert result.exit_code == 0, result.output
        return result.output

    run("users", "add", "amina", "--role", "analyst", "--password-stdin", stdin=PASSWORD + "\n")
    run("users", "role", "amina", "--role", "protection_officer")
    run("users", "disable", "amina")
    created = run("keys", "create", "gateway", "--role", "collector")
    key_id = created.split()[1]
    run("keys", "revoke", key_id)
    rows, _ = store.list_audit(workflow.open(db_url), limit=50)
    done = [(r["action"], r["subject"]) for r in reversed(rows)]
    assert done == [("user_add", "amina"), ("user_role", "amina"), ("user_disable", "amina"),
                    ("key_create", key_id), ("key_revoke", key_id)]
    assert all(r["actor"].startswith("cli:") for r in rows)
    role_change = next(r for r in rows if r["action"] == "user_role")
    assert role_change["detail"] == {"role": "protection_officer"}
