"""Which column of a user's file becomes which Voice field, and which columns are left.

Field teams' files come with their own headers ("lieu", "Date de l'incident", "#adm1
+name"). For the generic flat layout (CSV, XLSX, JSON, NDJSON read with the shipped
`vitalcore` mapping) the headers are matched against the families of columns.yaml and
the mapping is extended with the file's own names. For any mapping, the columns it does
not use are named, and an unused column that looks like a date, a place, a contact or a
channel is flagged: a user learns of a mistake from the ingest summary, not from empty
results weeks later.

    plan = plan_columns(columns, sample, mapping, recognise=True)
    plan.mapping      # the mapping to ingest with
    plan.notes()      # lines for the summary: columns used, not used, flagged
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from vitalcore import privacy
from vitalcore.domain import Channel
from vitalcore.ingest.mapping import VOICE_FIELDS, Mapping

# A P-code: an ISO 3166 alpha-2 or alpha-3 country code and admin digits (ML0702, NER004).
_PCODE = re.compile(r"^[A-Z]{2,3}\d{1,9}$")
_SEPARATORS = re.compile(r"[^0-9a-z#+]+")
# Fields whose families claim a column first when two families name it.
_PRIORITY = ("text", "source_id", "occurred_at", "area_pcode", "place_name", "reporter",
             "channel", "source", "language", "lat", "lon", "groups_reported", "priorities",
             "severity_reported", "solution", "consent_quote", "consent_share")
_SAMPLE_SHARE = 0.8  # of a column's non-empty sample values, to say it "looks like" a kind
_FUZZY = 88  # rapidfuzz ratio from which a header is taken for a near miss of a known name


def fold(header: str) -> str:
    """A header as compared: lower case, no accents, separators as '_'; HXL attributes sorted."""
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    text = text.strip().lower()
    if text.startswith("#"):
        tag, *attributes = [p.strip() for p in text.replace(" ", "").split("+")]
        return "+".join([tag, *sorted(a for a in attributes if a)])
    return _SEPARATORS.sub("_", text).strip("_")


@dataclass(frozen=True)
class Families:
    """The header families of columns.yaml, folded."""

    fields: dict[str, tuple[str, ...]]
    contacts: tuple[str, ...]
    channel_values: dict[str, str]

    def field_of(self, folded: str) -> str | None:
        for name in _PRIORITY:
            if folded in self.fields.get(name, ()):
                return name
        return None


@lru_cache(maxsize=1)
def families() -> Families:
    """columns.yaml, loaded once."""
    text = resources.files(__package__).joinpath("columns.yaml").read_text(encoding="utf-8")
    spec = yaml.safe_load(text)
    unknown = set(spec["fields"]) - set(VOICE_FIELDS)
    if unknown:  # a reviewed data file naming a field the Voice does not have
        raise ValueError(f"columns.yaml names unknown Voice fields: {sorted(unknown)}")
    channels = {fold(k): str(v) for k, v in (spec.get("channel_values") or {}).items()}
    bad = {v for v in channels.values() if v not in {c.value for c in Channel}}
    if bad:
        raise ValueError(f"columns.yaml maps channel names to unknown channels: {sorted(bad)}")
    return Families(
        fields={k: tuple(dict.fromkeys(fold(n) for n in v)) for k, v in spec["fields"].items()},
        contacts=tuple(dict.fromkeys(fold(n) for n in spec.get("contacts") or ())),
        channel_values=channels,
    )


def channel_named(value: str) -> Channel:
    """A channel from what a field team wrote: vitalcore's own names or a known synonym."""
    text = str(value).strip().lower()
    try:
        return Channel(text)
    except ValueError:
        pass
    known = families().channel_values.get(fold(text))
    if known is None:
        raise ValueError(f"{value!r} is not a valid Channel (use one of "
                         f"{', '.join(c.value for c in Channel)}, or a name of "
                         "ingest/columns.yaml channel_values)")
    return Channel(known)


@dataclass(frozen=True)
class ColumnUse:
    """One column of the file and what it becomes."""

    column: str
    becomes: str  # a Voice field, "contact", "attribute <name>" or "text template"
    how: str  # "mapping": named by the mapping; "header": a known header; "values": P-codes


@dataclass(frozen=True)
class ColumnPlan:
    """How a file's columns are read, and what is left over."""

    mapping: Mapping
    used: tuple[ColumnUse, ...]
    unused: tuple[str, ...]
    flags: tuple[str, ...] = ()
    columns: tuple[str, ...] = field(default=())

    @property
    def has_text(self) -> bool:
        return bool(self.mapping.text_template) or any(u.becomes == "text" for u in self.used)

    def notes(self) -> list[str]:
        """Lines for the ingest summary: used, not used, flagged."""
        lines = []
        if self.used:
            lines.append("columns used: " + ", ".join(
                f"{u.column} -> {u.becomes}" for u in self.used))
        if self.unused:
            lines.append("columns not used: " + ", ".join(self.unused))
        lines.extend(self.flags)
        return lines

    def as_dict(self) -> dict[str, Any]:
        return {
            "columns": list(self.columns),
            "used": [{"column": u.column, "becomes": u.becomes, "how": u.how}
                     for u in self.used],
            "unused": list(self.unused),
            "flags": list(self.flags),
        }


def _values(sample: list[dict[str, Any]], column: str) -> list[str]:
    return [str(r[column]).strip() for r in sample
            if r.get(column) not in (None, "") and str(r[column]).strip()]


def _mostly(values: list[str], test: Any) -> bool:
    if not values:
        return False
    hits = 0
    for value in values:
        try:
            hits += bool(test(value))
        except (ValueError, TypeError, OverflowError):
            continue
    return hits >= _SAMPLE_SHARE * len(values)


def _is_date(value: str) -> bool:
    from vitalcore.ingest.normalise import parse_datetime

    if value.isdigit() and len(value) not in (10, 13):
        return False  # small integers are counts, not epochs
    parse_datetime(value)
    return True


def _looks_like(values: list[str], resolve_area: Any) -> str | None:
    """What kind of values a column holds, from a sample, or None."""
    if _mostly(values, _PCODE.match):
        return "P-codes (area_pcode)"
    if _mostly(values, _is_date):
        return "dates (occurred_at)"
    if _mostly(values, privacy.has_contact_like):
        return "phone numbers or e-mails (reporter)"
    if _mostly(values, channel_named):
        return "channels (channel)"
    if resolve_area is not None and _mostly(values, resolve_area):
        return "place names the gazetteer knows (place_name)"
    return None


def _near_miss(folded: str) -> str | None:
    """The Voice field whose known header this one nearly is ('locallite' ~ 'localite')."""
    from rapidfuzz import fuzz, process

    known = families()
    choices = {name: f for f, names in known.fields.items() for name in names
               if not name.startswith("#") and len(name) > 3}
    if len(folded) <= 3:
        return None
    best = process.extractOne(folded, list(choices), scorer=fuzz.ratio, score_cutoff=_FUZZY)
    return choices[best[0]] if best else None


def _template_fields(template: str | None) -> set[str]:
    if not template:
        return set()
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def plan_columns(columns: list[str], sample: list[dict[str, Any]], mapping: Mapping, *,
                 recognise: bool, resolve_area: Any = None) -> ColumnPlan:
    """The plan for a file with these columns (and a sample of its records).

    With `recognise`, headers of the known families extend the mapping (after the names
    it has already); a place column whose values are P-codes becomes area_pcode.
    `resolve_area` (a place name -> P-code or None) only serves to flag an unused column
    of known place names.
    """
    columns = list(dict.fromkeys(str(c) for c in columns))
    fields = {f: [n for n in names] for f, names in mapping.fields.items()}
    contacts = list(mapping.contacts)
    how: dict[tuple[str, str], str] = {}
    if recognise:
        known = families()
        taken = {n for names in fields.values() for n in names} | set(contacts)
        by_fold: dict[str, str] = {}
        for column in columns:
            by_fold.setdefault(fold(column), column)
        for voice_field in _PRIORITY:
            for name in known.fields.get(voice_field, ()):
                column = by_fold.get(name)
                if column is None or column in taken:
                    continue
                target = voice_field
                if target == "place_name" and _mostly(_values(sample, column), _PCODE.match):
                    target = "area_pcode"
                fields.setdefault(target, []).append(column)
                how[(column, target)] = "values" if target != voice_field else "header"
                taken.add(column)
        for name in known.contacts:
            column = by_fold.get(name)
            if column is not None and column not in taken:
                contacts.append(column)
                how[(column, "contact")] = "header"
                taken.add(column)
    present = set(columns)
    used: list[ColumnUse] = []
    seen: set[str] = set()
    for voice_field in VOICE_FIELDS:
        for column in fields.get(voice_field, ()):
            if column in present and column not in seen:
                used.append(ColumnUse(column, voice_field,
                                      how.get((column, voice_field), "mapping")))
                seen.add(column)
    for column in contacts:
        if column in present and column not in seen:
            used.append(ColumnUse(column, "contact", how.get((column, "contact"), "mapping")))
            seen.add(column)
    for name, column in mapping.attributes.items():
        if column in present and column not in seen:
            used.append(ColumnUse(column, f"attribute {name}", "mapping"))
            seen.add(column)
    for column in sorted(_template_fields(mapping.text_template) & present - seen):
        used.append(ColumnUse(column, "text template", "mapping"))
        seen.add(column)
    unused = tuple(c for c in columns if c not in seen)
    flags = []
    for column in unused:
        kind = _looks_like(_values(sample, column), resolve_area)
        near = _near_miss(fold(column))
        if kind:
            flags.append(f"column {column!r} is not used but holds {kind}: map it with "
                         "--mapping (see vitalcore mapping suggest)")
        elif near:
            flags.append(f"column {column!r} is not used but its name is close to a "
                         f"{near} column: map it with --mapping if it is one")
    extended = replace(mapping, fields={f: tuple(v) for f, v in fields.items() if v},
                       contacts=tuple(contacts), _bound={})
    return ColumnPlan(mapping=extended, used=tuple(used), unused=unused, flags=tuple(flags),
                      columns=tuple(columns))


def suggested_mapping(plan: ColumnPlan, *, source: str, channel: str | None) -> str:
    """An editable mapping YAML from a plan: what would be read, and what is left."""
    fields: dict[str, list[str]] = {}
    contacts: list[str] = []
    attributes: dict[str, str] = {}
    for use in plan.used:
        if use.becomes == "contact":
            contacts.append(use.column)
        elif use.becomes.startswith("attribute "):
            attributes[use.becomes.removeprefix("attribute ")] = use.column
        elif use.becomes in VOICE_FIELDS:
            fields.setdefault(use.becomes, []).append(use.column)
    spec: dict[str, Any] = {"defaults": {"source": source}}
    if channel:
        spec["defaults"]["channel"] = channel
    spec["fields"] = fields
    if contacts:
        spec["contacts"] = contacts
    if attributes:
        spec["attributes"] = attributes
    head = [
        f"# Mapping suggested by `vitalcore mapping suggest` for {source}.",
        "# Edit it, then: vitalcore ingest FILE --mapping THIS_FILE.yaml",
        "# fields: Voice field -> columns, the first non-empty one of a row wins.",
        "# contacts: reporter PII, encrypted and never stored in plain text.",
        "# attributes: name -> column, kept as JSON beside the voice.",
    ]
    if plan.unused:
        head.append("# Columns not used (add them under fields or attributes to keep them): "
                    + ", ".join(plan.unused))
    head.extend(f"# {flag}" for flag in plan.flags)
    body = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return "\n".join(head) + "\n" + body
