"""The map's geography: the packaged base map joined to the store's gazetteer and its
imported boundaries (vitalcore.basemap says where the shapes come from).

    layers = map_layers(engine)
    layers.countries   # [{name, polygons, label: (lon, lat)}]: borders and names
    layers.shapes      # P-code -> {polygons, level, origin: "imported" | "basemap"}
    layers.context     # subdivisions with no P-code in the gazetteer: drawn, not linked
    layers.areas       # P-code -> {name, country, level, lon, lat} of located areas
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from vitalcore import basemap, store


@dataclass(frozen=True)
class MapLayers:
    countries: list[dict[str, Any]]
    shapes: dict[str, dict[str, Any]]
    context: list[dict[str, Any]]
    areas: dict[str, dict[str, Any]]
    source: dict[str, Any]


def _polygons(geometry: dict[str, Any]) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" \
        else list(geometry["coordinates"])


def map_layers(engine: Engine) -> MapLayers:
    """Borders, names and area shapes for the map: an imported boundary wins over the
    base map's shape of the same P-code; a region made of the base map's provinces
    (Burkina Faso) gets their shapes together."""
    base = basemap.load()
    gazetteer = store.list_areas(engine)
    pcodes = basemap.match(base.subdivisions, gazetteer)
    by_iso = {s["iso"]: s for s in base.subdivisions}
    shapes: dict[str, dict[str, Any]] = {}
    for pcode, isos in basemap.regions(base.subdivisions, gazetteer).items():
        shapes[pcode] = {"polygons": [p for i in isos for p in by_iso[i]["polygons"]],
                         "level": 1, "origin": "basemap"}
    levels = {a.pcode: a.admin_level for a in gazetteer}
    for iso, pcode in pcodes.items():
        shapes[pcode] = {"polygons": by_iso[iso]["polygons"], "level": levels[pcode],
                         "origin": "basemap"}
    for pcode, geometry in store.list_boundaries(engine).items():
        shapes[pcode] = {"polygons": _polygons(geometry), "level": levels.get(pcode, 2),
                         "origin": "imported"}
    context = [{"iso": s["iso"], "names": s["names"], "polygons": s["polygons"]}
               for s in base.subdivisions if s["iso"] not in pcodes]
    countries = [{"name": c["name"], "polygons": c["polygons"],
                  "label": basemap.label_point(c["polygons"])} for c in base.countries]
    areas = {a.pcode: {"name": a.name, "country": a.country, "level": a.admin_level,
                       "lon": a.lon, "lat": a.lat, "names": _written(a.alt_names)}
             for a in gazetteer if a.lat is not None and a.lon is not None}
    return MapLayers(countries, shapes, context, areas, base.source)


def _written(alt_names: tuple[str, ...]) -> dict[str, str]:
    """An area's name per script the map can label in: for Arabic, the first alternate
    name written in Arabic letters (the gazetteer's alt_names hold them)."""
    arabic = next((n for n in alt_names if any("\u0600" <= ch <= "\u06ff" for ch in n)),
                  None)
    return {"ar": arabic} if arabic else {}


def geography_version(engine: Engine) -> str:
    """Changes whenever what map_layers draws from changes: the gazetteer (its areas and
    centroids) or the imported boundaries. The base map changes only with the package."""
    areas = store.areas_frame(engine)
    digest = hashlib.sha256(str(areas.rows()).encode()).hexdigest()[:16]
    return f"{digest}|{store.boundaries_version(engine)}"
