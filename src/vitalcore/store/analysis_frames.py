"""Frames for the bottom-up analyses: what a voice carries beyond its labels.

`labels_frame` (repository.py) gives the classifier's view; these give the voice's own
words about itself: groups it reported, priorities it ranked, solutions it proposed,
and the scrubbed text the resilience cues are read from. `classified_frames` gives
both at once, as the voice table reads them (`analysis.classified_voice_table`).
Contacts are never read here.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import polars as pl
from sqlalchemy import Engine, Select, exists, or_, select

from vitalcore.store.dashboard import latest_model_version
from vitalcore.store.frames import VOICE_COLUMNS, read_frame
from vitalcore.store.places import area_clause
from vitalcore.store.schema import classifications, voice_labels, voices

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
        frame = read_frame(conn, stmt, _ATTRIBUTES)
    return frame.with_columns(pl.col("groups_reported", "priorities").fill_null([]))


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


_CLASSIFIED = {
    **VOICE_COLUMNS,
    "groups_reported": pl.List(pl.String),
    "priorities": pl.List(pl.String),
    "solution": pl.String,
}
_SEVERITY = {"voice_id": pl.String, "severity": pl.Int64}
_LABELS = {"voice_id": pl.String, "kind": pl.String, "label": pl.String, "score": pl.Float64}


def classified_frames(
    engine: Engine, *, min_score: float, area: str | Collection[str] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(voices, labels) of the voices the newest model classified, optionally only those
    placed in `area` (a P-code, or the P-codes of a rolled-up scope).

    voices: one row per classified voice with a label (the voices `labels_frame` has):
    its columns, the attributes of `voice_attributes_frame` and the classification's
    severity. labels: voice_id, kind, label, score of its group labels and of its
    dimension and threat labels scoring at least `min_score`.

    What the voice table needs of `labels_frame` and `voice_attributes_frame`, in a
    fifth of the rows: a voice's seven dimension scores are mostly low, and its columns
    are read once, not once per label. Three plain reads joined here: SQLite joins a
    voice to its classification by looking each one up, several times slower than
    reading both tables through. Classifications first, so a voice classified during
    the reads is left out whole, and so is one erased before its columns are read.
    """
    version = latest_model_version(engine)
    if not version:
        return (pl.DataFrame(schema={**_CLASSIFIED, **_SEVERITY}),
                pl.DataFrame(schema=_LABELS))
    labelled = exists().where(voice_labels.c.voice_id == classifications.c.voice_id,
                              voice_labels.c.model_version == version)
    severity_stmt = select(classifications.c.voice_id, classifications.c.severity).where(
        classifications.c.model_version == version, labelled)
    voice_stmt = select(
        voices.c.id, voices.c.channel, voices.c.source, voices.c.language,
        voices.c.occurred_at, voices.c.area_pcode, voices.c.reporter,
        voices.c.severity_reported, voices.c.groups_reported, voices.c.priorities,
        voices.c.solution)
    label_stmt = select(voice_labels.c.voice_id, voice_labels.c.kind, voice_labels.c.label,
                        voice_labels.c.score).where(
        voice_labels.c.model_version == version,
        or_(voice_labels.c.kind == "group", voice_labels.c.score >= min_score))
    if area is not None:
        # Through the area index: an area's page reads its voices, not a million.
        where = area_clause(voices.c.area_pcode, area)
        severity_stmt = severity_stmt.join(
            voices, voices.c.id == classifications.c.voice_id).where(where)
        voice_stmt = voice_stmt.where(where)
        label_stmt = label_stmt.join(voices, voices.c.id == voice_labels.c.voice_id).where(
            where)
    with engine.connect() as conn:
        severity = read_frame(conn, severity_stmt, _SEVERITY)
        found = read_frame(conn, voice_stmt, _CLASSIFIED)
        labels = read_frame(conn, label_stmt, _LABELS)
    found = found.join(severity, on="voice_id", how="inner", maintain_order="left")
    found = found.with_columns(pl.col("groups_reported", "priorities").fill_null([]))
    return found, labels.join(found.select("voice_id"), on="voice_id", how="semi",
                              maintain_order="left")


def group_labels_frame(engine: Engine) -> pl.DataFrame:
    """voice_id, label of every group label the newest model gave (the classifier's
    groups, not those a voice reported): read through the label index alone."""
    schema = {"voice_id": pl.String, "label": pl.String}
    version = latest_model_version(engine)
    if not version:
        return pl.DataFrame(schema=schema)
    stmt = select(voice_labels.c.voice_id, voice_labels.c.label).where(
        voice_labels.c.kind == "group", voice_labels.c.model_version == version)
    with engine.connect() as conn:
        return read_frame(conn, stmt, schema)
