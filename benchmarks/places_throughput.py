"""What placing voices costs the classifier, and how fast place fields resolve.

    .venv/bin/python benchmarks/places_throughput.py [--voices 10000]

The packaged model classifies the same texts (taxonomy/training/generated.csv) three
ways: with no gazetteer, with the demo's (12 areas), and with the demo's backed by the
packaged Sahel/CAR gazetteer (883 areas), in batches of 5,000 as `vitalcore classify`
does; the rate is voices per CPU second of this process (the wall clock on a shared
machine measures the neighbours). Then the place-field resolver of ingest, on every
distinct place name of the training corpus and their misspellings.
"""

from __future__ import annotations

import argparse
import csv
import json
import time

from vitalcore.classify import packaged_model
from vitalcore.classify.classifier import ModelClassifier
from vitalcore.classify.gazetteer import Gazetteer, PlaceMatcher, packaged_areas, read_gazetteer
from vitalcore.classify.training import training_dir
from vitalcore.demo import sample_path

BATCH = 5000


def rate(classifier: ModelClassifier, texts: list[str]) -> float:
    classifier.classify(texts[:BATCH])  # warm: the fuzzy cache fills on the first batch
    start = time.process_time()
    for i in range(0, len(texts), BATCH):
        classifier.classify(texts[i : i + BATCH])
    return len(texts) / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--voices", type=int, default=10_000)
    args = parser.parse_args()
    with (training_dir() / "generated.csv").open(encoding="utf-8") as fh:
        texts = [r["text"] for r in csv.DictReader(fh)][: args.voices]
    demo = read_gazetteer(sample_path("areas.csv"))
    model = packaged_model()
    start = time.perf_counter()
    packaged = PlaceMatcher(demo, fallback=packaged_areas())
    built = time.perf_counter() - start
    report = {"voices": len(texts), "matcher_build_s": round(built, 3)}
    for name, places in (("no gazetteer", None), ("demo", PlaceMatcher(demo)),
                         ("demo + packaged", packaged)):
        report[f"classify voices/CPU s, {name}"] = round(rate(
            ModelClassifier(model, places=places), texts))
    names = sorted({a.name for a in packaged_areas()})
    fields = names + [n[:-1] for n in names if len(n) > 5]  # one letter dropped
    resolver = Gazetteer(demo, fallback=packaged_areas())
    start = time.process_time()
    found = sum(resolver.resolve(n) is not None for n in fields)
    report["place fields/CPU s"] = round(len(fields) / (time.process_time() - start))
    report["place fields resolved"] = f"{found}/{len(fields)}"
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
