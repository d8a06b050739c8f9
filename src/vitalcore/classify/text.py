"""Text folding shared by every matcher: lower case, accents removed, spaces squeezed."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip accents and squeeze white space, so 'Tués' and 'tues' match."""
    if text.isascii():
        # NFKD leaves ASCII as it is and it has no combining marks: skip the per-character
        # pass, most of fold's time on English and French-without-accents voices.
        return _SPACES.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # The distinct characters are few: find the combining ones among them and delete
    # them in one translate, not character by character.
    marks = {ord(ch): None for ch in set(decomposed) if unicodedata.combining(ch)}
    stripped = decomposed.translate(marks) if marks else decomposed
    return _SPACES.sub(" ", stripped).strip()


def term_pattern(terms: list[str]) -> re.Pattern[str]:
    """One regex for a list of lexicon terms; a trailing * makes a term a word prefix."""
    parts = []
    for term in sorted({fold(t) for t in terms}, key=len, reverse=True):
        if term.endswith("*"):
            parts.append(re.escape(term[:-1]) + r"[\w'-]*")
        else:
            parts.append(re.escape(term) + r"(?![\w])")
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + ")")


# Combining marks that fold() removes, as one regex so a whole batch is folded in C:
# Latin diacritics, Arabic harakat and superscript alef.
_COMBINING = re.compile("[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_NON_WORD = re.compile(r"[^\w\x00]+")
SEPARATOR = "\x00"
_SPACE_RUNS = re.compile(" {2,}")


def clean_batch(texts: list[str]) -> str:
    """Texts folded, punctuation turned into spaces, joined by NUL with a space either side.

    The one string ' a b \\x00 c d ' is what the n-gram featuriser and the lexicon matcher
    read: word boundaries are spaces, document boundaries NUL, so both work on a whole
    batch at C speed instead of text by text.
    """
    joined = SEPARATOR.join(t.replace(SEPARATOR, " ") for t in texts)
    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", joined.casefold()))
    spaced = _NON_WORD.sub(" ", folded.replace("_", " "))
    return _SPACE_RUNS.sub(" ", " " + spaced.replace(SEPARATOR, " \x00 ") + " ")


def clean(text: str) -> str:
    """One text as clean_batch reads it: folded, words separated by single spaces."""
    return " ".join(clean_batch([text]).split())
