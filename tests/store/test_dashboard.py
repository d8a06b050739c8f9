"""The data version pages key their analyses by: it changes when voices are added,
deleted (a counter kept by a trigger, migration 0013) or their labels corrected, and
only then, on both backends."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, select

from vitalcore import store
from vitalcore.domain import Channel, Provenance, Voice, content_key
from vitalcore.store.schema import store_counters, voices


def _voice(n: int) -> Voice:
    return Voice(id=content_key(f"version {n}"), text=f"voice {n}", channel=Channel.SMS,
                 source="test", occurred_at=datetime(2026, 1, 1 + n),
                 provenance=Provenance(file="t", row=n))


def _deleted(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(store_counters.c.value).where(
            store_counters.c.name == "voices_deleted"))


def test_the_version_follows_inserts_and_deletes(engine: Engine) -> None:
    store.add_voices(engine, [_voice(n) for n in range(3)])
    first = store.analysis_version(engine)
    assert store.analysis_version(engine) == first  # nothing changed
    store.add_voices(engine, [_voice(1)])  # a repeat stores nothing
    assert store.analysis_version(engine) == first
    store.add_voices(engine, [_voice(3)])
    added = store.analysis_version(engine)
    assert added != first
    # Delete a voice that is neither the newest nor at either end of the id range: only
    # the counter can tell.
    ids = sorted(content_key(f"version {n}") for n in range(4))
    with engine.begin() as conn:
        conn.execute(delete(voices).where(voices.c.id == ids[1]))
    assert _deleted(engine) == 1
    assert store.analysis_version(engine) not in (first, added)
