"""Area boundaries: polygons per P-code from a GeoJSON FeatureCollection (e.g. an OCHA
common operational dataset exported as GeoJSON), beside the gazetteer's centroids.

Each feature needs a Polygon or MultiPolygon geometry in longitude/latitude (WGS 84,
as GeoJSON requires) and a P-code property: named with `pcode_field`, or else the
first property whose name ends in "pcode" (ADM2_PCODE, admin2Pcode, pcode, ...).
A bad feature raises an error naming the file, the feature and the field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHAPES = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class Boundary:
    pcode: str
    geometry: dict[str, Any]  # a GeoJSON Polygon or MultiPolygon


def read_boundaries(path: Path, *, pcode_field: str | None = None) -> list[Boundary]:
    """Boundaries from a GeoJSON file; ValueError naming file, feature and field."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"{path.name}: not GeoJSON ({err})") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError(f"{path.name}: expected a GeoJSON FeatureCollection")
    out: dict[str, Boundary] = {}
    for number, feature in enumerate(data.get("features") or [], start=1):
        where = f"{path.name}, feature {number}"
        properties = (feature or {}).get("properties") or {}
        field = pcode_field or next(
            (k for k in properties if str(k).lower().endswith("pcode")), None)
        if field is None or not str(properties.get(field) or "").strip():
            raise ValueError(f"{where}: no P-code (field {field or '*pcode'}); "
                             "name the property with --pcode-field")
        pcode = str(properties[field]).strip().upper()
        geometry = (feature or {}).get("geometry") or {}
        if geometry.get("type") not in SHAPES:
            raise ValueError(f"{where} ({pcode}): geometry must be one of "
                             f"{', '.join(SHAPES)}, not {geometry.get('type')!r}")
        _check_rings(geometry, f"{where} ({pcode}), geometry")
        out[pcode] = Boundary(pcode, {"type": geometry["type"],
                                      "coordinates": geometry["coordinates"]})
    if not out:
        raise ValueError(f"{path.name}: no features")
    return list(out.values())


def polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    """The polygons of a Polygon or MultiPolygon: each a list of rings of [lon, lat]."""
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" \
        else list(geometry["coordinates"])


def _check_rings(geometry: dict[str, Any], where: str) -> None:
    try:
        shapes = polygons(geometry)
        for polygon in shapes:
            for ring in polygon:
                if len(ring) < 4:
                    raise ValueError("a ring needs at least 4 positions")
                for lon, lat, *_ in ring:
                    if not (-180 <= float(lon) <= 180 and -90 <= float(lat) <= 90):
                        raise ValueError(f"[{lon}, {lat}] is not longitude, latitude")
    except (TypeError, KeyError) as err:
        raise ValueError(f"{where}: malformed coordinates ({err})") from None
    except ValueError as err:
        raise ValueError(f"{where}: {err}") from None
