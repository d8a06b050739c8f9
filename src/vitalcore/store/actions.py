"""Actions taken by duty-bearers: record them, list them (issue 7)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import Engine, select

from vitalcore.domain import Action
from vitalcore.store.places import area_clause
from vitalcore.store.repository import _insert_ignoring_duplicates, _now
from vitalcore.store.schema import actions


def add_actions(engine: Engine, batch: Sequence[Action]) -> int:
    """Store actions whose id is new; return how many were stored."""
    now = _now()
    rows = [
        {
            "id": a.id,
            "area_pcode": a.area_pcode,
            "dimension": a.dimension.value,
            "kind": a.kind,
            "start": a.start,
            "end": a.end,
            "description": a.description,
            "recorded_by": a.recorded_by,
            "created_at": now,
        }
        for a in batch
    ]
    return _insert_ignoring_duplicates(engine, actions, rows)


def list_actions(engine: Engine, *, area: str | Collection[str] | None = None
                 ) -> list[Action]:
    """Recorded actions, oldest start first; optionally of one area (or scope) only."""
    stmt = select(actions).order_by(actions.c.start, actions.c.id)
    if area:
        stmt = stmt.where(area_clause(actions.c.area_pcode, area))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    fields = set(Action.model_fields)
    return [Action(**{k: v for k, v in r._mapping.items() if k in fields}) for r in rows]


def get_action(engine: Engine, action_id: str) -> Action | None:
    """One action by id, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(actions).where(actions.c.id == action_id)).first()
    if row is None:
        return None
    fields = set(Action.model_fields)
    return Action(**{k: v for k, v in row._mapping.items() if k in fields})
