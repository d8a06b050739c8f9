"""Analysis endpoints are thin: each returns exactly what its workflow function returns."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from vitalcore import law, store, workflow
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
        "/analyses/threats": lambda: workflow.rank_threats(engine),
        "/analyses/coverage": lambda: workflow.coverage_report(engine),
        "/analyses/vulnerability": lambda: workflow.group_vulnerability(engine),
        "/analyses/resilience": lambda: workflow.resilience_report(engine),
        "/analyses/tiers": lambda: workflow.tier_report(engine),
    }
    with service.client("analyst") as analyst:
        for path, call in calls.items():
            response = analyst.get(path)
            assert response.status_code == 200, (path, response.text)
            expected = table(path.rsplit("/", 1)[-1], call()).model_dump(mode="json")
            _same(response.json()["rows"], expected["rows"])
        vital = analyst.get("/analyses/vital-core", params={"area": "ML01"}).json()["rows"]
        chains = analyst.get("/analyses/chains", params={"period": "1w"})
    assert chains.status_code == 200, chains.text
    report = workflow.threat_chains(engine, period="1w")
    (chain_row,) = chains.json()["rows"]
    assert len(chain_row["graph_edges"]) == report.graph.number_of_edges()
    assert len(chain_row["cooccurrence"]) == report.cooccurrence.height
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


MANDATES = Path(__file__).parents[1] / "mandate" / "data"


def test_legal_basis_and_mandate_gap_endpoints(service: Service) -> None:
    engine = service.engine
    voices = [
        {"text": text, "channel": "sms", "message_id": f"lr-{i}", "area_pcode": "LR01",
         "occurred_at": f"2014-10-0{1 + i % 9}T10:00:00"}
        for i, text in enumerate(
            ["Ebola outbreak: the clinic is closed and people are dying of fever"] * 6
            + ["No work and no income since the market closed"] * 5
        )
    ]
    with service.client("collector") as collector:
        assert collector.post("/intake/batch", json={"voices": voices}).status_code == 200
    workflow.classify_pending(engine)
    workflow.import_mandate(engine, MANDATES / "s_res_2190_2014.txt")
    with service.client("analyst") as analyst:
        basis = analyst.get("/analyses/legal-basis",
                            params={"subject": "armed_attack", "armed_conflict": "true"})
        unknown = analyst.get("/analyses/legal-basis", params={"subject": "nothing"})
        burundi = analyst.get("/analyses/legal-basis", params={
            "subject": "armed_attack", "conflict_kind": "non_international", "state": "BI"})
        gap = analyst.get("/analyses/mandate-gap",
                          params={"area": "LR01", "since": "2014-01-01"})
    assert basis.status_code == 200 and unknown.status_code == 404
    (row,) = basis.json()["rows"]
    grounding = law.lookup("armed_attack", law.Situation(armed_conflict=True))
    assert row["citations"] == grounding.citations()
    (bi,) = burundi.json()["rows"]
    rome = [c for r in bi["rights"] for c in r["citations"]
            if c["text"] == "Rome Statute art. 8(2)(e)(i)"]
    assert rome[0]["ratified"] is False and rome[0]["ratified_since"] == "2017-10-27"
    assert gap.status_code == 200, gap.text
    (result,) = gap.json()["rows"]
    _, expected = workflow.mandate_gap(engine, area="LR01", since=date(2014, 1, 1))
    assert [g["label"] for g in result["gaps"]] == [g.label for g in expected.gaps]
    assert len(result["matrix"]) == expected.matrix.height


def test_label_corrections_and_review_queue(service: Service) -> None:
    voice = {"text": "The well is dry and the goats are dying", "channel": "sms",
             "message_id": "lc-1"}
    with service.client("collector") as collector:
        assert collector.post("/intake/voices", json=voice).json()["stored"] == 1
    workflow.classify_pending(service.engine)
    with service.client("analyst") as analyst:
        voice_id = analyst.get("/voices").json()["items"][0]["id"]
        queue = analyst.get("/voices/review-queue")
        fixed = analyst.post(f"/voices/{voice_id}/labels",
                             json={"add": ["food", "drought"], "remove": ["personal"]})
        wrong = analyst.post(f"/voices/{voice_id}/labels", json={"add": ["happiness"]})
        missing = analyst.post(f"/voices/{'0' * 32}/labels", json={"add": ["food"]})
    assert queue.status_code == 200
    assert [q["voice_id"] for q in queue.json()["rows"]] == [voice_id]
    assert fixed.status_code == 201 and fixed.json()["recorded"] == 3
    assert wrong.status_code == 422 and "unknown label 'happiness'" in wrong.json()["detail"]
    assert missing.status_code == 404
    corrections = store.list_corrections(service.engine)
    assert {(c["label"], c["value"]) for c in corrections} == {
        ("food", True), ("drought", True), ("personal", False)}
    assert {c["analyst"] for c in corrections} == {"key:test-analyst"}
