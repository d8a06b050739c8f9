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


def test_a_dimension_with_other_filters_counts_each_matching_voice_once(
        engine: Engine) -> None:
    from vitalcore.store.schema import classifications, voice_labels

    voices = [Voice(id=content_key(f"count {n}"), text=f"count {n} {'market' * (n % 2)}",
                    channel=Channel.SMS if n % 3 else Channel.RADIO_TRANSCRIPT,
                    source="test", area_pcode=("ML0701", "ML0702")[n % 2 == 0 and n > 9],
                    occurred_at=datetime(2026, 1, 1 + n), provenance=Provenance(file="c", row=n))
              for n in range(24)]
    store.add_voices(engine, voices)
    with engine.begin() as conn:
        conn.execute(classifications.insert(), [
            {"voice_id": v.id, "model_version": "m2", "language": "en", "dimensions": {},
             "groups": [], "threat_types": {}, "severity": 1, "evidence": [],
             "created_at": datetime(2026, 2, 1)} for v in voices])
        conn.execute(voice_labels.insert(), [
            {"voice_id": v.id, "model_version": model, "kind": kind, "label": label,
             "score": score}
            for n, v in enumerate(voices)
            for model, kind, label, score in (
                ("m2", "dimension", "food", (0.2, 0.7, 0.9)[n % 3]),
                ("m2", "dimension", "health", 0.8),
                ("m1", "dimension", "food", 0.9),  # an older model's word: not counted
                ("m2", "group", "food", 0.9),  # not a dimension row
            )])
    rows = [{"area": v.area_pcode, "channel": v.channel.value, "food": n % 3 != 0,
             "market": n % 2 == 1} for n, v in enumerate(voices)]

    def expected(**want: object) -> int:
        return sum(r["food"] and all(r[k] == w for k, w in want.items()) for r in rows)

    for filters, want in (
        ({"area": "ML0701"}, {"area": "ML0701"}),
        ({"area": "ml0702"}, {"area": "ML0702"}),
        ({"area": "ML0701", "channel": "sms"}, {"area": "ML0701", "channel": "sms"}),
        ({"text": "market"}, {"market": True}),
        ({"area": "ML0702", "text": "market"}, {"area": "ML0702", "market": True}),
        ({}, {}),
    ):
        got_rows, total = store.search_voices(
            engine, store.VoiceFilter(dimension="food", **filters), limit=100)
        assert total == expected(**want) == len(got_rows), filters
    assert expected(area="ML0701") > 0 and expected(area="ML0702") > 0
