"""Each voice's place, time and label lists (threat chains' read) on both backends."""

from datetime import datetime

import polars as pl
from sqlalchemy import Engine

from vitalcore import analysis, store
from vitalcore.domain import Channel, Classification, Dimension, Group, Provenance, Voice


def _voice(i: int, **extra: object) -> Voice:
    return Voice(id=f"v{i}", text=f"voice {i}", channel=Channel.SMS, source="sms",
                 provenance=Provenance(file="sms.csv", row=i), **extra)


def _reading(i: int, model: str, dimensions: dict, threats: dict) -> Classification:
    return Classification(voice_id=f"v{i}", model_version=model, language="en",
                          dimensions=dimensions, threat_types=threats,
                          groups=(Group.WOMEN,) if i == 1 else (), severity=2)


def test_the_lists_are_the_voice_tables(engine: Engine) -> None:
    """The same voices and the same sorted lists as analysis.voice_table on the full
    label frame: a voice with no label over the cut has empty lists, an unclassified
    voice is not there, and only the newest model's labels count."""
    store.add_voices(engine, [
        _voice(1, occurred_at=datetime(2025, 1, 5), area_pcode="ML07"),
        _voice(2, occurred_at=datetime(2025, 2, 1)),
        _voice(3),
        _voice(4),  # never classified
    ])
    low = dict.fromkeys(Dimension, 0.1)
    store.save_classifications(engine, [
        _reading(1, "old", {**low, Dimension.HEALTH: 0.9}, {}),
    ])
    store.save_classifications(engine, [
        _reading(1, "new", {**low, Dimension.PERSONAL: 0.8, Dimension.FOOD: 0.5},
                 {"crime": 0.7, "armed_attack": 0.6, "drought": 0.2}),
        _reading(2, "new", {**low, Dimension.FOOD: 0.49}, {"drought": 0.9}),
        _reading(3, "new", low, {}),
    ])
    lists = store.voice_label_lists(engine, min_score=0.5, model_version="new")
    table = analysis.voice_table(store.labels_frame(engine, model_version="new"),
                                 threshold=0.5)
    columns = list(lists.columns)
    assert lists.sort("voice_id").equals(table.select(columns).sort("voice_id"))
    assert lists.filter(pl.col("voice_id") == "v1").row(0, named=True) == {
        "voice_id": "v1", "area_pcode": "ML07", "occurred_at": datetime(2025, 1, 5),
        "dimensions": ["food", "personal"], "threats": ["armed_attack", "crime"]}
    assert lists.filter(pl.col("voice_id") == "v3")["dimensions"].to_list() == [[]]
    assert "v4" not in lists["voice_id"].to_list()


def test_no_model_no_lists(engine: Engine) -> None:
    store.add_voices(engine, [_voice(1)])
    lists = store.voice_label_lists(engine)
    assert lists.is_empty() and lists.schema == store.label_lists.LIST_COLUMNS
