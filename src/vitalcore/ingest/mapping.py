"""Mappings: which source field becomes which Voice field, as reviewed YAML files."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

VOICE_FIELDS = (
    "text", "channel", "source", "source_id", "language", "occurred_at", "area_pcode",
    "place_name", "lat", "lon", "reporter", "groups_reported", "priorities",
    "severity_reported", "solution", "consent_quote", "consent_share",
)


@dataclass(frozen=True)
class Mapping:
    """Voice field -> candidate source field names, first present one wins."""

    name: str
    fields: dict[str, tuple[str, ...]]

    def pick(self, record: dict[str, Any], voice_field: str) -> tuple[str | None, Any]:
        """(source field name, value) for a Voice field, or (None, None) if absent."""
        for name in self.fields.get(voice_field, ()):
            if name in record and record[name] not in (None, ""):
                return name, record[name]
        return None, None


def load_mapping(path_or_name: str | Path = "vitalcore") -> Mapping:
    """A shipped mapping by name ('vitalcore') or a YAML file by path."""
    path = Path(path_or_name)
    if path.suffix in {".yaml", ".yml"}:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        name = path.stem
    else:
        name = str(path_or_name)
        shipped = resources.files(__package__).joinpath("mappings", f"{name}.yaml")
        if not shipped.is_file():
            raise ValueError(f"no shipped mapping named {name!r}")
        spec = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    unknown = set(spec) - set(VOICE_FIELDS)
    if unknown:
        raise ValueError(
            f"mapping {name!r} names unknown Voice fields: {', '.join(sorted(unknown))}; "
            f"known: {', '.join(VOICE_FIELDS)}"
        )
    fields = {k: tuple([v] if isinstance(v, str) else v) for k, v in spec.items()}
    return Mapping(name=name, fields=fields)
