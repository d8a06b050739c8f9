"""The voice list: newest first with undated voices last, one page at a time, on both
backends (SQLite and PostgreSQL order NULL differently unless told)."""

from datetime import datetime

from sqlalchemy import Engine

from vitalcore import store
from vitalcore.domain import Channel, Provenance, Voice, content_key


def _voice(n: int, when: datetime | None) -> Voice:
    return Voice(id=content_key(f"search {n}"), text=f"voice {n}", channel=Channel.SMS,
                 source="test", occurred_at=when, provenance=Provenance(file="t", row=n))


def test_newest_first_undated_last_and_paginated(engine: Engine) -> None:
    store.add_voices(engine, [_voice(0, None), _voice(1, datetime(2026, 1, 1)),
                              _voice(2, datetime(2026, 3, 1)), _voice(3, None),
                              _voice(4, datetime(2026, 2, 1))])
    rows, total = store.search_voices(engine, store.VoiceFilter(), limit=10)
    assert total == 5
    assert [r["text"] for r in rows[:3]] == ["voice 2", "voice 4", "voice 1"]
    assert {r["text"] for r in rows[3:]} == {"voice 0", "voice 3"}
    second, _ = store.search_voices(engine, store.VoiceFilter(), limit=2, offset=2)
    assert [r["text"] for r in second] == [r["text"] for r in rows[2:4]]
