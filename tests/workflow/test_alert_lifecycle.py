"""Alerts are stored with their lifecycle and recomputed only when the data change
(issue 22), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import polars as pl
import pytest
from sqlalchemy import Engine

from tests.workflow.test_warning_workflow import D0
from vitalcore import analysis, store, workflow
from vitalcore.domain import Area, Channel, Classification, Dimension, Provenance, Voice


def _voices(engine: Engine, days: range, *, outbreak_from: int, start: int = 0) -> None:
    rng = np.random.default_rng(start + 7)
    voices, labels = [], []
    n = start
    for day in days:
        k = int(rng.poisson(2)) + (12 if day >= outbreak_from else 0)
        for _ in range(k):
            n += 1
            voices.append(Voice(
                id=f"v{n:06d}", text=f"report {n} of fever", channel=Channel.SMS,
                source="sms-line", area_pcode="X1", occurred_at=D0 + timedelta(days=day),
                provenance=Provenance(file="t.csv", row=n)))
            labels.append(Classification(voice_id=f"v{n:06d}", model_version="test",
                                         language="en", dimensions={Dimension.HEALTH: 0.9}))
    store.add_voices(engine, voices)
    store.save_classifications(engine, labels)


def test_alerts_are_stored_and_keep_their_lifecycle(engine: Engine,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    store.add_areas(engine, [Area(pcode="X1", name="One", country="X", lat=15, lon=0)])
    _voices(engine, range(70), outbreak_from=60)
    first = workflow.alerts(engine)
    outbreak = first.filter(pl.col("first_signal") >= (D0 + timedelta(days=60)).date())
    assert outbreak.height >= 1 and set(outbreak["lifecycle"]) == {"new"}
    assert len(store.stored_alerts(engine, "day")) == first.height

    # Same data: read from the store, not recomputed.
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("recomputed although nothing changed")

    monkeypatch.setattr(analysis, "detect_alerts", boom)
    again = workflow.alerts(engine)
    assert again.select("alert_id", "lifecycle").equals(first.select("alert_id", "lifecycle"))
    monkeypatch.undo()

    # New voices: recomputed; the outbreak alert, still signalling, is now ongoing, and
    # after it ends and stays quiet it is closed.
    _voices(engine, range(70, 75), outbreak_from=70, start=100_000)
    later = workflow.alerts(engine)
    kept = later.filter(pl.col("alert_id").is_in(outbreak["alert_id"].to_list()))
    assert set(kept["lifecycle"]) == {"ongoing"}
    assert kept["first_seen_at"].to_list() == outbreak["first_seen_at"].to_list()
    _voices(engine, range(75, 100), outbreak_from=999, start=200_000)
    quiet = workflow.alerts(engine)
    done = quiet.filter(pl.col("alert_id").is_in(outbreak["alert_id"].to_list()))
    assert set(done["lifecycle"]) == {"closed"} and set(done["state"]) == {"resolved"}


def test_as_of_is_computed_for_that_day_and_not_stored(engine: Engine) -> None:
    store.add_areas(engine, [Area(pcode="X1", name="One", country="X", lat=15, lon=0)])
    _voices(engine, range(70), outbreak_from=60)
    past = workflow.alerts(engine, as_of=(D0 + timedelta(days=62)).date())
    assert set(past["lifecycle"]) <= {"new", "ongoing", "closed"}
    assert store.stored_alerts(engine, "day") == []
