"""End to end in Debian's chromium, driven by Playwright, against the live demo site.

Every request that is not to the test server is aborted and recorded, so a page that
needed the internet (a CDN, map tiles, fonts) fails. Screenshots of each page at
1366x768 go to docs/screenshots/ (docs/user-guide.md shows them).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytest.importorskip("playwright", reason="pip install -e '.[dev]' for the browser tests")
from playwright.sync_api import expect, sync_playwright  # noqa: E402
from tests.web.conftest import HOSTILE_TEXT, PASSWORD, Site, chromium_path  # noqa: E402

from vitalcore import store  # noqa: E402

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
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
    public.page.goto("/community?area=ML0502&lang=fr")
    public.page.screenshot(path=str(SHOTS / "community.png"))
    public.page.goto("/login")
    public.page.screenshot(path=str(SHOTS / "login.png"))
    assert w.errors == [] and public.errors == []
    assert w.offsite == [] and public.offsite == []


def test_the_map_draws_without_any_network(browser, site: Site) -> None:  # noqa: ANN001
    w = open_page(browser, site, "analyst")
    w.page.goto("/map")
    # Vega draws the data's circles in g.mark-symbol.role-mark (legends have their own).
    symbols = w.page.locator("figure.chart svg g.mark-symbol.role-mark > path")
    assert symbols.count() > 10  # one symbol per located area
    assert w.page.locator("#map-table tbody tr").count() == symbols.count()
    assert w.offsite == [] and w.errors == []


def test_the_choropleth_draws_without_any_network(browser, site: Site) -> None:  # noqa: ANN001
    from vitalcore import workflow

    workflow.import_boundaries(site.engine, Path(__file__).parents[1] / "data"
                               / "boundaries.geojson")
    try:
        w = open_page(browser, site, "analyst")
        w.page.goto("/map")
        areas = w.page.locator("figure.chart svg.choropleth path.area")
        assert areas.count() == 8
        assert areas.first.bounding_box()["width"] > 5  # drawn, not collapsed
        w.page.screenshot(path=str(SHOTS / "map-choropleth.png"))
        assert w.offsite == [] and w.errors == []
    finally:  # the session's store: the other tests expect the symbol map
        store.delete_boundaries(site.engine)


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
