"""A voice read whole from its lexicon hits: threat types by their own cues, negation, and
what the severity reads (acts, victims, children, ongoing).

    reading = read_voice(doc, hits, "fr")
    reading.threats        # {'sexual_violence': ('violees',)}

A cue counts only when no negation word of the text's language stands at most
NEGATION_WINDOW words before it ("no attack", "pas de pluie", "hakuna mvua"), unless that
negation word belongs to a cue itself: "no rain" is a drought cue, and "rain" inside it is
not a flood; and a cue that holds a negation itself ("aucune nouvelle", "hakuna mvua") is
not cancelled by another ("nous n'avons aucune nouvelle"). A false friend found as a
phrase ("heart attack") cancels the cues inside it. Some words are a threat's cue when
negated (negated_cues): "no rain" and "pas de pluie" are a drought, "no nurse" a lack of
care, "no news of him" a disappearance. Two words that make a threat together
(threat_pairs: "market ... closed") count when they stand at most PAIR_WINDOW words
apart. A disappearance needs who took the person somewhere in the text
(threat_requires): "no news of my mother since the earthquake" is a missing person.
Cues of the text's own language are used when it has any (as
lexicon.terms_by_tag does), so a word of another lexicon does not add a threat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vitalcore.classify.matcher import Hit

NEGATION_WINDOW = 3
PAIR_WINDOW = 6
# Tags whose words a negation can cancel; dimension and group cues stay (they feed the
# model as it was trained).
_NEGATABLE = frozenset({"threat", "act", "harm", "recruit", "pair"})


@dataclass(frozen=True)
class Reading:
    """Threat types, acts and who is harmed, as one voice's own words say them."""

    threats: dict[str, tuple[str, ...]] = field(default_factory=dict)  # type -> cue words
    acts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # 'killing' -> words
    harms: tuple[tuple[int, str], ...] = ()  # (word index, kind) not negated
    people: tuple[int, ...] = ()  # word indexes of words for people
    numbers: tuple[tuple[int, int], ...] = ()  # (word index, value) of number words
    food_words: frozenset[int] = frozenset()  # word indexes of food cues (cattle, sacks)
    children: bool = False
    ongoing: bool = False
    negated: tuple[str, ...] = ()  # cue words cancelled by a negation, for the record
    language: str | None = None
    labels: dict[str, frozenset[str]] = field(default_factory=dict)  # dimension/group words


def word_index(doc: str, hit: Hit) -> int:
    """Index of the hit's first word in the cleaned document (' a b c ' -> 0, 1, 2)."""
    return doc.count(" ", 0, hit.start + 1) - 1


@dataclass(frozen=True)
class Plan:
    """What one hit's tags mean, parsed once per distinct tag tuple (see _plan)."""

    steps: tuple[tuple[str, str], ...]  # (kind, argument), e.g. ('threat', 'flood')
    negation: bool
    false_friend: bool
    cue: bool  # a threat or act cue (its phrase may hold its own negation)
    labels: tuple[str, ...]  # 'dimension:food', 'group:women'


_KINDS = ("negated", "pair", "threat", "act", "harm", "number", "requires")
_FLAGS = {"people": "people", "group:children": "children", "ongoing": "ongoing",
          "recruit": "recruit", "dimension:food": "food"}


def plan_of(tags: tuple[tuple[str, str], ...], language: str | None) -> Plan:
    """What a hit's tags mean when the text is read in `language` (None: all)."""
    kept = sorted({tag for lang, tag in tags if language is None or lang == language})
    steps = []
    for tag in kept:
        kind, _, arg = tag.partition(":")
        if kind in _KINDS:
            steps.append((kind, arg))
        if tag in _FLAGS:
            steps.append((_FLAGS[tag], ""))
    return Plan(steps=tuple(steps), negation="negation" in kept,
                 false_friend="false_friend" in kept,
                 cue=any(k in ("threat", "act") for k, _ in steps),
                 labels=tuple(t for t in kept if t.startswith(("dimension:", "group:"))))


_NOTHING = Plan(steps=(), negation=False, false_friend=False, cue=False, labels=())


@lru_cache(maxsize=8192)
def plans_of(tags: tuple[tuple[str, str], ...]) -> dict[str | None, Plan]:
    """The plans of a tag tuple for each of its languages and for all (None), parsed
    once per distinct tuple (the lexicon keys are a few thousand)."""
    return {key: plan_of(tags, key) for key in (None, *{lang for lang, _ in tags})}


@lru_cache(maxsize=1)
def required() -> frozenset[str]:
    """Threat types whose cues count only with context words (lexicons' threat_requires)."""
    from vitalcore import taxonomy

    return frozenset(t for lang in taxonomy.lexicon_languages()
                     for t in taxonomy.lexicon(lang).get("threat_requires") or {})


def read_voice(doc: str, hits: Sequence[Hit], language: str | None = None) -> Reading:
    """Read one cleaned document (LexiconMatcher.scan) and its hits."""
    if not hits:
        return Reading(language=language)
    every = [plans_of(h.tags) for h in hits]
    own = language is not None and any(language in plans for plans in every)
    keep = language if own else None
    placed = []  # (index, n words, hit, plan)
    for hit, plans in zip(hits, every, strict=True):
        plan = plans.get(keep, _NOTHING)
        if plan.steps or plan.negation or plan.false_friend or plan.labels:
            placed.append((doc.count(" ", 0, hit.start + 1) - 1, hit.word.count(" ") + 1,
                           hit, plan))
    friends = [(at, at + n) for at, n, _, plan in placed if plan.false_friend and n > 1]
    if friends:
        placed = [(at, n, hit, plan) for at, n, hit, plan in placed
                  if plan.false_friend or not any(a <= at < b for a, b in friends)]
    negations = [at for at, _, _, plan in placed if plan.negation]
    words_at = {at: hit.word for at, _, hit, plan in placed if plan.negation}
    immune: set[int] = set()
    if negations:
        # A negation word inside (or at the head of) a cue phrase is that cue's own word,
        # and such a cue is already a negative statement: no other negation cancels it.
        spans = [(at, at + n) for at, n, _, plan in placed if n > 1 and plan.cue]
        inside = {n for n in negations if any(a <= n < b for a, b in spans)}
        immune = {a for a, b in spans if any(a <= n < b for n in inside)}
        negations = [n for n in negations if n not in inside]
    threats: dict[str, list[str]] = {}
    pairs: dict[tuple[str, str], list[tuple[int, str]]] = {}
    acts: dict[str, list[str]] = {}
    labels: dict[str, set[str]] = {}
    harms, people, numbers, food, negated, recruits = [], [], [], set(), [], []
    present: set[str] = set()  # threat types whose required context words were found
    children = ongoing = False
    for at, _, hit, plan in placed:
        for label in plan.labels:
            labels.setdefault(label, set()).add(hit.word)
        before = max((n for n in negations if at - NEGATION_WINDOW <= n < at),
                     default=None) if negations else None
        cancelled = before is not None and at not in immune
        for kind, arg in plan.steps:
            if kind == "negated":
                if cancelled:
                    threats.setdefault(arg, []).append(f"{words_at[before]} {hit.word}")
            elif cancelled and kind in _NEGATABLE:
                negated.append(hit.word)
            elif kind == "pair":
                threat, k, part = arg.split(":")
                pairs.setdefault((threat, k + ":" + part), []).append((at, hit.word))
            elif kind == "threat":
                threats.setdefault(arg, []).append(hit.word)
            elif kind == "act":
                acts.setdefault(arg, []).append(hit.word)
            elif kind == "harm":
                harms.append((at, arg))
            elif kind == "number":
                numbers.append((at, int(arg)))
            elif kind == "people":
                people.append(at)
            elif kind == "children":
                children = True
            elif kind == "ongoing":
                ongoing = True
            elif kind == "recruit":
                recruits.append(hit.word)
            elif kind == "food":
                food.add(at)
            elif kind == "requires":
                present.add(arg)
    for (threat, part), found in pairs.items():
        if not part.endswith(":0"):
            continue
        other = pairs.get((threat, part[:-1] + "1"), ())
        for at, word in found:
            near = [w for b, w in other if abs(b - at) <= PAIR_WINDOW]
            if near:  # shown as one cue of two words: "marche ... ferme"
                threats.setdefault(threat, []).append(f"{word} ... {near[0]}")
    if recruits and children and "child_recruitment" not in threats:
        threats["child_recruitment"] = recruits
    for threat in required() & threats.keys() - present:
        del threats[threat]
    return Reading(
        threats={t: tuple(sorted(set(w))) for t, w in threats.items()},
        acts={a: tuple(sorted(set(w))) for a, w in acts.items()},
        harms=tuple(harms), people=tuple(people), numbers=tuple(numbers),
        food_words=frozenset(food), children=children, ongoing=ongoing,
        negated=tuple(sorted(set(negated))), language=language,
        labels={k: frozenset(v) for k, v in labels.items()},
    )
