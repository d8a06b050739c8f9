"""Exports: CSV safe from formula injection, HXL tags, GeoJSON, JSON; each one audited."""

from __future__ import annotations

import csv
import io
import json

from vitalcore import store

from .conftest import Service

VOICES = [
    {"text": "=HYPERLINK(\"http://evil\",\"click\") fighting near the river", "channel": "sms",
     "message_id": "e-1", "lat": 16.27, "lon": -0.04},
    {"text": "@SUM(A1) -10 goats lost to the drought", "channel": "survey", "message_id": "e-2"},
]


def _seed(service: Service) -> None:
    with service.client("collector") as collector:
        assert collector.post("/intake/batch", json={"voices": VOICES}).json()["stored"] == 2


def test_csv_cells_cannot_become_formulas(service: Service) -> None:
    _seed(service)
    with service.client("analyst") as analyst:
        response = analyst.get("/exports/voices", params={"format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    texts = sorted(r["text"] for r in rows)
    assert texts == sorted("'" + v["text"] for v in VOICES)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_hxl_geojson_and_json_exports(service: Service) -> None:
    _seed(service)
    with service.client("protection_officer") as officer:
        hxl = officer.get("/exports/voices", params={"format": "hxl"})
        geo = officer.get("/exports/voices", params={"format": "geojson"})
        plain = officer.get("/exports/voices", params={"format": "json", "channel": "sms"})
    header, tags = list(csv.reader(io.StringIO(hxl.text)))[:2]
    assert tags[header.index("area_pcode")] == "#adm1+code"
    assert all(tag.startswith("#") for tag in tags)
    collection = geo.json()
    assert collection["type"] == "FeatureCollection"
    points = [f["geometry"] for f in collection["features"] if f["geometry"]]
    assert points == [{"type": "Point", "coordinates": [-0.04, 16.27]}]
    assert [v["channel"] for v in json.loads(plain.text)] == ["sms"]


def test_every_export_is_audited(service: Service) -> None:
    _seed(service)
    with service.client("analyst") as analyst:
        analyst.get("/exports/voices", params={"format": "json", "channel": "sms"})
        analyst.get("/exports/vital-core", params={"format": "csv"})
    entries, total = store.list_audit(service.engine, action="export")
    assert total == 2
    newest, oldest = entries
    assert oldest["subject"] == "voices"
    assert oldest["detail"] == {"format": "json", "rows": 1, "filters": {"channel": "sms"}}
    assert newest["subject"] == "vital-core" and newest["actor"] == "key:test-analyst"
