"""The trained classifier: language, dimensions, threat types, groups, severity, places.

Per batch: one lexicon scan, one featurisation, one matrix product for every label and
the language head. Evidence for each label is the lexicon terms of that label found in
the text; where the lexicon found none, the words whose n-grams push the label up most.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from vitalcore import taxonomy
from vitalcore.classify.features import featurize
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
        col = {label: j for j, label in enumerate(model.labels)}
        self._names = [label.split(":", 1)[1] for label in model.labels]
        self._dims = [(d, col[f"dimension:{d.value}"]) for d in Dimension]
        self._groups = [(g, col[f"group:{g.value}"]) for g in Group]
        self._threat_cols = {j for label, j in col.items() if label.startswith("threat:")}
        parent = {col[t]: col[d] for t, d in self._dimension_of.items() if t in col}
        self._threat_idx = np.asarray(sorted(parent), dtype=int)
        self._parent_idx = np.asarray([parent[j] for j in sorted(parent)], dtype=int)

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
        positive = self._positive_labels(scores)
        evidence = self._evidence(docs, hits, positive)
        rows = scores.tolist()
        # model_construct skips re-validating what this method builds from the model's
        # own arrays (enum keys, floats in [0, 1]); validation was a fifth of the time.
        return [
            Classification.model_construct(
                voice_id=None, model_version=self.model_version,
                language=None if languages[i] == UNKNOWN else languages[i],
                dimensions={d: rows[i][j] for d, j in self._dims},
                threat_types={self._names[j]: rows[i][j] for j in positive[i]
                              if j in self._threat_cols},
                groups=tuple(g for g, j in self._groups if rows[i][j] >= 0.5),
                severity=cue.score, severity_counts=cue.counts, area_pcode=areas[i],
                evidence=tuple(evidence[i]) + ((Evidence.model_construct(
                    label="severity", terms=cue.terms()),) if cue.counts else ()),
            )
            for i, cue in enumerate(read_severity(d, h) for d, h in zip(docs, hits, strict=True))
        ]

    def _positive_labels(self, scores: np.ndarray) -> list[list[int]]:
        """Label columns at or above 0.5 per text; a threat only under a positive dimension."""
        above = scores >= 0.5
        above[:, self._threat_idx] &= above[:, self._parent_idx]
        rows, cols = np.nonzero(above)
        ends = np.cumsum(np.bincount(rows, minlength=len(scores))).tolist()
        flat = cols.tolist()
        return [flat[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]

    def _evidence(self, docs: list[str], hits: list[list[Hit]],
                  positive: list[list[int]]) -> list[list[Evidence]]:
        """Lexicon terms per positive label; else the words that push it up most.

        The n-gram evidence is computed for the batch at once: every distinct word of
        the texts that need it is featurised once and scored against every label.
        """
        lexicon: list[dict[str, set[str]]] = []
        need: list[tuple[int, int]] = []
        for i, doc_hits in enumerate(hits):
            words: dict[str, set[str]] = {}
            for hit in doc_hits:
                for _, tag in hit.tags:
                    words.setdefault(tag, set()).add(hit.word)
            lexicon.append(words)
            need += [(i, j) for j in positive[i] if self.model.labels[j] not in words]
        contributions: dict[str, list[float]] = {}
        if need:
            vocabulary = sorted({w for i, _ in need for w in docs[i].split()})
            matrix = featurize(vocabulary, self.model.spec)
            weights = self.model.weights[: self.model.spec.n_features]
            table = np.asarray(matrix @ weights).tolist()  # lists index faster than arrays
            contributions = dict(zip(vocabulary, table, strict=True))
        ngram: dict[tuple[int, int], tuple[str, ...]] = {}
        words_of: dict[int, list[str]] = {}
        for i, j in need:
            words = words_of.get(i) or words_of.setdefault(i, sorted(set(docs[i].split())))
            ranked = sorted(words, key=lambda w: -contributions[w][j])[:EVIDENCE_WORDS]
            ngram[(i, j)] = tuple(w for w in ranked if contributions[w][j] > 0)
        out = []
        for i, cols in enumerate(positive):
            out.append([
                Evidence.model_construct(label=self._names[j],
                         terms=tuple(sorted(lexicon[i][self.model.labels[j]]))
                         if self.model.labels[j] in lexicon[i] else ngram[(i, j)])
                for j in cols
            ])
        return out
