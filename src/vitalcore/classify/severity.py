"""Severity of one voice, 1-5, read from the harm itself (docs/methods/severity.md).

Four readings, each from data (taxonomy/severity.yaml and the lexicons), the gravest wins:
  - the threat types found carry an intrinsic gravity: a rape, a disappearance, a landmine
    or a recruited child is extreme (4) even when nobody is counted;
  - grave acts whatever the type: killing, poisoning (of a well), burning homes, maiming;
  - people counted as harmed: a number (digits or words, in any lexicon language) with a
    harm word at most four words after it ("12 tues") or two before it ("ont tue 12");
  - then who and how: children harmed, many victims (a number beside a word for people:
    "trois femmes", "watu watano") or harm that goes on raise a level of 3 or more by one.
Words of gravity ("catastrophic", "very very bad") are not read: they told how a reporter
felt, and the simulator planted them one to one with a level (issue 22).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from vitalcore import taxonomy
from vitalcore.classify.matcher import Hit
from vitalcore.classify.reading import Reading, read_voice

# Digits as cleaned text shows them: "1,200" and "1 200" both arrive as "1 200".
_NUMBER = re.compile(r"(?<= )(?:\d{1,3}(?: \d{3})+|\d{1,7})(?= )")
_DIGIT = re.compile(r"\d")
_AFTER, _BEFORE = 4, 2
# When one number sits near several harm words, the gravest names it.
HARM_ORDER = ("killed", "injured", "abducted", "displaced", "affected")


@dataclass(frozen=True)
class Scale:
    """taxonomy/severity.yaml, parsed."""

    gravity: dict[str, int]
    acts: dict[str, int]
    counts: dict[str, list[tuple[int, int]]]  # kind -> [(at least, level)], ascending
    many: int
    # Threat types whose victims are counted on their own scale (counts): their many is
    # already in the level, so it does not raise it again.
    counted: frozenset[str] = frozenset()


@cache
def noun_first(language: str | None) -> bool:
    """Whether the language names the number after the people ("watu watano").

    Unknown languages are read both ways.
    """
    if language is None or language not in taxonomy.lexicon_languages():
        return True
    return bool(taxonomy.lexicon(language)["severity"].get("number_after_noun"))


@cache
def scale() -> Scale:
    data = taxonomy.load_data("severity.yaml")
    counts = {kind: sorted((int(k), int(v)) for k, v in steps.items())
              for kind, steps in data["counts"].items()}
    return Scale(gravity={k: int(v) for k, v in data["gravity"].items()},
                 acts={k: int(v) for k, v in data["acts"].items()},
                 counts=counts, many=int(data["raise"]["many"]),
                 counted=frozenset(data["raise"].get("many_counted_apart") or ()))


@dataclass(frozen=True)
class SeverityCue:
    """What made a voice's severity: its level, counts by harm and the reasons."""

    level: int = 1  # from the harm alone, before who and how
    counts: dict[str, int] = field(default_factory=dict)
    victims: int = 0  # the largest number of people named beside a harm
    raised_by: str | None = None  # 'children', 'many' or 'ongoing'
    reasons: tuple[str, ...] = ()  # threat types and acts that set the level

    @property
    def score(self) -> int:
        """1 (no harm reported) to 5 (catastrophic)."""
        return min(5, self.level + (1 if self.raised_by else 0))

    def terms(self) -> tuple[str, ...]:
        """Evidence: ('sexual_violence', 'victims=3', 'killed=12', 'raised:children')."""
        out = list(self.reasons)
        if self.victims:
            out.append(f"victims={self.victims}")
        out += [f"{k}={v}" for k, v in sorted(self.counts.items())]
        if self.raised_by:
            out.append(f"raised:{self.raised_by}")
        return tuple(out)


def _count_level(kind: str, value: int, steps: dict[str, list[tuple[int, int]]]) -> int:
    level = 1
    for least, at in steps.get(kind, ()):
        if value >= least:
            level = at
    return level


def _counts(doc: str, reading: Reading) -> tuple[dict[str, int], int]:
    """(people harmed per kind, victims named beside a word for people)."""
    numbers = list(reading.numbers)
    for match in _NUMBER.finditer(doc):
        at = doc.count(" ", 0, match.start()) - 1  # as reading.word_index counts
        numbers.append((at, int(match.group().replace(" ", ""))))
    counts: dict[str, int] = {}
    victims = 0
    people = set(reading.people)
    before = noun_first(reading.language)
    for index, value in numbers:
        if index + 1 in reading.food_words and index + 1 not in people:
            continue  # "50 cattle died", "3 sacs de mil": not people
        if reading.harms:
            near = {kind for at, kind in reading.harms if index - _BEFORE <= at < index
                    or index < at <= index + _AFTER}
            for kind in HARM_ORDER:
                if kind in near:
                    counts[kind] = max(counts.get(kind, 0), value)
                    break
        # "trois femmes", "four herders", "7 mulheres"; "watu watano" (noun first).
        if {index + 1, index + 2} & people or (before and index - 1 in people):
            victims = max(victims, value)
    return counts, victims


def grade(doc: str, reading: Reading, threats: Iterable[str] | None = None) -> SeverityCue:
    """Severity of a document from its reading and the threat types reported for it.

    `threats`: the threat types the classifier reports (its model and the cues it
    accepted); None reads those of the reading alone (the lexicon classifier).
    """
    s = scale()
    found = set(reading.threats if threats is None else threats)
    level, reasons = 1, []
    for threat in sorted(found):
        gravity = s.gravity.get(threat, 1)
        level = max(level, gravity)
        if gravity >= 2:
            reasons.append(threat)
    for act in sorted(reading.acts):
        level = max(level, s.acts.get(act, 1))
        reasons.append(f"act:{act}")
    counts, victims = _counts(doc, reading) if (
        reading.numbers or _DIGIT.search(doc)) else ({}, 0)
    for kind, value in counts.items():
        level = max(level, _count_level(kind, value, s.counts))
    if not (found - s.counted or reading.acts):
        # People named but no harm told, or only a harm whose count has its own scale.
        victims = 0
    harmed = max(victims, *(counts.get(k, 0) for k in ("killed", "injured", "abducted")))
    raised_by = None
    if level >= 3:
        if reading.children:
            raised_by = "children"
        elif harmed >= s.many:
            raised_by = "many"
        elif reading.ongoing:
            raised_by = "ongoing"
    return SeverityCue(level=level, counts=counts, victims=victims, raised_by=raised_by,
                       reasons=tuple(reasons))


def read_severity(doc: str, hits: Sequence[Hit], language: str | None = None,
                  threats: Iterable[str] | None = None) -> SeverityCue:
    """Severity of one cleaned document (LexiconMatcher.scan) from its hits."""
    return grade(doc, read_voice(doc, hits, language), threats)
