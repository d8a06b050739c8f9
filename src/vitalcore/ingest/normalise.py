"""normalise: a RawRecord becomes a Voice, or a QuarantineEntry whose reason names
the file, the row and the field. Nothing is dropped silently."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from vitalcore.domain import (
    Channel,
    Dimension,
    Group,
    Provenance,
    QuarantineEntry,
    RawRecord,
    Voice,
    content_key,
)
from vitalcore.ingest.mapping import Mapping

EARLIEST = datetime(1990, 1, 1)
_LIST_SPLIT = re.compile(r"\s*[;,|]\s*")
_TRUE = {"1", "true", "yes", "y", "oui", "o", "x"}
_FALSE = {"0", "false", "no", "n", "non", ""}
_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d.%m.%Y")

AreaResolver = Callable[[str], str | None]


class Rejected(ValueError):
    """A field that cannot be read; carries the field's name for the quarantine reason."""

    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class Defaults:
    """What the command line says about a whole file."""

    channel: Channel | None = None
    source: str | None = None
    now: datetime | None = None  # the clock, injectable so tests can freeze it


def parse_datetime(value: Any) -> datetime:
    """ISO 8601 (with or without zone) or a day-first date; returned naive in UTC."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            for fmt in _DATE_FORMATS:
                try:
                    moment = datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
            else:
                raise ValueError(f"{text!r} is not a date (use YYYY-MM-DD or ISO 8601)") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _flag(value: Any) -> bool:
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{value!r} is not yes/no")


def _list(value: Any) -> list[str]:
    items = value if isinstance(value, list) else _LIST_SPLIT.split(str(value))
    return [str(v).strip().lower() for v in items if str(v).strip()]


def _coordinate(value: Any, limit: float, name: str) -> float:
    number = float(value)
    if not -limit <= number <= limit:
        raise ValueError(f"{name} {number} is outside [-{limit:g}, {limit:g}]")
    return number


def _field(mapping: Mapping, fields: dict[str, Any], voice_field: str,
           convert: Callable[[Any], Any]) -> Any:
    source_name, value = mapping.pick(fields, voice_field)
    if source_name is None:
        return None
    try:
        return convert(value)
    except (ValueError, TypeError) as err:
        raise Rejected(source_name, str(err)) from None


def _build(record: RawRecord, mapping: Mapping, defaults: Defaults,
           resolve_area: AreaResolver | None) -> Voice:
    if record.error:
        raise Rejected(None, record.error)
    f = record.fields
    text_field, text = mapping.pick(f, "text")
    if text_field is None or not str(text).strip():
        names = "/".join(mapping.fields.get("text", ("text",)))
        raise Rejected(names, "has no text: a voice needs words")
    text = str(text).replace("\x00", "").strip()

    channel = _field(mapping, f, "channel", lambda v: Channel(str(v).strip().lower()))
    channel = channel or defaults.channel
    if channel is None:
        raise Rejected("channel", "has no channel and none was given with --channel")
    source = _field(mapping, f, "source", lambda v: str(v).strip()) or defaults.source
    if not source:
        raise Rejected("source", "has no source and none was given with --source")

    now = (defaults.now or datetime.now(UTC)).replace(tzinfo=None)
    occurred = _field(mapping, f, "occurred_at", parse_datetime)
    if occurred is not None and not EARLIEST <= occurred <= now + timedelta(days=1):
        field_name = mapping.pick(f, "occurred_at")[0]
        raise Rejected(field_name, f"date {occurred:%Y-%m-%d} is before 1990 or in the future")

    lat = _field(mapping, f, "lat", lambda v: _coordinate(v, 90, "latitude"))
    lon = _field(mapping, f, "lon", lambda v: _coordinate(v, 180, "longitude"))
    if (lat is None) != (lon is None):
        raise Rejected("lat/lon", "has only one of latitude and longitude")

    place = _field(mapping, f, "place_name", lambda v: str(v).strip())
    pcode = _field(mapping, f, "area_pcode", lambda v: str(v).strip().upper())
    if pcode is None and place and resolve_area is not None:
        pcode = resolve_area(place)

    groups = _field(mapping, f, "groups_reported", lambda v: tuple(Group(g) for g in _list(v)))
    priorities = _field(
        mapping, f, "priorities", lambda v: tuple(Dimension(d) for d in _list(v))
    )
    severity = _field(mapping, f, "severity_reported", lambda v: int(float(v)))
    if severity is not None and not 1 <= severity <= 5:
        raise Rejected(mapping.pick(f, "severity_reported")[0], f"severity {severity} is not 1-5")

    source_id = _field(mapping, f, "source_id", lambda v: str(v).strip())
    key = (
        content_key(source, source_id)
        if source_id
        else content_key(source, channel.value, text, occurred, pcode or place)
    )
    return Voice(
        id=key,
        text=text,
        channel=channel,
        source=source,
        source_id=source_id,
        language=_field(mapping, f, "language", lambda v: str(v).strip().lower()),
        occurred_at=occurred,
        area_pcode=pcode,
        place_name=place,
        lat=lat,
        lon=lon,
        reporter=_field(mapping, f, "reporter", lambda v: str(v).strip()),
        groups_reported=groups or (),
        priorities=priorities or (),
        severity_reported=severity,
        solution=_field(mapping, f, "solution", lambda v: str(v).strip() or None),
        consent_quote=bool(_field(mapping, f, "consent_quote", _flag)),
        consent_share=bool(_field(mapping, f, "consent_share", _flag)),
        provenance=record.provenance,
    )


def quarantine_entry(provenance: Provenance, field: str | None, reason: str,
                     raw: dict[str, Any]) -> QuarantineEntry:
    """A QuarantineEntry whose reason starts with file and row, then the field."""
    where = f"{provenance.file}, row {provenance.row}"
    if field:
        where += f", field {field!r}"
    safe_raw = {str(k): (v if isinstance(v, str | int | float | bool | None) else repr(v))
                for k, v in raw.items()}
    return QuarantineEntry(
        id=content_key(provenance.file, provenance.row, sorted(safe_raw.items())),
        provenance=provenance,
        field=field,
        reason=f"{where}: {reason}",
        raw=safe_raw,
    )


def normalise(record: RawRecord, mapping: Mapping, defaults: Defaults = Defaults(),
              resolve_area: AreaResolver | None = None) -> Voice | QuarantineEntry:
    """Turn one record into a Voice, or into a QuarantineEntry that says why not."""
    try:
        return _build(record, mapping, defaults, resolve_area)
    except Rejected as rejected:
        return quarantine_entry(record.provenance, rejected.field, rejected.reason, record.fields)
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or None
        return quarantine_entry(record.provenance, field, first["msg"], record.fields)
