"""Places: names in text (exact and fuzzy), disambiguation, coordinates first."""

import pytest

from vitalcore.classify.gazetteer import PlaceMatcher
from vitalcore.classify.text import clean
from vitalcore.domain import Area


@pytest.fixture
def places() -> PlaceMatcher:
    return PlaceMatcher([
        Area(pcode="HT01", name="Ouest", country="HT", admin_level=1, lat=18.5, lon=-72.3),
        Area(pcode="HT0111", name="Carrefour", country="HT", admin_level=2,
             parent_pcode="HT01", alt_names=("Kafou",), lat=18.53, lon=-72.4),
        Area(pcode="HT0131", name="Léogâne", country="HT", admin_level=2,
             parent_pcode="HT01", alt_names=("Leyogàn",), lat=18.51, lon=-72.63),
        Area(pcode="FR75", name="Carrefour", country="FR", admin_level=2, lat=48.8, lon=2.3),
    ], country="HT")


def _find(places: PlaceMatcher, text: str) -> str | None:
    return places.find_batch([f" {clean(text)} "])[0]


def test_names_and_alternate_names_are_found_in_text(places: PlaceMatcher) -> None:
    assert _find(places, "Nou bezwen manje nan Kafou") == "HT0111"
    assert _find(places, "no food in LEOGANE since tuesday") == "HT0131"
    assert _find(places, "we are fine") is None


def test_misspelt_names_are_matched_fuzzily(places: PlaceMatcher) -> None:
    assert _find(places, "pa gen dlo nan Leoganne") == "HT0131"


def test_a_shared_name_is_resolved_by_country_and_parent(places: PlaceMatcher) -> None:
    assert _find(places, "hungry in Carrefour") == "HT0111"  # the deployment's country
    assert _find(places, "Carrefour, Ouest: no water") == "HT0111"


def test_coordinates_win_over_names(places: PlaceMatcher) -> None:
    assert places.resolve(lat=18.51, lon=-72.62, text="we are in Carrefour") == "HT0131"
    assert places.resolve(lat=0.0, lon=0.0, text="we are in Carrefour") == "HT0111"
    assert places.resolve(place_name="Leyogan") == "HT0131"
