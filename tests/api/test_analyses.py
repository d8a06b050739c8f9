"""Analysis endpoints are thin: each returns exactly what its workflow function returns."""

from __future__ import annotations

from datetime import date, timedelta

from vitalcore import workflow
from vitalcore.api.routers.analyses import table

from .conftest import Service


def _seed(service: Service) -> None:
    start = date(2026, 10, 1)
    voices = []
    for day in range(40):
        # ML01 surges in the last ten days; ML02 stays steady (the comparison area).
        for area, n in (("ML01", 1 if day < 30 else 6), ("ML02", 1)):
            for i in range(n):
                voices.append({
                    "text": f"Armed men attacked the village at night, day {day} report {i}",
                    "channel": "sms", "message_id": f"{area}-{day}-{i}", "area_pcode": area,
                    "occurred_at": f"{start + timedelta(days=day)}T12:00:00",
                })
    with service.client("collector") as collector:
        for chunk in range(0, len(voices), 50):
            response = collector.post("/intake/batch", json={"voices": voices[chunk:chunk + 50]})
            assert response.status_code == 200, response.text
    workflow.classify_pending(service.engine)


def _same(api_rows: list[dict], expected: list[dict]) -> None:
    assert len(api_rows) == len(expected)
    assert [sorted(r) for r in api_rows] == [sorted(r) for r in expected]


def test_each_analysis_endpoint_returns_its_workflow_result(service: Service) -> None:
    _seed(service)
    engine = service.engine
    calls = {
        "/analyses/vital-core": lambda: workflow.vital_core(engine),
        "/analyses/alerts": lambda: workflow.alerts(engine),
        "/analyses/spread": lambda: workflow.spread(engine),
        "/analyses/rumours": lambda: workflow.rumours(engine),
        "/analyses/claim-clusters": lambda: workflow.claim_clusters(engine),
    }
    with service.client("analyst") as analyst:
        for path, call in calls.items():
            response = analyst.get(path)
            assert response.status_code == 200, (path, response.text)
            expected = table(path.rsplit("/", 1)[-1], call()).model_dump(mode="json")
            _same(response.json()["rows"], expected["rows"])
        vital = analyst.get("/analyses/vital-core", params={"area": "ML01"}).json()["rows"]
    assert vital and {r["area_pcode"] for r in vital} == {"ML01"}
    assert vital[0]["dimension"] == "personal"


def test_actions_are_recorded_listed_and_evaluated(service: Service) -> None:
    _seed(service)
    action = {"area_pcode": "ML01", "dimension": "personal", "kind": "patrol",
              "start": "2026-10-20", "description": "Night patrols around the village"}
    with service.client("analyst") as analyst:
        created = analyst.post("/actions", json=action)
        assert created.status_code == 201, created.text
        action_id = created.json()["rows"][0]["id"]
        listed = analyst.get("/actions").json()["rows"]
        effect = analyst.get(f"/actions/{action_id}/effect")
        unknown = analyst.get("/actions/nothing/effect")
        odd = analyst.post("/actions", json={**action, "kind": "teleport"})
    assert [a["id"] for a in listed] == [action_id]
    assert listed[0]["recorded_by"] == "key:test-analyst"
    assert effect.status_code == 200, effect.text
    (result,) = effect.json()["rows"]
    assert result["actions"][0]["id"] == action_id and "effect" in result
    assert unknown.status_code == 404
    assert odd.status_code == 422
