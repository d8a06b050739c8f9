"""Classification: language, dimensions, threat types, groups, severity, places, evidence.

The stable interface is `classify(texts) -> list[Classification]`; which model answers
is decided by `default_classifier()`: the newest trained model of the store when one is
given (workflow.classification reads it; classify never opens the store), else the
model shipped in this package, else the lexicon.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from vitalcore.classify.gazetteer import PlaceMatcher
    from vitalcore.classify.lexicon import LexiconClassifier
    from vitalcore.classify.model import LinearModel
    from vitalcore.domain import Classification

PACKAGED_MODEL = "models/default.npz"


class Classifier(Protocol):
    model_version: str

    def classify(self, texts: Sequence[str]) -> list[Classification]: ...


def packaged_model_path() -> Path:
    """Where the default trained artefact lives inside the installed package."""
    return Path(str(resources.files(__name__).joinpath(PACKAGED_MODEL)))


@cache
def packaged_model() -> LinearModel | None:
    """The trained model shipped with vitalcore (scripts/train_default.py), if present."""
    from vitalcore.classify.model import LinearModel

    path = packaged_model_path()
    return LinearModel.load(path) if path.is_file() else None


def default_classifier(stored: tuple[str, bytes] | None = None, *,
                       places: PlaceMatcher | None = None) -> Classifier:
    """The classifier vitalcore uses when none is named.

    `stored`: the store's newest trained model as (version, artefact), as
    store.latest_model gives it (`vitalcore train`); else the packaged model, else the
    lexicon classifier.
    """
    from vitalcore.classify.classifier import ModelClassifier
    from vitalcore.classify.lexicon import LexiconClassifier

    if stored is not None:
        return ModelClassifier(_stored_model(stored[0], stored[1]), places=places)
    model = packaged_model()
    if model is not None:
        return ModelClassifier(model, places=places)
    return LexiconClassifier()


def default_model_version(stored: tuple[str, bytes] | None = None) -> str:
    """The `model_version` of `default_classifier(stored)`, without building the
    classifier (its lexicon matcher and place words): what a reader of stored results
    needs (the review queue), a tenth of a second less."""
    if stored is not None:
        return _stored_model(stored[0], stored[1]).version
    path = packaged_model_path()
    recorded = recorded_version(path) if path.is_file() else None
    if recorded is not None:
        return recorded
    model = packaged_model()
    if model is not None:
        return model.version
    from vitalcore.classify.lexicon import LexiconClassifier

    return LexiconClassifier.model_version


@cache
def recorded_version(path: Path) -> str | None:
    """The version an artefact's record (the JSON beside it, LinearModel.save) names,
    when the record names these very bytes (artefact_sha256); else None.

    Why: the version is a hash of the decoded weights, and decoding the packaged model
    (decompressing and densifying a 262,159 x 45 matrix) took 0.4 s of every `review`
    that only needed its name; hashing the file's bytes takes a fiftieth of that."""
    record = path.with_suffix(".json")
    try:
        meta = json.loads(record.read_text(encoding="utf-8"))
        data = path.read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or not isinstance(meta.get("version"), str):
        return None
    digest = meta.get("artefact_sha256")
    return meta["version"] if digest == hashlib.sha256(data).hexdigest() else None


_STORED: dict[str, LinearModel] = {}


def _stored_model(version: str, artefact: bytes) -> LinearModel:
    """Stored artefacts are immutable per version, so each is decoded once per process."""
    from vitalcore.classify.model import LinearModel as Model

    if version not in _STORED:
        _STORED.clear()
        _STORED[version] = Model.from_bytes(artefact)
    return _STORED[version]


def classify(texts: Sequence[str], classifier: Classifier | None = None) -> list[Classification]:
    """Classify texts; the i-th result belongs to the i-th text."""
    return (classifier or default_classifier()).classify(texts)


def __getattr__(name: str) -> object:
    # The lexicon (its YAML and language tables) loads when first named, not whenever a
    # module under classify is imported (the read commands use only the area hierarchy).
    if name == "LexiconClassifier":
        from vitalcore.classify.lexicon import LexiconClassifier

        return LexiconClassifier
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Classifier", "LexiconClassifier", "classify", "default_classifier",
           "default_model_version", "recorded_version"]
