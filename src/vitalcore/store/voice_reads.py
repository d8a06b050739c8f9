"""Reads of voices for outputs: quotable texts, counts by a column, the data version.

Texts leave the store only here and only with consent: a voice is quotable when its
reporter agreed to be quoted (and, for audiences beyond the mission, to be shared).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, Select, func, select

from vitalcore.store.places import area_clause
from vitalcore.store.schema import voice_labels, voices

_COUNTABLE = {"channel", "area_pcode", "language", "source"}


def _window(
    stmt: Select, *, area: str | Collection[str] | None, since: datetime | None,
    until: datetime | None,
) -> Select:
    if area:
        stmt = stmt.where(area_clause(voices.c.area_pcode, area))
    if since:
        stmt = stmt.where(voices.c.occurred_at >= since)
    if until:
        stmt = stmt.where(voices.c.occurred_at < until)
    return stmt


def quotable_voices(
    engine: Engine,
    *,
    dimension: str,
    model_version: str,
    beyond_mission: bool,
    area: str | Collection[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 3,
) -> list[dict]:
    """The voices that speak most clearly of `dimension` and whose consent allows quoting.

    `beyond_mission` also requires consent to share beyond the mission (a briefing that
    goes to headquarters or the Council). Only id, text, channel, area, date, language
    and the reporter's pseudonym are returned: never contact data.
    """
    stmt = (
        select(
            voices.c.id, voices.c.text, voices.c.channel, voices.c.area_pcode,
            voices.c.occurred_at, voices.c.reporter, voices.c.language,
        )
        .join(voice_labels, voice_labels.c.voice_id == voices.c.id)
        .where(
            voice_labels.c.model_version == model_version,
            voice_labels.c.kind == "dimension",
            voice_labels.c.label == dimension,
            voice_labels.c.score >= 0.5,
            voices.c.consent_quote.is_(True),
        )
        .order_by(voice_labels.c.score.desc(), voices.c.id)
        .limit(limit)
    )
    if beyond_mission:
        stmt = stmt.where(voices.c.consent_share.is_(True))
    stmt = _window(stmt, area=area, since=since, until=until)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


def count_voices_by(
    engine: Engine,
    column: str,
    *,
    area: str | Collection[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict[str, int]:
    """Number of voices per value of `column` (channel, area_pcode, language, source)."""
    if column not in _COUNTABLE:
        raise ValueError(f"cannot count voices by {column!r}; choose from {sorted(_COUNTABLE)}")
    col = voices.c[column]
    stmt = _window(select(col, func.count()).group_by(col), area=area, since=since, until=until)
    with engine.connect() as conn:
        return {str(value): int(n) for value, n in conn.execute(stmt)}


@dataclass(frozen=True)
class DataVersion:
    """A short, stable fingerprint of the voices in the store."""

    voices: int
    last_ingest: datetime | None
    fingerprint: str


def data_version(engine: Engine) -> DataVersion:
    """How many voices, when the last arrived, and a hash that changes with them."""
    stmt = select(func.count(), func.max(voices.c.ingested_at), func.max(voices.c.id),
                  func.min(voices.c.id))
    with engine.connect() as conn:
        count, last, high, low = conn.execute(stmt).one()
    digest = hashlib.sha256(f"{count}|{last}|{high}|{low}".encode()).hexdigest()[:10]
    return DataVersion(voices=int(count), last_ingest=last, fingerprint=digest)


def areas_of_voices(engine: Engine, voice_ids: list[str]) -> set[str]:
    """The areas (P-codes) that these voices come from."""
    found: set[str] = set()
    with engine.connect() as conn:
        for start in range(0, len(voice_ids), 1000):
            chunk = voice_ids[start : start + 1000]
            stmt = select(voices.c.area_pcode).where(
                voices.c.id.in_(chunk), voices.c.area_pcode.is_not(None)).distinct()
            found.update(conn.scalars(stmt))
    return found
