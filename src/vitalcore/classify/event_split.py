"""Leave-events-out splits: test on disasters and conflicts the model never saw.

A random split of tweets puts near-identical messages about the same earthquake on both
sides and flatters a model (Olteanu et al. 2015 train on some CrisisLexT26 crises and
test on others for this reason). Here every row of a corpus carries an `event`; the real
events (CrisisLexT26 crises, UCDP countries) are dealt into k folds of similar size, and
fold f's test rows are the real rows of its events, its training rows everything else:
the project's own written rows (phrase banks, hand-written) and the real rows of the
other folds. No event is ever on both sides (tests/classify/test_event_split.py).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # training imports is_real_event from here for its validation split
    from vitalcore.classify.training import Corpus

# Pseudo-events of rows the project wrote itself (or analysts corrected): always trained
# on, never tested on, since they are not "real text we did not write".
WRITTEN_PREFIXES = ("file:", "vitalcore:", "store:")


def is_real_event(event: str) -> bool:
    """True for an event of real text written by others (not a project pseudo-event)."""
    return bool(event) and not event.startswith(WRITTEN_PREFIXES)


@dataclass(frozen=True)
class Fold:
    """One leave-events-out fold: row indices and the events they come from."""

    number: int
    train: tuple[int, ...]
    test: tuple[int, ...]
    test_events: tuple[str, ...]


def assign_events(events: list[str], k: int) -> dict[str, int]:
    """Each real event to one of k folds: largest first into the smallest fold.

    Ties are broken by a hash of the event name, so the assignment depends only on the
    events and their sizes, never on row order.
    """
    sizes = Counter(e for e in events if is_real_event(e))
    if len(sizes) < k:
        raise ValueError(f"{len(sizes)} real event(s) cannot make {k} folds")
    order = sorted(sizes, key=lambda e: (-sizes[e], hashlib.sha256(e.encode()).hexdigest()))
    load = [0] * k
    out: dict[str, int] = {}
    for event in order:
        fold = min(range(k), key=lambda f: (load[f], f))
        out[event] = fold
        load[fold] += sizes[event]
    return out


def event_folds(corpus: Corpus, k: int = 5) -> list[Fold]:
    """k leave-events-out folds over `corpus` (see the module docstring)."""
    fold_of = assign_events(corpus.events, k)
    folds = []
    for f in range(k):
        test = tuple(i for i, e in enumerate(corpus.events) if fold_of.get(e) == f)
        train = tuple(i for i, e in enumerate(corpus.events) if fold_of.get(e) != f)
        folds.append(Fold(f, train, test,
                          tuple(sorted(e for e, g in fold_of.items() if g == f))))
    return folds
