"""A small model trained once per test session on a slice of the packaged corpus."""

from __future__ import annotations

import pytest

from vitalcore.classify.features import FeatureSpec
from vitalcore.classify.model import LinearModel
from vitalcore.classify.training import Corpus, packaged_corpus, train


def small_corpus(every: int = 6) -> Corpus:
    """Every n-th row of the generated and hand-written corpus: fast, still multilingual."""
    corpus = packaged_corpus(("generated.csv", "handwritten.csv"))
    return corpus.subset(range(0, len(corpus), every))


@pytest.fixture(scope="session")
def small_model() -> LinearModel:
    return train(small_corpus(), spec=FeatureSpec(bits=16))
