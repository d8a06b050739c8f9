"""A transparent lexicon classifier: every label is backed by the words that matched.

It is the fallback and the explainer: the learned model (classify.model) is richer, but
analysts always see which lexicon terms a voice contains, and a store or install without
a trained model still classifies with this.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from vitalcore.classify.language import UNKNOWN, identify
from vitalcore.classify.matcher import Hit, default_matcher
from vitalcore.classify.reading import read_voice
from vitalcore.classify.severity import grade
from vitalcore.domain import Classification, Dimension, Evidence, Group
from vitalcore.taxonomy import threat_dimension

# 0.3: threat types from their own cues (with negation), severity from the harm.
MODEL_VERSION = "lexicon-0.3"


def _score(hits: int) -> float:
    """Saturating score: one matching term gives 0.55, two 0.8, three 0.91."""
    return round(1.0 - math.exp(-0.8 * hits), 4) if hits else 0.0


def terms_by_tag(hits: Sequence[Hit], language: str | None) -> dict[str, set[str]]:
    """Words per tag ('dimension:food'), from the text's language's lexicon when it has one.

    Unknown or lexicon-less languages are read with every lexicon: code-switched
    messages often mix, say, French and Creole terms.
    """
    own = any(lang == language for hit in hits for lang, _ in hit.tags)
    out: dict[str, set[str]] = {}
    for hit in hits:
        for lang, tag in hit.tags:
            if not own or lang == language:
                out.setdefault(tag, set()).add(hit.word)
    return out


def _with_creole_cue(language: str, hits: Sequence[Hit], languages: Sequence[str]) -> str:
    """py3langid has no Haitian Creole: call it Creole when Creole terms outnumber."""
    if "ht" not in languages or language == "ht":
        return language
    per_language: dict[str, int] = {}
    for hit in hits:
        for lang in {lang for lang, _ in hit.tags}:
            per_language[lang] = per_language.get(lang, 0) + 1
    creole = per_language.get("ht", 0)
    return "ht" if creole >= 2 and creole > per_language.get(language, 0) else language


class LexiconClassifier:
    """Classifies texts with the curated lexicons of the configured languages."""

    model_version = MODEL_VERSION

    def __init__(self, languages: Sequence[str] | None = None) -> None:
        self._matcher = default_matcher(tuple(languages) if languages else None)
        self.languages = self._matcher.languages

    def classify(self, texts: Sequence[str]) -> list[Classification]:
        docs, hits = self._matcher.scan(texts)
        return [self._one(text, doc, doc_hits)
                for text, doc, doc_hits in zip(texts, docs, hits, strict=True)]

    def _one(self, text: str, doc: str, hits: list[Hit]) -> Classification:
        language = _with_creole_cue(identify(text, self.languages), hits, self.languages)
        if len(doc.split()) < 2:  # an empty or one-word text is not labelled
            hits = []
        words = terms_by_tag(hits, language)
        reading = read_voice(doc, hits, language)
        for threat, cues in reading.threats.items():
            # A threat type's cue is a cue of its dimension too ("landmine": personal).
            words.setdefault(f"dimension:{threat_dimension()[threat]}", set()).update(cues)
        dims: dict[Dimension, float] = {}
        groups: list[Group] = []
        evidence: list[Evidence] = []
        for dim in Dimension:
            terms = sorted(words.get(f"dimension:{dim.value}", ()))
            dims[dim] = _score(len(terms))
            if terms:
                evidence.append(Evidence(label=dim.value, terms=tuple(terms)))
        for group in Group:
            terms = sorted(words.get(f"group:{group.value}", ()))
            if terms:
                groups.append(group)
                evidence.append(Evidence(label=group.value, terms=tuple(terms)))
        threats = {t: _score(len(cues)) for t, cues in reading.threats.items()}
        evidence += [Evidence(label=t, terms=cues) for t, cues in reading.threats.items()]
        cue = grade(doc, reading)
        if cue.score > 1:
            evidence.append(Evidence(label="severity", terms=cue.terms()))
        return Classification(
            model_version=self.model_version,
            language=language if language != UNKNOWN else None,
            dimensions=dims,
            threat_types=threats,
            groups=tuple(groups),
            severity=cue.score,
            severity_counts=cue.counts,
            evidence=tuple(evidence),
        )
