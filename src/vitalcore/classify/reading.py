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
apart. Cues of the text's own language are used when it has any (as
lexicon.terms_by_tag does), so a word of another lexicon does not add a threat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from vitalcore.classify.matcher import Hit

NEGATION_WINDOW = 3
PAIR_WINDOW = 6
# Tags whose words a negation can cancel; dimension and group cues stay (they feed the
# model as it was trained).
_NEGATABLE = ("threat:", "act:", "harm:", "recruit", "pair:")


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


def word_index(doc: str, hit: Hit) -> int:
    """Index of the hit's first word in the cleaned document (' a b c ' -> 0, 1, 2)."""
    return doc.count(" ", 0, hit.start + 1) - 1


def _own(hits: Sequence[Hit], language: str | None) -> bool:
    return language is not None and any(lang == language for h in hits for lang, _ in h.tags)


def read_voice(doc: str, hits: Sequence[Hit], language: str | None = None) -> Reading:
    """Read one cleaned document (LexiconMatcher.scan) and its hits."""
    if not hits:
        return Reading(language=language)
    own = _own(hits, language)
    placed = []  # (index, n words, hit, tags kept)
    for hit in hits:
        tags = {tag for lang, tag in hit.tags if not own or lang == language}
        if tags:
            placed.append((word_index(doc, hit), hit.word.count(" ") + 1, hit, tags))
    friends = [(at, at + n) for at, n, _, tags in placed if "false_friend" in tags and n > 1]
    if friends:
        placed = [(at, n, hit, tags) for at, n, hit, tags in placed
                  if "false_friend" in tags or not any(a <= at < b for a, b in friends)]
    negations = [at for at, _, _, tags in placed if "negation" in tags]
    words_at = {at: hit.word for at, _, hit, tags in placed if "negation" in tags}
    immune: set[int] = set()
    if negations:
        # A negation word inside (or at the head of) a cue phrase is that cue's own word,
        # and such a cue is already a negative statement: no other negation cancels it.
        spans = [(at, at + n) for at, n, _, tags in placed if n > 1 and any(
            t.startswith(("threat:", "act:")) for t in tags)]
        inside = {n for n in negations if any(a <= n < b for a, b in spans)}
        immune = {a for a, b in spans if any(a <= n < b for n in inside)}
        negations = [n for n in negations if n not in inside]
    threats: dict[str, list[str]] = {}
    pairs: dict[tuple[str, str, str], list[tuple[int, str]]] = {}
    acts: dict[str, list[str]] = {}
    harms, people, numbers, food, negated = [], [], [], set(), []
    children = ongoing = recruit = False
    negation_word: dict[int, str] = {}
    for at, _, hit, tags in placed:
        before = [n for n in negations if at - NEGATION_WINDOW <= n < at]
        cancelled = at not in immune and bool(before)
        if before:
            negation_word[at] = words_at[max(before)]
        for tag in tags:
            if tag.startswith("negated:"):
                if cancelled:
                    threats.setdefault(tag[8:], []).append(f"{negation_word[at]} {hit.word}")
            elif cancelled and tag.startswith(_NEGATABLE):
                negated.append(hit.word)
            elif tag.startswith("pair:"):
                _, threat, k, part = tag.split(":")
                pairs.setdefault((threat, k, part), []).append((at, hit.word))
            elif tag.startswith("threat:"):
                threats.setdefault(tag[7:], []).append(hit.word)
            elif tag.startswith("act:"):
                acts.setdefault(tag[4:], []).append(hit.word)
            elif tag.startswith("harm:"):
                harms.append((at, tag[5:]))
            elif tag.startswith("number:"):
                numbers.append((at, int(tag[7:])))
            elif tag == "people":
                people.append(at)
            elif tag == "group:children":
                children = True
            elif tag == "ongoing":
                ongoing = True
            elif tag == "recruit":
                recruit = True
            elif tag == "dimension:food":
                food.add(at)
    for (threat, k, part), found in pairs.items():
        if part != "0":
            continue
        for at, word in found:
            near = [w for b, w in pairs.get((threat, k, "1"), ()) if abs(b - at) <= PAIR_WINDOW]
            if near:  # shown as one cue of two words: "marche ... ferme"
                threats.setdefault(threat, []).append(f"{word} ... {near[0]}")
    if recruit and children and "child_recruitment" not in threats:
        threats["child_recruitment"] = [h.word for _, _, h, tags in placed if "recruit" in tags]
    return Reading(
        threats={t: tuple(sorted(set(w))) for t, w in threats.items()},
        acts={a: tuple(sorted(set(w))) for a, w in acts.items()},
        harms=tuple(harms), people=tuple(people), numbers=tuple(numbers),
        food_words=frozenset(food), children=children, ongoing=ongoing,
        negated=tuple(sorted(set(negated))), language=language,
    )
