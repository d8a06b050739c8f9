"""Evaluation of a classifier on any labelled CSV: precision, recall, F1, calibration.

Only the labels a file has columns for are evaluated (a missing column or an empty cell
means "not labelled"). A label is predicted when its score is at least 0.5: every
classifier in vitalcore maps its own decision threshold to 0.5. The CSV contract (text,
original, language and label columns) is in classify.evaluation_csv and
docs/methods/classification-evaluation.md.

Calibration: the Brier score (mean squared error of the scores against the 0/1 truth) and
the expected calibration error over ten equal-width bins (Guo et al. 2017).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from vitalcore.classify.evaluation_csv import read_evaluation_csv
from vitalcore.classify.training import Corpus
from vitalcore.domain import Classification, Dimension, Group

BINS = 10


def _prf(truth: np.ndarray, pred: np.ndarray) -> dict[str, float | int]:
    tp = int((truth & pred).sum())
    fp = int((~truth & pred).sum())
    fn = int((truth & ~pred).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "support": int(truth.sum()), "n": int(len(truth))}


def calibration(truth: np.ndarray, scores: np.ndarray) -> dict[str, float]:
    """Brier score and expected calibration error (ECE) of scores in [0, 1]."""
    if len(truth) == 0:
        return {"brier": 0.0, "ece": 0.0}
    brier = float(np.mean((scores - truth) ** 2))
    bins = np.minimum((scores * BINS).astype(int), BINS - 1)
    ece = 0.0
    for b in range(BINS):
        inside = bins == b
        if inside.any():
            ece += inside.mean() * abs(scores[inside].mean() - truth[inside].mean())
    return {"brier": round(brier, 4), "ece": round(float(ece), 4)}


def _score(result: Classification, label: str) -> float:
    kind, name = label.split(":", 1)
    if kind == "dimension":
        return float(result.dimensions.get(Dimension(name), 0.0))
    return 1.0 if Group(name) in result.groups else 0.0


def evaluate_results(corpus: Corpus, results: Sequence[Classification], *,
                     languages: Sequence[str] | None = None) -> dict[str, Any]:
    """Metrics of `results` against the labels of `corpus` (same order).

    Per-language figures group rows by `languages` when given, else by the corpus's
    language column, else by the language the classifier identified.
    """
    if languages is None:
        languages = [lang or (r.language or "") for lang, r in
                     zip(corpus.languages, results, strict=True)]
    labels = [f"dimension:{d.value}" for d in Dimension] + [f"group:{g.value}" for g in Group]
    labels = [lab for lab in labels if any(lab in t for t in corpus.targets)]
    truth = corpus.matrix(labels)
    scores = np.asarray([[_score(r, lab) for lab in labels] for r in results]).reshape(
        len(results), len(labels))
    per_label: dict[str, Any] = {}
    lang_of = np.asarray([lang or "und" for lang in languages])
    per_language: dict[str, Any] = {}
    for j, label in enumerate(labels):
        known = truth[:, j] >= 0
        t = truth[known, j] == 1
        per_label[label.split(":", 1)[1]] = {
            "kind": label.split(":", 1)[0],
            **_prf(t, scores[known, j] >= 0.5),
            **calibration(t.astype(float), scores[known, j]),
        }
    for lang in sorted(set(lang_of.tolist())):
        rows = lang_of == lang
        entry: dict[str, Any] = {"n": int(rows.sum()), "per_label": {}}
        f1s = []
        for j, label in enumerate(labels):
            known = rows & (truth[:, j] >= 0)
            t = truth[known, j] == 1
            if not t.any() and not (scores[known, j] >= 0.5).any():
                continue  # no positives and none predicted: F1 is undefined, not 0
            m = _prf(t, scores[known, j] >= 0.5)
            entry["per_label"][label.split(":", 1)[1]] = m
            if label.startswith("dimension:"):
                f1s.append(m["f1"])
        entry["macro_f1"] = round(float(np.mean(f1s)), 4) if f1s else None
        per_language[lang] = entry
    dim_f1 = [m["f1"] for m in per_label.values() if m["kind"] == "dimension" and m["support"]]
    group_f1 = [m["f1"] for m in per_label.values() if m["kind"] == "group" and m["support"]]
    dims = [j for j, lab in enumerate(labels) if lab.startswith("dimension:")]
    known = truth[:, dims] >= 0 if dims else np.zeros((len(results), 0), bool)
    cal = calibration((truth[:, dims][known] == 1).astype(float), scores[:, dims][known]) \
        if dims else {"brier": 0.0, "ece": 0.0}
    return {
        "n": len(results),
        "macro_f1": round(float(np.mean(dim_f1)), 4) if dim_f1 else None,
        "macro_f1_groups": round(float(np.mean(group_f1)), 4) if group_f1 else None,
        "calibration": cal,
        "per_label": per_label,
        "per_language": per_language,
        "model_version": results[0].model_version if results else None,
    }


def evaluate_file(path: Path, classifier) -> dict[str, Any]:  # noqa: ANN001 - a Classifier
    """Classify the texts of a labelled CSV and compare with its labels.

    With an `original` column, the original-language texts are classified and scored
    too, under the key "original" (rows with an empty original are left out of it).
    """
    data = read_evaluation_csv(path)
    report = _evaluate_corpus(data.text, classifier)
    report["data"] = str(path)
    report["columns"] = data.columns
    report["skipped_rows"] = data.skipped
    report["original"] = (_evaluate_corpus(data.original, classifier)
                          if data.original is not None and len(data.original) else None)
    return report


def _evaluate_corpus(corpus: Corpus, classifier) -> dict[str, Any]:  # noqa: ANN001
    results = classifier.classify(corpus.texts)
    report = evaluate_results(corpus, results)
    report["language_from"] = ("column" if all(corpus.languages) else
                               "detected" if not any(corpus.languages) else
                               "column, else detected")
    return report
