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


def test_the_dimension_filter_counts_and_pages_as_the_labels_say(engine: Engine) -> None:
    from vitalcore.store.schema import classifications, voice_labels

    store.add_voices(engine, [_voice(n, datetime(2026, 1, 1 + n)) for n in range(6)])
    now = datetime(2026, 2, 1)
    with engine.begin() as conn:
        conn.execute(classifications.insert(), [
            {"voice_id": content_key(f"search {n}"), "model_version": "m", "language": "en",
             "dimensions": {}, "groups": [], "threat_types": {}, "severity": 1,
             "evidence": [], "created_at": now} for n in range(6)])
        # Voices 1, 3 and 5 are about food (score >= 0.5); voice 0 only weakly.
        conn.execute(voice_labels.insert(), [
            {"voice_id": content_key(f"search {n}"), "model_version": "m",
             "kind": "dimension", "label": "food", "score": score}
            for n, score in ((0, 0.3), (1, 0.9), (3, 0.6), (5, 0.5))])
    food = store.VoiceFilter(dimension="food")
    rows, total = store.search_voices(engine, food, limit=2)
    assert total == 3 and [r["text"] for r in rows] == ["voice 5", "voice 3"]
    rest, _ = store.search_voices(engine, food, limit=2, offset=2)
    assert [r["text"] for r in rest] == ["voice 1"]
    # With another filter too, the count goes through the voices (same answer).
    assert store.search_voices(engine, store.VoiceFilter(dimension="food",
                                                         channel="sms"))[1] == 3
