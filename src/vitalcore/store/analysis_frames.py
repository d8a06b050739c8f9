"""Frames for the bottom-up analyses: what a voice carries beyond its labels.

`labels_frame` (repository.py) gives the classifier's view; these give the voice's own
words about itself: groups it reported, priorities it ranked, solutions it proposed,
and the scrubbed text the resilience cues are read from. Contacts are never read here.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import polars as pl
from sqlalchemy import Engine, Select, select

from vitalcore.store.frames import read_frame
from vitalcore.store.places import area_clause
from vitalcore.store.schema import voices

_ATTRIBUTES = {
    "voice_id": pl.String,
    "channel": pl.String,
    "source": pl.String,
    "area_pcode": pl.String,
    "occurred_at": pl.Datetime("us"),
    "groups_reported": pl.List(pl.String),
    "priorities": pl.List(pl.String),
    "severity_reported": pl.Int64,
    "solution": pl.String,
}

_TEXTS = {
    "voice_id": pl.String,
    "channel": pl.String,
    "language": pl.String,
    "area_pcode": pl.String,
    "occurred_at": pl.Datetime("us"),
    "text": pl.String,
    "solution": pl.String,
}


def _window(stmt: Select, since: datetime | None, until: datetime | None,
            area: str | Collection[str] | None = None) -> Select:
    if area is not None:
        stmt = stmt.where(area_clause(voices.c.area_pcode, area))
    if since is not None:
        stmt = stmt.where(voices.c.occurred_at >= since)
    if until is not None:
        stmt = stmt.where(voices.c.occurred_at < until)
    return stmt


def voice_attributes_frame(
    engine: Engine, *, since: datetime | None = None, until: datetime | None = None,
    area: str | Collection[str] | None = None,
) -> pl.DataFrame:
    """Per voice: channel, source, area, time, groups_reported, priorities (most
    important first), severity_reported and solution; optionally only voices that
    occurred in [since, until) and only those placed in `area` (a P-code, or the
    P-codes of a rolled-up scope)."""
    stmt = _window(select(
        voices.c.id, voices.c.channel, voices.c.source, voices.c.area_pcode,
        voices.c.occurred_at, voices.c.groups_reported, voices.c.priorities,
        voices.c.severity_reported, voices.c.solution,
    ), since, until, area)
    with engine.connect() as conn:
        return read_frame(conn, stmt, _ATTRIBUTES, row=lambda r: (
            r[0], r[1], r[2], r[3], r[4], list(r[5] or []), list(r[6] or []), r[7], r[8]))


def voice_texts_frame(
    engine: Engine, *, since: datetime | None = None, until: datetime | None = None,
    area: str | Collection[str] | None = None,
) -> pl.DataFrame:
    """Per voice: channel, language, area, time, the (scrubbed) text and the solution;
    narrowed as `voice_attributes_frame` is."""
    stmt = _window(select(
        voices.c.id, voices.c.channel, voices.c.language, voices.c.area_pcode,
        voices.c.occurred_at, voices.c.text, voices.c.solution,
    ), since, until, area)
    with engine.connect() as conn:
        return read_frame(conn, stmt, _TEXTS)
