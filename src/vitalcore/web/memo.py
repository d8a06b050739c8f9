"""A per-data-version memo of analyses, so a dashboard page need not recompute them on
every request.

Entries are keyed by the analysis, its arguments and `store.analysis_version` (voices,
model and corrections); when any of those changes the key changes, so a page never
shows an analysis of older data than the store holds. Actions and mandates are not in
the version: pages read them directly (they are small) and do not memoise what depends
on them. The memo lives in the process, holds at most MAX_ENTRIES results (least
recently used dropped first) and is shared by the requests of one app.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Engine

from vitalcore import store

T = TypeVar("T")
MAX_ENTRIES = 64


class AnalysisMemo:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries
        self.hits = 0
        self.misses = 0

    def get(self, engine: Engine, name: str, compute: Callable[..., T], **kwargs: Any) -> T:
        """compute(engine, **kwargs), or the stored result for this data version."""
        key = (name, tuple(sorted(kwargs.items())), store.analysis_version(engine))
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key]
        result = compute(engine, **kwargs)
        with self._lock:
            self.misses += 1
            self._entries[key] = result
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
        return result
