"""store.load_partition on both backends: exact round trip of awkward values, the ledger,
and replacement of a partition's rows in one transaction."""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from vitalcore import store
from vitalcore.domain import Channel, Classification, Dimension, Evidence, Group, Provenance, Voice
from vitalcore.scale import rows
from vitalcore.store.schema import classifications, voices

AWKWARD = 'He said "run",\nthen left \\ at 5; é ع 🙏\ttab'


def _voice(n: int, text: str = "the well is dry") -> Voice:
    return Voice(
        id=f"v{n:03d}", text=text, channel=Channel.SMS, source="src", source_id=f"m{n}",
        occurred_at=datetime(2026, 9, 1, 12, 30, 15, 123456), area_pcode="ML0702",
        lat=15.123456789012345, lon=0.5, groups_reported=(Group.WOMEN,),
        solution="", consent_quote=True, provenance=Provenance(file="f.csv", row=n),
    )


def _classification(score: float = 1 / 3) -> Classification:
    return Classification(
        model_version="test-1", language="fr",
        dimensions={d: (score if d is Dimension.FOOD else 0.0) for d in Dimension},
        threat_types={"drought": 0.75}, groups=(Group.CHILDREN,), severity=3,
        evidence=(Evidence(label="food", terms=("sec", '"dry"')),),
    )


def _tables(pairs: list[tuple[Voice, Classification]]) -> store.PartitionTables:
    return rows.store_tables(rows.to_table(store.partition_rows(pairs, datetime(1970, 1, 1))))


def _load(engine: Engine, pairs, content_hash: str = "h1", force: bool = False):  # noqa: ANN001, ANN202
    return store.load_partition(engine, partition_key="date=2026-09-01/country=ML",
                                content_hash=content_hash, model_version="test-1",
                                tables=_tables(pairs), force=force)


def test_awkward_values_come_back_exactly(engine: Engine) -> None:
    pairs = [(_voice(1, AWKWARD), _classification()), (_voice(2), _classification(0.9))]
    result = _load(engine, pairs)
    assert (result.status, result.rows, result.voices_owned) == ("loaded", 2, 2)
    with engine.connect() as conn:
        voice = conn.execute(select(voices).where(voices.c.id == "v001")).one()._mapping
        stored = conn.execute(select(classifications).where(
            classifications.c.voice_id == "v001")).one()._mapping
    assert voice["text"] == AWKWARD
    assert voice["solution"] == "" and voice["place_name"] is None
    assert voice["lat"] == 15.123456789012345
    assert voice["occurred_at"] == datetime(2026, 9, 1, 12, 30, 15, 123456)
    assert voice["groups_reported"] == ["women"]
    assert stored["dimensions"]["food"] == 1 / 3
    assert stored["evidence"] == [{"label": "food", "terms": ["sec", '"dry"']}]
    labels = store.labels_frame(engine)
    assert labels.filter(labels["voice_id"] == "v001").height == 7 + 1 + 1


def test_the_ledger_makes_a_reload_a_no_op_and_a_change_a_replacement(engine: Engine) -> None:
    _load(engine, [(_voice(n), _classification()) for n in range(5)])
    again = _load(engine, [(_voice(n), _classification()) for n in range(5)])
    assert again.status == "unchanged"
    changed = _load(engine, [(_voice(n), _classification()) for n in range(3, 8)], "h2")
    assert (changed.status, changed.replaced, changed.voices_owned) == ("loaded", 5, 5)
    assert {f"v{n:03d}" for n in range(3, 8)} == set(
        store.voices_frame(engine)["voice_id"].to_list()
    )
    assert store.count_rows(engine, "classifications") == 5
    ledger = store.partition_ledger(engine)
    assert ledger.select("content_hash", "rows", "voices_owned").rows() == [("h2", 5, 5)]


def test_a_failed_load_leaves_the_previous_partition_whole(engine: Engine) -> None:
    _load(engine, [(_voice(n), _classification()) for n in range(4)])
    broken = [(_voice(n), _classification()) for n in range(4, 8)]
    tables = _tables(broken)
    # A voice without its text violates NOT NULL half-way through the load: the whole
    # transaction, the deletes of the previous rows included, must roll back.
    texts = tables.voices.column("text").to_pylist()
    texts[-1] = None
    bad = tables.voices.set_column(tables.voices.schema.get_field_index("text"), "text",
                                   pa.array(texts, pa.string()))
    with pytest.raises(IntegrityError):
        store.load_partition(engine, partition_key="date=2026-09-01/country=ML",
                             content_hash="h3", model_version="test-1",
                             tables=store.PartitionTables(bad, tables.classifications,
                                                          tables.labels, tables.details))
    assert set(store.voices_frame(engine)["voice_id"]) == {f"v{n:03d}" for n in range(4)}
    assert store.partition_ledger(engine)["content_hash"].to_list() == ["h1"]
