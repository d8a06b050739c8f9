"""Repository functions: domain types in, domain types and polars frames out.

Writes are idempotent: every row has a content key as primary key and is inserted with
ON CONFLICT DO NOTHING, so a re-run or a resumed run never duplicates anything.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl
from sqlalchemy import Engine, Table, func, select

from vitalcore.domain import Area, Classification, QuarantineEntry, Voice
from vitalcore.store.dashboard import latest_model_version
from vitalcore.store.frames import VOICE_COLUMNS, read_frame
from vitalcore.store.places import area_clause
from vitalcore.store.schema import (
    ROWS_PER_STATEMENT,
    areas,
    classifications,
    quarantine,
    voice_labels,
    voices,
)
from vitalcore.store.text_search import index_new_voices


@dataclass(frozen=True)
class IngestCounts:
    """What happened to the records of one batch or one run."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    quarantined: int = 0

    def __add__(self, other: IngestCounts) -> IngestCounts:
        return IngestCounts(
            self.read + other.read,
            self.stored + other.stored,
            self.duplicates + other.duplicates,
            self.quarantined + other.quarantined,
        )

    def line(self) -> str:
        return (
            f"read {self.read}, stored {self.stored}, "
            f"duplicates {self.duplicates}, quarantined {self.quarantined}"
        )


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _insert_ignoring_duplicates(engine: Engine, table: Table, rows: Sequence[dict]) -> int:
    """Insert rows whose primary key is new; return how many were new.

    The existing keys are read first (inside the same transaction) so the count is exact
    on every backend; ON CONFLICT DO NOTHING still guards against a concurrent writer.
    """
    if not rows:
        return 0
    # Imported here: the PostgreSQL dialect's module costs read commands, which import
    # this one for its frames, a twentieth of a second.
    from sqlalchemy.dialects import postgresql, sqlite

    key = next(iter(table.primary_key.columns))
    inserted = 0
    dialect = engine.dialect.name
    with engine.begin() as conn:
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            keys = {r[key.name] for r in chunk}
            existing = set(conn.scalars(select(key).where(key.in_(keys))))
            fresh: dict[str, dict] = {}
            for row in chunk:
                k = row[key.name]
                if k not in existing and k not in fresh:
                    fresh[k] = row
            if not fresh:
                continue
            if dialect == "postgresql":
                stmt = postgresql.insert(table).on_conflict_do_nothing()
            elif dialect == "sqlite":
                stmt = sqlite.insert(table).on_conflict_do_nothing()
            else:
                stmt = table.insert()
            conn.execute(stmt, list(fresh.values()))
            inserted += len(fresh)
        if table is voices:
            index_new_voices(conn)
    return inserted


def _voice_row(voice: Voice, ingested_at: datetime) -> dict:
    occurred = voice.occurred_at
    if occurred is not None and occurred.tzinfo is not None:
        occurred = occurred.astimezone(UTC).replace(tzinfo=None)
    return {
        "id": voice.id,
        "text": voice.text,
        "channel": voice.channel.value,
        "source": voice.source,
        "source_id": voice.source_id,
        "language": voice.language,
        "occurred_at": occurred,
        "area_pcode": voice.area_pcode,
        "place_name": voice.place_name,
        "lat": voice.lat,
        "lon": voice.lon,
        "reporter": voice.reporter,
        "groups_reported": [g.value for g in voice.groups_reported],
        "priorities": [d.value for d in voice.priorities],
        "severity_reported": voice.severity_reported,
        "solution": voice.solution,
        "consent_quote": voice.consent_quote,
        "consent_share": voice.consent_share,
        "corrects": voice.corrects,
        "prov_file": voice.provenance.file,
        "prov_row": voice.provenance.row,
        "prov_message_id": voice.provenance.message_id,
        "ingested_at": ingested_at,
    }


def add_voices(engine: Engine, batch: Sequence[Voice]) -> int:
    """Store voices whose key is new; return how many were stored."""
    now = _now()
    return _insert_ignoring_duplicates(engine, voices, [_voice_row(v, now) for v in batch])


def add_quarantine(engine: Engine, entries: Sequence[QuarantineEntry]) -> int:
    """Keep rejected records with their reason; return how many were new."""
    now = _now()
    rows = [
        {
            "id": e.id,
            "file": e.provenance.file,
            "row": e.provenance.row,
            "message_id": e.provenance.message_id,
            "field": e.field,
            "reason": e.reason,
            "raw": e.raw,
            "created_at": now,
        }
        for e in entries
    ]
    return _insert_ignoring_duplicates(engine, quarantine, rows)


def list_quarantine(engine: Engine) -> list[dict]:
    """Every quarantined record, oldest file and row first."""
    with engine.connect() as conn:
        result = conn.execute(select(quarantine).order_by(quarantine.c.file, quarantine.c.row))
        return [dict(r._mapping) for r in result]


def add_areas(engine: Engine, batch: Iterable[Area]) -> int:
    """Store areas of a gazetteer; known P-codes are left as they are."""
    rows = [
        {
            "pcode": a.pcode,
            "name": a.name,
            "country": a.country,
            "admin_level": a.admin_level,
            "parent_pcode": a.parent_pcode,
            "alt_names": list(a.alt_names),
            "lat": a.lat,
            "lon": a.lon,
        }
        for a in batch
    ]
    return _insert_ignoring_duplicates(engine, areas, rows)


def list_areas(engine: Engine) -> list[Area]:
    """All areas of the gazetteer, by P-code."""
    with engine.connect() as conn:
        rows = conn.execute(select(areas).order_by(areas.c.pcode)).all()
    return [
        Area(**{**r._mapping, "alt_names": tuple(r._mapping["alt_names"] or ())}) for r in rows
    ]


def areas_frame(engine: Engine) -> pl.DataFrame:
    """All areas as a frame (pcode, name, country, admin_level, parent_pcode, lat, lon)."""
    cols = [c for c in areas.c if c.name != "alt_names"]
    with engine.connect() as conn:
        rows = conn.execute(select(*cols)).all()
    schema = {
        "pcode": pl.String,
        "name": pl.String,
        "country": pl.String,
        "admin_level": pl.Int64,
        "parent_pcode": pl.String,
        "lat": pl.Float64,
        "lon": pl.Float64,
    }
    return pl.DataFrame([tuple(r) for r in rows], schema=schema, orient="row")


def unclassified_voices(
    engine: Engine, model_version: str, *, limit: int | None = None
) -> list[tuple[str, str]]:
    """(id, text) of voices that this model version has not classified yet."""
    done = select(classifications.c.voice_id).where(
        classifications.c.model_version == model_version
    )
    stmt = select(voices.c.id, voices.c.text).where(voices.c.id.not_in(done)).order_by(voices.c.id)
    if limit:
        stmt = stmt.limit(limit)
    with engine.connect() as conn:
        return [(r.id, r.text) for r in conn.execute(stmt)]


def classification_rows(
    results: Sequence[Classification], created_at: datetime
) -> tuple[list[dict], list[dict]]:
    """Rows of `classifications` and of `voice_labels` for these results.

    One place decides how a Classification becomes rows, so that the bulk load of
    `vitalcore scale` stores exactly what `save_classifications` stores.
    """
    rows, labels = [], []
    for c in results:
        if c.voice_id is None:
            raise ValueError("a classification must name its voice_id before it is stored")
        rows.append(
            {
                "voice_id": c.voice_id,
                "model_version": c.model_version,
                "language": c.language,
                "dimensions": {d.value: s for d, s in c.dimensions.items()},
                "groups": [g.value for g in c.groups],
                "threat_types": dict(c.threat_types),
                "severity": c.severity,
                # As Evidence.model_dump(mode="json") gives it, without pydantic's
                # per-object serialiser call (the scaled path's hot loop; a test keeps
                # the two equal).
                "evidence": [{"label": e.label, "terms": list(e.terms)} for e in c.evidence],
                "created_at": created_at,
            }
        )
        for d, s in c.dimensions.items():
            labels.append(
                {"voice_id": c.voice_id, "model_version": c.model_version,
                 "kind": "dimension", "label": d.value, "score": s}
            )
        for t, s in c.threat_types.items():
            labels.append(
                {"voice_id": c.voice_id, "model_version": c.model_version,
                 "kind": "threat", "label": t, "score": s}
            )
        for g in c.groups:
            labels.append(
                {"voice_id": c.voice_id, "model_version": c.model_version,
                 "kind": "group", "label": g.value, "score": 1.0}
            )
    return rows, labels


def save_classifications(engine: Engine, results: Sequence[Classification]) -> int:
    """Store classifications (and their long-form labels); return how many were new."""
    rows, labels = classification_rows(results, _now())
    stored = 0
    with engine.begin() as conn:
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            keys = [(r["voice_id"], r["model_version"]) for r in chunk]
            existing = set(
                conn.execute(
                    select(classifications.c.voice_id, classifications.c.model_version).where(
                        classifications.c.voice_id.in_([k[0] for k in keys])
                    )
                ).all()
            )
            fresh = [r for r, k in zip(chunk, keys, strict=True) if k not in existing]
            if fresh:
                conn.execute(classifications.insert(), fresh)
                fresh_keys = {(r["voice_id"], r["model_version"]) for r in fresh}
                fresh_labels = [
                    lab for lab in labels
                    if (lab["voice_id"], lab["model_version"]) in fresh_keys
                ]
                if fresh_labels:
                    conn.execute(voice_labels.insert(), fresh_labels)
                stored += len(fresh)
    return stored




def voices_frame(engine: Engine) -> pl.DataFrame:
    """Voices without their text: the columns analyses group by."""
    cols = [
        voices.c.id, voices.c.channel, voices.c.source, voices.c.language,
        voices.c.occurred_at, voices.c.area_pcode, voices.c.reporter,
        voices.c.severity_reported,
    ]
    with engine.connect() as conn:
        return read_frame(conn, select(*cols), VOICE_COLUMNS)


def labels_frame(
    engine: Engine, *, model_version: str | None = None,
    area: str | Collection[str] | None = None,
) -> pl.DataFrame:
    """Classified voices in long form: one row per (voice, label) joined to its voice.

    Columns: voice_id, kind, label, score, severity, plus the voice columns of
    `voices_frame`. Without a model version, the most recent one is used. With `area`
    (a P-code, or the P-codes of a rolled-up scope), only voices placed there (read
    through the area index, so an area's page does not read a million voices to keep a
    few thousand).
    """
    version = model_version or latest_model_version(engine)
    # The labels with the voice's id only, the voice columns joined in polars: a voice
    # has eight labels or so, and reading its columns (and parsing its time) once per
    # label was half of the read. The SQL joins are those of the one wide query, so the
    # rows come in the same order.
    stmt = (
        select(
            voice_labels.c.voice_id,
            voice_labels.c.kind, voice_labels.c.label, voice_labels.c.score,
            classifications.c.severity,
        )
        .select_from(voices)
        .join(voice_labels, voice_labels.c.voice_id == voices.c.id)
        .join(
            classifications,
            (classifications.c.voice_id == voice_labels.c.voice_id)
            & (classifications.c.model_version == voice_labels.c.model_version),
        )
        .where(voice_labels.c.model_version == version)
    )
    voice_stmt = select(
        voices.c.id, voices.c.channel, voices.c.source, voices.c.language,
        voices.c.occurred_at, voices.c.area_pcode, voices.c.reporter,
        voices.c.severity_reported,
    )
    if area is not None:
        stmt = stmt.where(area_clause(voices.c.area_pcode, area))
        voice_stmt = voice_stmt.where(area_clause(voices.c.area_pcode, area))
    label_schema = {
        "voice_id": pl.String,
        "kind": pl.String,
        "label": pl.String,
        "score": pl.Float64,
        "severity": pl.Int64,
    }
    schema = {**VOICE_COLUMNS, **{k: v for k, v in label_schema.items() if k != "voice_id"}}
    if not version:
        return pl.DataFrame(schema=schema)
    # One connection, labels first: a voice written between the two reads has no label
    # read, and the inner join drops the label of a voice deleted between them.
    with engine.connect() as conn:
        labels = read_frame(conn, stmt, label_schema)
        voice_columns = read_frame(conn, voice_stmt, VOICE_COLUMNS)
    return labels.join(voice_columns, on="voice_id", how="inner",
                       maintain_order="left").select(list(schema))


def dimension_labels_frame(engine: Engine, *, min_score: float = 0.5) -> pl.DataFrame:
    """Per classified voice, its dimensions scoring at least `min_score` under the most
    recent model, sorted: columns voice_id, labels (a list).

    The rows `labels_frame` would give, filtered to kind 'dimension' and the score in
    SQL: a caller that wants only the labels (claim clusters) reads two columns of
    the matching rows, not twelve of every row (a tenth of a cold `rumours`).
    """
    schema = {"voice_id": pl.String, "label": pl.String}
    version = latest_model_version(engine)
    if not version:
        return pl.DataFrame(schema={"voice_id": pl.String, "labels": pl.List(pl.String)})
    stmt = (
        select(voice_labels.c.voice_id, voice_labels.c.label)
        .join(voices, voice_labels.c.voice_id == voices.c.id)
        .join(
            classifications,
            (classifications.c.voice_id == voice_labels.c.voice_id)
            & (classifications.c.model_version == voice_labels.c.model_version),
        )
        .where(voice_labels.c.model_version == version, voice_labels.c.kind == "dimension",
               voice_labels.c.score >= min_score)
    )
    with engine.connect() as conn:
        frame = read_frame(conn, stmt, schema)
    return frame.group_by("voice_id").agg(pl.col("label").sort().alias("labels"))


def count_rows(engine: Engine, table_name: str) -> int:
    """Number of rows in one of vitalcore's tables."""
    table = {
        t.name: t for t in (areas, voices, quarantine, classifications, voice_labels)
    }[table_name]
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(table)) or 0
