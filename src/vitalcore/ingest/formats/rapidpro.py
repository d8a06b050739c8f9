"""RapidPro / TextIt: flow webhook payloads, flow-results (runs) and messages exports.

Three shapes, all reduced to the same flat fields:
- webhook body of a "Call Webhook" action: {"contact": {"uuid", "name", "urn"},
  "flow": {...}, "results": {key: {"value", "input", "created_on", ...}},
  "input": {"text", "urn", "channel", ...}, "run": {"uuid", "created_on"}};
- a run of the runs API / flow-results export: {"uuid", "contact": {...},
  "values": {key: {"value", "input", "time", ...}}, "created_on", ...};
- a message of the messages API: {"id", "urn", "contact": {...}, "text", "created_on"}.
`text` is the inbound message (or the first free-text result), `urn` the contact URN
(tel:+223..., whatsapp:223...), `urn_scheme` its scheme, `created_on` the time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vitalcore.domain import RawRecord
from vitalcore.ingest.formats._json import (
    flatten,
    load_items,
    ndjson_lines,
    payload_items,
    to_records,
)

MAPPING = "rapidpro"
_IDS = ("id", "run/uuid", "uuid", "input/uuid")


def _first_text(results: Any) -> str | None:
    if not isinstance(results, dict):
        return None
    for result in results.values():
        if isinstance(result, dict):
            value = result.get("input") or result.get("value")
            if isinstance(value, str) and value.strip():
                return value
    return None


def message(item: dict[str, Any]) -> dict[str, Any]:
    """One webhook call, run or message as flat fields with text, urn and created_on."""
    fields = flatten(item)
    inbound = item.get("input") if isinstance(item.get("input"), dict) else {}
    contact = item.get("contact") if isinstance(item.get("contact"), dict) else {}
    text = (inbound.get("text") if inbound else None) or item.get("text") \
        or _first_text(item.get("results")) or _first_text(item.get("values"))
    urn = (inbound.get("urn") if inbound else None) or item.get("urn") or contact.get("urn")
    run = item.get("run") if isinstance(item.get("run"), dict) else {}
    fields["text"] = text
    fields["urn"] = urn
    fields["urn_scheme"] = str(urn).split(":", 1)[0] if urn and ":" in str(urn) else None
    fields["created_on"] = (inbound.get("created_on") if inbound else None) \
        or run.get("created_on") or item.get("created_on")
    return fields


def read(path: Path) -> Iterator[RawRecord]:
    """Webhook payloads, runs or messages from a JSON or NDJSON file."""
    items = ndjson_lines(path) if path.suffix.lower() in {".ndjson", ".jsonl"} \
        else load_items(path)
    return to_records(path.name, items, message, _IDS)


def records_from_payload(obj: Any, origin: str) -> Iterator[RawRecord]:
    """One webhook call (as RapidPro posts it) or a page of runs or messages."""
    return to_records(origin, payload_items(obj), message, _IDS)
