"""Reveal of a reporter's contact: protection officers only, with a reason, audited."""

from __future__ import annotations

from datetime import timedelta

from vitalcore import store
from vitalcore.workflow import accounts

from .conftest import Service

REASON = "Credible threat to the reporter's life; referral to the protection cluster"


def _submit(service: Service) -> str:
    voice = {"text": "They took my brother at the checkpoint", "channel": "sms",
             "message_id": "p-1", "reporter_contact": "+22370009999"}
    with service.client("collector") as collector:
        assert collector.post("/intake/voices", json=voice).json()["stored"] == 1
    with service.client("analyst") as analyst:
        return analyst.get("/voices").json()["items"][0]["reporter"]


def test_reveal_gives_the_contact_and_writes_the_audit_record(service: Service) -> None:
    pseudonym = _submit(service)
    with service.client("protection_officer") as officer:
        response = officer.post("/protection/reveal",
                                json={"reporter": pseudonym, "reason": REASON})
        assert response.status_code == 200, response.text
        assert response.json()["contact"] == {"reporter": "+22370009999"}
        log = officer.get("/admin/audit", params={"action": "reveal_contact"}).json()
    (entry,) = log["items"]
    assert entry["id"] == response.json()["audit_id"]
    assert entry["subject"] == pseudonym
    assert entry["reason"] == REASON
    assert entry["actor"] == "key:test-protection_officer"
    assert entry["role"] == "protection_officer"
    assert "+22370009999" not in str(entry)  # the log names whom, never the contact


def test_reveal_needs_a_reason_and_unknown_reporters_are_still_audited(
    service: Service,
) -> None:
    with service.client("protection_officer") as officer:
        no_reason = officer.post("/protection/reveal", json={"reporter": "r-abc", "reason": ""})
        unknown = officer.post("/protection/reveal",
                               json={"reporter": "r-doesnotexist", "reason": REASON})
    assert no_reason.status_code == 422
    assert unknown.status_code == 404
    entries, total = store.list_audit(service.engine, action="reveal_contact")
    assert total == 1 and entries[0]["detail"] == {"found": False}


def test_analysts_cannot_reveal(service: Service) -> None:
    pseudonym = _submit(service)
    with service.client("analyst") as analyst:
        response = analyst.post("/protection/reveal",
                                json={"reporter": pseudonym, "reason": REASON})
    assert response.status_code == 403
    assert store.list_audit(service.engine, action="reveal_contact")[1] == 0


def test_login_tokens_expire_and_logout_ends_them(service: Service) -> None:
    accounts.add_user(service.engine, username="amina", password="correct horse battery",
                      role="analyst")
    with service.client() as client:
        wrong = client.post("/auth/token", json={"username": "amina", "password": "nope"})
        good = client.post("/auth/token",
                           json={"username": "amina", "password": "correct horse battery"})
        assert wrong.status_code == 401
        token = good.json()["access_token"]
        bearer = {"Authorization": f"Bearer {token}"}
        assert client.get("/auth/me", headers=bearer).json()["name"] == "amina"
        assert client.post("/auth/logout", headers=bearer).status_code == 204
        assert client.get("/auth/me", headers=bearer).status_code == 401
        expired, _ = accounts.login(
            service.engine, secret_key=service.settings.secret_key, username="amina",
            password="correct horse battery", ttl=timedelta(seconds=-1),
        )
        late = client.get("/auth/me", headers={"Authorization": f"Bearer {expired}"})
        assert late.status_code == 401
