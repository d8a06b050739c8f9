"""Plain SMS gateway payloads: {"from": "+223...", "text": "...", "timestamp": ...}.

Gateways differ in names (from/sender/msisdn/From, text/message/Body,
timestamp/received_at/sent_timestamp; epoch seconds or ISO 8601); the shipped mapping
lists the common ones. JSON (an object, an array or {"messages": [...]}), NDJSON or CSV.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vitalcore.domain import RawRecord
from vitalcore.ingest.formats import csv as csv_format
from vitalcore.ingest.formats._json import (
    flatten,
    load_items,
    ndjson_lines,
    payload_items,
    to_records,
)
from vitalcore.ingest.formats._sniff import is_json

MAPPING = "sms"
_IDS = ("id", "message_id", "MessageSid", "uuid")


def read(path: Path) -> Iterator[RawRecord]:
    """Messages of a gateway's JSON, NDJSON or CSV file."""
    if path.suffix.lower() in {".ndjson", ".jsonl"}:
        return to_records(path.name, ndjson_lines(path), flatten, _IDS)
    if is_json(path):
        return to_records(path.name, load_items(path), flatten, _IDS)
    return csv_format.read(path)


def records_from_payload(obj: Any, origin: str) -> Iterator[RawRecord]:
    """One message (or a list of them) as a gateway posts it."""
    return to_records(origin, payload_items(obj), flatten, _IDS)
