"""Security review H2, L1, L2, M2 over real HTTP: webhooks answer 2xx or 4xx whatever
the body, every shape of payload is held to the batch limit, and even a 500 carries
the security headers."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from vitalcore.api.limits import SECURITY_HEADERS

from .conftest import Service

CUT = "\\ud83d"  # a lone surrogate as a gateway's JSON carries it (an escape)


@pytest.mark.parametrize("hook, body", [
    ("sms", '{"from": "+22370000009", "text": "they took the cattle ' + CUT + '", "id": "s1"}'),
    ("kobo", '{"_uuid": "k1", "testimony": "the well ' + CUT + ' is poisoned"}'),
    ("rapidpro", '{"contact": {"urn": "tel:+22370000008"}, "results": {}, '
                 '"input": {"text": "gunfire ' + CUT + '"}, "run": {"uuid": "r1"}}'),
])
def test_a_cut_emoji_is_quarantined_not_a_500(service: Service, hook: str, body: str) -> None:
    with service.client("collector") as collector:
        response = collector.post(f"/intake/{hook}", content=body,
                                  headers={"content-type": "application/json"})
    assert response.status_code == 200, response.text
    counts = response.json()
    assert counts["read"] == counts["stored"] + counts["duplicates"] + counts["quarantined"]
    assert counts["read"] >= 1


@pytest.mark.parametrize("hook", ["sms", "kobo", "rapidpro", "voices", "batch"])
def test_json_nested_a_thousand_deep_is_a_4xx(service: Service, hook: str) -> None:
    body = '{"text": ' + "[" * 1000 + "]" * 1000 + "}"
    with service.client("collector") as collector:
        response = collector.post(f"/intake/{hook}", content=body,
                                  headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500, response.text
    if hook in {"sms", "kobo", "rapidpro"}:
        deep = '{"text": "x", "group": ' + '{"a": ' * 200 + "1" + "}" * 200 + "}"
        with service.client("collector") as collector:
            response = collector.post(f"/intake/{hook}", content=deep,
                                      headers={"content-type": "application/json"})
        assert response.status_code == 200, response.text
        assert response.json()["quarantined"] == 1


@pytest.mark.parametrize("shape", ["list", "messages", "results", "data"])
def test_the_batch_limit_holds_for_every_payload_shape(service: Service, shape: str) -> None:
    many = [{"from": f"+2237000{i:04d}", "text": f"message {i}", "id": f"m{i}"}
            for i in range(service.settings.max_batch + 10)]
    payload = many if shape == "list" else {shape: many}
    with service.client("collector") as collector:
        response = collector.post("/intake/sms", json=payload)
    assert response.status_code == 413, response.text
    with service.engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM voices")) == 0


def test_a_text_over_the_limit_is_quarantined_by_the_api_too(service: Service) -> None:
    limit = service.settings.max_text_chars
    voice = {"text": "x" * (limit + 1), "channel": "sms", "message_id": "long-1"}
    with service.client("collector") as collector:
        one = collector.post("/intake/voices", json=voice)
        hook = collector.post("/intake/sms", json={"from": "+22370000001",
                                                   "text": "y" * (limit + 1), "id": "l2"})
    assert one.status_code == 200, one.text
    assert one.json()["quarantined"] == 1
    assert hook.json()["quarantined"] == 1


def test_a_500_carries_the_security_headers(service: Service) -> None:
    # Break the store under the running service: the route fails as a real fault would.
    with service.engine.begin() as conn:
        conn.execute(text("DROP TABLE users" + (" CASCADE" if conn.dialect.name ==
                                                "postgresql" else "")))
    with service.client("admin") as admin:
        response = admin.get("/admin/users")
    assert response.status_code == 500
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name.decode()) == value.decode()
    assert "Traceback" not in response.text and "users" not in json.dumps(response.json())
