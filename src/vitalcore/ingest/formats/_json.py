"""Shared by the JSON readers: load a document (salvaging a truncated array), flatten.

Survey tools nest answers in groups ({"group_a": {"q1": ...}} in ODK Central's OData,
"group_a/q1" keys in KoboToolbox); flattening both to "group_a/q1" lets one mapping
syntax name any answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vitalcore.domain import Provenance, RawRecord
from vitalcore.ingest.sanity import MAX_DEPTH, TooDeep, dumps_escaped

# Top-level keys under which exports commonly nest their list of records.
LIST_KEYS = ("results", "value", "data", "records", "items", "voices", "messages", "runs")


def flatten(obj: dict[str, Any], prefix: str = "", depth: int = 0) -> dict[str, Any]:
    """Nested objects joined with '/'; lists (repeat groups) kept as lists of flat objects.
    TooDeep beyond MAX_DEPTH levels (the record is then quarantined, not the run lost)."""
    if depth > MAX_DEPTH:
        raise TooDeep(f"is nested deeper than {MAX_DEPTH} levels")
    out: dict[str, Any] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}/", depth + 1))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            out[name] = [flatten(v, "", depth + 1) for v in value]
            out[f"{name}/count"] = len(value)
        else:
            out[name] = value
    return out


def file_error(path: Path, reason: str) -> RawRecord:
    """A record standing for a whole file that cannot be read (row 0), to quarantine."""
    size = path.stat().st_size if path.exists() else None
    return RawRecord(provenance=Provenance(file=path.name, row=0),
                     fields={"file": path.name, "bytes": size}, error=reason)


def _salvage(text: str) -> tuple[list[Any], str]:
    """The complete elements of a JSON array cut short, and why it stopped."""
    start = text.find("[")
    decoder = json.JSONDecoder()
    items: list[Any] = []
    pos = start + 1
    while start >= 0:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            break
        try:
            item, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as err:
            return items, f"JSON cut short or damaged after element {len(items)} ({err.msg})"
        except RecursionError:
            end = _value_end(text, pos)
            if end is None:
                return items, f"JSON cut short after element {len(items)}"
            item, pos = _Deep(text[pos:end]), end
        items.append(item)
    return items, "JSON document is damaged"


class _Deep:
    """An element of a JSON array too deeply nested to decode; kept as text."""

    def __init__(self, text: str) -> None:
        self.text = text


def _value_end(text: str, pos: int) -> int | None:
    """Where the JSON value starting at `pos` ends, by counting brackets outside strings
    (no recursion, so any depth); None when the text ends first."""
    depth, in_string, escaped = 0, False, False
    for index in range(pos, len(text)):
        char = text[index]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return index + 1
    return None


def load_items(path: Path) -> Iterator[tuple[int, Any] | RawRecord]:
    """(index, item) for each element of the document's list, or an error RawRecord."""
    text = path.read_bytes().decode("utf-8-sig", errors="replace").replace("\x00", "")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        items, why = _salvage(text)
        yield from enumerate(items, start=1)
        yield file_error(path, f"{why}: {err.msg} at line {err.lineno} column {err.colno}")
        return
    except RecursionError:
        # One element nested past Python's limit: read the others one by one.
        items, why = _salvage(text)
        yield from enumerate(items, start=1)
        if why != "JSON document is damaged":
            yield file_error(path, why)
        return
    if isinstance(document, dict):
        nested = next((document[k] for k in LIST_KEYS if isinstance(document.get(k), list)),
                      None)
        document = nested if nested is not None else [document]
    if not isinstance(document, list):
        yield file_error(path, "expected a JSON array of objects or an object")
        return
    yield from enumerate(document, start=1)


def not_an_object(path: Path, row: int, item: Any) -> RawRecord:
    return RawRecord(provenance=Provenance(file=path.name, row=row),
                     fields={"value": repr(item)[:10_000]}, error="is not a JSON object")


def ndjson_lines(path: Path) -> Iterator[tuple[int, Any] | RawRecord]:
    """(line number, object) per non-blank line, or an error RawRecord for a bad line."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        for number, line in enumerate(fh, start=1):
            line = line.replace("\x00", "")
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as err:
                yield RawRecord(
                    provenance=Provenance(file=path.name, row=number),
                    fields={"line": line.rstrip("\r\n")[:100_000]},
                    error=f"is not valid JSON ({err.msg} at column {err.colno})",
                )
            except RecursionError:
                yield RawRecord(
                    provenance=Provenance(file=path.name, row=number),
                    fields={"line": line.rstrip("\r\n")[:100_000]},
                    error=f"is nested deeper than {MAX_DEPTH} levels",
                )


def to_records(origin: str, items: Iterator[tuple[int, Any] | RawRecord], transform,  # noqa: ANN001
               id_keys: tuple[str, ...] = ("id", "message_id", "uuid")) -> Iterator[RawRecord]:
    """RawRecords from (index, item) pairs: `transform(item)` gives the flat fields."""
    for entry in items:
        if isinstance(entry, RawRecord):
            yield entry
            continue
        row, item = entry
        if isinstance(item, _Deep):
            yield RawRecord(provenance=Provenance(file=origin, row=row),
                            fields={"value": item.text[:100_000]},
                            error=f"is nested deeper than {MAX_DEPTH} levels")
            continue
        if not isinstance(item, dict):
            yield RawRecord(provenance=Provenance(file=origin, row=row),
                            fields={"value": dumps_escaped(item)[:10_000]},
                            error="is not a JSON object")
            continue
        try:
            fields = transform(item)
        except (TooDeep, RecursionError):
            yield RawRecord(provenance=Provenance(file=origin, row=row),
                            fields={"value": dumps_escaped(item)[:100_000]},
                            error=f"is nested deeper than {MAX_DEPTH} levels")
            continue
        ident = next((fields[k] for k in id_keys if fields.get(k) not in (None, "")), None)
        yield RawRecord(
            provenance=Provenance(file=origin, row=row,
                                  message_id=str(ident) if ident is not None else None),
            fields=fields,
        )


def payload_items(obj: Any) -> Iterator[tuple[int, Any]]:
    """(index, item) of an API payload: a list, a list under a common key, or one object."""
    if isinstance(obj, dict):
        nested = next((obj[k] for k in LIST_KEYS if isinstance(obj.get(k), list)), None)
        obj = nested if nested is not None else [obj]
    if not isinstance(obj, list):
        obj = [obj]
    yield from enumerate(obj, start=1)
