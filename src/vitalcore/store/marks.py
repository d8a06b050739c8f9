"""Marks a store carries about itself (the `store_marks` table, migration 0024)."""

from __future__ import annotations

from sqlalchemy import Engine, delete, insert, select

from vitalcore.store.schema import store_marks


def store_marks_of(engine: Engine) -> dict[str, str]:
    """Every mark of the store, name -> value (empty for a real store)."""
    with engine.connect() as connection:
        rows = connection.execute(select(store_marks.c.name, store_marks.c.value))
        return {name: value for name, value in rows}


def set_store_marks(engine: Engine, marks: dict[str, str]) -> None:
    """Set these marks, replacing earlier values of the same names."""
    with engine.begin() as connection:
        connection.execute(delete(store_marks).where(store_marks.c.name.in_(list(marks))))
        connection.execute(insert(store_marks),
                           [{"name": k, "value": v} for k, v in marks.items()])
