"""Voices as analysts browse them: filtered, paginated, newest first.

Texts here are the stored (scrubbed) texts and reporters are pseudonyms; contact data
and original texts live in store/privacy.py and are never joined in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, exists, func, select

from vitalcore.store.dashboard import latest_model_version
from vitalcore.store.schema import classifications, voice_labels, voices
from vitalcore.store.text_search import text_match

_COLUMNS = (
    "id", "text", "channel", "source", "source_id", "language", "occurred_at", "area_pcode",
    "place_name", "lat", "lon", "reporter", "groups_reported", "priorities",
    "severity_reported", "solution", "consent_quote", "consent_share", "corrects",
    "ingested_at",
)


LABEL_THRESHOLD = 0.5  # as Classification.labels


@dataclass(frozen=True)
class VoiceFilter:
    """Every filter is optional; all given ones must hold."""

    area: str | None = None
    areas: tuple[str, ...] | None = None  # a rolled-up scope (workflow.places); wins
    channel: str | None = None
    source: str | None = None
    language: str | None = None
    reporter: str | None = None
    dimension: str | None = None  # labelled so by the latest model
    since: datetime | None = None
    until: datetime | None = None
    text: str | None = None  # case-insensitive substring (store/text_search.py)


def _where(stmt: Select, f: VoiceFilter, model_version: str | None,
           text_clause: ColumnElement[bool] | None = None) -> Select:
    """The filters on a statement over voices; the text filter comes as `text_clause`
    (store/text_search.py decides how to read it)."""
    c = voices.c
    for column, value in (
        (c.area_pcode, f.area.upper() if f.area and not f.areas else None),
        (c.channel, f.channel),
        (c.source, f.source), (c.language, f.language), (c.reporter, f.reporter),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if f.areas:
        stmt = stmt.where(c.area_pcode.in_(f.areas))
    if f.since is not None:
        stmt = stmt.where(c.occurred_at >= f.since)
    if f.until is not None:
        stmt = stmt.where(c.occurred_at < f.until)
    if text_clause is not None:
        stmt = stmt.where(text_clause)
    if f.dimension is not None:
        # A correlated EXISTS, not IN (SELECT ...): the newest-first walk then probes
        # each voice's label by primary key and stops after one page, instead of first
        # collecting every matching voice id (150,000 at a million voices).
        stmt = stmt.where(exists().where(voice_labels.c.voice_id == c.id,
                                         *_labelled(model_version, f)))
    return stmt


def _labelled(model_version: str | None, f: VoiceFilter) -> tuple:
    """Label rows saying "this voice is about f.dimension" by this model."""
    return (
        voice_labels.c.kind == "dimension",
        voice_labels.c.label == f.dimension,
        voice_labels.c.model_version == (model_version or ""),
        # Every dimension is stored with its score; "labelled so" means at or above
        # the decision threshold of Classification.labels.
        voice_labels.c.score >= LABEL_THRESHOLD,
    )


def search_voices(
    engine: Engine, filters: VoiceFilter, *, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """(one page of voices, newest first, as dicts; total matching)."""
    version = latest_model_version(engine) if filters.dimension else None
    cols = [voices.c[name] for name in _COLUMNS]
    # Undated voices last. SQLite sorts NULL lowest, so DESC already puts them last, and
    # without an explicit NULLS LAST it walks ix_voices_occurred_at and stops after one
    # page instead of sorting every match; PostgreSQL puts NULL first unless told.
    newest = voices.c.occurred_at.desc()
    if engine.dialect.name != "sqlite":
        newest = newest.nulls_last()
    with engine.connect() as conn:
        match = None
        if filters.text:
            match = text_match(conn, filters.text, rows_wanted=offset + limit,
                               only_text=filters == VoiceFilter(text=filters.text))
        page = _where(select(*cols), filters, version, match and match.page)
        page = page.order_by(newest, voices.c.id).limit(limit).offset(offset)
        rows = [dict(r._mapping) for r in conn.execute(page)]
        if match is not None and match.indexed_total is not None:
            return rows, match.indexed_total
        if filters.dimension is None:
            count = _where(select(func.count()).select_from(voices), filters, version,
                           match and match.count)
        else:
            count = _labelled_count(filters, version, match and match.count)
        total = conn.scalar(count) or 0
    return rows, total


def _labelled_count(f: VoiceFilter, model_version: str | None,
                    text_clause: ColumnElement[bool] | None) -> Select:
    """How many voices match `f` (which has a dimension), counted from the label side.

    A dimension has one label row per voice (the key is voice, model, kind, label), read
    from its covering index. Only the dimension: those rows are the count (150,000 at a
    million voices took 0.26 s through the voices). With other filters too: the rows
    whose voice is among the voices those filters select, an id list SQLite builds once
    (from ix_voices_area_time_id alone for an area). Probing each of an area's voices
    for its label instead cost 6 microseconds a voice: 0.17 s for 17,000, and seconds
    for the large areas real missions have; this way the cost is bounded by the
    dimension's rows, at about a third of a microsecond each.
    """
    count = select(func.count()).select_from(voice_labels).where(*_labelled(model_version, f))
    others = replace(f, dimension=None)
    if others == VoiceFilter():
        return count
    chosen = _where(select(voices.c.id), others, None, text_clause)
    return count.where(voice_labels.c.voice_id.in_(chosen))


def get_voice(engine: Engine, voice_id: str) -> dict[str, Any] | None:
    """One voice with its latest classification (or None when unclassified)."""
    cols = [voices.c[name] for name in _COLUMNS]
    with engine.connect() as conn:
        row = conn.execute(select(*cols).where(voices.c.id == voice_id)).first()
        if row is None:
            return None
        found = conn.execute(
            select(classifications)
            .where(classifications.c.voice_id == voice_id)
            .order_by(classifications.c.created_at.desc())
            .limit(1)
        ).first()
    voice = dict(row._mapping)
    voice["classification"] = dict(found._mapping) if found else None
    return voice
