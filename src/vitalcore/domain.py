"""The vocabulary of vitalcore as pydantic models.

Every stage speaks these types: readers produce `RawRecord`s, `ingest.normalise` turns
each into a `Voice` or a `QuarantineEntry`, `classify` adds a `Classification`, and the
store persists them. Names follow ../shared/DESIGN.md.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from vitalcore.vocabulary import Channel, Dimension, Group


class Area(BaseModel):
    """An administrative unit with an OCHA P-code."""

    model_config = ConfigDict(frozen=True)

    pcode: str
    name: str
    country: str
    admin_level: int = 1
    parent_pcode: str | None = None
    alt_names: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None


class Provenance(BaseModel):
    """Where a record came from: enough to find it again in the original file or feed."""

    model_config = ConfigDict(frozen=True)

    file: str
    row: int  # 1-based data row (header excluded) or line number for NDJSON
    message_id: str | None = None


class RawRecord(BaseModel):
    """One record as a reader yields it: field names of the source, values as read."""

    model_config = ConfigDict(frozen=True)

    provenance: Provenance
    fields: dict[str, Any]
    error: str | None = Field(None, description="Why the reader could not read it whole")


class Voice(BaseModel):
    """One input from a person, group or source. Immutable once stored."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Content key: stable hash used for idempotent ingest")
    text: str
    channel: Channel
    source: str = Field(description="Who runs the channel, e.g. 'cla-network-north'")
    source_id: str | None = Field(None, description="The source's own message or row id")
    language: str | None = None
    occurred_at: datetime | None = None
    area_pcode: str | None = None
    place_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    reporter: str | None = Field(None, description="Pseudonym of the reporter, never a name")
    groups_reported: tuple[Group, ...] = ()
    priorities: tuple[Dimension, ...] = Field(
        (), description="Self-ranked concerns, most important first"
    )
    severity_reported: int | None = Field(None, ge=1, le=5)
    solution: str | None = None
    consent_quote: bool = False
    consent_share: bool = False
    corrects: str | None = Field(None, description="Id of the voice this one corrects")
    provenance: Provenance


class QuarantineEntry(BaseModel):
    """A record that could not become a Voice, kept whole with the reason in words."""

    model_config = ConfigDict(frozen=True)

    id: str
    provenance: Provenance
    field: str | None
    reason: str
    raw: dict[str, Any]


class Evidence(BaseModel):
    """The words in a voice that drove one label."""

    model_config = ConfigDict(frozen=True)

    label: str
    terms: tuple[str, ...]


class Classification(BaseModel):
    """Model output for one voice."""

    model_config = ConfigDict(frozen=True)

    voice_id: str | None = None
    model_version: str
    language: str | None
    dimensions: dict[Dimension, float] = Field(description="Score in [0, 1] per dimension")
    threat_types: dict[str, float] = Field(
        default_factory=dict,
        description="Score in [0, 1] per threat type id (taxonomy/dimensions.yaml) found",
    )
    groups: tuple[Group, ...] = ()
    severity: int = Field(1, ge=1, le=5)
    evidence: tuple[Evidence, ...] = ()
    severity_counts: dict[str, int] = Field(
        default_factory=dict,
        description="People harmed as the text counts them: killed, injured, abducted, "
        "displaced, affected",
    )
    area_pcode: str | None = Field(
        None, description="Area resolved from the voice's coordinates, place field or text"
    )

    def labels(self, threshold: float = 0.5) -> list[Dimension]:
        """Dimensions at or above the threshold, strongest first."""
        chosen = [d for d, s in self.dimensions.items() if s >= threshold]
        return sorted(chosen, key=lambda d: -self.dimensions[d])


def content_key(*parts: object) -> str:
    """A stable key for idempotent storage: the same parts always give the same key."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()[:32]


class Action(BaseModel):
    """Something a duty-bearer did in an area about a dimension (issue 7).

    `kind` is one of taxonomy/action_kinds.yaml; `end` is None while it goes on.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    area_pcode: str
    dimension: Dimension
    kind: str
    start: date
    end: date | None = None
    description: str = ""
    recorded_by: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Action:
        from vitalcore.taxonomy import action_kinds  # YAML when an action is checked only

        kinds = action_kinds()
        if self.kind not in kinds:
            raise ValueError(f"kind {self.kind!r} is not one of {', '.join(sorted(kinds))}")
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self
