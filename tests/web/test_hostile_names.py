"""Security review L5: an area whose name holds "javascript:" (or any text that reads
like markup) is shown escaped on every page that draws areas, never a 500. At the HTTP
level, so it holds whatever the pages are rewritten into."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from tests.api.conftest import SECRET
from tests.live_server import served

from vitalcore import privacy, workflow
from vitalcore.api import ApiSettings, create_app
from vitalcore.workflow import accounts

PASSWORD = "a long enough password 3"
HOSTILE = ['Menaka javascript: district', 'Gao on the "river" <b>x</b>',
           "Ansongo <script>alert(1)</script>"]


@pytest.fixture
def hostile_site(engine: Engine, tmp_path: Path) -> str:
    gazetteer = tmp_path / "areas.csv"
    rows = ["pcode,name,country,admin_level,lat,lon"] + [
        f'ML07{i:02d},"{name.replace(chr(34), chr(34) * 2)}",ML,2,{15 + i},{1 + i}'
        for i, name in enumerate(HOSTILE)]
    gazetteer.write_text("\n".join(rows) + "\n", encoding="utf-8")
    workflow.import_areas(engine, gazetteer)
    start = date(2026, 9, 1)
    voices = tmp_path / "voices.ndjson"
    with voices.open("w", encoding="utf-8") as fh:
        for day in range(60):
            for i in range(len(HOSTILE)):
                for n in range(1 + (day > 50) * 6):
                    fh.write(json.dumps({
                        "id": f"{day}-{i}-{n}", "channel": "sms", "source": "gw",
                        "area_pcode": f"ML07{i:02d}", "date": str(start + timedelta(day)),
                        "text": f"armed men attacked the village and burned houses {n}"}) + "\n")
    workflow.ingest(engine, voices)
    workflow.classify_pending(engine)
    accounts.add_user(engine, username="analyst1", password=PASSWORD, role="analyst")
    return ""


def test_pages_that_draw_areas_escape_hostile_names(engine: Engine, hostile_site: str) -> None:
    settings = ApiSettings(database_url="", secret_key=SECRET, web_warm=False).checked()
    app = create_app(settings, engine=engine, privacy_key=privacy.load_key())
    with served(app) as url, httpx.Client(base_url=url, timeout=120) as client:
        signed = client.post("/login", data={"username": "analyst1", "password": PASSWORD,
                                             "next": "/"})
        assert signed.status_code == 303, signed.text
        client.cookies.set("vitalcore_session", signed.cookies["vitalcore_session"])
        for path in ("/map", "/alerts", "/overview", "/testimonies"):
            page = client.get(path)
            assert page.status_code == 200, f"{path}: {page.status_code}"
            assert "<script>alert(1)</script>" not in page.text
            assert "<b>x</b>" not in page.text
        shown = client.get("/map").text + client.get("/alerts").text
    assert "Menaka javascript: district" in shown  # shown, as text
