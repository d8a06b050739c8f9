"""The place policy: coordinates, then the place column, then the text; conflicts kept;
names matched through accents, case, alternate names and a bounded fuzzy match; one
rule for a name shared by a region and a cercle; the packaged Sahel/CAR gazetteer."""

from __future__ import annotations

import pytest

from vitalcore.classify.gazetteer import (
    FUZZY_CUTOFF,
    Gazetteer,
    PlaceMatcher,
    packaged_areas,
    place_of,
)
from vitalcore.classify.text import clean
from vitalcore.domain import Area

AREAS = [
    Area(pcode="ML07", name="Gao", country="ML", admin_level=1, alt_names=("Région de Gao",),
         lat=16.27, lon=-0.04),
    Area(pcode="ML0701", name="Gao", country="ML", admin_level=2, parent_pcode="ML07",
         alt_names=("Gao Cercle",), lat=16.27, lon=-0.04),
    Area(pcode="ML0702", name="Ansongo", country="ML", admin_level=2, parent_pcode="ML07",
         lat=15.66, lon=0.50),
    Area(pcode="ML10", name="Ménaka", country="ML", admin_level=1, lat=15.92, lon=2.40),
    Area(pcode="ML1002", name="Andéramboukane", country="ML", admin_level=2,
         parent_pcode="ML10", alt_names=("Anderamboukane",), lat=15.42, lon=3.02),
    Area(pcode="NE0204", name="Téra", country="NE", admin_level=2, parent_pcode="NE02",
         lat=14.01, lon=0.75),
    Area(pcode="NE02", name="Tillabéri", country="NE", admin_level=1, lat=14.21, lon=1.45),
    Area(pcode="BF52", name="Est", country="BF", admin_level=1, lat=12.0, lon=0.8),
]


@pytest.fixture(scope="module")
def places() -> PlaceMatcher:
    return PlaceMatcher(AREAS)


def in_text(places: PlaceMatcher, text: str) -> str | None:
    return places.find_batch([f" {clean(text)} "])[0]


def test_the_column_wins_over_the_text_and_coordinates_over_both(
        places: PlaceMatcher) -> None:
    voice = {"area_pcode": "ML0702", "place_name": "Ansongo"}
    assert place_of(voice, None, places) == ("ML0702", None)
    assert place_of({}, "ML1002", places) == ("ML1002", None)  # no column: the text
    assert place_of({"place_name": "Téra"}, None, places) == ("NE0204", None)
    near_tera = {"lat": 14.02, "lon": 0.76, "area_pcode": "ML0702"}
    assert place_of(near_tera, None, places) == ("NE0204", None)


def test_a_text_naming_an_unrelated_area_is_a_conflict_the_column_wins(
        places: PlaceMatcher) -> None:
    area, clash = place_of({"area_pcode": "ML0702"}, "NE0204", places)
    assert (area, clash) == ("ML0702", "NE0204")


def test_a_text_naming_a_place_inside_the_given_region_is_no_conflict(
        places: PlaceMatcher) -> None:
    assert place_of({"area_pcode": "ML07"}, "ML0702", places) == ("ML07", None)
    assert place_of({"area_pcode": "ML0702"}, "ML07", places) == ("ML0702", None)


def test_column_names_resolve_through_case_accents_and_alternate_names() -> None:
    gazetteer = Gazetteer(AREAS)
    assert gazetteer.resolve("ANDERAMBOUKANE") == "ML1002"
    assert gazetteer.resolve("  andéramboukane ") == "ML1002"
    assert gazetteer.resolve("tera") == "NE0204"
    assert gazetteer.resolve("ml0702") == "ML0702"  # a P-code, any case
    assert gazetteer.resolve("Ansongo, Gao") == "ML0702"  # part by part
    assert gazetteer.resolve("") is None


def test_fuzzy_names_within_the_bound_only() -> None:
    from rapidfuzz import fuzz

    gazetteer = Gazetteer(AREAS)
    near, far = "Andéramboukan", "Andrambokn"  # one letter off; four off
    assert fuzz.ratio(clean(near), "anderamboukane") >= FUZZY_CUTOFF
    assert fuzz.ratio(clean(far), "anderamboukane") < FUZZY_CUTOFF
    assert gazetteer.resolve(near) == "ML1002"
    assert gazetteer.resolve(far) is None
    assert gazetteer.resolve("Gay") is None  # short names are matched exactly only


def test_a_name_shared_by_region_and_cercle_goes_to_the_cercle_in_column_and_text(
        places: PlaceMatcher) -> None:
    gazetteer = Gazetteer(AREAS)
    assert gazetteer.resolve("Gao") == "ML0701"
    assert in_text(places, "des tirs entendus à Gao cette nuit") == "ML0701"
    # A qualified name picks the region, in a column and in a text alike.
    assert gazetteer.resolve("Région de Gao") == "ML07"
    assert in_text(places, "la région de Gao manque d'eau") == "ML07"


def test_a_name_that_is_an_everyday_word_is_not_found_in_text(places: PlaceMatcher) -> None:
    assert in_text(places, "le puits est sec depuis un mois") is None
    assert Gazetteer(AREAS).resolve("Est") == "BF52"  # but a place column says so


def test_the_packaged_gazetteer_knows_the_sahel_beyond_the_demo() -> None:
    packaged = PlaceMatcher([], fallback=packaged_areas())
    kidal = in_text(packaged, "The well in Kidal was poisoned, children are sick")
    assert kidal is not None and kidal.startswith("ML")
    assert packaged.hierarchy.ancestors(kidal)[-1] == "ML"
    assert "ML-8" in packaged.hierarchy.ancestors(kidal)  # ISO 3166-2 Kidal region
    bangui = in_text(packaged, "pillages signalés à Bangui hier")
    assert bangui is not None and packaged.hierarchy.ancestors(bangui)[-1] == "CF"
    # Short town names that are words elsewhere are not places in a text; others are.
    assert in_text(packaged, "mali yetu imeibiwa na wezi usiku") is None  # sw: property
    assert in_text(packaged, "il a renversé le bol de riz") is None  # Bol, Chad
    bria = in_text(packaged, "des miliciens ont attaqué Bria")
    assert bria is not None and packaged.hierarchy.ancestors(bria)[-1] == "CF"
    # The demo's P-codes are kept for the demo's areas.
    assert Gazetteer([], fallback=packaged_areas()).resolve("Ansongo") == "ML0702"
    assert Gazetteer([], fallback=packaged_areas()).resolve("Niger") == "NE"


def test_the_store_areas_win_names_over_the_packaged_ones() -> None:
    own = [Area(pcode="X-KID", name="Kidal", country="ML", admin_level=2)]
    gazetteer = Gazetteer(own, fallback=packaged_areas())
    assert gazetteer.resolve("Kidal") == "X-KID"
    packaged = PlaceMatcher(own, fallback=packaged_areas())
    assert in_text(packaged, "tirs à Kidal") == "X-KID"
