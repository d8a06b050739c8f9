"""Chart specs are valid Vega-Lite that renders offline to SVG with the data drawn."""

from vitalcore import charts


def test_vital_core_bars_render_with_intervals() -> None:
    rows = [
        {"dimension": "food", "label": "Food security", "score": 0.4, "low": 0.3, "high": 0.5},
        {"dimension": "health", "label": "Health security", "score": 0.2, "low": 0.1,
         "high": 0.3},
    ]
    spec = charts.vital_core_bars(rows, title="Vital core", score_title="Score")
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar", "rule"]
    # The most vital threat is drawn on top: the y order follows the score.
    assert spec["layer"][0]["encoding"]["y"]["sort"] == ["Food security", "Health security"]
    svg = charts.to_svg(spec)
    assert svg.startswith("<svg") and "Food security" in svg and "Health security" in svg
    assert charts.dimension_colours()["food"] in svg


def test_bars_without_intervals_have_no_rule_layer() -> None:
    spec = charts.vital_core_bars([{"dimension": "food", "label": "F", "score": 0.4}],
                                  title="t", score_title="s")
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar"]


def test_area_map_drops_areas_without_centroid_and_localises_numbers() -> None:
    points = [
        {"name": "Ansongo", "lat": 15.66, "lon": 0.5, "value": 1500, "dimension": "food",
         "label": "Sécurité alimentaire", "highlight": True},
        {"name": "Nowhere", "lat": None, "lon": None, "value": 3, "dimension": "food",
         "label": "Sécurité alimentaire", "highlight": False},
    ]
    spec = charts.area_map(points, title="Carte", value_title="Voix",
                           labels={d: d.upper() for d in charts.dimension_colours()})
    assert [p["name"] for p in spec["data"]["values"]] == ["Ansongo"]
    svg = charts.to_svg(spec, language="fr")
    assert "Ansongo" in svg and "Nowhere" not in svg
    assert "1 500" in svg.replace("\u202f", " ").replace("\xa0", " ")  # French grouping
