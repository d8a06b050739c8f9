"""The dashboard over plain HTTP: headers, sign-in, roles, CSRF and escaping."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from tests.web.conftest import HOSTILE_ID, PASSWORD, Site

from vitalcore import store

ANALYST_PAGES = ["/overview", "/map", "/alerts", "/chains", "/groups", "/rumours",
                 "/mandate", "/testimonies", "/interventions"]


@contextmanager
def signed_in(site: Site, role: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=site.url, timeout=120) as client:
        answer = client.post("/login", data={"username": site.users[role],
                                             "password": PASSWORD, "next": "/"})
        assert answer.status_code == 303, answer.text
        cookie = answer.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        yield client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def test_pages_carry_their_own_strict_csp(site: Site) -> None:
    with signed_in(site, "analyst") as client:
        for path in ("/login", "/community", "/interventions"):
            answer = client.get(path)
            assert answer.status_code == 200
            csp = answer.headers["content-security-policy"]
            assert "script-src 'self'" in csp and "default-src 'none'" in csp
            assert "unsafe" not in csp
            assert answer.headers["cache-control"] == "no-store"
    assert httpx.get(f"{site.url}/static/htmx.min.js").status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in_with_the_page_kept(site: Site) -> None:
    answer = httpx.get(f"{site.url}/testimonies?area=ML0701")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Ftestimonies%3Farea%3DML0701"


@pytest.mark.parametrize("role", ["public", "collector", "admin"])
def test_roles_without_access_to_testimonies_get_a_403_page(site: Site, role: str) -> None:
    with signed_in(site, role) as client:
        for path in ANALYST_PAGES:
            answer = client.get(path)
            assert answer.status_code == 403, path
            assert "only analysts and protection officers" in answer.text
        assert client.get("/community").status_code == 200


def test_a_post_without_the_csrf_token_is_refused_and_stores_nothing(site: Site) -> None:
    before = len(store.list_corrections(site.engine))
    with signed_in(site, "analyst") as client:
        answer = client.post(f"/testimonies/{HOSTILE_ID}/labels", data={"add": "food"})
        assert answer.status_code == 403
        forged = client.post(f"/testimonies/{HOSTILE_ID}/labels",
                             data={"add": "food", "csrf": "0" * 32})
        assert forged.status_code == 403
    assert len(store.list_corrections(site.engine)) == before


def test_a_voice_with_markup_is_escaped(site: Site) -> None:
    with signed_in(site, "analyst") as client:
        html = client.get("/testimonies", params={"q": "burned the market"}).text
    assert "&lt;script&gt;alert(" in html
    assert '<script>alert("owned")' not in html


def test_an_unknown_filter_value_is_a_400_naming_it(site: Site) -> None:
    with signed_in(site, "analyst") as client:
        answer = client.get("/map", params={"dimension": "weather"})
    assert answer.status_code == 400
    assert "&#39;weather&#39;" in answer.text and "&#39;dimension&#39;" in answer.text


def test_sign_in_never_redirects_off_the_site_and_sign_out_ends_the_token(site: Site) -> None:
    with httpx.Client(base_url=site.url, timeout=60) as client:
        answer = client.post("/login", data={"username": site.users["analyst"],
                                             "password": PASSWORD, "next": "//evil.example/x"})
        assert answer.headers["location"] == "/"
        token = client.cookies["vitalcore_session"]
        page = client.get("/interventions")
        assert page.status_code == 200
        client.post("/logout", data={"csrf": csrf_of(page.text)})
    reused = httpx.get(f"{site.url}/interventions", cookies={"vitalcore_session": token})
    assert reused.status_code == 303  # the token no longer signs anyone in


def test_wrong_password_is_a_401_page(site: Site) -> None:
    answer = httpx.post(f"{site.url}/login", data={"username": site.users["analyst"],
                                                   "password": "not it at all"})
    assert answer.status_code == 401
    assert "Wrong user name or password" in answer.text


def test_recording_an_action_shows_its_measured_effect(site: Site) -> None:
    with signed_in(site, "protection_officer") as client:
        token = csrf_of(client.get("/interventions").text)
        answer = client.post("/interventions", data={
            "csrf": token, "area": "ML0701", "dimension": "health", "kind": "health_campaign",
            "start": "2026-06-01", "description": "Vaccination days at the health centre",
        })
        assert answer.status_code == 303
        effect = client.get(answer.headers["location"])
        bad = client.post("/interventions", data={"csrf": token, "area": "ML0701",
                                            "dimension": "health", "kind": "juggling",
                                            "start": "2026-06-01"})
    assert effect.status_code == 200 and "Difference in differences" in effect.text
    assert bad.status_code == 400 and "juggling" in bad.text
    recorded = [a for a in store.list_actions(site.engine, area="ML0701")
                if a.description == "Vaccination days at the health centre"]
    assert recorded and recorded[0].recorded_by == site.users["protection_officer"]


def test_the_map_is_drawn_once_per_filter_and_language(site: Site) -> None:
    drawings, warmer = site.app.state.web_drawings, site.app.state.web_warmer
    # The warm-up draws each single filter value in each language; wait until it is
    # done (so it draws nothing meanwhile) and ask for a dimension and a group at once,
    # which it does not draw.
    deadline = time.monotonic() + 300
    while warmer.warmed is None or warmer.warmed[0] != store.analysis_version(site.engine):
        assert time.monotonic() < deadline, "the warm-up did not finish in 5 minutes"
        time.sleep(0.5)
    both = {"dimension": "health", "group": "women"}
    with signed_in(site, "analyst") as client:
        drawn = drawings.misses
        first = client.get("/map", params=both).text
        assert drawings.misses == drawn + 1
        again = client.get("/map", params=both).text
        assert drawings.misses == drawn + 1 and again == first
        client.get("/map", params={**both, "lang": "fr"})
        assert drawings.misses == drawn + 2


def _svg(html: str) -> str:
    svg = html[html.index('<svg xmlns="http://www.w3.org/2000/svg" viewBox'):]
    return svg[: svg.index("</svg>")]


def test_the_map_has_countries_areas_labels_links_and_a_legend(site: Site) -> None:
    with signed_in(site, "analyst") as client:
        html = client.get("/map").text
        fr = client.get("/map", params={"lang": "fr"}).text
    svg = _svg(html)
    assert 'class="basemap"' in svg and "<script" not in svg
    # Country borders with their names, as titles and as labels on the map.
    for country in ("Mali", "Niger", "Burkina Faso"):
        assert f"<title>{country}</title>" in svg
        assert re.search(rf'<text class="country"[^>]*>{country}</text>', svg)
    # Areas of the gazetteer drawn from the base map with their P-codes, each a link to
    # its vital core: Mali's and Niger's regions, Burkina Faso's provinces and regions.
    drawn = set(re.findall(r'<path class="area level-\d[^"]*" data-pcode="(\w+)"', svg))
    assert {"ML05", "ML06", "ML07", "NE02", "NE03", "BF5601", "BF56"} <= drawn
    assert '<a href="/overview?area=ML07" class="area-link"' in svg
    assert re.search(r'<text class="major"[^>]*>Gao</text>', svg)
    assert re.search(r'<text class="minor"[^>]*>Ansongo</text>', svg)
    # Areas with no shape (Mali's districts) are circles; the legend names each mark.
    assert re.search(r'<circle class="symbol" data-pcode="ML0701"', svg)
    for words in ("open alert", "spread across border", "country border"):
        assert f">{words}</text>" in svg
    assert "Burkina Faso" in fr and "frontière" in fr


def test_imported_boundaries_replace_the_base_map_shapes(site: Site) -> None:
    from pathlib import Path

    from vitalcore import workflow

    fixture = Path(__file__).parents[1] / "data" / "boundaries.geojson"
    with signed_in(site, "analyst") as client:
        before = _svg(client.get("/map").text)
        assert 'data-pcode="ML0701" d="M' not in before
        workflow.import_boundaries(site.engine, fixture)
        try:
            svg = _svg(client.get("/map").text)
        finally:  # the store is the session's: leave the base map to the other tests
            store.delete_boundaries(site.engine)
        # The kept drawing follows the boundaries both ways.
        assert 'data-pcode="ML0701" d="M' not in _svg(client.get("/map").text)
    drawn = set(re.findall(r'<path class="area level-2[^"]*" data-pcode="(\w+)" d="M', svg))
    assert {"ML0601", "ML0602", "ML0603", "ML0604", "ML0605", "ML0701", "ML0702",
            "ML0703"} <= drawn
    # ML0703 is a MultiPolygon: two rings in one path.
    ml0703 = re.search(r'data-pcode="ML0703" d="([^"]+)"', svg).group(1)
    assert ml0703.count("M") == 2
    # An area with an imported shape is no longer a circle.
    circles = set(re.findall(r'<circle class="symbol" data-pcode="(\w+)"', svg))
    assert circles and not circles & drawn
    assert re.search(r'data-pcode="ML0701" d="[^"]+" fill="#(?:deebf7|9ecae1|6baed6|3182bd|'
                     r'08519c)"', svg)
