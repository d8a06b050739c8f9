"""The map as an SVG choropleth when boundaries are stored: each area's polygon filled by
its top vital-core score, alerted areas outlined, spread paths between centroids, areas
without a polygon as circles at their centroid. Drawn server-side (no tiles, no script).

The projection is equirectangular with longitude scaled by the cosine of the middle
latitude: for the extent of one mission (a few hundred km) it keeps shapes and
distances close to true, and it needs no projection library.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from vitalcore.classify.boundaries import polygons
from vitalcore.i18n import Locale
from vitalcore.web.render import environment

# Five classes of a single-hue sequential scale (ColorBrewer Blues), light to dark:
# read by lightness, so by everyone including with colour-vision deficiencies.
CLASSES = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#f2f2f2"
PAD = 12


def _classes(values: Sequence[float]) -> list[float]:
    """Upper bounds of five equal-width classes over the values shown."""
    low, high = min(values), max(values)
    step = (high - low) / len(CLASSES) or 1.0
    return [low + step * (i + 1) for i in range(len(CLASSES))]


def _fill(value: float | None, bounds: list[float]) -> str:
    if value is None:
        return NO_DATA
    for colour, upper in zip(CLASSES, bounds, strict=True):
        if value <= upper + 1e-12:
            return colour
    return CLASSES[-1]


def choropleth_svg(
    shapes: dict[str, dict[str, Any]],
    rows: Sequence[dict[str, Any]],
    lines: Sequence[dict[str, float]],
    centroids: dict[str, dict[str, Any]],
    *,
    loc: Locale,
    width: int = 820,
    height: int = 460,
) -> Markup:
    """The SVG document: `shapes` P-code -> GeoJSON geometry; `rows` the map's rows
    (pcode, name, value, label, voices, highlight); `lines` spread segments (lon, lat,
    lon2, lat2); `centroids` P-code -> {name, lat, lon} of every located area."""
    by_code = {r["pcode"]: r for r in rows}
    points = [(lon, lat) for g in shapes.values() for poly in polygons(g)
              for lon, lat, *_ in poly[0]]
    points += [(c["lon"], c["lat"]) for p, c in centroids.items() if p in by_code]
    if not points:
        return Markup("")
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    aspect = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = (max(lons) - min(lons)) * aspect or 1.0
    span_y = (max(lats) - min(lats)) or 1.0
    scale = min((width - 2 * PAD) / span_x, (height - 2 * PAD) / span_y)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (round(PAD + (lon - min(lons)) * aspect * scale, 1),
                round(PAD + (max(lats) - lat) * scale, 1))

    bounds = _classes([r["value"] for r in rows]) if rows else [1.0] * len(CLASSES)
    areas = []
    for pcode, geometry in sorted(shapes.items()):
        row = by_code.get(pcode)
        d = " ".join(
            "M" + " L".join(f"{x},{y}" for x, y in (xy(p[0], p[1]) for p in ring)) + " Z"
            for poly in polygons(geometry) for ring in poly)
        areas.append({"pcode": pcode, "d": d, "row": row,
                      "name": (row or centroids.get(pcode) or {}).get("name", pcode),
                      "fill": _fill(row["value"] if row else None, bounds)})
    largest = max((r["value"] for r in rows), default=1.0) or 1.0
    symbols = [
        {"row": r, "xy": xy(centroids[p]["lon"], centroids[p]["lat"]),
         "r": round(4 + 14 * math.sqrt(r["value"] / largest), 1), "fill": _fill(r["value"], bounds)}
        for p, r in sorted(by_code.items()) if p not in shapes and p in centroids
    ]
    segments = [{"a": xy(s["lon"], s["lat"]), "b": xy(s["lon2"], s["lat2"])} for s in lines]
    legend = [{"colour": c, "low": (bounds[i - 1] if i else min(r["value"] for r in rows)),
               "high": bounds[i]} for i, c in enumerate(CLASSES)] if rows else []
    return Markup(environment().get_template("_choropleth.svg").render(  # noqa: S704
        loc=loc, width=width, height=height, areas=areas, symbols=symbols,
        segments=segments, legend=legend, no_data=NO_DATA,
    ))
