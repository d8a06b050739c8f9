"""Request and response bodies, named by role: <Thing>Create in, <Thing>Public out.

Every input model forbids unknown fields: a client that misspells `consent_share` must
hear so, not have the consent silently dropped.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from vitalcore.domain import Channel, Dimension, Group


class StrictInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class VoiceCreate(StrictInput):
    """One voice as a collector or a partner system submits it."""

    # No length limit here: VITALCORE_MAX_TEXT_CHARS applies in normalise, as for files,
    # and a longer text is quarantined with its reason (the body limit bounds the rest).
    text: str = Field(min_length=1, description="What the person said")
    channel: Channel
    source: str | None = Field(
        None, max_length=200,
        description="Who runs the channel; defaults to the API key's source, must match it",
    )
    message_id: str | None = Field(
        None, max_length=200,
        description="The source's own id: submitting the same id twice stores one voice",
    )
    language: str | None = Field(None, max_length=16)
    occurred_at: datetime | None = None
    area_pcode: str | None = Field(None, max_length=32)
    place_name: str | None = Field(None, max_length=200)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    reporter_contact: str | None = Field(
        None, max_length=200,
        description="Phone, e-mail or name: split off at once, encrypted, replaced by a "
        "pseudonym; no analyst ever sees it",
    )
    groups: list[Group] = Field(default_factory=list, max_length=len(Group))
    priorities: list[Dimension] = Field(default_factory=list, max_length=len(Dimension))
    severity: int | None = Field(None, ge=1, le=5)
    solution: str | None = Field(None, max_length=5_000)
    consent_quote: bool = False
    consent_share: bool = False


class VoiceBatchCreate(StrictInput):
    voices: list[VoiceCreate] = Field(min_length=1)


class IntakePublic(BaseModel):
    """What happened to a submission: read = stored + duplicates + quarantined."""

    read: int
    stored: int
    duplicates: int
    quarantined: int


class ClassificationPublic(BaseModel):
    model_version: str
    language: str | None
    dimensions: dict[str, float]
    threat_types: dict[str, float]
    groups: list[str]
    severity: int
    evidence: list[dict[str, Any]]


class VoicePublic(BaseModel):
    """A voice as analysts see it: scrubbed text, reporter as a pseudonym."""

    id: str
    text: str
    channel: str
    source: str
    source_id: str | None
    language: str | None
    occurred_at: datetime | None
    area_pcode: str | None
    place_name: str | None
    lat: float | None
    lon: float | None
    reporter: str | None = Field(description="Pseudonym (r-...), never a contact")
    groups_reported: list[str]
    priorities: list[str]
    severity_reported: int | None
    solution: str | None
    consent_quote: bool
    consent_share: bool
    corrects: str | None
    ingested_at: datetime


class VoiceDetail(VoicePublic):
    classification: ClassificationPublic | None


class VoicePage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[VoicePublic]


class CorrectionCreate(StrictInput):
    """Labels to add and to remove: dimensions, threat type ids or group names."""

    add: list[str] = Field(default_factory=list, max_length=50)
    remove: list[str] = Field(default_factory=list, max_length=50)


class CorrectionPublic(BaseModel):
    voice_id: str
    recorded: int


class LoginCreate(StrictInput):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class TokenPublic(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime


class AccountPublic(BaseModel):
    kind: str
    id: str
    name: str
    role: str
    source: str | None
    disabled: bool


class UserCreate(StrictInput):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=12, max_length=1024)
    role: Literal["collector", "analyst", "protection_officer", "admin", "public"]
    source: str | None = Field(None, max_length=200)


class KeyCreate(StrictInput):
    name: str = Field(min_length=1, max_length=200)
    role: Literal["collector", "analyst", "protection_officer", "admin", "public"]
    source: str | None = Field(None, max_length=200)


class KeyCreated(AccountPublic):
    key: str = Field(description="Shown once; only its keyed hash is stored")


class RevealCreate(StrictInput):
    reporter: str = Field(min_length=3, max_length=64, pattern=r"^r-[A-Za-z0-9_-]+$")
    reason: str = Field(
        min_length=10, max_length=2_000,
        description="Why this person's contact is needed (recorded in the audit log)",
    )


class ContactPublic(BaseModel):
    reporter: str
    contact: dict[str, str] = Field(description="Contact fields as the source named them")
    audit_id: int


class AuditPublic(BaseModel):
    id: int
    at: datetime
    actor: str
    role: str
    action: str
    subject: str | None
    reason: str | None
    detail: dict[str, Any]


class AuditPage(BaseModel):
    total: int
    items: list[AuditPublic]


class AggregateCell(BaseModel):
    row: str
    column: str
    count: int | None = Field(description="None where suppressed (fewer than k voices)")


class AggregatesPublic(BaseModel):
    """k-anonymous counts of voices per area and dimension, with their totals."""

    k: int
    rows: list[str]
    columns: list[str]
    cells: list[AggregateCell]
    row_totals: dict[str, int | None]
    column_totals: dict[str, int | None]
    total: int | None


class SettingsPublic(BaseModel):
    environment: str
    token_ttl_minutes: int
    max_body_bytes: int
    max_batch: int
    rate_per_minute: int
    rate_burst: int
    min_cell_count: int
    cors_origins: list[str]
