"""The trained classifier: language, dimensions, threat types, groups, severity, places.

Per batch: one lexicon scan, one featurisation, one matrix product for every label and
the language head. Then each voice is read whole (classify.reading): threat types found
by their own cues steer the model where it is unsure (a killing is personal), and the
severity is graded from the harm (classify.severity).

Evidence for each label is the lexicon terms of that label found in the text; where the
lexicon found none, the words whose n-grams push the label up most, less stop words,
numbers, places and words that are another label's cue (classify.evidence). A label the
model alone gives, with no such word left, in a voice whose cues point elsewhere, is
dropped: "Armed men killed 5 people in Gao" is not about health because of "killed".
"""

from __future__ import annotations

import gc
from collections.abc import Sequence

import numpy as np

from vitalcore import taxonomy
from vitalcore.classify.evidence import junk_words, people_words, place_words, proper_nouns
from vitalcore.classify.features import featurize
from vitalcore.classify.gazetteer import PlaceMatcher
from vitalcore.classify.language import DEFAULT_LANGUAGES, UNKNOWN, identify_batch
from vitalcore.classify.matcher import default_matcher
from vitalcore.classify.model import LinearModel, design_matrix
from vitalcore.classify.reading import Reading, read_voice
from vitalcore.classify.severity import grade, scale
from vitalcore.domain import Classification, Dimension, Evidence, Group

EVIDENCE_WORDS = 3
# A threat type found by its own cue scores at least this; its dimension at least STEER.
CUE_SCORE = 0.8
STEER = 0.75
# Cues of a threat type of gravity >= SEVERE, cues that are grave acts and cues of several
# words always steer; single words of milder types ("price", "cher") only where the
# model already leans that way (score >= UNSURE).
SEVERE = 3
GRAVE = 4
UNSURE = 0.25
DROPPED = 0.4999
# A cleaned text ' a b ' has one space more than words: labels need at least two words.
MIN_WORDS = 2


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
        self._parent_of = parent
        self._dim_col = {d.value: j for d, j in self._dims}
        self._threat_col = {label[7:]: j for label, j in col.items()
                            if label.startswith("threat:")}
        # Names of the deployment's places are never evidence (classify.evidence).
        self._place_words = place_words(
            n for a in (places.areas.values() if places else ()) for n in (a.name, *a.alt_names))
        self._never = junk_words() | people_words() | self._place_words

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
        # A batch makes hundreds of thousands of small acyclic objects (hits, readings,
        # evidence), all freed by reference counting; the cyclic collector would rescan
        # every object of the process (model, corpora, store rows) many times meanwhile,
        # a third of the batch's time. It is paused for the batch and restored after.
        paused = gc.isenabled()
        gc.disable()
        try:
            return self._classify(texts)
        finally:
            if paused:
                gc.enable()

    def _classify(self, texts: Sequence[str]) -> list[Classification]:
        probabilities, docs, hits, languages = self.probabilities(texts)
        scores = self.model.scores(probabilities)
        langs = [None if lang == UNKNOWN else lang for lang in languages]
        readings = [read_voice(d, h, lang) if d.count(" ") > MIN_WORDS else Reading(language=lang)
                    for d, h, lang in zip(docs, hits, langs, strict=True)]
        # An empty or one-word text says too little to be labelled: no label, severity 1.
        short = [i for i, d in enumerate(docs) if d.count(" ") <= MIN_WORDS]
        if short:
            scores[short] = np.minimum(scores[short], DROPPED)
        extra = self._steer(scores, readings)
        scores = scores.round(4)
        positive = self._positive_labels(scores)
        evidence = self._evidence(texts, docs, readings, positive, scores)
        rows = scores.tolist()
        areas = self.places.find_batch(docs) if self.places else [None] * len(texts)
        out = []
        for i, reading in enumerate(readings):
            threats = {self._names[j]: rows[i][j] for j in positive[i]
                       if j in self._threat_cols}
            threats.update({t: v for t, v in extra[i].items()
                            if rows[i][self._dim_col[taxonomy.threat_dimension()[t]]] >= 0.5})
            cue = grade(docs[i], reading, threats)
            terms = tuple(evidence[i]) + tuple(
                Evidence.model_construct(label=t, terms=reading.threats[t])
                for t in threats if t in extra[i])
            if cue.score > 1:
                terms += (Evidence.model_construct(label="severity", terms=cue.terms()),)
            # model_construct skips re-validating what this method builds from the
            # model's own arrays (enum keys, floats in [0, 1]); validation was a fifth of
            # the time.
            out.append(Classification.model_construct(
                voice_id=None, model_version=self.model_version, language=langs[i],
                dimensions={d: rows[i][j] for d, j in self._dims}, threat_types=threats,
                groups=tuple(g for g, j in self._groups if rows[i][j] >= 0.5),
                severity=cue.score, severity_counts=cue.counts, area_pcode=areas[i],
                evidence=terms,
            ))
        return out

    def _steer(self, scores: np.ndarray, readings: list[Reading]) -> list[dict[str, float]]:
        """Lift threat types found by their own cues, and their dimension, in place.

        Returns, per text, the threat types found that the model has no column for (a
        type added to the taxonomy after the model was trained), with their score.
        """
        gravity, act_gravity = scale().gravity, scale().acts
        extra: list[dict[str, float]] = []
        for i, reading in enumerate(readings):
            mine: dict[str, float] = {}
            # A cue that is also a grave act ("poisoned" for pollution) is grave too.
            grave_words = {w for act, words in reading.acts.items()
                           if act_gravity.get(act, 1) >= GRAVE for w in words}
            for threat, cues in reading.threats.items():
                dim = self._dim_col.get(taxonomy.threat_dimension().get(threat, ""))
                if dim is None:
                    continue
                sure = (gravity.get(threat, 1) >= SEVERE or not grave_words.isdisjoint(cues)
                        or any(" " in cue for cue in cues))
                if not sure and scores[i, dim] < UNSURE:
                    continue
                scores[i, dim] = max(scores[i, dim], STEER)
                col = self._threat_col.get(threat)
                if col is None:
                    mine[threat] = CUE_SCORE
                else:
                    scores[i, col] = max(scores[i, col], CUE_SCORE)
            extra.append(mine)
        return extra

    def _positive_labels(self, scores: np.ndarray) -> list[list[int]]:
        """Label columns at or above 0.5 per text; a threat only under a positive dimension."""
        above = scores >= 0.5
        above[:, self._threat_idx] &= above[:, self._parent_idx]
        rows, cols = np.nonzero(above)
        ends = np.cumsum(np.bincount(rows, minlength=len(scores))).tolist()
        flat = cols.tolist()
        return [flat[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]

    @staticmethod
    def _cue_words(reading: Reading) -> dict[str, set[str]]:
        """Lexicon words per label column name ('dimension:personal', 'threat:flood')."""
        words = {label: set(found) for label, found in reading.labels.items()}
        for threat, cues in reading.threats.items():
            words.setdefault(f"threat:{threat}", set()).update(cues)
            dim = taxonomy.threat_dimension().get(threat)
            if dim:
                words.setdefault(f"dimension:{dim}", set()).update(cues)
        return words

    def _evidence(self, texts: Sequence[str], docs: list[str], readings: list[Reading],
                  positive: list[list[int]], scores: np.ndarray) -> list[list[Evidence]]:
        """Lexicon terms per positive label; else the words that push it up most.

        The n-gram evidence is computed for the batch at once: every distinct word of
        the texts that need it is featurised once and scored against every label. A
        dimension or threat label left with no evidence word, in a text where another
        dimension has lexicon cues, is dropped (its score set just under 0.5, in place).
        """
        labels = self.model.labels
        lexicon = [self._cue_words(r) for r in readings]
        need = [(i, j) for i in range(len(docs)) for j in positive[i]
                if labels[j] not in lexicon[i]]
        contributions: dict[str, list[float]] = {}
        if need:
            vocabulary = sorted({w for i, _ in need for w in docs[i].split()})
            matrix = featurize(vocabulary, self.model.spec)
            weights = self.model.weights[: self.model.spec.n_features]
            table = np.asarray(matrix @ weights).tolist()  # lists index faster than arrays
            contributions = dict(zip(vocabulary, table, strict=True))
        ngram: dict[tuple[int, int], tuple[str, ...]] = {}
        words_of: dict[int, tuple[list[str], set[str]]] = {}
        for i, j in need:
            if i not in words_of:
                # Never evidence: stop words, numbers, people, places (classify.evidence).
                kept = set(docs[i].split()) - self._never - proper_nouns(texts[i])
                borrowed = {w for cues in lexicon[i].values() for c in cues for w in c.split()}
                words_of[i] = (sorted(w for w in kept if not w.isdigit()), borrowed)
            words, borrowed = words_of[i]
            own = {w for c in lexicon[i].get(labels[j], ()) for w in c.split()}
            ranked = sorted((w for w in words if contributions[w][j] > 0
                             and (w not in borrowed or w in own)),
                            key=lambda w: -contributions[w][j])
            ngram[(i, j)] = tuple(ranked[:EVIDENCE_WORDS])
        out = []
        for i, cols in enumerate(positive):
            backed = any(k.startswith("dimension:") for k in lexicon[i])
            dropped = {j for j in cols if backed and not ngram.get((i, j), True)
                       and labels[j].startswith(("dimension:", "threat:"))}
            dropped |= {j for j in cols if j in self._parent_of
                        and self._parent_of[j] in dropped}
            for j in dropped:
                scores[i, j] = min(scores[i, j], DROPPED)
            cols[:] = [j for j in cols if j not in dropped]
            out.append([
                Evidence.model_construct(label=self._names[j],
                         terms=tuple(sorted(lexicon[i][labels[j]]))
                         if labels[j] in lexicon[i] else ngram[(i, j)])
                for j in cols
            ])
        return out
