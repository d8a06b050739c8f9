"""Spread paths between neighbouring areas, across a border, from edges or centroids."""

from datetime import date, timedelta

import polars as pl

from vitalcore.analysis.spread import neighbours, spread_links, spread_paths

AREAS = pl.DataFrame({
    "pcode": ["X1", "X2", "Y1", "Z9"], "country": ["X", "X", "Y", "Z"],
    "lat": [10.0, 10.0, 10.0, 40.0], "lon": [0.0, 0.5, 1.0, 40.0],
})
EDGES = pl.DataFrame({"pcode_a": ["X1", "X2"], "pcode_b": ["X2", "Y1"],
                      "cross_border": [False, True]})
D0 = date(2025, 3, 1)


def _alerts(rows: list[tuple[str, str, int]]) -> pl.DataFrame:
    return pl.DataFrame([
        {"alert_id": f"{area}-{day}", "area_pcode": area, "dimension": dim,
         "threat_type": None, "first_signal": D0 + timedelta(days=day)}
        for area, dim, day in rows
    ], schema_overrides={"threat_type": pl.String})


def test_a_chain_across_the_border() -> None:
    alerts = _alerts([("X1", "health", 0), ("X2", "health", 5), ("Y1", "health", 9),
                      ("Z9", "health", 6)])
    paths = spread_paths(alerts, AREAS, neighbours(AREAS, EDGES))
    assert paths.height == 1
    path = paths.row(0, named=True)
    assert [s["area_pcode"] for s in path["steps"]] == ["X1", "X2", "Y1"]
    assert [s["first_signal"] for s in path["steps"]] == [D0, D0 + timedelta(days=5),
                                                          D0 + timedelta(days=9)]
    assert path["crosses_border"] and path["countries"] == ["X", "Y"]
    assert path["neighbours_from"] == "edge list"


def test_other_dimensions_and_late_rises_do_not_link() -> None:
    alerts = _alerts([("X1", "health", 0), ("X2", "food", 3), ("Y1", "health", 30)])
    assert spread_links(alerts, neighbours(AREAS, EDGES)).is_empty()


def test_the_latest_earlier_neighbour_is_the_parent() -> None:
    alerts = _alerts([("X1", "personal", 0), ("Y1", "personal", 2), ("X2", "personal", 4)])
    links = spread_links(alerts, neighbours(AREAS, EDGES))
    assert links.filter(pl.col("to_area") == "X2")["from_area"].to_list() == ["Y1"]


def test_centroid_neighbours_when_no_edges() -> None:
    near = neighbours(AREAS, None, k=1)
    assert near.of("X1") == {"X2": False}
    assert near.of("Y1")["X2"] is True  # different countries
    far = neighbours(AREAS, None, k=1, max_km=100)
    assert "Z9" not in {b for _, b in far.pairs}
    assert near.source == "centroids (k=1)"
