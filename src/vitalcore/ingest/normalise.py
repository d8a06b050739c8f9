"""normalise: a RawRecord becomes a Voice, or a QuarantineEntry whose reason names
the file, the row and the field. Nothing is dropped silently.

Privacy happens here, before anything is stored: the reporter's contact (phone, URN,
e-mail, name) becomes a keyed pseudonym and travels on encrypted; the text is scrubbed
of phone numbers and e-mail addresses and its original travels on encrypted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from vitalcore import privacy
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
from vitalcore.ingest import sanity
from vitalcore.ingest.columns import channel_named
from vitalcore.ingest.mapping import DEFAULT_EARLIEST, Mapping

EARLIEST = DEFAULT_EARLIEST
# select_multiple answers are space-separated codes (KoboToolbox, ODK); flat files use ; , |
_LIST_SPLIT = re.compile(r"[\s;,|]+")
_PSEUDONYM = re.compile(r"r-[0-9a-f]{20}")
# A cell starting with one of these is run as a formula by spreadsheet programs (OWASP
# "CSV injection"); such text is kept verbatim and flagged so exports can neutralise it.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_TRUE = {"1", "true", "yes", "y", "oui", "o", "x"}
_FALSE = {"0", "false", "no", "n", "non", ""}
# Day-first where ambiguous: the convention of the francophone and anglophone field
# offices this serves (03/04/2026 is 3 April).
_DATE_FORMATS = (
    "%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d", "%d/%m/%Y",
    "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d.%m.%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y",
    "%B %d, %Y", "%b %d, %Y", "%d-%b-%Y",
)


def _spelled(fmt: str) -> str:
    for code, word in (("%Y", "YYYY"), ("%m", "MM"), ("%d", "DD"), ("%H", "hh"), ("%M", "mm"),
                       ("%S", "ss"), ("%B", "Month"), ("%b", "Mon")):
        fmt = fmt.replace(code, word)
    return fmt


# Named in the quarantine reason of a date no format reads, so the user can fix the file.
DATE_FORMATS_TRIED = ", ".join(
    ["ISO 8601", *dict.fromkeys(_spelled(f) for f in _DATE_FORMATS), "Unix epoch"])

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
    # Longest text a voice may have ($VITALCORE_MAX_TEXT_CHARS): longer is quarantined.
    max_text: int = field(default_factory=sanity.max_text_chars)


@dataclass(frozen=True)
class Normalised:
    """A Voice with what travels beside it, encrypted: contact and original text."""

    voice: Voice
    contact: tuple[str, bytes] | None = None  # (pseudonym, encrypted contact JSON)
    original: bytes | None = None  # encrypted text as received, when scrubbing changed it
    attributes: dict[str, Any] = field(default_factory=dict)


def formula_risk(text: str) -> bool:
    """Whether a spreadsheet would run this text as a formula (=HYPERLINK(...))."""
    return text.startswith(FORMULA_PREFIXES)


def neutralise_formula(text: str) -> str:
    """The text made inert for a spreadsheet export: a leading apostrophe (OWASP)."""
    return "'" + text if formula_risk(text) else text


def parse_datetime(value: Any) -> datetime:
    """ISO 8601 (with or without zone) or a day-first date; returned naive in UTC."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        if text.isdigit() and len(text) in (10, 13):  # Unix epoch (gateways), s or ms
            seconds = int(text) / (1000 if len(text) == 13 else 1)
            return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)
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
                raise ValueError(f"{text!r} is not a date in a known format (tried "
                                 f"{DATE_FORMATS_TRIED})") from None
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


def _field(names: dict[str, tuple[str, ...]], fields: dict[str, Any], voice_field: str,
           convert: Callable[[Any], Any]) -> Any:
    """The converted value of the first present candidate field (names from Mapping.bind)."""
    for source_name in names.get(voice_field, ()):
        value = fields[source_name]
        if value is not None and value != "":
            try:
                return convert(value)
            except (ValueError, TypeError) as err:
                raise Rejected(source_name, str(err)) from None
    return None


def _contact_values(mapping: Mapping, fields: dict[str, Any]) -> list[str]:
    """The reporter's contact values as given (names, numbers), to scrub from free text."""
    return [str(fields[name]) for name in mapping.contact_fields()
            if fields.get(name) not in (None, "") and not _PSEUDONYM.fullmatch(str(fields[name]))]


def _contact(mapping: Mapping, fields: dict[str, Any],
             key: bytes) -> tuple[str | None, tuple[str, bytes] | None]:
    """(pseudonym, (pseudonym, encrypted contacts)) of the reporter, or (None, None)."""
    present = {name: str(fields[name]).strip() for name in mapping.contact_fields()
               if fields.get(name) not in (None, "")}
    if not present:
        return None, None
    _, ident = mapping.pick(fields, "reporter")
    ident = str(ident).strip() if ident is not None else next(iter(present.values()))
    if _PSEUDONYM.fullmatch(ident):  # already pseudonymised upstream (e.g. by the API)
        return ident, None
    alias = privacy.pseudonym(ident, key)
    return alias, (alias, privacy.encrypt(json.dumps(present, ensure_ascii=False), key))


def reporter_of(mapping: Mapping, fields: dict[str, Any], key: bytes) -> str | None:
    """The pseudonym of the reporter a record names (also a rejected record: its
    quarantine entry carries it, so an erasure reaches it), or None."""
    try:
        present = [f for f in mapping.contact_fields() if fields.get(f) not in (None, "")]
        if not present:
            return None
        _, ident = mapping.pick(fields, "reporter")
        ident = str(ident).strip() if ident is not None else str(fields[present[0]]).strip()
    except (KeyError, TypeError, ValueError):
        return None
    if _PSEUDONYM.fullmatch(ident):
        return ident
    # A broken character in the contact must not stop the entry that quarantines it.
    return privacy.pseudonym(sanity.repair(ident, cut=False), key)


def _attributes(mapping: Mapping, fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, source_field in mapping.attributes.items():
        value = fields.get(source_field)
        if value is None or value == "":
            continue
        out[name] = privacy.scrub(value) if isinstance(value, str) else value
    return out


def _build(record: RawRecord, mapping: Mapping, defaults: Defaults,
           resolve_area: AreaResolver | None, key: bytes) -> Normalised:
    if record.error:
        raise Rejected(None, record.error)
    f = record.fields
    broken = sanity.problem(f)
    if broken is not None:
        raise Rejected(*broken)
    names = mapping.bind(f)
    if mapping.text_template:
        text_field, text = "text_template", mapping.render_text(f)
    else:
        text_field, text = mapping.pick(f, "text")
    if text_field is None or not str(text).replace("\x00", "").strip():
        tried = "/".join(mapping.fields.get("text", ("text",)))
        raise Rejected(tried, "has no text: a voice needs words")
    received = str(text).replace("\x00", "").strip()
    if len(received) > defaults.max_text:
        raise Rejected(text_field, f"text of {len(received):,} characters is longer than the "
                       f"limit of {defaults.max_text:,} ({sanity.MAX_TEXT_ENV})")
    # The reporter's own name, when the mapping encrypts it as a contact, must not stay
    # readable in their words.
    own = _contact_values(mapping, f)
    text = privacy.scrub_names(privacy.scrub(received), own)

    channel = _field(names, f, "channel",
                     lambda v: channel_named(mapping.translate("channel", str(v).strip().lower())))
    fallback = defaults.channel or mapping.defaults.get("channel")
    channel = channel or (Channel(fallback) if fallback else None)
    if channel is None:
        raise Rejected("channel", "has no channel and none was given with --channel")
    source = (_field(names, f, "source", lambda v: str(v).strip())
              or defaults.source or mapping.defaults.get("source"))
    if not source:
        raise Rejected("source", "has no source and none was given with --source")

    now = (defaults.now or datetime.now(UTC)).replace(tzinfo=None)
    occurred = _field(names, f, "occurred_at", parse_datetime)
    if occurred is not None and not mapping.earliest <= occurred <= now + timedelta(days=1):
        field_name = mapping.pick(f, "occurred_at")[0]
        raise Rejected(field_name, f"date {occurred:%Y-%m-%d} is before "
                       f"{mapping.earliest:%Y-%m-%d} or in the future")

    lat = _field(names, f, "lat", lambda v: _coordinate(v, 90, "latitude"))
    lon = _field(names, f, "lon", lambda v: _coordinate(v, 180, "longitude"))
    if (lat is None) != (lon is None):
        raise Rejected("lat/lon", "has only one of latitude and longitude")

    place = _field(names, f, "place_name", lambda v: privacy.scrub(str(v).strip()))
    pcode = _field(names, f, "area_pcode", lambda v: str(v).strip().upper())
    if pcode is not None and resolve_area is not None:
        pcode = resolve_area(pcode) or pcode  # a name in a P-code column ("Gao")
    if pcode is None and place and resolve_area is not None:
        pcode = resolve_area(place)

    groups = _field(names, f, "groups_reported", lambda v: tuple(
        Group(mapping.translate("groups_reported", g)) for g in _list(v)))
    priorities = _field(names, f, "priorities", lambda v: tuple(
        Dimension(mapping.translate("priorities", d)) for d in _list(v)))
    severity = _field(names, f, "severity_reported", lambda v: int(float(v)))
    if severity is not None and not 1 <= severity <= 5:
        raise Rejected(mapping.pick(f, "severity_reported")[0], f"severity {severity} is not 1-5")

    reporter, contact = _contact(mapping, f, key)
    source_id = _field(names, f, "source_id", lambda v: str(v).strip())
    # Without a source id, a voice is known by its content; two people telling the same
    # words on the same day in the same place are two voices, so the reporter is part of
    # the key when there is one (a record without a reporter keeps the key it had).
    told_by = (reporter,) if reporter else ()
    key_id = (
        content_key(source, source_id)
        if source_id
        else content_key(source, channel.value, text, occurred, pcode or place, *told_by)
    )
    attributes = _attributes(mapping, f)
    if formula_risk(text):
        attributes["formula_risk"] = True
    solution = _field(names, f, "solution",
                      lambda v: privacy.scrub_names(privacy.scrub(str(v).strip()), own) or None)
    voice = Voice(
        id=key_id,
        text=text,
        channel=channel,
        source=source,
        source_id=source_id,
        language=_field(names, f, "language", lambda v: str(v).strip().lower()),
        occurred_at=occurred,
        area_pcode=pcode,
        place_name=place,
        lat=lat,
        lon=lon,
        reporter=reporter,
        groups_reported=groups or (),
        priorities=priorities or (),
        severity_reported=severity,
        solution=solution,
        consent_quote=bool(_field(names, f, "consent_quote", _flag)),
        consent_share=bool(_field(names, f, "consent_share", _flag)),
        provenance=record.provenance,
    )
    original = privacy.encrypt(received, key) if received != text else None
    return Normalised(voice=voice, contact=contact, original=original, attributes=attributes)


def _display_safe(raw: dict[str, Any], contact_fields: tuple[str, ...]) -> dict[str, Any]:
    """Raw fields fit to show: contacts masked, phones and e-mails scrubbed, JSON-able."""
    out: dict[str, Any] = {}
    for k, v in raw.items():
        if k in contact_fields and v not in (None, ""):
            out[str(k)] = "[contact]"
        elif isinstance(v, str):
            out[str(k)] = privacy.scrub(v.replace("\x00", ""))
        elif isinstance(v, int | float | bool) or v is None:
            out[str(k)] = v
        else:
            out[str(k)] = privacy.scrub(repr(v))
    return out


def quarantine_entry(provenance: Provenance, field: str | None, reason: str,
                     raw: dict[str, Any], contact_fields: tuple[str, ...] = ()) -> QuarantineEntry:
    """A QuarantineEntry whose reason starts with file and row, then the field.

    The id is a hash of file, row and the raw content, so a re-run keeps one entry per
    rejected row; `raw` is the display-safe copy (the full row is stored encrypted).
    """
    # Repaired first: a broken character or deep nesting must not stop the very entry
    # that reports it (ingest/sanity.py).
    raw = sanity.repair(raw)
    provenance = provenance.model_copy(update={
        "file": sanity.repair(provenance.file),
        "message_id": sanity.repair(provenance.message_id)})
    field, reason = sanity.repair(field), sanity.repair(reason)
    where = f"{provenance.file}, row {provenance.row}"
    if field:
        where += f", field {field!r}"
    ident = content_key(provenance.file, provenance.row,
                        json.dumps(raw, sort_keys=True, default=str, ensure_ascii=False))
    return QuarantineEntry(
        id=ident,
        provenance=provenance,
        field=field,
        reason=privacy.scrub(f"{where}: {reason}"),
        raw=_display_safe(raw, contact_fields),
    )


def normalise_record(record: RawRecord, mapping: Mapping, defaults: Defaults, *,
                     key: bytes, resolve_area: AreaResolver | None = None,
                     ) -> Normalised | QuarantineEntry:
    """Turn one record into a Normalised voice, or a QuarantineEntry that says why not."""
    try:
        return _build(record, mapping, defaults, resolve_area, key)
    except Rejected as rejected:
        reason, field_name = rejected.reason, rejected.field
    except ValidationError as err:
        first = err.errors()[0]
        field_name = ".".join(str(part) for part in first["loc"]) or None
        reason = first["msg"]
    except (UnicodeError, RecursionError) as err:  # what sanity.problem did not foresee
        field_name, reason = None, f"cannot be read ({type(err).__name__})"
    return quarantine_entry(record.provenance, field_name, reason, record.fields,
                            mapping.contact_fields())


def normalise(record: RawRecord, mapping: Mapping, defaults: Defaults = Defaults(),
              resolve_area: AreaResolver | None = None,
              key: bytes | None = None) -> Voice | QuarantineEntry:
    """Turn one record into a Voice, or into a QuarantineEntry that says why not."""
    result = normalise_record(record, mapping, defaults, key=key or privacy.load_key(),
                              resolve_area=resolve_area)
    return result.voice if isinstance(result, Normalised) else result
