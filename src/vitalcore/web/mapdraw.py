"""The map as one SVG drawn on the server: country borders and names, the areas' shapes
(admin-1, admin-2 where known) filled by their top vital-core score, areas without a
shape as circles at their centre, spread paths as arrows (a hop across a country border
in its own colour), names of the areas, and a legend. Every area is a link to its
vital core. static/map.js adds pan and zoom; without script the whole map still shows.

The projection is equirectangular with longitude scaled by the cosine of the middle
latitude: for the extent of one mission it keeps shapes close to true and needs no
projection library. Nothing is fetched: the geography is workflow.map_layers'.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup, escape

from vitalcore.i18n import Locale
from vitalcore.workflow import MapLayers

# Five classes of a single-hue sequential scale (ColorBrewer Blues), light to dark:
# read by lightness, so by everyone including with colour-vision deficiencies.
CLASSES = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#ffffff"
LAND, BORDER, CONTEXT = "#f3f1ea", "#6e6e6e", "#b5b5b5"
HOP, CROSSING = "#1a1a1a", "#b30000"  # spread arrows: within a country, across a border
PAD = 0.1  # of the extent, on each side (plus PAD_DEGREES)
PAD_DEGREES = 0.6
LEGEND_WIDTH = 190
Point = tuple[float, float]


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


class _Projection:
    def __init__(self, points: Sequence[Point], width: int, height: int) -> None:
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        pad_x = (max(lons) - min(lons)) * PAD + PAD_DEGREES
        pad_y = (max(lats) - min(lats)) * PAD + PAD_DEGREES
        self.west, self.east = min(lons) - pad_x, max(lons) + pad_x
        self.south, self.north = min(lats) - pad_y, max(lats) + pad_y
        self.aspect = math.cos(math.radians((self.south + self.north) / 2))
        self.scale = min(width / ((self.east - self.west) * self.aspect),
                         height / (self.north - self.south))
        self.width, self.height = width, height

    def __call__(self, lon: float, lat: float) -> Point:
        return (round((lon - self.west) * self.aspect * self.scale, 1),
                round((self.north - lat) * self.scale, 1))

    def inside(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    def key(self) -> tuple[float, ...]:
        return (self.west, self.north, self.aspect, self.scale)

    def path(self, polygons: Sequence) -> str:
        parts = []
        for polygon in polygons:
            for ring in polygon:
                xy = [self(p[0], p[1]) for p in ring]
                parts.append("M" + "L".join(f"{x},{y}" for x, y in xy) + "Z")
        return "".join(parts)


# The base map's borders projected, per projection: the same for every filter, language
# and data version of one gazetteer, and most of the drawing's points. Keyed by the
# projection and the identity of the (process-wide, never changed) polygon lists.
_BASE_PATHS: dict[tuple, str] = {}
_BASE_PATHS_MAX = 4096


def _base_path(project: _Projection, polygons: Sequence) -> str:
    key = (*project.key(), id(polygons))
    found = _BASE_PATHS.get(key)
    if found is None:
        if len(_BASE_PATHS) >= _BASE_PATHS_MAX:
            _BASE_PATHS.clear()
        found = _BASE_PATHS[key] = project.path(polygons)
    return found


def _label_spot(country: dict[str, Any], project: _Projection) -> Point | None:
    """The country's label point, or, when that is off the map, the middle of its
    border points that are on it (a country the map shows only part of)."""
    lon, lat = country["label"]
    if project.inside(lon, lat):
        return lon, lat
    seen = [(p[0], p[1]) for poly in country["polygons"] for ring in poly for p in ring
            if project.inside(p[0], p[1])]
    if len(seen) < 3:
        return None
    return sum(p[0] for p in seen) / len(seen), sum(p[1] for p in seen) / len(seen)


def draw_map(
    layers: MapLayers,
    rows: Sequence[dict[str, Any]],
    paths: Sequence[dict[str, Any]],
    *,
    loc: Locale,
    link: Callable[[str], str],
    width: int = 960,
    height: int = 540,
) -> Markup:
    """The SVG: `rows` the map's rows (pcode, name, value, label, voices, highlight),
    `paths` the spread paths (steps of area_pcode), `link` an area's vital-core page."""
    by_code = {r["pcode"]: r for r in rows}
    located = layers.areas
    # The map opens on the gazetteer's areas (their centres): a region's shape can reach
    # far into the desert, and panning shows the rest.
    focus = [(a["lon"], a["lat"]) for a in located.values()]
    if not focus:
        focus = [(p[0], p[1]) for s in layers.shapes.values() for poly in s["polygons"]
                 for p in poly[0]]
    if not focus:  # an empty gazetteer: the whole base map
        focus = [(p[0], p[1]) for c in layers.countries for poly in c["polygons"]
                 for p in poly[0]]
    project = _Projection(focus, width, height)
    bounds = _classes([r["value"] for r in rows]) if rows else [1.0] * len(CLASSES)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width + LEGEND_WIDTH} '
        f'{height}" width="{width + LEGEND_WIDTH}" height="{height}" class="basemap" '
        f'role="group" aria-label="{escape(loc.t("map.svg_label"))}" direction="ltr" '
        f'data-width="{width}" data-height="{height}">',
        '<defs>',
        *(f'<marker id="{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
          f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10Z" '
          f'fill="{colour}"/></marker>' for name, colour in (("hop", HOP),
                                                              ("crossing", CROSSING))),
        f'<clipPath id="map-frame"><rect x="0" y="0" width="{width}" '
        f'height="{height}"/></clipPath>',
        '</defs>',
        f'<g clip-path="url(#map-frame)"><rect class="sea" x="0" y="0" width="{width}" '
        f'height="{height}" fill="#e8eef3"/>',
        '<g class="viewport">',
        '<g class="countries">',
    ]
    for c in layers.countries:
        name = escape(loc.country(c["name"]))
        out.append(f'<path d="{_base_path(project, c["polygons"])}" fill="{LAND}" '
                   f'stroke="{BORDER}" stroke-width="1.2" vector-effect="non-scaling-stroke" '
                   f'fill-rule="evenodd"><title>{name}</title></path>')
    out.append('</g><g class="context">')
    for s in layers.context:
        name = escape(s["names"].get(loc.language, s["names"]["en"]))
        out.append(f'<path d="{_base_path(project, s["polygons"])}" fill="none" '
                   f'stroke="{CONTEXT}" stroke-width="0.6" vector-effect="non-scaling-stroke">'
                   f'<title>{name}</title></path>')
    out.append('</g><g class="areas">')
    # Regions first, their provinces or districts on top.
    for pcode, shape in sorted(layers.shapes.items(), key=lambda i: (i[1]["level"], i[0])):
        row = by_code.get(pcode)
        name = (row or located.get(pcode) or {}).get("name", pcode)
        alerted = bool(row and row["highlight"])
        title = (loc.t("map.area_title", name=name, label=row["label"],
                       score=loc.number(row["value"], 2), voices=loc.number(row["voices"]))
                 if row else f'{name}: {loc.t("map.no_data")}')
        fill = _fill(row["value"], bounds) if row else NO_DATA
        stroke, widths = ("#000000", 3) if alerted else ("#404040", 1.4 if shape["level"] == 1
                                                          else 0.7)
        opacity = ' fill-opacity="0.55"' if not row else ""
        out.append(
            f'<a href="{escape(link(pcode))}" class="area-link" data-pcode="{escape(pcode)}">'
            f'<title>{escape(title)}</title><path class="area level-{shape["level"]}'
            f'{" alerted" if alerted else ""}" data-pcode="{escape(pcode)}" '
            f'd="{project.path(shape["polygons"])}" fill="{fill}"{opacity} fill-rule="evenodd" '
            f'stroke="{stroke}" stroke-width="{widths}" vector-effect="non-scaling-stroke"/></a>')
    out.append('</g><g class="symbols">')
    largest = max((r["value"] for r in rows), default=1.0) or 1.0
    for pcode, row in sorted(by_code.items()):
        if pcode in layers.shapes or pcode not in located:
            continue
        x, y = project(located[pcode]["lon"], located[pcode]["lat"])
        r = round(4 + 12 * math.sqrt(max(row["value"], 0) / largest), 1)
        title = loc.t("map.area_title", name=row["name"], label=row["label"],
                      score=loc.number(row["value"], 2), voices=loc.number(row["voices"]))
        stroke, w = ("#000000", 3) if row["highlight"] else ("#404040", 1)
        out.append(f'<a href="{escape(link(pcode))}" class="area-link" '
                   f'data-pcode="{escape(pcode)}"><title>{escape(title)}</title>'
                   f'<circle class="symbol" data-pcode="{escape(pcode)}" cx="{x}" cy="{y}" '
                   f'r="{r}" fill="{_fill(row["value"], bounds)}" stroke="{stroke}" '
                   f'stroke-width="{w}" vector-effect="non-scaling-stroke"/></a>')
    out.append('</g><g class="paths">')
    for path in paths:
        steps = [s["area_pcode"] for s in path["steps"] if s["area_pcode"] in located]
        for a, b in zip(steps, steps[1:], strict=False):
            if a == b:
                continue
            (x1, y1), (x2, y2) = (project(located[p]["lon"], located[p]["lat"]) for p in (a, b))
            crossing = located[a]["country"] != located[b]["country"]
            out.append(
                f'<line class="hop{" crossing" if crossing else ""}" data-from="{escape(a)}" '
                f'data-to="{escape(b)}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
                f'stroke="{CROSSING if crossing else HOP}" stroke-width="2" '
                f'stroke-dasharray="{"2 3" if crossing else "6 3"}" '
                f'marker-end="url(#{"crossing" if crossing else "hop"})" '
                f'vector-effect="non-scaling-stroke"/>')
    out.append('</g><g class="labels" font-family="DejaVu Sans, sans-serif">')
    for c in layers.countries:
        spot = _label_spot(c, project)
        if spot:
            x, y = project(*spot)
            out.append(f'<text class="country" x="{x}" y="{y}" text-anchor="middle" '
                       f'font-size="16" font-weight="bold" fill="#4d4d4d" '
                       f'letter-spacing="2">{escape(loc.country(c["name"]))}</text>')
    for _pcode, a in sorted(located.items()):
        if not project.inside(a["lon"], a["lat"]):
            continue
        x, y = project(a["lon"], a["lat"])
        kind = "major" if a["level"] <= 1 else "minor"
        size = 12 if kind == "major" else 9
        out.append(f'<text class="{kind}" x="{x}" y="{round(y - 6, 1)}" text-anchor="middle" '
                   f'font-size="{size}" fill="#1a1a1a" stroke="#ffffff" stroke-width="3" '
                   f'paint-order="stroke">'
                   f'{escape(a.get("names", {}).get(loc.language) or a["name"])}</text>')
    out.append('</g></g></g>')
    out.append(_legend(width, rows, bounds, loc))
    out.append('</svg>')
    return Markup("".join(out))  # noqa: S704 - every text above is escaped


def _legend(width: int, rows: Sequence[dict[str, Any]], bounds: list[float],
            loc: Locale) -> str:
    low = min((r["value"] for r in rows), default=0.0)
    items = [(c, f"{loc.number(bounds[i - 1] if i else low, 2)}–{loc.number(bounds[i], 2)}")
             for i, c in enumerate(CLASSES)] if rows else []
    out = [f'<g class="legend" transform="translate({width}, 0)" '
           f'font-family="DejaVu Sans, sans-serif"><rect x="0" y="0" width="{LEGEND_WIDTH}" '
           f'height="100%" fill="#ffffff"/>',
           f'<text x="12" y="22" font-size="13" font-weight="bold" fill="#1a1a1a">'
           f'{escape(loc.t("map.legend"))}</text>']
    y = 32
    for colour, text in [*items, (NO_DATA, loc.t("map.no_data"))]:
        out.append(f'<rect x="12" y="{y}" width="18" height="18" fill="{colour}" '
                   f'stroke="#595959"/><text x="38" y="{y + 14}" font-size="12" '
                   f'fill="#1a1a1a">{escape(text)}</text>')
        y += 24
    y += 8
    for key, draw in (
        ("map.legend_alert", '<rect x="12" y="{y}" width="18" height="18" fill="#ffffff" '
                             'stroke="#000000" stroke-width="3"/>'),
        ("map.legend_symbol", '<circle cx="21" cy="{c}" r="7" fill="#6baed6" '
                              'stroke="#404040"/>'),
        ("map.legend_hop", '<line x1="12" y1="{c}" x2="30" y2="{c}" stroke="' + HOP +
                           '" stroke-width="2" stroke-dasharray="6 3" '
                           'marker-end="url(#hop)"/>'),
        ("map.legend_crossing", '<line x1="12" y1="{c}" x2="30" y2="{c}" stroke="' +
                                CROSSING + '" stroke-width="2" stroke-dasharray="2 3" '
                                'marker-end="url(#crossing)"/>'),
        ("map.legend_border", '<line x1="12" y1="{c}" x2="30" y2="{c}" stroke="' + BORDER +
                              '" stroke-width="1.5"/>'),
    ):
        out.append(draw.format(y=y, c=y + 9))
        out.append(f'<text x="38" y="{y + 14}" font-size="12" fill="#1a1a1a">'
                   f'{escape(loc.t(key))}</text>')
        y += 26
    out.append('</g>')
    return "".join(out)
