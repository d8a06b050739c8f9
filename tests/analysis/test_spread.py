"""Spread paths between neighbouring areas, across a border, from edges or centroids."""

from datetime import date, timedelta

import numpy as np
import polars as pl

from vitalcore.analysis.spread import (
    Neighbours,
    knox_p,
    neighbours,
    spread_links,
    spread_paths,
)

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
    alerts = _alerts([("X1", "personal", 0), ("Y1", "personal", 4), ("X2", "personal", 8)])
    links = spread_links(alerts, neighbours(AREAS, EDGES))
    assert links.filter(pl.col("to_area") == "X2")["from_area"].to_list() == ["Y1"]


def test_the_source_is_the_neighbour_at_the_topic_s_usual_lag() -> None:
    """Three clear arrivals take ten days; Z then rose 12 days after P and 4 after Q,
    both its neighbours: P is its likelier source, not Q, which began last."""
    pairs = [("A", "B"), ("B", "C"), ("C", "D"), ("P", "Z"), ("Q", "Z")]
    near = Neighbours({**{(a, b): a[0] != b[0] for a, b in pairs},
                       **{(b, a): a[0] != b[0] for a, b in pairs}}, "edge list")
    alerts = _alerts([("A", "health", 0), ("B", "health", 10), ("C", "health", 20),
                      ("D", "health", 30), ("P", "health", 100), ("Q", "health", 108),
                      ("Z", "health", 112)])
    links = spread_links(alerts, near)
    assert links.filter(pl.col("to_area") == "Z")["from_area"].to_list() == ["P"]
    # Without three clear arrivals to learn the lag from, the latest source is kept.
    few = alerts.filter(~pl.col("area_pcode").is_in(["C", "D"]))
    assert spread_links(few, near).filter(pl.col("to_area") == "Z")["from_area"].to_list() \
        == ["Q"]


def test_centroid_neighbours_when_no_edges() -> None:
    near = neighbours(AREAS, None, k=1)
    assert near.of("X1") == {"X2": False}
    assert near.of("Y1")["X2"] is True  # different countries
    far = neighbours(AREAS, None, k=1, max_km=100)
    assert "Z9" not in {b for _, b in far.pairs}
    assert near.source == "centroids (k=1)"


def test_a_local_flare_up_is_not_an_arrival() -> None:
    alerts = _alerts([("X2", "health", 0), ("X1", "health", 4), ("X2", "health", 10)])
    links = spread_links(alerts, neighbours(AREAS, EDGES))
    assert links.select("from_area", "to_area").rows() == [("X2", "X1")]


def test_rises_within_three_days_are_not_ordered() -> None:
    # One cause over two areas shows as alerts a few days apart: not an arrival.
    alerts = _alerts([("X1", "food", 0), ("X2", "food", 3), ("Y1", "food", 6)])
    assert spread_links(alerts, neighbours(AREAS, EDGES)).is_empty()
    # The same areas four days apart are a sequence.
    later = _alerts([("X1", "food", 0), ("X2", "food", 4)])
    assert spread_links(later, neighbours(AREAS, EDGES))["to_area"].to_list() == ["X2"]


def test_a_late_arrival_within_three_weeks_is_linked() -> None:
    # One to two weeks to travel, plus the receiving area's slower detection.
    alerts = _alerts([("X2", "health", 0), ("Y1", "health", 18), ("X1", "health", 40)])
    links = spread_links(alerts, neighbours(AREAS, EDGES))
    assert links.select("from_area", "to_area", "lag_days", "cross_border").rows() == [
        ("X2", "Y1", 18, True)]


def test_a_wave_does_not_return_to_where_it_came_from() -> None:
    alerts = _alerts([("X2", "health", 0), ("Y1", "health", 10), ("X2", "health", 25)])
    links = spread_links(alerts, neighbours(AREAS, EDGES))
    assert links.select("from_area", "to_area").rows() == [("X2", "Y1")]


def _line(n: int) -> tuple[pl.DataFrame, Neighbours]:
    codes = [f"L{i:02d}" for i in range(n)]
    areas = pl.DataFrame({"pcode": codes, "country": ["X"] * n,
                          "lat": [0.0] * n, "lon": [float(i) for i in range(n)]})
    edges = pl.DataFrame({"pcode_a": codes[:-1], "pcode_b": codes[1:]})
    return areas, neighbours(areas, edges)


def test_knox_tells_a_moving_wave_from_scattered_alerts() -> None:
    areas, near = _line(12)
    wave = pl.DataFrame([
        {"alert_id": f"w{i}", "area_pcode": f"L{i:02d}", "dimension": "health",
         "threat_type": None, "first_signal": D0 + timedelta(days=8 * i)}
        for i in range(12)], schema_overrides={"threat_type": pl.String})
    assert knox_p(wave.to_dicts(), near) <= 0.01
    days = np.random.default_rng(3).permutation(np.arange(12) * 30)
    scattered = wave.with_columns(pl.Series(
        "first_signal", [D0 + timedelta(days=int(d)) for d in days]))
    assert knox_p(scattered.to_dicts(), near) > 0.05
    links = spread_links(wave, near)
    assert links.height == 11 and links["knox_p"].max() <= 0.01
    # With a gate, a topic without space-time interaction draws no path.
    assert spread_links(scattered, near, max_p=0.05).is_empty()
    assert knox_p(wave.to_dicts(), near) == knox_p(wave.to_dicts(), near)  # seeded
