"""Where voices are: late placement, place conflicts, and the place names to review.

`voices.area_pcode` is the area a voice is counted in. Ingest sets it from the place
column (a P-code, or a name the gazetteer resolves); a voice stored without one is
placed later, once, from its text at classification or by a gazetteer imported after
it (`complete_voice_areas`): an unknown area becomes known, a known one never changes.
`area_clause` is how every read narrows to an --area and all the areas under it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, bindparam, func, select, update

from vitalcore.store.schema import (
    ROWS_PER_STATEMENT,
    areas,
    place_conflicts,
    store_counters,
    voices,
)

EXAMPLES = 3  # voice ids shown per unknown place


def area_clause(column: Any, area: str | Collection[str]) -> ColumnElement[bool]:
    """`column` in the area: one P-code, or the P-codes of a rolled-up scope."""
    if isinstance(area, str):
        return column == area
    return column.in_(sorted(area))


def complete_voice_areas(engine: Engine, placed: Mapping[str, str]) -> int:
    """Give voices stored without an area the area found for them; return how many.

    Only voices whose area is still empty are changed, so a re-run, a second model or
    a concurrent placement cannot move a voice that is already placed.
    """
    items = {v: a for v, a in placed.items() if a}
    ids = sorted(items)
    changed = 0
    stmt = (update(voices)
            .where(voices.c.id == bindparam("voice_id"), voices.c.area_pcode.is_(None))
            .values(area_pcode=bindparam("pcode")))
    with engine.begin() as conn:
        for start in range(0, len(ids), ROWS_PER_STATEMENT):
            chunk = ids[start : start + ROWS_PER_STATEMENT]
            empty = list(conn.scalars(select(voices.c.id).where(
                voices.c.id.in_(chunk), voices.c.area_pcode.is_(None))))
            if empty:  # one executemany per chunk, not a statement per voice
                conn.execute(stmt, [{"voice_id": v, "pcode": items[v]} for v in empty])
                changed += len(empty)
        if changed:
            conn.execute(update(store_counters).where(store_counters.c.name == "voices_placed")
                         .values(value=store_counters.c.value + changed))
    return changed


def unplaced_voices(engine: Engine, *, chunk: int = 5000) -> Iterator[list[dict[str, Any]]]:
    """Voices without an area (id, text, place_name, lat, lon), a chunk at a time."""
    stmt = (select(voices.c.id, voices.c.text, voices.c.place_name, voices.c.lat,
                   voices.c.lon).where(voices.c.area_pcode.is_(None)).order_by(voices.c.id))
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=chunk).execute(stmt)
        for part in result.partitions(chunk):
            yield [dict(r._mapping) for r in part]


def add_place_conflicts(engine: Engine, rows: Sequence[Mapping[str, str]]) -> int:
    """Record (voice_id, given_pcode, text_pcode) conflicts not recorded yet."""
    if not rows:
        return 0
    now = datetime.now(UTC).replace(tzinfo=None)
    fresh: dict[str, dict[str, Any]] = {}
    with engine.begin() as conn:
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            known = set(conn.scalars(select(place_conflicts.c.voice_id).where(
                place_conflicts.c.voice_id.in_([r["voice_id"] for r in chunk]))))
            batch = {r["voice_id"]: {**r, "recorded_at": now} for r in chunk
                     if r["voice_id"] not in known and r["voice_id"] not in fresh}
            if batch:
                conn.execute(place_conflicts.insert(), list(batch.values()))
                fresh.update(batch)
    return len(fresh)


def place_conflict_rows(engine: Engine) -> list[dict[str, Any]]:
    """Every recorded conflict: voice_id, given_pcode, text_pcode, recorded_at."""
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(
            select(place_conflicts).order_by(place_conflicts.c.voice_id))]


def place_name_counts(engine: Engine, *, file: str | None = None) -> dict[str, int]:
    """Voices per place name given in a place column (optionally of one ingested file)."""
    stmt = (select(voices.c.place_name, func.count()).where(voices.c.place_name.is_not(None))
            .group_by(voices.c.place_name))
    if file is not None:
        stmt = stmt.where(voices.c.prov_file == file)
    with engine.connect() as conn:
        return {name: n for name, n in conn.execute(stmt)}


def unknown_code_counts(engine: Engine, *, file: str | None = None) -> dict[str, int]:
    """Voices per area P-code that the gazetteer (table areas) does not hold
    (optionally of one ingested file)."""
    known = select(areas.c.pcode)
    stmt = (select(voices.c.area_pcode, func.count())
            .where(voices.c.area_pcode.is_not(None), voices.c.area_pcode.not_in(known))
            .group_by(voices.c.area_pcode))
    if file is not None:
        stmt = stmt.where(voices.c.prov_file == file)
    with engine.connect() as conn:
        return {code: n for code, n in conn.execute(stmt)}


def example_voice_ids(engine: Engine, *, place_names: Sequence[str] = (),
                      codes: Sequence[str] = (), limit: int = EXAMPLES
                      ) -> dict[str, list[str]]:
    """Up to `limit` voice ids per place name and per area code asked for."""
    out: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for column, values in ((voices.c.place_name, place_names),
                               (voices.c.area_pcode, codes)):
            for value in values:
                out[value] = list(conn.scalars(select(voices.c.id).where(column == value)
                                               .order_by(voices.c.id).limit(limit)))
    return out
