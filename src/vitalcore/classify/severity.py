"""Severity cues: numbers of people harmed, words of gravity and urgency, as a 1-5 score.

"12 tués", "300 families fled", "three children missing", "5 moun mouri": a number (in
digits or words, in any lexicon language) with a harm term at most four words after it
("12 tués") or two words before it ("ont tué 12 personnes"). The numbers are kept.
Threats that harm slowly (hunger, drought, a closed clinic) are rarely told with a count
of victims but with how grave they are ("catastrophique", "very serious"): the lexicon's
intensity words give that level (2-5) directly, so those threats are not ranked as mild
merely because nobody was counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from vitalcore.classify.matcher import Hit

# Digits as cleaned text shows them: "1,200" and "1 200" both arrive as "1 200".
_NUMBER = re.compile(r"(?<= )(?:\d{1,3}(?: \d{3})+|\d{1,7})(?= )")
_AFTER, _BEFORE = 4, 2
# When one number sits near several harm words, the gravest names it.
HARM_ORDER = ("killed", "injured", "abducted", "displaced", "affected")


@dataclass(frozen=True)
class SeverityCue:
    """Counts found in a text, by kind of harm, and whether it sounds urgent."""

    counts: dict[str, int] = field(default_factory=dict)
    urgent: bool = False
    stated: int = 1  # the gravest intensity word's level, 1 when none

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
        level = max(level, self.stated)
        return min(5, level + (1 if self.urgent and level < 4 else 0))

    def terms(self) -> tuple[str, ...]:
        """The counts as evidence terms, e.g. ('killed=12',)."""
        return tuple(f"{k}={v}" for k, v in sorted(self.counts.items()))


def read_severity(doc: str, hits: Iterable[Hit]) -> SeverityCue:
    """Severity of one cleaned document (as LexiconMatcher.scan returns it) from its hits."""
    numbers: list[tuple[int, int]] = []  # (word index, value)
    harms: list[tuple[int, str]] = []
    urgent = False
    stated = 1
    for hit in hits:
        for _, tag in hit.tags:
            if tag == "urgency":
                urgent = True
            elif tag.startswith("intensity:"):
                stated = max(stated, int(tag[10:]))
            elif tag.startswith("number:"):
                numbers.append((doc.count(" ", 0, hit.start + 1), int(tag[7:])))
            elif tag.startswith("harm:"):
                harms.append((doc.count(" ", 0, hit.start + 1), tag[5:]))
    if not harms:
        return SeverityCue(urgent=urgent, stated=stated)
    for match in _NUMBER.finditer(doc):
        numbers.append((doc.count(" ", 0, match.start()), int(match.group().replace(" ", ""))))
    counts: dict[str, int] = {}
    for index, value in numbers:
        near = {kind for at, kind in harms if index - _BEFORE <= at < index
                or index < at <= index + _AFTER}
        for kind in HARM_ORDER:
            if kind in near:
                counts[kind] = max(counts.get(kind, 0), value)
                break
    return SeverityCue(counts=counts, urgent=urgent, stated=stated)
