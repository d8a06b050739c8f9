"""Training: labelled CSVs (and analysts' corrections) in, a calibrated LinearModel out.

Corpus CSVs have a `text` column, optionally `id`, `language`, `event`, `source`,
`threats` (threat type ids separated by ';'), and one 0/1 column per dimension and per
group. A missing column or an empty cell means "not labelled": that row is left out of
that label's training, never taken as a negative. `event` (the disaster or conflict a
real text is about) lets evaluation hold whole events out (classify.event_split); rows
without one belong to the pseudo-event "file:<name>".

Per label: logistic regression on the rows of the training split, Platt scaling and
the F1-best threshold on a validation split of whole messages (split by message id, so
no message is in both), as in Platt (1999) and Lipton et al. (2014).
"""

from __future__ import annotations

import csv
import hashlib
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from vitalcore import taxonomy
from vitalcore.classify.event_split import is_real_event
from vitalcore.classify.features import FeatureSpec
from vitalcore.classify.matcher import default_matcher
from vitalcore.classify.model import LinearModel, design_matrix
from vitalcore.domain import Dimension, Group

# Written by the project (phrase banks, hand-written) and real text written by others.
WRITTEN_FILES = ("generated.csv", "handwritten.csv")
REAL_FILES = ("crisislex_t26.csv", "ucdp_ged.csv")
TRAINING_FILES = WRITTEN_FILES + REAL_FILES
HELDOUT_FILE = "heldout_handwritten.csv"
LANGUAGES = ("en", "fr", "ar", "es", "pt", "sw", "ht")
CORRECTION_PREFIX = "correction:"
# A correction weighs as much as this many corpus rows: one analyst's word on one voice
# must be able to move a model trained on thousands of generated messages.
CORRECTION_WEIGHT = 25.0


def all_labels() -> list[str]:
    """Every label the model learns, in a fixed order."""
    threats = [t for ts in taxonomy.threat_types().values() for t in ts]
    return ([f"dimension:{d.value}" for d in Dimension] + [f"threat:{t}" for t in threats]
            + [f"group:{g.value}" for g in Group])


@dataclass
class Corpus:
    """Texts with a label matrix: 1, 0, or -1 for "not labelled"."""

    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    targets: list[dict[str, int]] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    files: dict[str, dict] = field(default_factory=dict)
    events: list[str] = field(default_factory=list)  # provenance: the event of each row
    sources: list[str] = field(default_factory=list)  # the file (and source) of each row

    def __len__(self) -> int:
        return len(self.texts)

    def add(self, rid: str, text: str, language: str, target: dict[str, int],
            weight: float = 1.0, *, event: str = "", source: str = "") -> None:
        self.ids.append(rid)
        self.texts.append(text)
        self.languages.append(language)
        self.targets.append(target)
        self.weights.append(weight)
        self.events.append(event)
        self.sources.append(source)

    def matrix(self, labels: Sequence[str]) -> np.ndarray:
        return np.asarray([[t.get(label, -1) for label in labels] for t in self.targets],
                          dtype=np.int8)

    def subset(self, keep: Iterable[int]) -> Corpus:
        out = Corpus(files=self.files)
        for i in keep:
            out.add(self.ids[i], self.texts[i], self.languages[i], self.targets[i],
                    self.weights[i], event=self.events[i], source=self.sources[i])
        return out

    def extend(self, other: Corpus) -> None:
        """Append every row of `other` (and its file records)."""
        for i in range(len(other)):
            self.add(other.ids[i], other.texts[i], other.languages[i], other.targets[i],
                     other.weights[i], event=other.events[i], source=other.sources[i])
        self.files.update(other.files)


def _cell(value: str | None, path: Path, row: int, column: str) -> int | None:
    if value is None or value.strip() == "":
        return None
    if value.strip() not in ("0", "1"):
        raise ValueError(f"{path}, row {row}, field {column!r}: expected 0, 1 or empty, "
                         f"got {value!r}")
    return int(value)


def read_labelled_csv(path: Path, corpus: Corpus | None = None) -> Corpus:
    """Add the rows of one labelled CSV; a bad cell raises naming file, row and field."""
    corpus = corpus if corpus is not None else Corpus()
    dims = [d.value for d in Dimension]
    groups = [g.value for g in Group]
    known_threats = {t for ts in taxonomy.threat_types().values() for t in ts}
    data = path.read_bytes()
    count = 0
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "text" not in reader.fieldnames:
            raise ValueError(f"{path}: no 'text' column (columns: {reader.fieldnames})")
        columns = set(reader.fieldnames)
        for row_number, row in enumerate(reader, start=1):
            text = (row.get("text") or "").strip()
            if not text:
                raise ValueError(f"{path}, row {row_number}, field 'text': empty")
            target: dict[str, int] = {}
            for name, kind in [(d, "dimension") for d in dims] + [(g, "group") for g in groups]:
                if name in columns:
                    value = _cell(row[name], path, row_number, name)
                    if value is not None:
                        target[f"{kind}:{name}"] = value
            if "threats" in columns and row.get("style") != "report":
                named = {t for t in (row["threats"] or "").split(";") if t}
                unknown = named - known_threats
                if unknown:
                    raise ValueError(f"{path}, row {row_number}, field 'threats': unknown "
                                     f"threat type(s) {sorted(unknown)}")
                for threat in known_threats:
                    target[f"threat:{threat}"] = int(threat in named)
            rid = row.get("id") or f"{path.name}:{row_number}"
            source = (row.get("source") or "").strip()
            corpus.add(rid, text, (row.get("language") or "").strip(), target,
                       event=(row.get("event") or "").strip() or f"file:{path.name}",
                       source=f"{path.name}: {source}" if source else path.name)
            count += 1
    corpus.files[path.name] = {"rows": count, "sha256": hashlib.sha256(data).hexdigest()}
    return corpus


def training_dir() -> Path:
    """The folder of the corpus shipped in the package (taxonomy/training)."""
    return Path(str(resources.files(taxonomy).joinpath("training")))


def packaged_corpus(files: Sequence[str] = TRAINING_FILES) -> Corpus:
    """The training corpus in the repository (never the held-out file)."""
    corpus = Corpus()
    for name in files:
        path = training_dir() / name
        if not path.is_file():
            # Wheels leave the corpora out (the sdist and the repository keep them).
            raise ValueError(f"{path}: the training corpus is not installed; train from a "
                             "source checkout or pass labelled CSVs with --data")
        read_labelled_csv(path, corpus)
    return corpus


def in_validation(rid: str, fraction: float, event: str = "") -> bool:
    """A stable split: the same row always falls on the same side.

    Rows of real text written by others (an `event` that classify.event_split calls
    real) are split by whole event: tweets of one typhoon repeat the same names and
    phrases, so a message split would calibrate the thresholds on near-copies of the
    training rows and choose them far too low for a new event. The project's written
    rows are split by message. Analysts' corrections are always trained on: they are
    few and must count.
    """
    if rid.startswith(CORRECTION_PREFIX):
        return False
    key = f"event:{event}" if is_real_event(event) else rid
    digest = hashlib.sha256(key.encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < fraction


def _fit(x, y: np.ndarray, w: np.ndarray, c: float) -> LogisticRegression:
    # The dual problem is the fast one when features (2**18) far outnumber rows.
    model = LogisticRegression(C=c, solver="liblinear", dual=True, tol=1e-2, max_iter=300,
                               random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # liblinear's tol is enough here
        model.fit(x, y, sample_weight=w)
    return model


def _platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling of decision values on validation data; identity when too few."""
    if y.sum() < 3 or (1 - y).sum() < 3:
        return 1.0, 0.0
    fit = LogisticRegression(C=100.0).fit(z.reshape(-1, 1), y)
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])


def _best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The F1-best cut on calibrated probabilities, kept in [0.2, 0.8] against noise."""
    if y.sum() < 3:
        return 0.5
    best, best_f1 = 0.5, -1.0
    for t in np.arange(0.2, 0.81, 0.05):
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        f1 = 2 * tp / max(pred.sum() + y.sum(), 1)
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(t), f1
    return best


def train(corpus: Corpus, *, spec: FeatureSpec | None = None, c: float = 8.0,
          validation: float = 0.15, progress=None) -> LinearModel:  # noqa: ANN001
    """Fit every label on `corpus` and calibrate it on a validation split of it."""
    spec = spec or FeatureSpec()
    labels = all_labels()
    matcher = default_matcher()
    _, hits = matcher.scan(corpus.texts)
    x = design_matrix(corpus.texts, hits, spec)
    y_all = corpus.matrix(labels)
    weights = np.asarray(corpus.weights)
    val = np.asarray([in_validation(i, validation, e)
                      for i, e in zip(corpus.ids, corpus.events, strict=True)])
    n_cols = x.shape[1]
    w_out = np.zeros((n_cols, len(labels)), dtype=np.float32)
    bias, pa, pb, thr = (np.zeros(len(labels)) for _ in range(4))
    thr += 0.5
    pa += 1.0
    label_stats = {}
    for j, label in enumerate(labels):
        y = y_all[:, j]
        known = y >= 0
        fit_rows = known & ~val
        check_rows = known & val
        positives = int((y[fit_rows] == 1).sum())
        label_stats[label] = {"train_rows": int(fit_rows.sum()), "train_positive": positives}
        if progress:
            progress(1)
        if positives < 2 or positives == fit_rows.sum():
            bias[j] = -10.0  # never fires: too few examples to learn from
            continue
        fit = _fit(x[fit_rows], y[fit_rows], weights[fit_rows], c)
        w_out[:, j] = fit.coef_[0]
        bias[j] = fit.intercept_[0]
        if check_rows.sum() >= 10:
            z = x[check_rows] @ w_out[:, j] + bias[j]
            yv = y[check_rows]
            pa[j], pb[j] = _platt(np.asarray(z).ravel(), yv)
            p = 1 / (1 + np.exp(-(pa[j] * np.asarray(z).ravel() + pb[j])))
            thr[j] = _best_threshold(p, yv)
            label_stats[label]["validation_rows"] = int(check_rows.sum())
    lang_rows = np.asarray([lang in LANGUAGES for lang in corpus.languages]) & ~val
    present = sorted({corpus.languages[i] for i in np.flatnonzero(lang_rows)})
    lang_w = np.zeros((n_cols, len(present)), dtype=np.float32)
    lang_b = np.zeros(len(present))
    if len(present) >= 2:
        # One-vs-rest heads; LinearModel.language_probabilities normalises their sigmoids.
        x_lang = x[lang_rows]
        y_lang = np.asarray(corpus.languages)[lang_rows]
        for k, lang in enumerate(present):
            head = _fit(x_lang, (y_lang == lang).astype(int), np.ones(len(y_lang)), c)
            lang_w[:, k] = head.coef_[0]
            lang_b[k] = head.intercept_[0]
    record = {
        "trained_on": corpus.files, "rows": len(corpus), "validation_fraction": validation,
        "C": c, "labels": label_stats,
    }
    model = LinearModel(spec=spec, labels=labels, weights=w_out, bias=bias, platt_a=pa,
                        platt_b=pb, thresholds=thr, languages=present,
                        language_weights=lang_w, language_bias=lang_b, record=record)
    # What is used is what is saved: the round trip applies the pruning and float16.
    return LinearModel.from_bytes(model.to_bytes())
