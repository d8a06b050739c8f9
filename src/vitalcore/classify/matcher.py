"""All curated lexicons compiled into one Aho-Corasick automaton, read over a whole batch.

One scan of the cleaned batch string (text.clean_batch) finds every lexicon term of every
language: dimension and group terms, threat-type cues, negation words, harm words, grave
acts, words for people, words saying the harm goes on, urgency words and number words.
A term
ending in * is a word prefix ("kidnap*" matches "kidnapped"); other terms must end at a
word boundary. A * inside a multi-word term is dropped (the word must then be whole).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

import ahocorasick
import numpy as np

from vitalcore import taxonomy
from vitalcore.classify.text import SEPARATOR, clean, clean_batch


class Hit(NamedTuple):
    """One lexicon term found in one document of a batch (a tuple: cheap to make)."""

    start: int  # offset in the cleaned document of the space before the term
    word: str  # the words of the text that matched (whole words, for prefix terms)
    tags: tuple[tuple[str, str], ...]  # (language, tag), tag like 'dimension:food'


# Arabic writes "and" as a prefix of the next word: "ولا نعرف" is "and we do not know".
_CLITICS = {"ar": ("\u0648",)}


def _entries(language: str) -> list[tuple[str, bool, str]]:
    """(cleaned term, is prefix, tag) for one language's lexicon."""
    spec = taxonomy.lexicon(language)
    out = []
    clitics = _CLITICS.get(language, ())

    def add(terms: Sequence[str], tag: str) -> None:
        for term in terms:
            prefix = term.endswith("*")
            folded = clean(term.rstrip("*").replace("*", ""))
            if folded:
                out.append((folded, prefix, tag))
                out.extend((clitic + folded, prefix, tag) for clitic in clitics)

    for dim, terms in spec["dimensions"].items():
        add(terms, f"dimension:{dim}")
    for group, terms in spec["groups"].items():
        add(terms or [], f"group:{group}")
    for threat, terms in (spec.get("threats") or {}).items():
        add(terms, f"threat:{threat}")
    for threat, pairs in (spec.get("threat_pairs") or {}).items():
        for k, pair in enumerate(pairs):
            for part, terms in enumerate(pair):
                add([terms] if isinstance(terms, str) else terms, f"pair:{threat}:{k}:{part}")
    for threat, terms in (spec.get("threat_requires") or {}).items():
        add(terms, f"requires:{threat}")
    for threat, terms in (spec.get("negated_cues") or {}).items():
        add(terms, f"negated:{threat}")
    add(spec.get("child_recruitment_words") or [], "recruit")
    add(spec.get("negation") or [], "negation")
    add(spec.get("false_friends") or [], "false_friend")
    severity = spec["severity"]
    for kind, terms in severity["harm"].items():
        add(terms, f"harm:{kind}")
    for kind, terms in (severity.get("acts") or {}).items():
        add(terms, f"act:{kind}")
    add(severity.get("people") or [], "people")
    add(severity.get("ongoing") or [], "ongoing")
    add(severity["urgency"], "urgency")
    for word, number in severity["number_words"].items():
        add([str(word)], f"number:{number}")
    return out


class LexiconMatcher:
    """Finds the lexicon terms of the given languages in batches of texts."""

    def __init__(self, languages: Sequence[str] | None = None) -> None:
        available = taxonomy.lexicon_languages()
        self.languages = tuple(lang for lang in (languages or available) if lang in available)
        table: dict[tuple[str, bool], set[tuple[str, str]]] = {}
        for language in self.languages:
            for term, prefix, tag in _entries(language):
                table.setdefault((term, prefix), set()).add((language, tag))
        automaton = ahocorasick.Automaton()
        for (term, prefix), tags in table.items():
            # Keys carry the boundary: ' term ' for whole terms, ' term' for prefixes.
            key = " " + term + ("" if prefix else " ")
            old = automaton.get(key, None)
            merged = tuple(sorted(tags | set(old[2] if old else ())))
            automaton.add_word(key, (len(key), prefix, merged))
        automaton.make_automaton()
        self._automaton = automaton
        self.tags = sorted({tag for tags in table.values() for _, tag in tags})

    def scan(self, texts: Sequence[str]) -> tuple[list[str], list[list[Hit]]]:
        """(cleaned text, hits) per text."""
        batch = clean_batch(list(texts))
        docs = batch.split(SEPARATOR)
        starts = np.concatenate(([0], np.cumsum([len(d) + 1 for d in docs])[:-1])).tolist()
        found: list[dict[tuple[int, str], tuple]] = [{} for _ in texts]
        for end, (length, prefix, tags) in self._automaton.iter(batch):
            start = end - length + 1
            doc = bisect_right(starts, start) - 1
            stop = batch.find(" ", end + 1) if prefix else end
            key = (start - starts[doc], batch[start + 1 : stop])
            seen = found[doc].get(key)
            # Tags of one automaton key are a sorted tuple already; merge only when two
            # keys (a prefix and a whole term) matched the same words.
            found[doc][key] = tags if seen is None else tuple(sorted({*seen, *tags}))
        hits = [
            [Hit(start, word, tags) for (start, word), tags in sorted(doc_found.items())]
            for doc_found in found
        ]
        return docs, hits


@cache
def default_matcher(languages: tuple[str, ...] | None = None) -> LexiconMatcher:
    """The matcher of all lexicons (or the given languages), built once per process."""
    return LexiconMatcher(languages)
