"""The Tiers page in Debian's chromium: the three tiers side by side per top threat, in
English and in French, with the mission of the stored mandate and the law of the stored
situation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

pytest.importorskip("playwright", reason="pip install -e '.[dev]' for the browser tests")
from playwright.sync_api import sync_playwright  # noqa: E402
from tests.web.conftest import Site, chromium_path  # noqa: E402
from tests.web.test_browser import ARGS, SHOTS, open_page  # noqa: E402

from vitalcore import workflow  # noqa: E402


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_playwright() as play:
        launched = play.chromium.launch(executable_path=chromium_path(), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def mali(site: Site) -> str:
    """The demo's situation, as `vitalcore demo` records it; the mission's name."""
    workflow.set_situation_once(site.engine, country="ML", conflict="non_international",
                                since=date(2012, 1, 17))
    mandate = workflow.current_mandate(site.engine)
    assert mandate and mandate["mission"]
    return mandate["mission"]


def _cells(page, css: str) -> list[str]:  # noqa: ANN001 - playwright's Page
    return [t.strip() for t in page.locator(css).all_inner_texts()]


def test_three_tiers_side_by_side_in_english_and_french(browser, site: Site,  # noqa: ANN001
                                                          mali: str) -> None:
    w = open_page(browser, site, "analyst")
    answer = w.page.goto("/tiers?top=3&lang=en")
    assert answer is not None and answer.status == 200
    tables = w.page.locator("table.tiers")
    assert tables.count() > 0
    first = tables.first
    headers = [h.strip() for h in first.locator("thead th").all_inner_texts()]
    assert headers == ["State", "International actors", "Community"]
    # Each tier its own expected conduct, side by side in one row.
    expected = [t.strip() for t in first.locator("td.expected").all_inner_texts()]
    assert len(expected) == 3 and len(set(expected)) == 3
    international = _cells(w.page, "td.tier-international.expected")
    assert international and all(mali in text for text in international)
    bases = " ".join(_cells(w.page, "td.tier-state.basis"))
    assert "Common Article 3" in bases  # the situation (Mali, non-international) is read
    assert "non-international armed conflict since" in w.page.locator(".tiers-context").inner_text()
    w.page.screenshot(path=str(SHOTS / "tiers.png"))
    english_state = _cells(w.page, "td.tier-state.expected")

    w.page.goto("/tiers?top=3&lang=fr")
    first = w.page.locator("table.tiers").first
    headers = [h.strip() for h in first.locator("thead th").all_inner_texts()]
    assert headers == ["État", "Acteurs internationaux", "Communauté"]
    french_state = _cells(w.page, "td.tier-state.expected")
    assert french_state and not set(french_state) & set(english_state)
    assert all(" la " in t or " le " in t or " les " in t or " l'" in t for t in french_state)
    international = _cells(w.page, "td.tier-international.expected")
    assert all(mali in t for t in international)
    assert "article 3 commun" in " ".join(_cells(w.page, "td.tier-state.basis"))
    assert "Conduite attendue" in w.page.locator("table.tiers").first.inner_text()

    # The area filter keeps that area's threats only.
    area = w.page.locator("table.tiers").first.get_attribute("id").split("-")[1]
    w.page.goto(f"/tiers?area={area}&lang=en")
    ids = [t.get_attribute("id") for t in w.page.locator("table.tiers").all()]
    assert ids and all(i.startswith(f"tiers-{area}") for i in ids)
    assert w.errors == [] and w.offsite == []
