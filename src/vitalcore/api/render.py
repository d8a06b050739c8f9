"""Export formats: CSV (safe to open in a spreadsheet), HXL-tagged CSV, GeoJSON, JSON.

A cell starting with = + - @ (or a tab or carriage return) is read as a formula by
Excel, LibreOffice and Google Sheets; a testimony could carry one ("=HYPERLINK(...)"),
so such cells get a leading apostrophe (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

import yaml

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """A value as CSV text that no spreadsheet will evaluate."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


@cache
def hxl_tags() -> dict[str, str]:
    """Column -> HXL hashtag, from the reviewed data file api/hxl_tags.yaml."""
    raw = resources.files(__package__).joinpath("hxl_tags.yaml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(raw))


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str], *, hxl: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    if hxl:
        tags = hxl_tags()
        writer.writerow([tags.get(c, "") for c in columns])
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def to_json(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    return json.dumps(
        [{c: _jsonable(r.get(c)) for c in columns} for r in rows], ensure_ascii=False
    )


def to_geojson(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], *, lat: str = "lat", lon: str = "lon"
) -> str:
    """A FeatureCollection; rows without coordinates become features with null geometry."""
    features = []
    for r in rows:
        point = None
        if r.get(lat) is not None and r.get(lon) is not None:
            point = {"type": "Point", "coordinates": [r[lon], r[lat]]}
        props = {c: _jsonable(r.get(c)) for c in columns if c not in (lat, lon)}
        features.append({"type": "Feature", "geometry": point, "properties": props})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
