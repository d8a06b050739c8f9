"""The testimonies page shows how the model read each voice (severity, threat types,
evidence) and the analyst corrects a threat type there; the correction is what
training reads."""

from __future__ import annotations

import re

from tests.web.conftest import HOSTILE_ID, Site
from tests.web.test_http import csrf_of, signed_in

from vitalcore import store, workflow


def test_each_voice_shows_its_severity_threat_types_and_evidence(site: Site) -> None:
    reading = store.latest_readings(site.engine, [HOSTILE_ID])[HOSTILE_ID]
    with signed_in(site, "analyst") as client:
        html = client.get("/testimonies", params={"q": "burned the market"}).text
    card = html[html.index(f'id="voice-{HOSTILE_ID}"'):]
    card = card[: card.index("</article>")]
    assert f"Severity</dt><dd><span class=\"severity severity-{reading['severity']}\"" in card
    assert f"{reading['severity']} of 5" in card
    # Every evidence term the model kept is quoted, under its label.
    assert reading["evidence"], "the hostile voice names an attack: the model found words"
    for item in reading["evidence"]:
        for term in item["terms"]:
            assert "<q lang=" in card and f">{term}</q>" in card
    for threat in reading["threat_types"]:
        assert threat.replace("_", " ") in card
    with signed_in(site, "analyst") as client:
        fr = client.get("/testimonies", params={"q": "burned the market", "lang": "fr"}).text
    assert "Gravité" in fr and "Indices" in fr


def test_a_threat_type_corrected_on_the_page_goes_to_training(site: Site) -> None:
    with signed_in(site, "analyst") as client:
        html = client.get("/testimonies", params={"q": "burned the market"}).text
        answer = client.post(f"/testimonies/{HOSTILE_ID}/labels", data={
            "csrf": csrf_of(html), "add": "extortion", "back": "/testimonies"})
        assert answer.status_code == 303
    corpus = workflow.classification.corrections_corpus(site.engine)
    rows = [i for i, key in enumerate(corpus.ids) if key.endswith(HOSTILE_ID)]
    assert rows and corpus.targets[rows[0]].get("threat:extortion") == 1
    assert re.search(r"extortion", str(store.voice_corrections(site.engine, HOSTILE_ID)))


def test_a_severity_corrected_on_the_page_is_kept_shown_and_not_trained_on(
        site: Site) -> None:
    with signed_in(site, "analyst") as client:
        html = client.get("/testimonies", params={"q": "burned the market"}).text
        token = csrf_of(html)
        assert client.post(f"/testimonies/{HOSTILE_ID}/severity", data={
            "csrf": token, "severity": "9"}).status_code == 400
        assert client.post(f"/testimonies/{HOSTILE_ID}/severity", data={
            "severity": "2"}).status_code == 403
        answer = client.post(f"/testimonies/{HOSTILE_ID}/severity", data={
            "csrf": token, "severity": "2", "back": "/testimonies?q=burned+the+market"})
        assert answer.status_code == 303
        shown = client.get(answer.headers["location"]).text
    assert "corrected to 2 by analyst-user" in shown
    assert store.severity_corrections(site.engine, [HOSTILE_ID])[HOSTILE_ID] == {
        "severity": 2, "analyst": "analyst-user"}
    corpus = workflow.classification.corrections_corpus(site.engine)
    assert not any(k.startswith("severity:") for t in corpus.targets for k in t)
