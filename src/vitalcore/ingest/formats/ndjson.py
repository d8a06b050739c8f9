"""NDJSON (JSON Lines) reader: one RawRecord per line; a bad line is kept as an error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vitalcore.domain import RawRecord
from vitalcore.ingest.formats._json import flatten, ndjson_lines, payload_items, to_records

MAPPING = "vitalcore"


def read(path: Path) -> Iterator[RawRecord]:
    """Objects of an NDJSON file, one per line, as RawRecords."""
    return to_records(path.name, ndjson_lines(path), flatten)


def records_from_payload(obj: Any, origin: str) -> Iterator[RawRecord]:
    """RawRecords from a JSON value received by other means (the API)."""
    return to_records(origin, payload_items(obj), flatten)
