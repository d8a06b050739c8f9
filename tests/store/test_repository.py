"""Repository writes are idempotent and reads give frames with the expected columns."""

from datetime import datetime

from sqlalchemy import Engine

from vitalcore import store
from vitalcore.domain import (
    Area,
    Channel,
    Classification,
    Dimension,
    Evidence,
    Group,
    Provenance,
    QuarantineEntry,
    Voice,
    content_key,
)


def _voice(i: int, text: str = "armed men attacked", area: str | None = "ML0702") -> Voice:
    return Voice(
        id=content_key("t", i), text=text, channel=Channel.SMS, source=f"src{i % 2}",
        source_id=str(i), occurred_at=datetime(2026, 7, 1 + i % 20), area_pcode=area,
        groups_reported=(Group.WOMEN,), priorities=(Dimension.FOOD, Dimension.HEALTH),
        provenance=Provenance(file="f.csv", row=i),
    )


def test_add_voices_stores_each_key_once(engine: Engine) -> None:
    batch = [_voice(i) for i in range(5)]
    assert store.add_voices(engine, batch) == 5
    assert store.add_voices(engine, batch + [_voice(7)]) == 1
    assert store.count_rows(engine, "voices") == 6


def test_duplicate_keys_inside_one_batch_count_once(engine: Engine) -> None:
    assert store.add_voices(engine, [_voice(1), _voice(1)]) == 1


def test_quarantine_keeps_raw_record_once(engine: Engine) -> None:
    entry = QuarantineEntry(id="q1", provenance=Provenance(file="f.csv", row=3),
                            field="date", reason="f.csv, row 3, field 'date': bad",
                            raw={"date": "nope", "text": "x"})
    assert store.add_quarantine(engine, [entry, entry]) == 1
    assert store.add_quarantine(engine, [entry]) == 0
    [kept] = store.list_quarantine(engine)
    assert kept["raw"] == {"date": "nope", "text": "x"}
    assert kept["row"] == 3


def test_classifications_feed_the_label_frame(engine: Engine) -> None:
    store.add_voices(engine, [_voice(1), _voice(2, area=None)])
    results = [
        Classification(
            voice_id=_voice(i).id, model_version="m1", language="en",
            dimensions={d: (0.9 if d is Dimension.PERSONAL else 0.0) for d in Dimension},
            threat_types={"armed_attack": 0.8}, groups=(Group.CHILDREN,), severity=4,
            evidence=(Evidence(label="personal", terms=("attacked",)),),
        )
        for i in (1, 2)
    ]
    assert store.save_classifications(engine, results) == 2
    assert store.save_classifications(engine, results) == 0
    frame = store.labels_frame(engine)
    assert frame.height == 2 * (len(Dimension) + 2)
    threats = frame.filter(frame["kind"] == "threat")
    assert threats["label"].to_list() == ["armed_attack", "armed_attack"]
    personal = frame.filter((frame["kind"] == "dimension") & (frame["label"] == "personal"))
    assert personal["score"].to_list() == [0.9, 0.9]
    assert set(personal["area_pcode"].to_list()) == {"ML0702", None}
    assert store.latest_model_version(engine) == "m1"
    assert store.unclassified_voices(engine, "m1") == []
    assert len(store.unclassified_voices(engine, "m2")) == 2


def test_areas_round_trip(engine: Engine) -> None:
    area = Area(pcode="ML0702", name="Ansongo", country="ML", admin_level=2,
                parent_pcode="ML07", alt_names=("أنسونغو",), lat=15.66, lon=0.5)
    assert store.add_areas(engine, [area, area]) == 1
    assert store.list_areas(engine) == [area]
    assert store.areas_frame(engine)["name"].to_list() == ["Ansongo"]


def test_classification_rows_dump_evidence_as_pydantic_does() -> None:
    """classification_rows builds evidence by hand for speed: it must stay what
    pydantic's JSON dump of the model gives, field for field."""
    evidence = (Evidence(label="personal", terms=("attacked", "é\"x")),
                Evidence(label="severity", terms=()))
    result = Classification(voice_id="v1", model_version="m", language="fr",
                            dimensions={Dimension.FOOD: 0.7},
                            evidence=evidence)
    from vitalcore.store.repository import classification_rows

    rows, _ = classification_rows([result], datetime(2026, 1, 1))
    assert rows[0]["evidence"] == [e.model_dump(mode="json") for e in evidence]
