"""ODK Central exports: OData JSON ({"value": [...]}) and the CSV of the .csv.zip export.

OData nests groups as objects ({"report": {"testimony": ...}}), which are flattened to
"report/testimony"; submission metadata is under `__id` and `__system`
(`__system/submissionDate`, `__system/submitterName`); a geopoint is GeoJSON
({"type": "Point", "coordinates": [lon, lat, alt]}) and gains `<path>/lat` and
`<path>/lon`. The CSV export joins group paths with '-' ("report-testimony"), has
`SubmissionDate`, `KEY`, `meta-instanceID`, and a geopoint as `<path>-Latitude`,
`<path>-Longitude`, `<path>-Altitude`, `<path>-Accuracy` columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vitalcore.domain import RawRecord
from vitalcore.ingest.formats import csv as csv_format
from vitalcore.ingest.formats._json import flatten, load_items, payload_items, to_records
from vitalcore.ingest.formats._sniff import is_json

MAPPING = "odk"
_IDS = ("__id", "meta/instanceID", "KEY")


def submission(item: dict[str, Any]) -> dict[str, Any]:
    """One OData submission, flat, with each GeoJSON point split into lat and lon."""
    fields: dict[str, Any] = {}
    for name, value in flatten(item).items():
        fields[name] = value
        if name.endswith("/type") and value == "Point":
            base = name.removesuffix("/type")
            coords = item_path(item, base.split("/"))
            if isinstance(coords, dict):
                point = coords.get("coordinates") or []
                if len(point) >= 2:
                    fields[f"{base}/lon"], fields[f"{base}/lat"] = point[0], point[1]
    return fields


def item_path(item: dict[str, Any], parts: list[str]) -> Any:
    for part in parts:
        if not isinstance(item, dict):
            return None
        item = item.get(part)
    return item


def read(path: Path) -> Iterator[RawRecord]:
    """Submissions of an ODK Central OData JSON or CSV export."""
    if is_json(path):
        return to_records(path.name, load_items(path), submission, _IDS)
    return csv_format.read(path)


def records_from_payload(obj: Any, origin: str) -> Iterator[RawRecord]:
    """Submissions from an OData page or one submission object."""
    return to_records(origin, payload_items(obj), submission, _IDS)
