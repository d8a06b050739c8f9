"""The map's drawing on a small geography: spread hops are arrows, a hop across a
country border is marked apart; areas are links; names are escaped."""

from __future__ import annotations

import re
from datetime import date

from vitalcore.i18n import Locale
from vitalcore.web.mapdraw import draw_map
from vitalcore.workflow import MapLayers

SQUARE = [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]]


def _layers() -> MapLayers:
    areas = {
        "AA01": {"name": "Alpha", "country": "AA", "level": 1, "lon": 0.5, "lat": 0.5,
                 "names": {"ar": "ألفا"}},
        "AA02": {"name": "Beta <b>", "country": "AA", "level": 2, "lon": 1.5, "lat": 0.5},
        "BB01": {"name": "Gamma", "country": "BB", "level": 1, "lon": 2.5, "lat": 0.5},
    }
    return MapLayers(
        countries=[{"name": "Mali", "polygons": [[[[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]]]],
                    "label": (1.0, 0.5)}],
        shapes={"AA01": {"polygons": SQUARE, "level": 1, "origin": "basemap"}},
        context=[], areas=areas, source={},
    )


def _row(pcode: str, value: float, highlight: bool = False) -> dict:
    return {"pcode": pcode, "name": pcode, "value": value, "label": "Food security",
            "voices": 9, "highlight": highlight}


def test_hops_are_arrows_and_a_border_crossing_is_marked() -> None:
    path = {"dimension": "food", "steps": [
        {"area_pcode": p, "first_signal": date(2026, 1, d)}
        for p, d in (("AA01", 1), ("AA02", 3), ("BB01", 5), ("ZZ99", 6))]}
    svg = str(draw_map(_layers(), [_row("AA01", 0.4, True), _row("BB01", 0.2)], [path],
                       loc=Locale("en", "web"), link=lambda p: f"/overview?area={p}"))
    hops = re.findall(r'<line class="hop( crossing)?" data-from="(\w+)" data-to="(\w+)"'
                      r'[^>]*marker-end="url\(#(\w+)\)"', svg)
    # The step to an area with no known place is left out; the others are drawn.
    assert hops == [("", "AA01", "AA02", "hop"), (" crossing", "AA02", "BB01", "crossing")]
    assert '<marker id="crossing"' in svg and '<marker id="hop"' in svg
    # A shaped area is a filled path, outlined for its open alert; the others circles.
    assert re.search(r'<a href="/overview\?area=AA01" class="area-link" data-pcode="AA01">'
                     r'<title>AA01: Food security, score 0.40, 9 voices</title><path class='
                     r'"area level-1 alerted"', svg)
    assert re.search(r'<circle class="symbol" data-pcode="BB01"', svg)
    # Names are escaped; the country is named where it lies.
    assert "Beta &lt;b&gt;" in svg and "<b>" not in svg
    assert re.search(r'<text class="country"[^>]*>Mali</text>', svg)


def test_names_follow_the_language() -> None:
    svg = str(draw_map(_layers(), [], [], loc=Locale("fr", "web"), link=str))
    assert ">no ranking<" not in svg and "pas de classement" in svg
    arabic = str(draw_map(_layers(), [], [], loc=Locale("ar", "web"), link=str))
    assert re.search(r'<text class="country"[^>]*>مالي</text>', arabic)
    assert re.search(r'<text class="major"[^>]*>ألفا</text>', arabic)  # its Arabic name
    assert re.search(r'<text class="major"[^>]*>Gamma</text>', arabic)  # none: as named
