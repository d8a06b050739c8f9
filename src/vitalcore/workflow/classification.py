"""Classification workflow: classify stored voices, train, evaluate, correct (the review
queue is workflow.review).

    workflow.classify_voices(engine)                       # newest model, places, severity
    model, stored = workflow.train_model(engine)           # corpus + corrections -> store
    report = workflow.evaluate(engine, "labelled.csv")     # P/R/F1, calibration
    workflow.correct_labels(engine, voice_id, add=["food"], remove=["health"], analyst="amina")
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from vitalcore import store, taxonomy
from vitalcore.classify import Classifier, default_classifier
from vitalcore.classify.features import FeatureSpec
from vitalcore.classify.gazetteer import PlaceMatcher, packaged_areas, place_voice
from vitalcore.classify.model import LinearModel
from vitalcore.domain import Classification, Dimension, Group
from vitalcore.workflow.places import adopt_packaged_areas
from vitalcore.workflow.places import place_matcher as places_matcher
from vitalcore.workflow.reads import resolve_voice_id

if TYPE_CHECKING:  # training needs scikit-learn (the train extra); imported where used
    from vitalcore.classify.training import Corpus

Progress = Callable[[int], None]


def place_matcher(engine: Engine | None) -> PlaceMatcher:
    """The store's gazetteer with the packaged Sahel/CAR one as fallback (without a
    store: the packaged one alone), as a place matcher."""
    if engine is None:
        return PlaceMatcher((), fallback=packaged_areas())
    return places_matcher(engine)


def classifier_for(engine: Engine | None, places: PlaceMatcher | None = None) -> Classifier:
    """The store's newest model (else the packaged one), reading places with its areas
    (and the packaged gazetteer's)."""
    if engine is None:
        return default_classifier(places=places or place_matcher(None))
    return default_classifier(store.latest_model(engine),
                              places=places or place_matcher(engine))


def classify_voices(engine: Engine, classifier: Classifier | None = None, *,
                    batch_size: int = 5000, progress: Progress | None = None) -> int:
    """Classify every voice the classifier has not seen yet; return how many.

    The area of each classification: the voice's coordinates win, then the area given
    at ingest (its place field), then a place named in the text (classify.gazetteer.
    place_of). A voice stored without an area takes the one found; a place column and
    a text that disagree are recorded as a place conflict.
    """
    places = place_matcher(engine)
    model = classifier or classifier_for(engine, places)
    pending = store.unclassified_voices(engine, model.model_version)
    done = 0
    for start in range(0, len(pending), batch_size):
        batch = pending[start : start + batch_size]
        results = model.classify([text for _, text in batch])
        known = store.voice_places(engine, [voice_id for voice_id, _ in batch])
        placed = [
            place_voice(r.model_copy(update={"voice_id": voice_id}), known.get(voice_id, {}),
                        places)
            for (voice_id, _), r in zip(batch, results, strict=True)
        ]
        stamped = [c for c, _ in placed]
        done += store.save_classifications(engine, stamped)
        store.save_details(engine, [
            {"voice_id": c.voice_id, "model_version": c.model_version,
             "area_pcode": c.area_pcode, "severity_counts": c.severity_counts}
            for c in stamped
        ])
        # The area the classification found is the one every analysis counts: a voice
        # stored without one (no place column, or a name the gazetteer lacked) takes it.
        store.complete_voice_areas(engine, {
            c.voice_id: c.area_pcode for c in stamped
            if c.voice_id and c.area_pcode and not known.get(c.voice_id, {}).get("area_pcode")})
        store.add_place_conflicts(engine, [
            {"voice_id": k.voice_id, "given_pcode": k.given_pcode, "text_pcode": k.text_pcode}
            for _, k in placed if k is not None])
        adopt_packaged_areas(engine, {c.area_pcode for c in stamped if c.area_pcode})
        if progress:
            progress(len(batch))
    return done


def pending(engine: Engine, classifier: Classifier | None = None) -> int:
    """How many voices the store's current classifier has not seen yet."""
    model = classifier or classifier_for(engine)
    return len(store.unclassified_voices(engine, model.model_version))


# --- training --------------------------------------------------------------------------

def corrections_corpus(engine: Engine) -> Corpus:
    """Analysts' corrections as training rows: the latest word per label counts."""
    from vitalcore.classify.training import CORRECTION_PREFIX, CORRECTION_WEIGHT, Corpus

    latest: dict[str, dict[str, Any]] = {}
    for row in store.list_corrections(engine):
        if row["kind"] == SEVERITY:  # a severity is not a label the model learns
            continue
        entry = latest.setdefault(row["voice_id"], {"text": row["text"],
                                                    "language": row["language"] or "",
                                                    "target": {}})
        entry["target"][f"{row['kind']}:{row['label']}"] = int(row["value"])
    corpus = Corpus()
    for voice_id, entry in sorted(latest.items()):
        corpus.add(CORRECTION_PREFIX + voice_id, entry["text"], entry["language"],
                   entry["target"], weight=CORRECTION_WEIGHT, event="store:corrections",
                   source="store corrections")
    corpus.files["store corrections"] = {"rows": len(corpus)}
    return corpus


def training_corpus(engine: Engine | None, data: Sequence[Path] = ()) -> Corpus:
    """The corpus in the repository (or the given CSVs) plus the store's corrections."""
    from vitalcore.classify.training import Corpus, packaged_corpus, read_labelled_csv

    if data:
        corpus = Corpus()
        for path in data:
            read_labelled_csv(Path(path), corpus)
    else:
        corpus = packaged_corpus()
    if engine is not None:
        corpus.extend(corrections_corpus(engine))
    return corpus


def train_model(engine: Engine | None, *, data: Sequence[Path] = (), out: Path | None = None,
                c: float = 8.0, spec: FeatureSpec | None = None,
                progress: Progress | None = None) -> tuple[LinearModel, bool]:
    """Train on the corpus and corrections; store the artefact (and write it to `out`).

    Returns the model and whether the store got a new version (False when the same
    data gave the same model, or when no store was given).
    """
    from vitalcore.classify.training import train

    model = train(training_corpus(engine, data), c=c, spec=spec, progress=progress)
    if out is not None:
        model.save(Path(out))
    stored = False
    if engine is not None:
        stored = store.save_model(engine, model.version, model.to_bytes(), model.record)
    return model, stored


def evaluate(engine: Engine | None, data: Path, classifier: Classifier | None = None
             ) -> dict[str, Any]:
    """Precision, recall, F1 per label and language, macro-F1 and calibration on a CSV."""
    from vitalcore.classify.evaluate import evaluate_file

    return evaluate_file(Path(data), classifier or classifier_for(engine))


# --- human in the loop -----------------------------------------------------------------

def label_kind(label: str) -> str:
    """'dimension', 'group' or 'threat' for a label name; a clear error otherwise."""
    from vitalcore.classify.training import all_labels

    if label in {d.value for d in Dimension}:
        return "dimension"
    if label in {g.value for g in Group}:
        return "group"
    if label in {t for ts in taxonomy.threat_types().values() for t in ts}:
        return "threat"
    names = ", ".join(sorted({lab.split(":", 1)[1] for lab in all_labels()}))
    raise ValueError(f"unknown label {label!r}; known labels: {names}")


def correct_labels(engine: Engine, voice_id: str, *, add: Sequence[str] = (),
                   remove: Sequence[str] = (), analyst: str) -> int:
    """Record an analyst's corrections of one voice (its id or a unique prefix of it, as
    `vitalcore review` prints); return how many were recorded."""
    if not analyst.strip():
        raise ValueError("an analyst name is required for every correction")
    voice_id = resolve_voice_id(engine, voice_id)
    both = set(add) & set(remove)
    if both:
        raise ValueError(f"label(s) both added and removed: {', '.join(sorted(both))}")
    changes = [(label_kind(x), x, True) for x in add]
    changes += [(label_kind(x), x, False) for x in remove]
    return store.add_corrections(engine, voice_id, changes, analyst=analyst.strip())


SEVERITY = "severity"  # the kind of a severity correction in label_corrections


def correct_severity(engine: Engine, voice_id: str, *, severity: int, analyst: str) -> int:
    """Record an analyst's reading of a voice's severity (1-5); return 1.

    Kept beside the label corrections (kind "severity", the value as its label) and
    shown wherever the voice is read; the severity rules are not trained, so training
    skips it (corrections_corpus), and it is the ground truth to check those rules on."""
    if not analyst.strip():
        raise ValueError("an analyst name is required for every correction")
    if not 1 <= severity <= 5:
        raise ValueError(f"severity must be 1 to 5, got {severity}")
    if not store.voice_exists(engine, voice_id):
        raise ValueError(f"no voice with id {voice_id!r} in the store")
    return store.add_corrections(engine, voice_id, [(SEVERITY, str(severity), True)],
                                 analyst=analyst.strip())


def recent_results(engine: Engine, model_version: str, *, limit: int = 5
                   ) -> list[tuple[str, Classification]]:
    """(text, Classification) of stored results of one model, for showing to analysts."""
    rows = store.classification_rows(engine, model_version)[:limit]
    return [
        (row["text"], Classification(
            voice_id=row["voice_id"], model_version=model_version, language=row["language"],
            dimensions=row["dimensions"], groups=tuple(row["groups"]),
            threat_types=row["threat_types"], severity=row["severity"],
            evidence=tuple(row["evidence"]),
        ))
        for row in rows
    ]
