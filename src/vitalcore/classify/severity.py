"""Severity cues: numbers of people harmed and urgency words, turned into a 1-5 score.

"12 tués", "300 families fled", "three children missing": a number (in digits or words)
followed within a few words by a harm term. The numbers are kept as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vitalcore.classify.text import fold, term_pattern

_NUMBER = re.compile(r"(?<![\w.])\d{1,7}(?![\w.])")
# A harm word counts when it stands at most this many words after the number ("12 tués")
# or before it ("ont tué 12 personnes").
_AFTER, _BEFORE = 4, 2


@dataclass(frozen=True)
class SeverityCue:
    """Counts found in a text, by kind of harm, and whether it sounds urgent."""

    counts: dict[str, int] = field(default_factory=dict)
    urgent: bool = False

    @property
    def score(self) -> int:
        """1 (no harm reported) to 5 (deaths or mass displacement)."""
        killed = self.counts.get("killed", 0)
        hurt = self.counts.get("injured", 0) + self.counts.get("abducted", 0)
        moved = self.counts.get("displaced", 0) + self.counts.get("affected", 0)
        if killed >= 10 or moved >= 1000:
            level = 5
        elif killed >= 1 or hurt >= 10 or moved >= 100:
            level = 4
        elif hurt >= 1 or moved >= 10:
            level = 3
        elif moved >= 1:
            level = 2
        else:
            level = 1
        return min(5, level + (1 if self.urgent and level < 4 else 0))


class SeverityReader:
    """Reads severity cues with one language's lexicon."""

    def __init__(self, spec: dict) -> None:
        self._harm = {kind: term_pattern(terms) for kind, terms in spec["harm"].items()}
        self._urgency = term_pattern(spec["urgency"])
        words = {fold(w): n for w, n in spec["number_words"].items()}
        self._number_words = words
        self._word_number = re.compile(
            r"(?<![\w])(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            + r")(?![\w])"
        )

    def read(self, text: str) -> SeverityCue:
        folded = fold(text)
        numbers = [(m.start(), m.end(), int(m.group())) for m in _NUMBER.finditer(folded)]
        numbers += [(m.start(), m.end(), self._number_words[m.group()])
                    for m in self._word_number.finditer(folded)]
        counts: dict[str, int] = {}
        for start, end, value in numbers:
            before = folded[:start].split()[-_BEFORE:]
            window = " ".join([*before, *folded[end:].split()[:_AFTER]])
            for kind, pattern in self._harm.items():
                if pattern.search(window):
                    counts[kind] = max(counts.get(kind, 0), value)
                    break
        return SeverityCue(counts=counts, urgent=bool(self._urgency.search(folded)))
