"""Intake over HTTP: single, batch and webhooks, idempotent, strict, limited, private."""

from __future__ import annotations

from vitalcore import store
from vitalcore.store import VoiceFilter

from .conftest import SOURCE, Service

VOICE = {
    "text": "Armed men burned the market in Kidal last night",
    "channel": "sms",
    "message_id": "msg-1",
    "reporter_contact": "+22370000001",
    "occurred_at": "2026-11-20T08:00:00Z",
}


def test_one_voice_is_stored_once_and_its_contact_never_shown(service: Service) -> None:
    with service.client("collector") as collector:
        first = collector.post("/intake/voices", json=VOICE)
        again = collector.post("/intake/voices", json=VOICE)
    assert first.status_code == 200, first.text
    assert first.json() == {"read": 1, "stored": 1, "duplicates": 0, "quarantined": 0}
    assert again.json()["duplicates"] == 1
    with service.client("analyst") as analyst:
        page = analyst.get("/voices")
    assert page.status_code == 200
    body = page.json()
    assert body["total"] == 1
    voice = body["items"][0]
    assert voice["source"] == SOURCE
    assert voice["reporter"].startswith("r-")
    assert "+22370000001" not in page.text and "22370000001" not in page.text


def test_a_batch_counts_every_record(service: Service) -> None:
    voices = [
        {**VOICE, "message_id": f"b-{i}", "text": f"Cattle stolen near the well, report {i}"}
        for i in range(5)
    ]
    voices.append({**VOICE, "message_id": "bad", "occurred_at": "1970-01-01T00:00:00"})
    with service.client("collector") as collector:
        response = collector.post("/intake/batch", json={"voices": voices})
    assert response.status_code == 200, response.text
    assert response.json() == {"read": 6, "stored": 5, "duplicates": 0, "quarantined": 1}
    assert store.count_rows(service.engine, "voices") == 5


def test_unknown_fields_are_refused_by_name(service: Service) -> None:
    with service.client("collector") as collector:
        response = collector.post("/intake/voices", json={**VOICE, "consent_shared": True})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "consent_shared"]
    assert "unknown field 'consent_shared'" in error["msg"]
    assert "+22370000001" not in response.text  # the submission is not echoed back


def test_limits_on_batch_and_body_size(service: Service) -> None:
    too_many = {"voices": [{**VOICE, "message_id": str(i)} for i in range(51)]}
    huge = {**VOICE, "text": "x" * 19_000}
    with service.client("collector") as collector:
        assert collector.post("/intake/batch", json=too_many).status_code == 413
        big_batch = {"voices": [{**huge, "message_id": str(i)} for i in range(11)]}
        refused = collector.post("/intake/batch", json=big_batch)
    assert refused.status_code == 413
    assert "larger than 200000 bytes" in refused.json()["detail"]
    assert store.count_rows(service.engine, "voices") == 0


def test_a_key_scoped_to_a_source_cannot_submit_for_another(service: Service) -> None:
    with service.client("collector") as collector:
        response = collector.post("/intake/voices", json={**VOICE, "source": "someone-else"})
    assert response.status_code == 403
    assert SOURCE in response.json()["detail"]


def test_webhooks_store_through_the_format_readers_idempotently(service: Service) -> None:
    rapidpro = {
        "contact": {"uuid": "c-1", "name": "Awa", "urn": "tel:+22370000002"},
        "flow": {"uuid": "f-1", "name": "report"},
        "results": {},
        "input": {"text": "No food in the camp for three days", "urn": "tel:+22370000002",
                  "uuid": "in-1", "created_on": "2026-11-21T10:00:00Z"},
        "run": {"uuid": "run-1", "created_on": "2026-11-21T10:00:00Z"},
    }
    kobo = {"_id": 77, "_uuid": "k-77", "_submission_time": "2026-11-21T11:00:00",
            "group_voice/testimony": "The clinic has no medicine", "_geolocation": [16.3, -3.0]}
    sms = "from=%2B22370000003&text=Flood+destroyed+our+fields&id=sms-9"
    with service.client("collector") as collector:
        for _ in range(2):
            r1 = collector.post("/intake/rapidpro", json=rapidpro)
            r2 = collector.post("/intake/kobo", json=kobo)
            r3 = collector.post("/intake/sms", content=sms,
                                headers={"content-type": "application/x-www-form-urlencoded"})
            assert [r.status_code for r in (r1, r2, r3)] == [200, 200, 200], r2.text
    assert store.count_rows(service.engine, "voices") == 3
    rows, _ = store.search_voices(service.engine, VoiceFilter(channel="sms"))
    assert {r["reporter"][:2] for r in rows} == {"r-"}
    texts = {r["text"] for r in rows}
    assert "Flood destroyed our fields" in texts


def test_nul_characters_are_refused_at_the_edge(service: Service) -> None:
    with service.client("analyst") as analyst:
        in_query = analyst.get("/voices", params={"reporter": "r-\x00"})
        in_body = analyst.post("/intake/voices", json={**VOICE, "text": "a\x00b"})
    assert in_query.status_code == in_body.status_code == 422
    assert "NUL" in in_body.json()["detail"]
    assert in_body.headers["x-content-type-options"] == "nosniff"


def test_security_headers_and_no_cors(service: Service) -> None:
    with service.client("analyst", Origin="http://evil.example") as analyst:
        response = analyst.get("/voices")
    assert response.headers["content-security-policy"].endswith("frame-ancestors 'none'")
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"
    assert "access-control-allow-origin" not in response.headers
