"""A transparent lexicon classifier: every label is backed by the words that matched.

It is the baseline and the explainer: the learned model (classify.model) can be richer,
but analysts always see which lexicon terms a voice contains.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from vitalcore import taxonomy
from vitalcore.classify.language import UNKNOWN, identify
from vitalcore.classify.severity import SeverityReader
from vitalcore.classify.text import fold, term_pattern
from vitalcore.domain import Classification, Dimension, Evidence, Group

MODEL_VERSION = "lexicon-0.1"


class _LanguageLexicon:
    def __init__(self, language: str) -> None:
        spec = taxonomy.lexicon(language)
        self.dimensions = {Dimension(k): term_pattern(v) for k, v in spec["dimensions"].items()}
        self.groups = {Group(k): term_pattern(v) for k, v in spec["groups"].items()}
        self.severity = SeverityReader(spec["severity"])


def _score(hits: int) -> float:
    """Saturating score: one matching term gives 0.55, two 0.8, three 0.91."""
    return round(1.0 - math.exp(-0.8 * hits), 4) if hits else 0.0


class LexiconClassifier:
    """Classifies texts with the curated lexicons of the configured languages."""

    model_version = MODEL_VERSION

    def __init__(self, languages: Sequence[str] | None = None) -> None:
        available = taxonomy.lexicon_languages()
        self.languages = tuple(languages or available)
        self._lexicons = {
            lang: _LanguageLexicon(lang) for lang in self.languages if lang in available
        }

    def classify_one(self, text: str) -> Classification:
        language = identify(text, self.languages) if len(self.languages) > 1 else self.languages[0]
        # Unknown or lexicon-less languages are read with every lexicon: code-switched
        # messages often mix French and English terms.
        lexicons = (
            [self._lexicons[language]] if language in self._lexicons
            else list(self._lexicons.values())
        )
        folded = fold(text)
        dims: dict[Dimension, float] = {}
        groups: list[Group] = []
        evidence: list[Evidence] = []
        for dim in Dimension:
            terms = sorted(
                {m.group() for lex in lexicons for m in lex.dimensions[dim].finditer(folded)}
            )
            dims[dim] = _score(len(terms))
            if terms:
                evidence.append(Evidence(label=dim.value, terms=tuple(terms)))
        for group in Group:
            terms = sorted({m.group() for lex in lexicons
                            for m in lex.groups.get(group, _NEVER).finditer(folded)})
            if terms:
                groups.append(group)
                evidence.append(Evidence(label=group.value, terms=tuple(terms)))
        cues = [lex.severity.read(text) for lex in lexicons]
        cue = max(cues, key=lambda c: c.score)
        if cue.counts:
            evidence.append(Evidence(
                label="severity", terms=tuple(f"{k}={v}" for k, v in sorted(cue.counts.items()))
            ))
        return Classification(
            model_version=self.model_version,
            language=language if language != UNKNOWN else None,
            dimensions=dims,
            groups=tuple(groups),
            severity=cue.score,
            evidence=tuple(evidence),
        )

    def classify(self, texts: Sequence[str]) -> list[Classification]:
        return [self.classify_one(t) for t in texts]


class _Never:
    def finditer(self, _text: str) -> list:
        return []


_NEVER = _Never()
