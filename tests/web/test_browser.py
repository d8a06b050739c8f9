"""End to end in Debian's chromium, driven by Playwright, against the live demo site.

Every request that is not to the test server is aborted and recorded, so a page that
needed the internet (a CDN, map tiles, fonts) fails. Screenshots of each page at
1366x768 go to a temporary folder, so a test run leaves the checkout as it was;
`make screenshots` writes them to docs/screenshots/ (docs/user-guide.md shows them)
by setting VITALCORE_SCREENSHOTS.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytest.importorskip("playwright", reason="pip install -e '.[dev]' for the browser tests")
from playwright.sync_api import expect, sync_playwright  # noqa: E402
from tests.web.conftest import HOSTILE_TEXT, PASSWORD, Site, chromium_path  # noqa: E402

from vitalcore import store  # noqa: E402

SHOTS = Path(os.environ.get("VITALCORE_SCREENSHOTS")
             or Path(tempfile.gettempdir()) / "vitalcore-screenshots")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = [("overview", "/overview"), ("map", "/map"), ("alerts", "/alerts"),
         ("chains", "/chains"), ("tiers", "/tiers"), ("groups", "/groups"),
         ("rumours", "/rumours?show=all"),
         ("mandate", "/mandate"), ("voices", "/testimonies"), ("actions", "/interventions"),
         ("action-effect", "/interventions/ACT-001")]


class Watched:
    """A page whose console errors, script errors and off-site requests are recorded."""

    def __init__(self, page, site: Site) -> None:  # noqa: ANN001 - playwright's Page
        self.page, self.errors, self.offsite, self.dialogs = page, [], [], []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.route("**/*", self._route)

    def _route(self, route) -> None:  # noqa: ANN001
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.offsite.append(route.request.url)
            route.abort()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    path = chromium_path()

    with sync_playwright() as play:
        launched = play.chromium.launch(executable_path=path, args=ARGS)
        yield launched
        launched.close()


def open_page(browser, site: Site, role: str | None) -> Watched:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1366, "height": 768},
                                  base_url=site.url, locale="en-GB")
    context.set_default_timeout(120_000)
    watched = Watched(context.new_page(), site)
    if role:
        watched.page.goto("/login")
        watched.page.get_by_label("User name").fill(site.users[role])
        watched.page.get_by_label("Password").fill(PASSWORD)
        watched.page.get_by_role("button", name="Sign in").click()
        watched.page.wait_for_load_state()
    return watched


def test_every_page_loads_offline_with_no_console_errors(browser, site: Site) -> None:  # noqa: ANN001
    SHOTS.mkdir(parents=True, exist_ok=True)
    w = open_page(browser, site, "analyst")
    for name, path in PAGES:
        answer = w.page.goto(path)
        assert answer is not None and answer.status == 200, path
        assert w.page.locator("main h1").count() == 1
        w.page.screenshot(path=str(SHOTS / f"{name}.png"))
    w.page.goto("/overview?lang=fr")
    assert w.page.locator("main h1").inner_text() == "Vue d'ensemble"
    w.page.screenshot(path=str(SHOTS / "overview-fr.png"))
    w.page.goto("/overview?lang=en")
    public = open_page(browser, site, None)
    public.page.goto("/login")
    public.page.screenshot(path=str(SHOTS / "login.png"))
    assert w.errors == [] and public.errors == []
    assert w.offsite == [] and public.offsite == []


def test_the_map_draws_without_any_network(browser, site: Site) -> None:  # noqa: ANN001
    w = open_page(browser, site, "analyst")
    w.page.goto("/map")
    svg = w.page.locator("figure.map svg.basemap")
    for country in ("Mali", "Niger", "Burkina Faso"):
        label = svg.locator("text.country", has_text=re.compile(f"^{country}$"))
        assert label.count() == 1 and label.first.is_visible(), country
    areas = svg.locator("path.area")
    assert areas.count() > 20 and areas.first.bounding_box()["width"] > 3
    # Every row of the table is on the map, as a shape or a circle.
    drawn = set(svg.locator("a.area-link").evaluate_all(
        "links => links.map(a => a.dataset.pcode)"))
    listed = w.page.locator("#map-table tbody th .code").all_inner_texts()
    assert listed and set(listed) <= drawn
    assert w.offsite == [] and w.errors == []


def _transform(w: Watched) -> str:
    return w.page.locator("svg.basemap g.viewport").get_attribute("transform")


def test_the_map_pans_and_zooms(browser, site: Site) -> None:  # noqa: ANN001
    w = open_page(browser, site, "analyst")
    w.page.goto("/map")
    svg = w.page.locator("svg.basemap")
    assert _transform(w) == "translate(0.0 0.0) scale(1.000)"
    minor = svg.locator("text.minor").first
    assert not minor.is_visible()  # district names wait until zoomed in
    w.page.get_by_role("button", name="Zoom in").click()
    w.page.get_by_role("button", name="Zoom in").click()
    w.page.get_by_role("button", name="Zoom in").click()
    assert _transform(w).endswith("scale(3.375)")
    assert minor.is_visible()
    # The wheel zooms around the pointer; a drag moves the map.
    box = svg.bounding_box()
    w.page.mouse.move(box["x"] + 200, box["y"] + 200)
    w.page.mouse.wheel(0, -300)
    zoomed = _transform(w)
    assert zoomed != "translate(0.0 0.0) scale(3.375)" and not zoomed.endswith("scale(3.375)")
    w.page.mouse.down()
    w.page.mouse.move(box["x"] + 320, box["y"] + 260, steps=5)
    w.page.mouse.up()
    assert _transform(w) != zoomed and _transform(w).endswith(zoomed.split(" ", 2)[2])
    assert urlparse(w.page.url).path == "/map"  # a drag over an area is not a click
    w.page.get_by_role("button", name="Whole map").click()
    assert _transform(w) == "translate(0.0 0.0) scale(1.000)"
    w.page.screenshot(path=str(SHOTS / "map.png"))
    assert w.errors == []


def test_clicking_an_area_opens_its_vital_core(browser, site: Site) -> None:  # noqa: ANN001
    w = open_page(browser, site, "analyst")
    w.page.goto("/map")
    w.page.locator('svg.basemap a.area-link[data-pcode="BF5601"] path').click()
    w.page.wait_for_url("**/overview?area=BF5601**")
    assert "Oudalan" in w.page.locator("#core-table caption").inner_text()
    assert w.errors == []


def test_imported_boundaries_draw_without_any_network(browser, site: Site) -> None:  # noqa: ANN001
    from vitalcore import workflow

    workflow.import_boundaries(site.engine, Path(__file__).parents[1] / "data"
                               / "boundaries.geojson")
    try:
        w = open_page(browser, site, "analyst")
        w.page.goto("/map")
        districts = w.page.locator('svg.basemap path.area.level-2[data-pcode^="ML0"]')
        assert districts.count() == 8
        assert districts.first.bounding_box()["width"] > 3  # drawn, not collapsed
        w.page.screenshot(path=str(SHOTS / "map-choropleth.png"))
        assert w.offsite == [] and w.errors == []
    finally:  # the session's store: the other tests expect the base map alone
        store.delete_boundaries(site.engine)


def test_arabic_pages_read_right_to_left(browser, site: Site) -> None:  # noqa: ANN001
    public = open_page(browser, site, None)
    public.page.goto("/community?area=ML0502&lang=ar")
    page = public.page
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    assert page.locator("main h1").inner_text() == "ما سمعناه، وما يجري فعله"
    # The header starts on the right: the brand is right of the menu, text aligns right.
    brand, menu = page.locator(".brand").bounding_box(), page.locator(".top > nav").bounding_box()
    assert brand["x"] > menu["x"]
    heading = page.locator("#heard-h").bounding_box()
    assert heading["x"] + heading["width"] > 1366 / 2
    # The whole page: the answer form, right to left too, is below the first screen.
    assert page.evaluate(
        "getComputedStyle(document.querySelector('form#answer-form')).direction") == "rtl"
    page.screenshot(path=str(SHOTS / "community-ar.png"), full_page=True)
    # The language stays with the visitor (cookie) until another is chosen.
    page.goto("/community")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("dir") == "ltr"
    w = open_page(browser, site, "analyst")
    w.page.goto("/map?lang=ar")
    assert w.page.locator("svg.basemap text.country", has_text="مالي").count() == 1
    w.page.screenshot(path=str(SHOTS / "map-ar.png"))
    assert public.errors == [] and w.errors == [] and public.offsite == []


def _weights(w: Watched) -> dict[str, float]:
    cells = w.page.locator("td.community-weight")
    return {c.get_attribute("data-dimension"): float(c.inner_text())
            for c in cells.all()}


def test_a_community_answer_reaches_the_analyst_and_the_ranking(browser, site: Site) -> None:  # noqa: ANN001
    area = "ML0503"
    analyst = open_page(browser, site, "analyst")
    analyst.page.goto(f"/overview?area={area}")
    before = _weights(analyst)
    lowest = min(before, key=before.get)
    public = open_page(browser, site, None)
    public.page.goto(f"/community?area={area}")
    form = public.page.locator("form#answer-form")
    form.get_by_label("No, it does not match").check()
    form.get_by_label("Place 1").select_option(lowest)
    form.get_by_label("Place 2").select_option("")
    form.get_by_label("Place 3").select_option("")
    form.get_by_label("What is missing?").fill("The well at the market has been dry for weeks")
    form.get_by_label("I agree that my answer is kept").check()
    public.page.screenshot(path=str(SHOTS / "community.png"))
    form.get_by_role("button", name="Send my answer").click()
    public.page.wait_for_url("**thanks=1**")
    assert "Thank you" in public.page.locator("main").inner_text()
    analyst.page.goto(f"/overview?area={area}")
    feedback = analyst.page.locator("section[aria-labelledby=feedback-h]").inner_text()
    assert "The well at the market has been dry for weeks" in feedback
    after = _weights(analyst)
    assert after[lowest] > before[lowest]
    analyst.page.screenshot(path=str(SHOTS / "overview-feedback.png"), full_page=True)
    assert public.errors == [] and analyst.errors == [] and public.offsite == []


def test_filters_change_what_is_shown(browser, site: Site) -> None:  # noqa: ANN001
    w = open_page(browser, site, "analyst")
    w.page.goto("/testimonies")
    everyone = w.page.locator("#voices-count").inner_text()
    w.page.get_by_label("Dimension").select_option("food")
    w.page.get_by_role("button", name="Show").click()
    w.page.wait_for_url("**dimension=food**")
    expect(w.page.locator("#voices-count")).not_to_have_text(everyone)
    labels = w.page.locator("article.voice .labels").all_inner_texts()
    assert labels and all("Food security" in text for text in labels)

    w.page.goto("/map")
    everywhere = w.page.locator("#map-table tbody").inner_text()
    w.page.goto("/map?dimension=political")
    assert w.page.locator("#map-table tbody").inner_text() != everywhere
    assert set(w.page.locator("#map-table tbody td:nth-child(2)").all_inner_texts()) == {
        "Political security"}
    assert w.errors == []


def test_a_label_correction_is_saved_under_the_analysts_name(browser, site: Site) -> None:  # noqa: ANN001
    w = open_page(browser, site, "analyst")
    w.page.goto("/testimonies?channel=sms")
    first = w.page.locator("article.voice").first
    voice_id = first.get_attribute("id").removeprefix("voice-")
    first.get_by_label("Add label").select_option("displaced")
    first.get_by_role("button", name="Save correction").click()
    w.page.wait_for_url("**saved=1**")
    assert "1 correction(s) saved." in w.page.locator("main").inner_text()
    saved = [c for c in store.voice_corrections(site.engine, voice_id)
             if c["label"] == "displaced"]
    assert saved and saved[0]["value"] is True and saved[0]["analyst"] == "analyst-user"
    assert w.errors == []


def test_a_voice_with_a_script_tag_shows_as_text(browser, site: Site) -> None:  # noqa: ANN001
    w = open_page(browser, site, "analyst")
    w.page.goto("/testimonies?q=burned+the+market")
    assert w.page.locator("article.voice .text").first.inner_text() == HOSTILE_TEXT
    assert w.page.locator("main script").count() == 0
    assert w.dialogs == [] and w.errors == []


def test_a_public_user_cannot_reach_analyst_pages(browser, site: Site) -> None:  # noqa: ANN001
    w = open_page(browser, site, "public")
    assert w.page.locator("nav a", has_text="Voices").count() == 0
    for _, path in PAGES:
        answer = w.page.goto(path)
        assert answer is not None and answer.status == 403, path
    w.page.goto("/community?area=ML0502")
    assert "What we heard in" in w.page.locator("main").inner_text()
    signed_out = open_page(browser, site, None)
    signed_out.page.goto("/testimonies")
    assert urlparse(signed_out.page.url).path == "/login"


def test_pages_are_usable_by_keyboard(browser, site: Site) -> None:  # noqa: ANN001
    w = open_page(browser, site, "analyst")
    w.page.goto("/chains")
    w.page.keyboard.press("Tab")
    assert w.page.evaluate("document.activeElement.textContent") == "Skip to content"
    nodes = w.page.locator("svg.graph a.node")
    assert nodes.count() >= 7
    nodes.first.focus()
    w.page.keyboard.press("Enter")
    w.page.wait_for_url("**label=**")
    assert w.page.locator("svg.graph a.node.focus").count() == 1


FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  return {tag: el.tagName, text: (el.textContent || el.value || '').trim().slice(0, 40),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
          shadow: s.boxShadow !== 'none',
          visible: el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0};
}"""
UNLABELLED = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby'))
  .map(el => el.name || el.id || el.outerHTML.slice(0, 60))"""


@pytest.mark.parametrize("path", ["/overview", "/testimonies", "/interventions"])
def test_tabbing_through_a_page_always_shows_where_focus_is(browser, site: Site,  # noqa: ANN001
                                                            path: str) -> None:
    w = open_page(browser, site, "analyst")
    w.page.goto(path)
    seen = []
    for _ in range(30):
        w.page.keyboard.press("Tab")
        state = w.page.evaluate(FOCUS_STYLE)
        if state["tag"] == "BODY":
            break
        seen.append(state)
        assert state["visible"], f"focus went to an invisible element: {state}"
        assert state["outline"] and state["shadow"], f"no visible focus ring on {state}"
    # The skip link comes first, then the menu; the walk reaches the page's own controls.
    assert seen[0]["text"] == "Skip to content"
    assert len({(s["tag"], s["text"]) for s in seen}) >= 12
    assert w.page.evaluate(UNLABELLED) == []


def test_the_skip_link_moves_focus_to_the_content(browser, site: Site) -> None:  # noqa: ANN001
    w = open_page(browser, site, "analyst")
    w.page.goto("/overview")
    w.page.keyboard.press("Tab")
    w.page.keyboard.press("Enter")
    assert w.page.evaluate("document.activeElement.id") == "main"
    w.page.keyboard.press("Tab")
    # The next stop is inside the content, past the whole menu.
    inside = w.page.evaluate("document.getElementById('main').contains(document.activeElement)")
    assert inside
