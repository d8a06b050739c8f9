"""Store functions for classification: model artefacts, label corrections, details.

Artefacts are bytes (a numpy .npz made by classify.model, never pickle) keyed by their
content version. Corrections are append-only: the latest per (voice, kind, label) wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select

from vitalcore.store.schema import (
    classification_details,
    classifications,
    label_corrections,
    model_artefacts,
    voices,
)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def save_model(engine: Engine, version: str, artefact: bytes, record: dict[str, Any]) -> bool:
    """Store a model artefact; False when that version is stored already."""
    with engine.begin() as conn:
        exists = conn.scalar(select(func.count()).select_from(model_artefacts)
                             .where(model_artefacts.c.version == version))
        if exists:
            return False
        conn.execute(model_artefacts.insert().values(
            version=version, created_at=_now(), artefact=artefact, record=record))
    return True


def latest_model(engine: Engine) -> tuple[str, bytes] | None:
    """(version, artefact) of the most recently stored model, or None."""
    stmt = (select(model_artefacts.c.version, model_artefacts.c.artefact)
            .order_by(model_artefacts.c.created_at.desc(), model_artefacts.c.version)
            .limit(1))
    with engine.connect() as conn:
        row = conn.execute(stmt).first()
    return (row.version, bytes(row.artefact)) if row else None


def list_models(engine: Engine) -> list[dict[str, Any]]:
    """Stored models, newest first: version, created_at, record."""
    stmt = (select(model_artefacts.c.version, model_artefacts.c.created_at,
                   model_artefacts.c.record)
            .order_by(model_artefacts.c.created_at.desc()))
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


def voice_exists(engine: Engine, voice_id: str) -> bool:
    with engine.connect() as conn:
        return bool(conn.scalar(select(func.count()).select_from(voices)
                                .where(voices.c.id == voice_id)))


def voice_ids_with_prefix(engine: Engine, prefix: str, *, limit: int = 2) -> list[str]:
    """Up to `limit` voice ids that start with `prefix` (LIKE wildcards in it escaped)."""
    pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    with engine.connect() as conn:
        return list(conn.scalars(select(voices.c.id).where(voices.c.id.like(pattern, escape="\\"))
                                 .order_by(voices.c.id).limit(limit)))


def add_corrections(engine: Engine, voice_id: str, changes: Sequence[tuple[str, str, bool]],
                    *, analyst: str) -> int:
    """Record (kind, label, value) corrections of one voice by one analyst."""
    now = _now()
    rows = [{"voice_id": voice_id, "kind": kind, "label": label, "value": value,
             "analyst": analyst, "created_at": now} for kind, label, value in changes]
    if rows:
        with engine.begin() as conn:
            conn.execute(label_corrections.insert(), rows)
    return len(rows)


def list_corrections(engine: Engine) -> list[dict[str, Any]]:
    """Every correction in the order made, with the voice's text and language."""
    stmt = (select(label_corrections.c.voice_id, label_corrections.c.kind,
                   label_corrections.c.label, label_corrections.c.value,
                   label_corrections.c.analyst, label_corrections.c.created_at,
                   voices.c.text, voices.c.language)
            .join(voices, voices.c.id == label_corrections.c.voice_id)
            .order_by(label_corrections.c.created_at, label_corrections.c.id))
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


def save_details(engine: Engine, rows: Sequence[dict[str, Any]]) -> int:
    """Store (voice_id, model_version, area_pcode, severity_counts) rows not stored yet."""
    if not rows:
        return 0
    keys = {(r["voice_id"], r["model_version"]) for r in rows}
    with engine.begin() as conn:
        existing = {
            (r.voice_id, r.model_version) for r in conn.execute(
                select(classification_details.c.voice_id,
                       classification_details.c.model_version)
                .where(classification_details.c.voice_id.in_([k[0] for k in keys])))
        }
        fresh = [r for r in rows if (r["voice_id"], r["model_version"]) not in existing]
        if fresh:
            conn.execute(classification_details.insert(), fresh)
    return len(fresh)


def classification_rows(engine: Engine, model_version: str,
                        voice_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Stored classifications of one model: voice_id, text, dimensions, groups, evidence;
    with `voice_ids`, those voices' only (still in voice id order)."""
    stmt = (select(classifications.c.voice_id, voices.c.text, classifications.c.language,
                   classifications.c.dimensions, classifications.c.groups,
                   classifications.c.threat_types, classifications.c.severity,
                   classifications.c.evidence)
            .join(voices, voices.c.id == classifications.c.voice_id)
            .where(classifications.c.model_version == model_version)
            .order_by(classifications.c.voice_id))
    with engine.connect() as conn:
        if voice_ids is None:
            return [dict(r._mapping) for r in conn.execute(stmt)]
        ids = list(dict.fromkeys(voice_ids))
        rows = [dict(r._mapping) for start in range(0, len(ids), 1000)
                for r in conn.execute(stmt.where(
                    classifications.c.voice_id.in_(ids[start : start + 1000])))]
    return sorted(rows, key=lambda r: r["voice_id"])


def classification_dimensions(engine: Engine, model_version: str
                              ) -> list[tuple[str, dict[str, float]]]:
    """(voice_id, dimension scores) of every voice classified by one model, in voice id
    order: the two columns of `classification_rows` a ranking of all voices needs (the
    review queue), without decoding every voice's text, groups and evidence."""
    stmt = (select(classifications.c.voice_id, classifications.c.dimensions)
            .join(voices, voices.c.id == classifications.c.voice_id)
            .where(classifications.c.model_version == model_version)
            .order_by(classifications.c.voice_id))
    with engine.connect() as conn:
        return [(r[0], r[1]) for r in conn.execute(stmt)]


def corrected_voice_ids(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.scalars(select(label_corrections.c.voice_id).distinct()))


def voice_places(engine: Engine, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """area_pcode, place_name, lat, lon of the given voices, by id."""
    out: dict[str, dict[str, Any]] = {}
    with engine.connect() as conn:
        for start in range(0, len(ids), 1000):
            chunk = list(ids[start : start + 1000])
            stmt = select(voices.c.id, voices.c.area_pcode, voices.c.place_name,
                          voices.c.lat, voices.c.lon).where(voices.c.id.in_(chunk))
            for r in conn.execute(stmt):
                out[r.id] = {"area_pcode": r.area_pcode, "place_name": r.place_name,
                             "lat": r.lat, "lon": r.lon}
    return out


def classification_detail(engine: Engine, voice_id: str,
                          model_version: str) -> dict[str, Any] | None:
    """The area and severity counts one model found for one voice, or None."""
    stmt = select(classification_details.c.area_pcode,
                  classification_details.c.severity_counts).where(
        classification_details.c.voice_id == voice_id,
        classification_details.c.model_version == model_version)
    with engine.connect() as conn:
        row = conn.execute(stmt).first()
    return dict(row._mapping) if row else None


def classification_details_rows(engine: Engine) -> list[dict[str, Any]]:
    """Every stored classification detail: voice_id, model_version, area, severity counts."""
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(classification_details))]
