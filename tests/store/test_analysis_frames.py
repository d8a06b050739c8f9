"""The analysis frames on a real store (SQLite file and PostgreSQL)."""

from datetime import datetime

import polars as pl
from sqlalchemy import Engine

from vitalcore import store
from vitalcore.domain import Channel, Dimension, Group, Provenance, Voice


def _voice(i: int, **extra: object) -> Voice:
    return Voice(
        id=f"v{i}", text=f"voice {i}", channel=Channel.SURVEY, source="kobo",
        provenance=Provenance(file="survey.json", row=i), **extra,
    )


def test_attributes_keep_lists_and_window(engine: Engine) -> None:
    store.add_voices(engine, [
        _voice(1, occurred_at=datetime(2025, 1, 5), groups_reported=(Group.WOMEN,),
               priorities=(Dimension.FOOD, Dimension.PERSONAL), severity_reported=4,
               solution="open the road"),
        _voice(2, occurred_at=datetime(2025, 3, 1)),
        _voice(3),
    ])
    frame = store.voice_attributes_frame(engine).sort("voice_id")
    first = frame.row(0, named=True)
    assert first["groups_reported"] == ["women"]
    assert first["priorities"] == ["food", "personal"]  # most important first, kept
    assert first["severity_reported"] == 4 and first["solution"] == "open the road"
    assert frame.row(2, named=True)["priorities"] == []
    window = store.voice_attributes_frame(engine, since=datetime(2025, 2, 1),
                                          until=datetime(2025, 4, 1))
    assert window["voice_id"].to_list() == ["v2"]  # undated v3 falls outside a window


def test_texts_frame(engine: Engine) -> None:
    store.add_voices(engine, [_voice(1, solution="dig a well", language="en")])
    frame = store.voice_texts_frame(engine)
    assert frame.schema["text"] == pl.String
    assert frame.row(0, named=True)["solution"] == "dig a well"
    assert frame.row(0, named=True)["language"] == "en"
