"""Text folding shared by every matcher: lower case, accents removed, spaces squeezed."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip accents and squeeze white space, so 'Tués' and 'tues' match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
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
