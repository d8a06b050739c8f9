"""JSON and NDJSON readers: one RawRecord per object."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from vitalcore.domain import Provenance, RawRecord

# Top-level keys under which exports commonly nest their list of records.
_LIST_KEYS = ("voices", "results", "data", "records", "items")


def read_json(path: Path) -> Iterator[RawRecord]:
    """Objects of a JSON array (or of a list under a common key such as 'results')."""
    document = json.loads(path.read_text(encoding="utf-8-sig"))
    if isinstance(document, dict):
        nested = next((document[k] for k in _LIST_KEYS if isinstance(document.get(k), list)), None)
        document = nested if nested is not None else [document]
    if not isinstance(document, list):
        raise ValueError(f"{path.name}: expected a JSON array of objects")
    for index, item in enumerate(document, start=1):
        yield _record(path, index, item)


def read_ndjson(path: Path) -> Iterator[RawRecord]:
    """One object per line; a line that is not a JSON object is yielded with `error` set."""
    with path.open(encoding="utf-8-sig", errors="replace") as fh:
        for line_number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as err:
                yield RawRecord(
                    provenance=Provenance(file=path.name, row=line_number),
                    fields={"line": line.rstrip("\n")},
                    error=f"is not valid JSON ({err.msg} at column {err.colno})",
                )
                continue
            yield _record(path, line_number, item)


def _record(path: Path, row: int, item: object) -> RawRecord:
    if not isinstance(item, dict):
        return RawRecord(
            provenance=Provenance(file=path.name, row=row),
            fields={"value": item},
            error="is not a JSON object",
        )
    message_id = item.get("id") or item.get("message_id")
    return RawRecord(
        provenance=Provenance(
            file=path.name, row=row, message_id=str(message_id) if message_id else None
        ),
        fields=item,
    )
