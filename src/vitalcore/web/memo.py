"""A per-data-version memo of analyses, so a dashboard page need not recompute them on
every request (and of the few drawings made only of them: the map's).

Entries are keyed by the analysis, its arguments and `workflow.analysis_version` (voices,
model and corrections); when any of those changes the key changes, so a page never
shows an analysis of older data than the store holds. Actions and mandates are not in
the version: pages read them directly (they are small) and do not memoise what depends
on them. The memo lives in the process, holds at most MAX_ENTRIES results (least
recently used dropped first) and is shared by the requests of one app and by its
warm-up thread (web/warm.py).

Arguments left at None are dropped from the key, so `alerts()` and
`alerts(dimension=None)` are one entry. One computation per key runs at a time: a
request that asks for what the warm-up is computing waits for that result instead of
computing it a second time on the same two cores.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Engine

from vitalcore import workflow

T = TypeVar("T")
# Enough for every page's default view, each filter value and five analyses for each
# of some hundred areas (what the warm-up computes), and the views visitors open;
# results are aggregate tables, mostly a few kB, a few MB at most.
MAX_ENTRIES = 1024


class AnalysisMemo:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._running: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self._max = max_entries
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(name: str, kwargs: dict[str, Any], version: str) -> Hashable:
        return (name, tuple(sorted((k, v) for k, v in kwargs.items() if v is not None)),
                version)

    def get(self, engine: Engine, name: str, compute: Callable[..., T], *,
            version: str | None = None, **kwargs: Any) -> T:
        """compute(engine, **kwargs), or the stored result for this data version
        (`version`, when the caller has just read it, saves reading it again)."""
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        key = self.key(name, kwargs, version or workflow.analysis_version(engine))
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key]
            running = self._running.setdefault(key, threading.Lock())
        with running:
            with self._lock:
                if key in self._entries:  # computed by whoever held `running`
                    self._entries.move_to_end(key)
                    self.hits += 1
                    return self._entries[key]
            try:
                result = compute(engine, **kwargs)
            except BaseException:
                with self._lock:
                    self._running.pop(key, None)
                raise
            with self._lock:
                self.misses += 1
                self._entries[key] = result
                self._running.pop(key, None)
                while len(self._entries) > self._max:
                    self._entries.popitem(last=False)
        return result

    def __len__(self) -> int:
        return len(self._entries)

    def holds(self, name: str, version: str, **kwargs: Any) -> bool:
        """Whether the result of `name(**kwargs)` for this version is stored."""
        with self._lock:
            return self.key(name, kwargs, version) in self._entries


def data_version(engine: Engine, *, mandates: bool = False) -> str:
    """The version an entry is keyed by: the store's analysis version, and for the
    analyses that read mandates (the gap) the mandates' version as well."""
    version = workflow.analysis_version(engine)
    return f"{version}|{workflow.mandates_version(engine)}" if mandates else version
