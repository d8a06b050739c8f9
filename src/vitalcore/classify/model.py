"""The learned model: one linear scorer per label over hashed n-grams and lexicon hits.

A `LinearModel` holds, for every label (7 dimensions, the threat types, the groups), a
weight column over the hashed n-gram features (classify.features) plus the lexicon-hit
features, a Platt calibration (a, b) and a decision threshold chosen on a validation
split; and a softmax language head over the same features. All labels are scored with
one sparse-dense matrix product per batch.

Saved without pickle: `to_bytes()` is a numpy .npz (weights pruned to a sparse matrix)
with the hyperparameters and training record as JSON inside, so an artefact is data that
can be inspected, versioned in the store and shipped in the package, never code.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from vitalcore.classify.features import FeatureSpec, featurize
from vitalcore.classify.matcher import Hit
from vitalcore.domain import Dimension, Group

FORMAT = "vitalcore-linear-1"
# Lexicon features: hits per dimension and per group, appended after the n-gram columns.
LEXICON_TAGS = tuple([f"dimension:{d.value}" for d in Dimension]
                     + [f"group:{g.value}" for g in Group])
# Weights smaller than this are dropped when saving: they change no decision (tested in
# tests/classify/test_model.py) and keep the packaged artefact a few megabytes.
PRUNE = 2e-3


def lexicon_features(hits: Sequence[Sequence[Hit]]) -> sparse.csr_matrix:
    """(n x len(LEXICON_TAGS)): distinct matching terms per tag, capped at 3, over 3."""
    index = {tag: i for i, tag in enumerate(LEXICON_TAGS)}
    rows, cols, vals = [], [], []
    for row, doc_hits in enumerate(hits):
        counts: dict[int, set[str]] = {}
        for hit in doc_hits:
            for _, tag in hit.tags:
                col = index.get(tag)
                if col is not None:
                    counts.setdefault(col, set()).add(hit.word)
        for col, words in counts.items():
            rows.append(row)
            cols.append(col)
            vals.append(min(len(words), 3) / 3.0)
    return sparse.csr_matrix((np.asarray(vals, dtype=np.float32), (rows, cols)),
                             shape=(len(hits), len(LEXICON_TAGS)))


def design_matrix(texts: Sequence[str], hits: Sequence[Sequence[Hit]],
                  spec: FeatureSpec) -> sparse.csr_matrix:
    """n-gram features and lexicon features side by side, as the model reads them."""
    return sparse.hstack([featurize(texts, spec), lexicon_features(hits)], format="csr")


@dataclass
class LinearModel:
    """Weights, calibration and thresholds for every label, and the language head."""

    spec: FeatureSpec
    labels: list[str]  # 'dimension:food', 'threat:drought', 'group:women'
    weights: np.ndarray  # (n_features + n_lexicon, n_labels) float32
    bias: np.ndarray  # (n_labels,)
    platt_a: np.ndarray
    platt_b: np.ndarray
    thresholds: np.ndarray  # decision threshold on the calibrated probability
    languages: list[str]
    language_weights: np.ndarray  # (n_features + n_lexicon, n_languages)
    language_bias: np.ndarray
    record: dict[str, Any] = field(default_factory=dict)  # training data, metrics, params
    # One label's n-gram weights as a contiguous vector, kept once made: a column of
    # `weights` is strided, and scipy copied it (about 1 MB) on every evidence lookup.
    _columns: dict[int, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    @property
    def version(self) -> str:
        """A content hash: the same training data and parameters give the same version."""
        digest = hashlib.sha256()
        for array in (self.weights, self.bias, self.platt_a, self.platt_b, self.thresholds,
                      self.language_weights, self.language_bias):
            digest.update(np.ascontiguousarray(array, dtype=np.float32).round(5).tobytes())
        digest.update(json.dumps(self.labels).encode())
        return f"linear-{digest.hexdigest()[:12]}"

    def decision(self, matrix: sparse.csr_matrix) -> np.ndarray:
        """Raw linear scores (n x n_labels)."""
        return np.asarray(matrix @ self.weights) + self.bias

    def probabilities(self, matrix: sparse.csr_matrix) -> np.ndarray:
        """Calibrated probabilities (n x n_labels)."""
        z = self.decision(matrix) * self.platt_a + self.platt_b
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def scores(self, probabilities: np.ndarray) -> np.ndarray:
        """Probabilities mapped so that each label's threshold lands on 0.5.

        Piecewise linear and monotone: 0 stays 0, 1 stays 1, the threshold becomes 0.5.
        Everything downstream (Classification.labels, the vital core) cuts at 0.5.
        """
        t = self.thresholds
        low = 0.5 * probabilities / t
        high = 0.5 + 0.5 * (probabilities - t) / (1.0 - t)
        return np.where(probabilities < t, low, high).clip(0.0, 1.0)

    def language_probabilities(self, matrix: sparse.csr_matrix) -> np.ndarray:
        """One-vs-rest language sigmoids, normalised to sum to one per text."""
        z = np.asarray(matrix @ self.language_weights) + self.language_bias
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        return p / np.maximum(p.sum(axis=1, keepdims=True), 1e-9)

    def word_contributions(self, words: Sequence[str], label: int) -> np.ndarray:
        """How much each word, alone, pushes `label` up: the n-gram evidence."""
        if not words:
            return np.zeros(0)
        matrix = featurize(words, self.spec)
        column = self._columns.get(label)
        if column is None:
            column = np.ascontiguousarray(self.weights[: self.spec.n_features, label])
            self._columns[label] = column
        return np.asarray(matrix @ column).ravel()

    # --- serialisation: npz arrays + JSON, no pickle -------------------------------------

    def to_bytes(self) -> bytes:
        pruned = np.where(np.abs(self.weights) >= PRUNE, self.weights, 0.0)
        weights = sparse.csc_matrix(pruned.astype(np.float32))
        lang = sparse.csc_matrix(
            np.where(np.abs(self.language_weights) >= PRUNE, self.language_weights, 0.0)
            .astype(np.float32))
        meta = {"format": FORMAT, "spec": self.spec.__dict__, "labels": self.labels,
                "languages": self.languages, "record": self.record}
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            meta=np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), dtype=np.uint8),
            w_data=weights.data.astype(np.float16), w_indices=weights.indices,
            w_indptr=weights.indptr,
            w_shape=np.asarray(weights.shape),
            l_data=lang.data.astype(np.float16), l_indices=lang.indices, l_indptr=lang.indptr,
            l_shape=np.asarray(lang.shape),
            bias=self.bias, platt_a=self.platt_a, platt_b=self.platt_b,
            thresholds=self.thresholds, language_bias=self.language_bias,
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> LinearModel:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            meta = json.loads(npz["meta"].tobytes().decode())
            if meta.get("format") != FORMAT:
                raise ValueError(f"not a {FORMAT} artefact (format {meta.get('format')!r})")

            def dense(prefix: str) -> np.ndarray:
                matrix = sparse.csc_matrix(
                    (npz[f"{prefix}_data"].astype(np.float32), npz[f"{prefix}_indices"],
                     npz[f"{prefix}_indptr"]),
                    shape=tuple(npz[f"{prefix}_shape"]))
                # C order: scipy's sparse @ dense copies a Fortran-ordered operand on
                # every product (the whole weight matrix, each batch).
                return np.ascontiguousarray(matrix.toarray(), dtype=np.float32)

            return cls(
                spec=FeatureSpec(**meta["spec"]), labels=meta["labels"],
                weights=dense("w"), bias=npz["bias"], platt_a=npz["platt_a"],
                platt_b=npz["platt_b"], thresholds=npz["thresholds"],
                languages=meta["languages"], language_weights=dense("l"),
                language_bias=npz["language_bias"], record=meta["record"],
            )

    def save(self, path: Path) -> Path:
        """Write the artefact (.npz) and, beside it, its record as readable JSON.

        The record names the artefact's bytes (artefact_sha256), so a reader that needs
        only the version (classify.recorded_version) takes it from the record without
        decoding the weights, and only while the record belongs to those bytes."""
        data = self.to_bytes()
        path.write_bytes(data)
        # The version a loader of these bytes gets (pruned, float16): a model that was
        # not yet round-tripped (training returns one that was) has another.
        path.with_suffix(".json").write_text(
            json.dumps({"version": LinearModel.from_bytes(data).version,
                        "artefact_sha256": hashlib.sha256(data).hexdigest(),
                        "labels": self.labels,
                        "languages": self.languages, "spec": self.spec.__dict__,
                        **self.record}, indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        return cls.from_bytes(path.read_bytes())
