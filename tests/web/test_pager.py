"""The pager macro every paginated list uses (voices, alerts)."""

from vitalcore.i18n import Locale
from vitalcore.web.render import environment


def _pager(number: int, pages: int, lang: str = "en") -> str:
    template = environment().from_string(
        '{% from "_macros.html" import pager with context %}{{ pager(number, pages, link) }}')
    return template.render(number=number, pages=pages, loc=Locale(lang, "web"),
                           link=lambda n: f"/testimonies?page={n}")


def test_middle_page_links_both_ways() -> None:
    html = _pager(2, 3)
    assert 'href="/testimonies?page=1" rel="prev"' in html
    assert 'href="/testimonies?page=3" rel="next"' in html
    assert "2" in html and "3" in html


def test_first_and_last_pages_link_one_way_and_one_page_shows_none() -> None:
    assert 'rel="prev"' not in _pager(1, 3) and 'rel="next"' in _pager(1, 3)
    assert 'rel="next"' not in _pager(3, 3) and 'rel="prev"' in _pager(3, 3)
    assert "<nav" not in _pager(1, 1)
