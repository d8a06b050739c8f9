"""The evidence rule: a label never shows stop words, numbers or place names as evidence.

Evidence is what an analyst reads to trust or correct a label. Function words ("in",
"pres"), numbers ("5", "trois"), words for people ("people", "watu"), false friends (the
French verb "arme", not "armes") and proper nouns (places, names: "Gao", "Menaka") say
nothing about what threatens a voice: a label shows nothing rather than those. The word
lists are the lexicons' `stop_words`, `false_friends`, `severity.people` and
`severity.number_words`, in every language.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from vitalcore import taxonomy
from vitalcore.classify.text import clean

_SENTENCE_END = ".!?:;\n"


def _words(*keys: str) -> frozenset[str]:
    words: set[str] = set()
    for language in taxonomy.lexicon_languages():
        spec = taxonomy.lexicon(language)
        for key in keys:
            where = spec["severity"] if key in ("people", "number_words") else spec
            terms = where.get(key) or ()
            for term in terms:
                # Only single words: a false friend of several words ("heart attack")
                # cancels cues in classify.reading, its words alone are fine evidence.
                folded = clean(str(term))
                if " " not in folded or key != "false_friends":
                    words.update(folded.split())
    return frozenset(words)


@cache
def junk_words() -> frozenset[str]:
    """Stop words, single-word false friends and number words of every lexicon, cleaned."""
    return _words("stop_words", "false_friends", "number_words")


@cache
def people_words() -> frozenset[str]:
    """Words for people ("people", "watu"): a group's cue, never a threat's evidence."""
    return _words("people")


def proper_nouns(text: str) -> set[str]:
    """Capitalised words not at the start of a sentence ("Gao", "Menaka"), cleaned.

    A text written in capitals (many SMS are) has no readable proper nouns: none then.
    """
    tokens = text.split()
    capitals = [k for k, token in enumerate(tokens) if token[:1].isupper()]
    if not capitals or len(capitals) * 2 > len(tokens):
        return set()
    return {word for k in capitals if k > 0 and tokens[k - 1][-1] not in _SENTENCE_END
            for word in clean(tokens[k]).split()}


def place_words(names: Iterable[str]) -> frozenset[str]:
    """The words of a gazetteer's names, cleaned ('Tin-Essako' -> 'tin', 'essako')."""
    return frozenset(w for name in names for w in clean(name).split() if len(w) > 2)


def is_junk(term: str, extra: frozenset[str] | set[str] = frozenset()) -> bool:
    """True when every word of the term is a stop word, number, person word or place."""
    junk = junk_words()
    return all(w.isdigit() or w in junk or w in extra for w in term.split())
