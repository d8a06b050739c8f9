"""Vega-Lite specs built from rows that analyses computed (no analysis here).

Each function takes already-localised labels, so the same spec serves English and
French pages; the dashboard and briefings both draw them with `to_svg` (server-side,
so no browser runs Vega and no page needs 'unsafe-eval').
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from vitalcore import yamldata

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
_FONT = "DejaVu Sans"


@cache
def dimension_colours() -> dict[str, str]:
    """Dimension name -> hex colour (palette.yaml)."""
    text = resources.files(__package__).joinpath("palette.yaml").read_text(encoding="utf-8")
    return yamldata.safe_load(text)


def _config() -> dict[str, Any]:
    return {
        "font": _FONT,
        "view": {"stroke": None},
        "axis": {"labelFontSize": 11, "titleFontSize": 11},
        "legend": {"labelFontSize": 11, "titleFontSize": 11},
    }


def vital_core_bars(
    rows: list[dict[str, Any]],
    *,
    title: str,
    score_title: str,
    width: int = 420,
) -> dict[str, Any]:
    """Horizontal bars of vital-core scores with their intervals, most vital on top.

    Each row needs `dimension` (key), `label` (localised name), `score`, and optionally
    `low` and `high` (the interval).
    """
    colours = dimension_colours()
    order = [r["label"] for r in sorted(rows, key=lambda r: -r["score"])]
    y = {"field": "label", "type": "nominal", "sort": order, "title": None}
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "height": 14},
            "encoding": {
                "y": y,
                "x": {"field": "score", "type": "quantitative", "title": score_title},
                "color": {
                    "field": "dimension", "type": "nominal", "legend": None,
                    "scale": {"domain": list(colours), "range": list(colours.values())},
                },
            },
        }
    ]
    if rows and all("low" in r and "high" in r for r in rows):
        layers.append({
            "mark": {"type": "rule", "color": "#222222", "strokeWidth": 1.5},
            "encoding": {
                "y": y,
                "x": {"field": "low", "type": "quantitative"},
                "x2": {"field": "high"},
            },
        })
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": width,
        "height": {"step": 22},
        "data": {"values": rows},
        "layer": layers,
        "config": _config(),
    }


def area_map(
    areas: list[dict[str, Any]],
    *,
    title: str,
    value_title: str,
    labels: dict[str, str] | None = None,
    paths: list[dict[str, Any]] | None = None,
    width: int = 420,
    height: int = 300,
) -> dict[str, Any]:
    """Proportional symbols at area centroids: no tiles, no network.

    Each area row needs `name`, `lat`, `lon`, `value` (symbol size), `dimension` (colour:
    the area's top threat), `label` (the dimension's localised name, for the legend) and
    `highlight` (bool, drawn with a dark outline). `labels` maps every dimension to its
    localised name so colours stay the same whatever the areas show. `paths` are
    line segments (`lon`, `lat`, `lon2`, `lat2`) drawn under the symbols: spread paths
    of alerts from one area's centroid to the next.
    """
    colours = dimension_colours()
    names = labels or {d: d for d in colours}
    located = [a for a in areas if a.get("lat") is not None and a.get("lon") is not None]
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": width,
        "height": height,
        "projection": {"type": "equirectangular"},
        "data": {"values": located},
        "layer": [
            *([{
                "data": {"values": paths},
                "mark": {"type": "rule", "color": "#333333", "strokeWidth": 2,
                         "strokeDash": [6, 3]},
                "encoding": {
                    "longitude": {"field": "lon", "type": "quantitative"},
                    "latitude": {"field": "lat", "type": "quantitative"},
                    "longitude2": {"field": "lon2"},
                    "latitude2": {"field": "lat2"},
                },
            }] if paths else []),
            {
                "mark": {"type": "circle", "opacity": 0.8},
                "encoding": {
                    "longitude": {"field": "lon", "type": "quantitative"},
                    "latitude": {"field": "lat", "type": "quantitative"},
                    "size": {"field": "value", "type": "quantitative", "title": value_title,
                             "scale": {"range": [20, 900]}},
                    "color": {
                        "field": "label", "type": "nominal", "title": None,
                        "scale": {"domain": [names[d] for d in colours],
                                  "range": list(colours.values())},
                    },
                    "stroke": {
                        "condition": {"test": "datum.highlight", "value": "#000000"},
                        "value": "#ffffff",
                    },
                    "strokeWidth": {
                        "condition": {"test": "datum.highlight", "value": 2.5}, "value": 0.5,
                    },
                },
            },
            {
                "mark": {"type": "text", "dy": -12, "fontSize": 9, "color": "#333333"},
                "encoding": {
                    "longitude": {"field": "lon", "type": "quantitative"},
                    "latitude": {"field": "lat", "type": "quantitative"},
                    "text": {"field": "name", "type": "nominal"},
                },
            },
        ],
        "config": _config(),
    }


def alert_series(
    counts: list[dict[str, Any]],
    markers: list[dict[str, Any]],
    *,
    title: str,
    count_title: str,
    width: int = 760,
    height: int = 220,
) -> dict[str, Any]:
    """Voices per day (`day` ISO date, `voices`) as a line, with a red rule at each
    alert's first signal (`day`, `label`: what the tooltip and the legend say)."""
    layers: list[dict[str, Any]] = [{
        "data": {"values": counts},
        "mark": {"type": "line", "color": "#0072B2", "point": {"size": 12}},
        "encoding": {
            "x": {"field": "day", "type": "temporal", "title": None},
            "y": {"field": "voices", "type": "quantitative", "title": count_title},
        },
    }]
    if markers:
        layers.append({
            "data": {"values": markers},
            "mark": {"type": "rule", "color": "#B00020", "strokeWidth": 2},
            "encoding": {
                "x": {"field": "day", "type": "temporal"},
                "tooltip": {"field": "label", "type": "nominal"},
            },
        })
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": width,
        "height": height,
        "layer": layers,
        "config": _config(),
    }
