"""Train, classify, correct, retrain, review: on a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine

from vitalcore import store, workflow
from vitalcore.classify import default_classifier
from vitalcore.classify.features import FeatureSpec
from vitalcore.classify.training import training_dir
from vitalcore.domain import Area, Channel, Dimension, Provenance, Voice, content_key

SPEC = FeatureSpec(bits=14)
TEXTS = [
    "The goats are coughing and the vet never came to the village",
    "Nou bezwen manje ak dlo nan Carrefour",
    "Armed men attacked the market in Gao",
    "Thank you for the messages",
]


@pytest.fixture(scope="module")
def small_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every 25th generated row: enough to learn something, fast to train."""
    source = training_dir() / "generated.csv"
    path = tmp_path_factory.mktemp("corpus") / "small.csv"
    with source.open(encoding="utf-8") as fh, path.open("w", newline="",
                                                       encoding="utf-8") as out:
        reader = csv.DictReader(fh)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [])
        writer.writeheader()
        writer.writerows(row for i, row in enumerate(reader) if i % 25 == 0)
    return path


@pytest.fixture(scope="module")
def small_model_bytes(small_csv: Path) -> tuple[str, bytes]:
    model, _ = workflow.train_model(None, data=[small_csv], spec=FeatureSpec(bits=12))
    return model.version, model.to_bytes()


def _add_voices(engine: Engine, **extra: object) -> list[str]:
    voices = [
        Voice(id=content_key("wf", i), text=t, channel=Channel.SMS, source="test",
              provenance=Provenance(file="t.csv", row=i + 1), **extra)
        for i, t in enumerate(TEXTS)
    ]
    store.add_voices(engine, voices)
    return [v.id for v in voices]


def test_review_correct_retrain_changes_that_voice(engine: Engine, small_csv: Path) -> None:
    ids = _add_voices(engine)
    first, stored = workflow.train_model(engine, data=[small_csv], spec=SPEC)
    assert stored
    assert workflow.classify_voices(engine) == len(TEXTS)
    queue = workflow.review_queue(engine, limit=10)
    assert {q["voice_id"] for q in queue} == set(ids)
    uncertainty = [q["uncertainty"] for q in queue]
    assert uncertainty == sorted(uncertainty, reverse=True)
    [before] = default_classifier(store.latest_model(engine)).classify([TEXTS[0]])
    wrong = next(d for d in (Dimension.HEALTH, Dimension.FOOD) if before.dimensions[d] < 0.5)

    workflow.correct_labels(engine, ids[0], add=[wrong.value], analyst="amina")
    second, stored = workflow.train_model(engine, data=[small_csv], spec=SPEC)

    assert stored and second.version != first.version
    assert default_classifier(store.latest_model(engine)).model_version == second.version
    [after] = default_classifier(store.latest_model(engine)).classify([TEXTS[0]])
    assert after.dimensions[wrong] >= 0.5
    [correction] = store.list_corrections(engine)
    assert (correction["analyst"], correction["label"], correction["value"]) == (
        "amina", wrong.value, True)
    assert correction["created_at"] is not None
    workflow.classify_voices(engine)
    assert ids[0] not in {q["voice_id"] for q in workflow.review_queue(engine)}


def test_the_review_queue_shows_the_top_of_the_whole_ranking(engine: Engine,
                                                             small_csv: Path) -> None:
    """The queue ranks every voice by its scores and reads the rest of the shown ones
    only: a short queue is the head of the long one, the same items."""
    _add_voices(engine)
    workflow.train_model(engine, data=[small_csv], spec=SPEC)
    workflow.classify_voices(engine)
    whole = workflow.review_queue(engine, limit=len(TEXTS))
    assert len(whole) == len(TEXTS)
    assert [(q["uncertainty"], q["voice_id"]) for q in whole] == sorted(
        ((q["uncertainty"], q["voice_id"]) for q in whole), key=lambda x: (-x[0], x[1]))
    assert workflow.review_queue(engine, limit=2) == whole[:2]
    assert all(q["text"] in TEXTS and q["closest_label"] in {d.value for d in Dimension}
               for q in whole)


def test_a_model_version_is_stored_once(engine: Engine, small_model_bytes: tuple) -> None:
    version, artefact = small_model_bytes
    assert store.save_model(engine, version, artefact, {"rows": 1})
    assert not store.save_model(engine, version, artefact, {"rows": 1})
    assert store.latest_model(engine) == (version, artefact)
    assert default_classifier(store.latest_model(engine)).model_version == version


def test_corrections_are_checked(engine: Engine) -> None:
    [voice_id, *_] = _add_voices(engine)
    with pytest.raises(ValueError, match="unknown label 'hunger'"):
        workflow.correct_labels(engine, voice_id, add=["hunger"], analyst="a")
    with pytest.raises(ValueError, match="no voice with id 'nope'"):
        workflow.correct_labels(engine, "nope", add=["food"], analyst="a")
    with pytest.raises(ValueError, match="both added and removed: food"):
        workflow.correct_labels(engine, voice_id, add=["food"], remove=["food"], analyst="a")
    assert workflow.correct_labels(engine, voice_id, add=["drought", "women"],
                                   analyst="a") == 2


def test_coordinates_win_over_the_place_named_in_the_text(engine: Engine) -> None:
    store.add_areas(engine, [
        Area(pcode="ML07", name="Gao", country="ML", lat=16.27, lon=-0.04),
        Area(pcode="ML06", name="Tombouctou", country="ML", alt_names=("Timbuktu",),
             lat=16.77, lon=-3.0),
    ])
    ids = _add_voices(engine, lat=16.7, lon=-3.01)
    workflow.classify_voices(engine)
    details = {r["voice_id"]: r["area_pcode"] for r in store.classification_details_rows(engine)}
    assert details[ids[2]] == "ML06"  # the text names Gao; the coordinates say Tombouctou
