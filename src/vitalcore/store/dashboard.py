"""Reads the dashboard needs beyond the analyses: the latest labels of a page of voices,
the time of the newest voice, and a version of everything analyses read (so a page can
keep an analysis between requests and know, cheaply, when it has become stale)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, literal_column, select

from vitalcore.store.schema import (
    classifications,
    label_corrections,
    store_counters,
    voice_labels,
    voices,
)


def latest_model_version(engine: Engine) -> str | None:
    """The model version that classified voices most recently (here, not in repository:
    the data versions are read without polars)."""
    stmt = (
        select(classifications.c.model_version)
        .order_by(classifications.c.created_at.desc())
        .limit(1)
    )
    with engine.connect() as conn:
        return conn.scalar(stmt)


def latest_voice_time(engine: Engine) -> datetime | None:
    """When the newest voice in the store happened (None for an empty store)."""
    with engine.connect() as conn:
        return conn.scalar(select(func.max(voices.c.occurred_at)))


def latest_labels(
    engine: Engine, ids: Sequence[str], *, threshold: float = 0.5
) -> dict[str, list[dict[str, Any]]]:
    """Per voice id: its labels (kind, label, score) by the latest model, best first;
    only those scoring at least `threshold` (every dimension is stored with a score)."""
    version = latest_model_version(engine)
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    if not ids or version is None:
        return out
    stmt = (
        select(voice_labels.c.voice_id, voice_labels.c.kind, voice_labels.c.label,
               voice_labels.c.score)
        .where(voice_labels.c.model_version == version, voice_labels.c.voice_id.in_(list(ids)),
               voice_labels.c.score >= threshold)
        .order_by(voice_labels.c.voice_id, voice_labels.c.kind, voice_labels.c.score.desc())
    )
    with engine.connect() as conn:
        for row in conn.execute(stmt):
            out[row.voice_id].append({"kind": row.kind, "label": row.label, "score": row.score})
    return out


def latest_readings(engine: Engine, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Per voice id: how the latest model read it (severity 1-5, threat types with their
    scores, evidence as label -> terms); voices it has not read are left out."""
    version = latest_model_version(engine)
    if not ids or version is None:
        return {}
    c = classifications.c
    stmt = (select(c.voice_id, c.severity, c.threat_types, c.evidence)
            .where(c.model_version == version, c.voice_id.in_(list(ids))))
    with engine.connect() as conn:
        return {row.voice_id: {"severity": row.severity,
                               "threat_types": dict(row.threat_types or {}),
                               "evidence": list(row.evidence or [])}
                for row in conn.execute(stmt)}


def severity_corrections(engine: Engine, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Per voice id: the latest severity an analyst gave it (severity, analyst), if any."""
    out: dict[str, dict[str, Any]] = {}
    if not ids:
        return out
    c = label_corrections.c
    stmt = (select(c.voice_id, c.label, c.analyst)
            .where(c.kind == "severity", c.voice_id.in_(list(ids))).order_by(c.id))
    with engine.connect() as conn:
        for row in conn.execute(stmt):  # oldest first: the latest wins
            out[row.voice_id] = {"severity": int(row.label), "analyst": row.analyst}
    return out


def voice_corrections(engine: Engine, voice_id: str) -> list[dict[str, Any]]:
    """An analyst's corrections of one voice, newest first."""
    c = label_corrections.c
    stmt = (select(c.kind, c.label, c.value, c.analyst, c.created_at)
            .where(c.voice_id == voice_id).order_by(c.id.desc()))
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


def analysis_version(engine: Engine) -> str:
    """A fingerprint that changes whenever voices, the model or corrections change.

    Voices: the newest ingest, the id range, the deletes so far (store_counters,
    migration 0013) and, to see any insert without counting, SQLite's highest rowid
    (PostgreSQL: the count); their readings: the newest classification; the model:
    the latest version; corrections: count and the newest id (corrections are
    appended, never edited).
    """
    size = (select(func.max(literal_column("rowid"))).select_from(voices)
            if engine.dialect.name == "sqlite" else select(func.count()).select_from(voices))
    with engine.connect() as conn:
        # One scalar subquery per aggregate: SQLite answers a lone max() or min() from
        # an index in microseconds, but max() and min() together with a full scan.
        count, last, high, low, deleted, read, placed = conn.execute(select(
            size.scalar_subquery(),
            select(func.max(voices.c.ingested_at)).scalar_subquery(),
            select(func.max(voices.c.id)).scalar_subquery(),
            select(func.min(voices.c.id)).scalar_subquery(),
            select(store_counters.c.value).where(
                store_counters.c.name == "voices_deleted").scalar_subquery(),
            # The newest reading: a voice is stored, then classified; an analysis made
            # in between must not stay current (ix_classifications_created_at: cheap).
            select(func.max(classifications.c.created_at)).scalar_subquery(),
            # voices placed after they were stored (store/places.py, migration 0019)
            select(store_counters.c.value).where(
                store_counters.c.name == "voices_placed").scalar_subquery(),
        )).one()
        fixes, last_fix = conn.execute(
            select(func.count(), func.max(label_corrections.c.id))
        ).one()
    model = latest_model_version(engine)
    text = f"{count}|{last}|{high}|{low}|{deleted}|{read}|{placed}|{model}|{fixes}|{last_fix}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]
