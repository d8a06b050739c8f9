"""The trained classifier: language, dimensions, threat types, groups, severity, places.

Per batch: one lexicon scan, one featurisation, one matrix product for every label and
the language head. Evidence for each label is the lexicon terms of that label found in
the text; where the lexicon found none, the words whose n-grams push the label up most.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from vitalcore import taxonomy
from vitalcore.classify.gazetteer import PlaceMatcher
from vitalcore.classify.language import DEFAULT_LANGUAGES, UNKNOWN, identify_batch
from vitalcore.classify.matcher import Hit, default_matcher
from vitalcore.classify.model import LinearModel, design_matrix
from vitalcore.classify.severity import read_severity
from vitalcore.domain import Classification, Dimension, Evidence, Group

EVIDENCE_WORDS = 3


class ModelClassifier:
    """Classifies texts with a LinearModel and the lexicons, explaining every label."""

    def __init__(self, model: LinearModel, *, languages: Sequence[str] = DEFAULT_LANGUAGES,
                 places: PlaceMatcher | None = None) -> None:
        self.model = model
        self.model_version = model.version
        self.languages = tuple(languages)
        self.places = places
        self._matcher = default_matcher()
        self._dimension_of = {f"threat:{t}": f"dimension:{d}"
                              for d, ts in taxonomy.threat_types().items() for t in ts}
        self._column = {label: j for j, label in enumerate(model.labels)}

    def probabilities(self, texts: Sequence[str]) -> tuple[np.ndarray, list[str], list, list]:
        """(calibrated probabilities, cleaned docs, hits, languages) for a batch."""
        docs, hits = self._matcher.scan(texts)
        matrix = design_matrix(texts, hits, self.model.spec)
        probabilities = self.model.probabilities(matrix)
        languages = identify_batch(texts, self.model.languages,
                                   self.model.language_probabilities(matrix), self.languages)
        return probabilities, docs, hits, languages

    def classify(self, texts: Sequence[str]) -> list[Classification]:
        if not texts:
            return []
        probabilities, docs, hits, languages = self.probabilities(texts)
        scores = self.model.scores(probabilities).round(4)
        areas = self.places.find_batch(docs) if self.places else [None] * len(texts)
        return [
            self._one(scores[i], docs[i], hits[i], languages[i], areas[i])
            for i in range(len(texts))
        ]

    def _one(self, scores: np.ndarray, doc: str, hits: list[Hit], language: str,
             area: str | None) -> Classification:
        lexicon_words: dict[str, set[str]] = {}
        for hit in hits:
            for _, tag in hit.tags:
                lexicon_words.setdefault(tag, set()).add(hit.word)
        col = self._column
        dims = {d: float(scores[col[f"dimension:{d.value}"]]) for d in Dimension}
        positive_dims = {f"dimension:{d.value}" for d, s in dims.items() if s >= 0.5}
        threats = {label[7:]: float(scores[j]) for label, j in col.items()
                   if label.startswith("threat:") and scores[j] >= 0.5
                   and self._dimension_of[label] in positive_dims}
        groups = tuple(g for g in Group if scores[col[f"group:{g.value}"]] >= 0.5)
        evidence = []
        positive = [*sorted(positive_dims), *(f"threat:{t}" for t in threats),
                    *(f"group:{g.value}" for g in groups)]
        for label in positive:
            terms = sorted(lexicon_words.get(label, ()))
            if not terms:
                terms = self._ngram_evidence(doc, col[label])
            evidence.append(Evidence(label=label.split(":", 1)[1], terms=tuple(terms)))
        cue = read_severity(doc, hits)
        if cue.counts:
            evidence.append(Evidence(label="severity", terms=cue.terms()))
        return Classification(
            model_version=self.model_version,
            language=None if language == UNKNOWN else language,
            dimensions=dims, threat_types=threats, groups=groups, severity=cue.score,
            severity_counts=cue.counts, area_pcode=area, evidence=tuple(evidence),
        )

    def _ngram_evidence(self, doc: str, label: int) -> list[str]:
        words = sorted(set(doc.split()))
        contributions = self.model.word_contributions(words, label)
        order = np.argsort(-contributions)[:EVIDENCE_WORDS]
        return [words[i] for i in order if contributions[i] > 0]
