"""The trained model: learns from the corpus, explains itself, survives a save unchanged."""

from pathlib import Path

import numpy as np
import pytest

from vitalcore.classify.classifier import ModelClassifier
from vitalcore.classify.model import LinearModel
from vitalcore.domain import Dimension, Group


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        ("Nou bezwen manje ak dlo nan Carrefour", Dimension.FOOD),
        ("pa gen lopital, moun blese yo ap soufri", Dimension.HEALTH),
        ("Armed men attacked the village last night", Dimension.PERSONAL),
        ("Les inondations ont emporté nos maisons", Dimension.ENVIRONMENTAL),
    ],
)
def test_it_finds_the_dimension_with_evidence(small_model: LinearModel, text: str,
                                             dimension: Dimension) -> None:
    [result] = ModelClassifier(small_model).classify([text])
    assert dimension in result.labels()
    evidence = {e.label: e.terms for e in result.evidence}
    for label in result.labels():
        assert evidence[label.value], f"{label} has no evidence"
    for threat in result.threat_types:
        assert evidence[threat], f"threat {threat} has no evidence"


def test_greetings_and_thanks_carry_no_dimension(small_model: LinearModel) -> None:
    results = ModelClassifier(small_model).classify(
        ["Mèsi anpil pou èd la, Bondye beni nou", "Thank you for your help, god bless"])
    assert [r.labels() for r in results] == [[], []]


def test_creole_is_identified_although_py3langid_does_not_know_it(
        small_model: LinearModel) -> None:
    [result] = ModelClassifier(small_model).classify(
        ["nou pa gen manje, timoun yo grangou anpil, nou bezwen dlo tanpri"])
    assert result.language == "ht"
    assert Group.CHILDREN in result.groups


def test_scores_put_each_threshold_at_one_half(small_model: LinearModel) -> None:
    p = np.tile(small_model.thresholds, (3, 1))
    p[0] = 0.0
    p[2] = 1.0
    scores = small_model.scores(p)
    assert np.allclose(scores[0], 0.0) and np.allclose(scores[2], 1.0)
    assert np.allclose(scores[1], 0.5)


def test_the_artefact_round_trips_without_pickle(small_model: LinearModel,
                                                 tmp_path: Path) -> None:
    path = small_model.save(tmp_path / "model.npz")
    again = LinearModel.load(path)
    assert again.version == small_model.version
    texts = ["gunmen kidnapped two girls", "pri diri a double"]
    a = ModelClassifier(small_model).classify(texts)
    b = ModelClassifier(again).classify(texts)
    assert [r.dimensions for r in a] == [r.dimensions for r in b]
    assert path.with_suffix(".json").read_text(encoding="utf-8").count(small_model.version)
    with np.load(path, allow_pickle=False) as npz:  # loads with pickle refused
        assert "meta" in npz


def test_a_foreign_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.npz"
    meta = np.frombuffer(b'{"format": "other"}', dtype=np.uint8)
    np.savez(path, meta=meta)
    with pytest.raises(ValueError, match="not a vitalcore-linear-1 artefact"):
        LinearModel.load(path)


def test_training_is_reproducible() -> None:
    from tests.classify.conftest import small_corpus
    from vitalcore.classify.features import FeatureSpec
    from vitalcore.classify.training import train

    corpus = small_corpus(every=40)
    assert train(corpus, spec=FeatureSpec(bits=12)).version == \
        train(corpus, spec=FeatureSpec(bits=12)).version


def test_the_default_model_version_is_the_default_classifiers(small_model: LinearModel
                                                               ) -> None:
    """The review queue reads results by default_model_version, without building the
    classifier: it must name the version default_classifier would stamp."""
    from vitalcore.classify import default_classifier, default_model_version

    stored = ("stored-version", small_model.to_bytes())
    assert default_model_version(stored) == default_classifier(stored).model_version
    assert default_model_version() == default_classifier().model_version
    assert default_model_version(stored) != default_model_version()  # not one constant


def test_the_record_beside_an_artefact_names_its_version(small_model: LinearModel,
                                                         tmp_path: Path) -> None:
    """recorded_version reads the version from the JSON record (no decoding), and only
    while the record belongs to the artefact's bytes."""
    from vitalcore.classify import recorded_version

    path = small_model.save(tmp_path / "model.npz")
    assert recorded_version(path) == LinearModel.load(path).version
    other = small_model.save(tmp_path / "other.npz")
    other.write_bytes(other.read_bytes() + b"\0")  # the artefact changed, not its record
    assert recorded_version(other) is None
    (tmp_path / "bare.npz").write_bytes(path.read_bytes())  # no record at all
    assert recorded_version(tmp_path / "bare.npz") is None


def test_the_packaged_record_names_the_packaged_artefact() -> None:
    """default.json must be rewritten with default.npz (scripts/train_default.py does):
    else `review` falls back to decoding the model."""
    from vitalcore.classify import packaged_model, packaged_model_path, recorded_version

    model = packaged_model()
    assert model is not None
    assert recorded_version(packaged_model_path()) == model.version
