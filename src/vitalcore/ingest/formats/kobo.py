"""KoboToolbox exports: API v2 JSON ({"count", "next", "results": [...]}) and CSV.

JSON submissions carry question paths as keys ("group_voice/testimony"), repeat groups
as lists of objects, select_multiple answers as space-separated choice names, and the
metadata `_id`, `_uuid`, `_submission_time` and `_geolocation` ([lat, lon]). The reader
adds `_geolocation/lat` and `_geolocation/lon` so a mapping can name them.
CSV exports (';' by default, group paths or labels as headers, one extra 0/1 column per
select_multiple choice, `_<geopoint>_latitude` columns) go through the CSV reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vitalcore.domain import RawRecord
from vitalcore.ingest.formats import csv as csv_format
from vitalcore.ingest.formats._json import flatten, load_items, payload_items, to_records
from vitalcore.ingest.formats._sniff import is_json

MAPPING = "kobo"
_IDS = ("_uuid", "meta/instanceID", "_id")


def submission(item: dict[str, Any]) -> dict[str, Any]:
    """One submission's fields, flat, with the geolocation split into lat and lon."""
    fields = flatten(item)
    geo = fields.get("_geolocation")
    if isinstance(geo, list) and len(geo) >= 2 and None not in geo[:2]:
        fields["_geolocation/lat"], fields["_geolocation/lon"] = geo[0], geo[1]
    return fields


def read(path: Path) -> Iterator[RawRecord]:
    """Submissions of a KoboToolbox JSON or CSV export."""
    if is_json(path):
        return to_records(path.name, load_items(path), submission, _IDS)
    return csv_format.read(path)


def records_from_payload(obj: Any, origin: str) -> Iterator[RawRecord]:
    """Submissions posted by a KoboToolbox REST Service (one object) or an API page."""
    return to_records(origin, payload_items(obj), submission, _IDS)
