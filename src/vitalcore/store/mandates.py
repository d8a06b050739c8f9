"""Mandates in the store: one parsed text, its paragraphs and its classified tasks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import polars as pl
from sqlalchemy import Engine, func, select

from vitalcore.mandate.model import Resolution
from vitalcore.store.schema import mandate_paragraphs, mandate_tasks, mandates

MANDATE_SCHEMA = {
    "id": pl.String, "symbol": pl.String, "kind": pl.String, "number": pl.Int64,
    "year": pl.Int64, "adopted_on": pl.Date, "meeting": pl.Int64, "mission": pl.String,
    "troop_ceiling": pl.Int64, "police_ceiling": pl.Int64, "mandate_until": pl.Date,
    "source_file": pl.String, "tasks": pl.Int64,
}
TASK_FIELDS = ("task_id", "paragraph", "verb", "priority", "weight", "heading", "text",
               "categories", "dimensions", "threat_types", "groups", "evidence",
               "model_version")



def add_mandate(
    engine: Engine,
    key: str,
    resolution: Resolution,
    tasks: Sequence[dict[str, Any]],
    *,
    source_file: str,
) -> bool:
    """Store a parsed mandate under `key` (a hash of its text); False if already stored.

    `tasks` are `ClassifiedTask.to_dict()` rows (plain data, so that the store does not
    depend on the classifier).
    """
    with engine.begin() as conn:
        if conn.scalar(select(mandates.c.id).where(mandates.c.id == key)):
            return False
        r = resolution
        conn.execute(mandates.insert(), [{
            "id": key, "symbol": r.symbol, "kind": r.kind, "number": r.number, "year": r.year,
            "adopted_on": r.adopted_on, "meeting": r.meeting, "mission": r.mission,
            "troop_ceiling": r.troop_ceiling, "police_ceiling": r.police_ceiling,
            "mandate_until": r.mandate_until, "source_file": source_file,
            "imported_at": datetime.now(UTC).replace(tzinfo=None),
        }])
        conn.execute(mandate_paragraphs.insert(), [
            {"mandate_id": key, "number": p.number, "position": i, "part": p.part,
             "level": p.level, "parent": p.parent, "verb": p.verb, "priority": p.priority,
             "line": p.line, "text": p.text}
            for i, p in enumerate(r.paragraphs, start=1)
        ])
        if tasks:
            conn.execute(mandate_tasks.insert(), [
                {"mandate_id": key, "position": t["order"],
                 **{k: t[k] for k in TASK_FIELDS}}
                for t in tasks
            ])
    return True


def mandates_version(engine: Engine) -> str:
    """Changes whenever a mandate is stored (mandates are added, never edited): how
    many there are and the newest import."""
    with engine.connect() as conn:
        count, last = conn.execute(
            select(func.count(), func.max(mandates.c.imported_at))).one()
    return f"{count}|{last}"


def mandates_frame(engine: Engine) -> pl.DataFrame:
    """Every stored mandate with its task count, oldest adoption first."""
    with engine.connect() as conn:
        rows = conn.execute(select(mandates).order_by(
            mandates.c.adopted_on, mandates.c.imported_at)).mappings().all()
        counts: dict[str, int] = {}
        for mandate_id in conn.scalars(select(mandate_tasks.c.mandate_id)):
            counts[mandate_id] = counts.get(mandate_id, 0) + 1
    data = [{k: row[k] for k in MANDATE_SCHEMA if k != "tasks"}
            | {"tasks": counts.get(row["id"], 0)} for row in rows]
    return pl.DataFrame(data, schema=MANDATE_SCHEMA, orient="row")


def mandate_task_rows(
    engine: Engine, mandate_ids: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """Stored tasks as dicts (the fields of `ClassifiedTask.to_dict()` plus mandate_id,
    symbol, mission, adopted_on), in adoption and task order."""
    stmt = (
        select(mandate_tasks, mandates.c.symbol, mandates.c.mission, mandates.c.adopted_on)
        .join(mandates, mandates.c.id == mandate_tasks.c.mandate_id)
        .order_by(mandates.c.adopted_on, mandate_tasks.c.mandate_id, mandate_tasks.c.position)
    )
    if mandate_ids is not None:
        stmt = stmt.where(mandate_tasks.c.mandate_id.in_(list(mandate_ids)))
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
    for row in rows:
        row["order"] = row.pop("position")
    return rows


def mandate_paragraph_rows(engine: Engine, mandate_id: str) -> list[dict[str, Any]]:
    """The stored paragraphs of one mandate, in document order."""
    stmt = (select(mandate_paragraphs).where(mandate_paragraphs.c.mandate_id == mandate_id)
            .order_by(mandate_paragraphs.c.position))
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]
