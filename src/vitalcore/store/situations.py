"""Situations: the kind of conflict and the State per country/area and period (issue 25)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, select

from vitalcore.store.schema import situations


def add_situation(engine: Engine, *, country: str, conflict: str, state: str, since: date,
                  area_pcode: str | None = None, until: date | None = None,
                  ap2_threshold: bool | None = None, note: str | None = None,
                  recorded_by: str | None = None) -> int:
    """Record a new version of the situation; return its id."""
    row = {"country": country, "area_pcode": area_pcode, "conflict": conflict,
           "state": state, "since": since, "until": until, "ap2_threshold": ap2_threshold,
           "note": note, "recorded_by": recorded_by,
           "recorded_at": datetime.now(UTC).replace(tzinfo=None)}
    with engine.begin() as conn:
        return int(conn.execute(situations.insert().values(**row)).inserted_primary_key[0])


def list_situations(engine: Engine) -> list[dict[str, Any]]:
    """Every recorded version, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(situations).order_by(situations.c.id)).mappings().all()
    return [dict(r) for r in rows]
