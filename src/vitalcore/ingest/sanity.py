"""What no record may bring into the store, whatever its format: broken characters,
nesting beyond reason, texts beyond the configured length.

A lone surrogate (U+D800-U+DFFF, e.g. "\\ud83d", half of an emoji cut by a gateway) is
legal in a JSON escape but cannot be encoded as UTF-8, so it made every write of its
batch fail; nesting a thousand levels deep exhausted Python's recursion. Both now make
their record a quarantined one with a reason, and `repair` gives a copy of such a
record that can be shown, hashed and stored (the encrypted raw keeps the escapes, so a
retry sees exactly what arrived).
"""

from __future__ import annotations

import json
import re
from typing import Any

from vitalcore.config import DEFAULT_MAX_TEXT_CHARS, MAX_TEXT_ENV, max_text_chars

__all__ = ["DEFAULT_MAX_TEXT_CHARS", "MAX_TEXT_ENV", "MAX_DEPTH", "TooDeep", "dumps_escaped",
           "max_text_chars", "problem", "repair", "surrogate_in"]

MAX_DEPTH = 64  # survey groups nest a few levels; nothing real nests 64
SHOWN_CHARS = 10_000  # of a raw value kept for display in quarantine
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"
TOO_DEEP = f"[nested deeper than {MAX_DEPTH} levels]"


class TooDeep(ValueError):
    """A value nested deeper than MAX_DEPTH."""


def surrogate_in(value: str) -> str | None:
    """The first lone surrogate of a string as 'U+D83D', or None."""
    found = _SURROGATE.search(value)
    return f"U+{ord(found.group(0)):04X}" if found else None


def problem(fields: dict[str, Any]) -> tuple[str | None, str] | None:
    """(field, reason) when a record's fields cannot be stored as they are, else None."""
    stack: list[tuple[str | None, Any, int]] = [(None, fields, 0)]
    while stack:
        name, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return name, f"is nested deeper than {MAX_DEPTH} levels"
        if isinstance(value, str):
            bad = surrogate_in(value)
            if bad:
                return name, (f"holds a broken character ({bad}, half of a character cut "
                              "in two, e.g. an emoji); fix the sender's encoding")
        elif isinstance(value, dict):
            for key, item in value.items():
                label = str(key) if name is None else f"{name}/{key}"
                if isinstance(key, str) and surrogate_in(key):
                    return repair(label), "has a name with a broken character"
                stack.append((label, item, depth + 1))
        elif isinstance(value, list | tuple):
            stack.extend((name, item, depth + 1) for item in value)
    return None


def repair(value: Any, depth: int = 0, *, cut: bool = True) -> Any:
    """A copy fit to show, hash and store: lone surrogates replaced by U+FFFD, long
    strings cut to SHOWN_CHARS (unless not `cut`), nesting below MAX_DEPTH replaced by
    a note."""
    if isinstance(value, str):
        if cut and len(value) > SHOWN_CHARS:
            value = value[:SHOWN_CHARS] + f"... [{len(value) - SHOWN_CHARS} more characters]"
        return _SURROGATE.sub(REPLACEMENT, value)
    if depth >= MAX_DEPTH and isinstance(value, dict | list | tuple):
        return TOO_DEEP
    if isinstance(value, dict):
        return {repair(str(k), cut=cut): repair(v, depth + 1, cut=cut)
                for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [repair(v, depth + 1, cut=cut) for v in value]
    return value


def dumps_escaped(value: Any) -> str:
    """JSON of anything a reader produced, ASCII-only (a lone surrogate stays an escape);
    nesting too deep for the encoder is cut by `repair`."""
    try:
        return json.dumps(value, ensure_ascii=True, default=str)
    except (RecursionError, ValueError):
        return json.dumps(repair(value, cut=False), ensure_ascii=True, default=str)
