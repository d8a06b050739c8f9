"""JSON reader: one RawRecord per object of an array (or of a list under 'results' ...).

Nested objects are flattened to 'a/b' keys. A truncated array keeps its complete
elements and adds one error record for the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vitalcore.domain import RawRecord
from vitalcore.ingest.formats._json import flatten, load_items, payload_items, to_records

MAPPING = "vitalcore"


def read(path: Path) -> Iterator[RawRecord]:
    """Objects of a JSON document as RawRecords."""
    return to_records(path.name, load_items(path), flatten)


def records_from_payload(obj: Any, origin: str) -> Iterator[RawRecord]:
    """RawRecords from a JSON value received by other means (the API)."""
    return to_records(origin, payload_items(obj), flatten)
