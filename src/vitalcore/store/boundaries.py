"""Area boundaries: replace per P-code, read all (the map draws them)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, func, select

from vitalcore.store.schema import area_boundaries, areas


def replace_boundaries(
    engine: Engine, boundaries: Sequence[tuple[str, dict[str, Any]]], *, source: str
) -> int:
    """Store (pcode, geometry) pairs, replacing what those P-codes had; return how many.
    Every P-code must be in the gazetteer: otherwise ValueError and nothing is stored."""
    pcodes = [p for p, _ in boundaries]
    now = datetime.now(UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        known = set(conn.scalars(select(areas.c.pcode).where(areas.c.pcode.in_(pcodes))))
        unknown = sorted(set(pcodes) - known)
        if unknown:
            raise ValueError(f"{source}: P-codes not in the gazetteer: "
                             f"{', '.join(unknown[:10])}{' ...' if len(unknown) > 10 else ''}"
                             " (import the areas first: vitalcore areas FILE.csv)")
        conn.execute(delete(area_boundaries).where(area_boundaries.c.pcode.in_(pcodes)))
        conn.execute(area_boundaries.insert(), [
            {"pcode": p, "geometry": g, "source": source, "imported_at": now}
            for p, g in boundaries])
    return len(boundaries)


def list_boundaries(engine: Engine) -> dict[str, dict[str, Any]]:
    """P-code -> GeoJSON geometry of every stored boundary."""
    with engine.connect() as conn:
        rows = conn.execute(select(area_boundaries.c.pcode, area_boundaries.c.geometry))
        return {pcode: geometry for pcode, geometry in rows}


def boundaries_version(engine: Engine) -> str:
    """Changes whenever boundaries are stored or removed: how many there are and the
    newest import (a replace writes a new import time, a delete lowers the count)."""
    with engine.connect() as conn:
        count, last = conn.execute(
            select(func.count(), func.max(area_boundaries.c.imported_at))).one()
    return f"{count}|{last}"


def delete_boundaries(engine: Engine, pcodes: Iterable[str] | None = None) -> int:
    """Remove the boundaries of these P-codes (all without any); return how many."""
    stmt = delete(area_boundaries)
    if pcodes is not None:
        stmt = stmt.where(area_boundaries.c.pcode.in_(list(pcodes)))
    with engine.begin() as conn:
        return conn.execute(stmt).rowcount
