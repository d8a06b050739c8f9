"""Classification: language, dimensions, groups, severity, with evidence for each label.

The stable interface is `classify(texts) -> list[Classification]`; which model answers
is an implementation detail that `default_classifier()` decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from vitalcore.classify.lexicon import LexiconClassifier
from vitalcore.domain import Classification


class Classifier(Protocol):
    model_version: str

    def classify(self, texts: Sequence[str]) -> list[Classification]: ...


def default_classifier() -> Classifier:
    """The classifier vitalcore uses when none is named."""
    return LexiconClassifier()


def classify(texts: Sequence[str], classifier: Classifier | None = None) -> list[Classification]:
    """Classify texts; the i-th result belongs to the i-th text."""
    return (classifier or default_classifier()).classify(texts)


__all__ = ["Classifier", "LexiconClassifier", "classify", "default_classifier"]
