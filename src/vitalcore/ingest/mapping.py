"""Mappings: which source field becomes which Voice field, as reviewed YAML files.

A mapping file (shipped ones are in ingest/mappings/<format>.yaml) reads:

    defaults: {channel: survey}          # for records that name none
    earliest: 1989-01-01                 # older dates are quarantined (default 1990)
    fields:                              # Voice field -> source fields, first present wins
      text: [group_voice/testimony]
      reporter: [phone]                  # a contact: pseudonymised, stored encrypted
    text_template: "{side_a} vs {side_b}"  # optional: text built from several fields
    contacts: [name, email]              # more PII: split off, encrypted, never stored plain
    attributes: [best, where_prec]       # kept as JSON beside the voice
    values:                              # source codes -> vitalcore values
      groups_reported: {idp: displaced}

A file with none of these keys is read as the `fields` section alone (the flat layout
of the original vitalcore.yaml).
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

VOICE_FIELDS = (
    "text", "channel", "source", "source_id", "language", "occurred_at", "area_pcode",
    "place_name", "lat", "lon", "reporter", "groups_reported", "priorities",
    "severity_reported", "solution", "consent_quote", "consent_share",
)
_SECTIONS = {"defaults", "earliest", "fields", "text_template", "contacts", "attributes",
             "values", "format", "description"}
DEFAULT_EARLIEST = datetime(1990, 1, 1)


class _Blank(dict):
    """format_map helper: a missing or empty field renders as nothing."""

    def __missing__(self, key: str) -> str:
        return ""


@dataclass(frozen=True)
class Mapping:
    """Voice field -> candidate source field names, first present one wins."""

    name: str
    fields: dict[str, tuple[str, ...]]
    defaults: dict[str, str] = field(default_factory=dict)
    earliest: datetime = DEFAULT_EARLIEST
    text_template: str | None = None
    contacts: tuple[str, ...] = ()
    attributes: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    source: str = ""  # the shipped name or the file path it was loaded from
    _bound: dict[tuple[str, ...], dict[str, tuple[str, ...]]] = field(
        default_factory=dict, repr=False, compare=False)

    def bind(self, record: dict[str, Any]) -> dict[str, tuple[str, ...]]:
        """Voice field -> the candidate names this record's keys have, cached per layout.

        Rows of one file share their keys, so the lookup of which candidates exist is
        done once per file instead of once per row and field (the ingest hot path).
        """
        keys = tuple(record)
        bound = self._bound.get(keys)
        if bound is None:
            present = set(keys)
            bound = {f: tuple(n for n in names if n in present)
                     for f, names in self.fields.items()}
            if len(self._bound) < 64:  # JSON records may each differ: bound the cache
                self._bound[keys] = bound
        return bound

    def pick(self, record: dict[str, Any], voice_field: str) -> tuple[str | None, Any]:
        """(source field name, value) for a Voice field, or (None, None) if absent."""
        for name in self.fields.get(voice_field, ()):
            value = record.get(name)
            if value is not None and value != "":
                return name, value
        return None, None

    def render_text(self, record: dict[str, Any]) -> str:
        """The text_template filled from the record (missing fields left blank)."""
        assert self.text_template is not None
        values = _Blank({k: "" if v is None else v for k, v in record.items()})
        return " ".join(string.Formatter().vformat(self.text_template, (), values).split())

    def translate(self, voice_field: str, value: str) -> str:
        """A source code turned into a vitalcore value by the `values` table."""
        table = self.values.get(voice_field)
        return table.get(value, value) if table else value

    def contact_fields(self) -> tuple[str, ...]:
        """Every source field holding reporter PII: the reporter fields and `contacts`."""
        return (*self.fields.get("reporter", ()), *self.contacts)


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple([value] if isinstance(value, str) else (str(v) for v in value))


def parse_mapping(spec: dict[str, Any], name: str) -> Mapping:
    """A Mapping from the parsed YAML; unknown keys fail naming the known ones."""
    if not isinstance(spec, dict):
        raise ValueError(f"mapping {name!r} is not a YAML mapping of keys to values")
    if not set(spec) & _SECTIONS - {"format", "description"}:
        spec = {"fields": spec}
    unknown_sections = set(spec) - _SECTIONS
    if unknown_sections:
        raise ValueError(f"mapping {name!r} has unknown sections: "
                         f"{', '.join(sorted(unknown_sections))}; "
                         f"known: {', '.join(sorted(_SECTIONS))}")
    fields = spec.get("fields") or {}
    unknown = set(fields) - set(VOICE_FIELDS)
    if unknown:
        raise ValueError(
            f"mapping {name!r} names unknown Voice fields: {', '.join(sorted(unknown))}; "
            f"known: {', '.join(VOICE_FIELDS)}"
        )
    attributes = spec.get("attributes") or {}
    if isinstance(attributes, list):
        attributes = {str(a): str(a) for a in attributes}
    earliest = spec.get("earliest", DEFAULT_EARLIEST)
    if isinstance(earliest, date) and not isinstance(earliest, datetime):
        earliest = datetime(earliest.year, earliest.month, earliest.day)
    return Mapping(
        name=name,
        fields={k: _tuple(v) for k, v in fields.items()},
        defaults={str(k): str(v) for k, v in (spec.get("defaults") or {}).items()},
        earliest=earliest,
        text_template=spec.get("text_template"),
        contacts=_tuple(spec.get("contacts")),
        attributes={str(k): str(v) for k, v in attributes.items()},
        values={k: {str(a): str(b) for a, b in v.items()}
                for k, v in (spec.get("values") or {}).items()},
    )


def shipped_mappings() -> list[str]:
    """Names of the mappings shipped in ingest/mappings."""
    folder = resources.files(__package__).joinpath("mappings")
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir()
                  if p.name.endswith(".yaml"))


def load_mapping(path_or_name: str | Path = "vitalcore") -> Mapping:
    """A shipped mapping by name ('vitalcore', 'kobo', ...) or a YAML file by path."""
    path = Path(path_or_name)
    if path.suffix in {".yaml", ".yml"}:
        if not path.is_file():
            raise ValueError(f"mapping file {path} does not exist")
        text, name = path.read_text(encoding="utf-8"), path.stem
        source = str(path.resolve())
    else:
        name = str(path_or_name)
        shipped = resources.files(__package__).joinpath("mappings", f"{name}.yaml")
        if not shipped.is_file():
            raise ValueError(f"no shipped mapping named {name!r}; shipped: "
                             f"{', '.join(shipped_mappings())}")
        text, source = shipped.read_text(encoding="utf-8"), name
    try:
        spec = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise ValueError(f"mapping {name!r} is not valid YAML: {err}") from None
    return replace(parse_mapping(spec or {}, name), source=source)
