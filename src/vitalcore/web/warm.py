"""The dashboard's analyses computed before anyone asks: at start-up and whenever the
data version changes, a background thread runs every page's analyses into the memo.

Why: with a million voices one analysis takes tens of seconds (the voice table alone
reads every label), so the first visitor after start-up, or after new voices came in,
would wait that long; computed in the background, each page only reads the memo and
renders (measured in benchmarks/dashboard_render.py and BENCHMARKS.md). Until the
warm-up reaches an analysis, a page asking for it computes it (or waits for the
warm-up's result: the memo computes one key once), exactly as with no warm-up.

Jobs are declared by the page modules next to the pages that read them (`WARM` in
web/pages/*.py) with the same names and arguments the pages pass, so what is warmed
is what is read. The map's drawings are warmed too, once their analyses are: at a
million voices drawing the map was most of its first render after new data
(BENCHMARKS.md, "Map (issue 26)"). The thread logs
"dashboard ready: ..." on the `vitalcore.web` logger when a version is done
(`vitalcore serve` prints it).
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from vitalcore.web.memo import AnalysisMemo, data_version

if TYPE_CHECKING:
    from vitalcore.api.settings import ApiSettings

log = logging.getLogger("vitalcore.web")
SLOW = 1.0  # seconds: a warm-up job slower than this is logged
Arguments = Callable[[Engine, "ApiSettings"], "dict[str, Any] | None"]


def _arguments(kwargs: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in kwargs.items())


def _no_arguments(_engine: Engine, _settings: ApiSettings) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Job:
    """One analysis a page reads: memo name, function, and its arguments (a function of
    the store and settings, returning None when the job does not apply, e.g. no voices)."""

    name: str
    compute: Callable[..., Any]
    arguments: Arguments = field(default=_no_arguments)
    mandates: bool = False  # keyed by the mandates' version too (memo.data_version)
    # A drawing made of analyses (pages.common.drawing: the map's), kept in the drawings
    # memo; called as compute(engine, analyses_memo, data_version, **arguments).
    drawing: bool = False


# A tier's jobs: listed, or a function of the store (e.g. one job per area).
Tier = Sequence[Job] | Callable[[Engine], Sequence[Job]]


def fixed(**kwargs: Any) -> Arguments:
    """Arguments that do not depend on the store: Job(..., fixed(group="women"))."""
    return lambda _engine, _settings: kwargs


class Warmer:
    """A daemon thread that warms `tiers` of jobs (named, in order: e.g. the default
    views, then the filter values, then each area) into `memo` for every new data
    version; `prepare`
    runs once first (e.g. loading templates and the chart renderer). Drawing jobs go
    to `drawings` (skipped without it)."""

    def __init__(self, memo: AnalysisMemo, engine: Engine, settings: ApiSettings,
                 tiers: Sequence[tuple[str, Tier]], *, interval: float = 5.0,
                 prepare: Callable[[], None] | None = None,
                 drawings: AnalysisMemo | None = None) -> None:
        self.memo, self.engine, self.settings = memo, engine, settings
        self.drawings = drawings
        self.tiers = tuple(tiers)
        self.interval = interval
        self._prepare = prepare
        self.warmed: tuple[str, str] | None = None  # versions of the last complete run
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="vitalcore-warm", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        # An analysis cannot be interrupted; the thread is a daemon and ends with the
        # process if it is still inside one.
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        if self._prepare is not None:
            try:
                self._prepare()
            except Exception:  # only a head start is lost; pages prepare themselves
                log.exception("dashboard warm-up: preparing failed")
        while not self._stop.is_set():
            try:
                self.warm_once()
            except Exception:  # a broken store must not end the thread: log, retry later
                log.exception("dashboard warm-up failed; retrying in %s s", self.interval)
            self._stop.wait(self.interval)

    def warm_once(self) -> int:
        """Warm every job for the current versions, unless done already; return how many
        analyses were computed or found."""
        versions = (data_version(self.engine), data_version(self.engine, mandates=True))
        if versions == self.warmed:
            return 0
        # The previous version's analyses may now be dropped from the memo; thawed, any
        # cycles among them can be collected.
        gc.unfreeze()
        total = 0
        for tier, listed in self.tiers:
            started, done, skipped = time.perf_counter(), 0, 0
            jobs = listed(self.engine) if callable(listed) else listed
            for job in jobs:
                if self._stop.is_set():
                    return total
                kwargs = job.arguments(self.engine, self.settings)
                if kwargs is None:
                    skipped += 1
                    continue
                if job.drawing and self.drawings is None:
                    skipped += 1
                    continue
                began = time.perf_counter()
                try:
                    if job.drawing:
                        assert self.drawings is not None
                        self.drawings.get(self.engine, job.name,
                                          partial(_draw, job.compute, self.memo, versions[0]),
                                          version=versions[0], **kwargs)
                    else:
                        self.memo.get(self.engine, job.name, job.compute,
                                      version=versions[1] if job.mandates else versions[0],
                                      **kwargs)
                    done += 1
                    took = time.perf_counter() - began
                    if took >= SLOW:  # which analyses dominate is worth an operator's eye
                        log.info("dashboard warm-up: %s(%s) took %.1f s", job.name,
                                 _arguments(kwargs), took)
                except Exception as err:  # e.g. no mandate yet: the page says so
                    skipped += 1
                    log.info("dashboard warm-up: %s(%s) skipped: %s", job.name,
                             _arguments(kwargs), err)
            total += done
            _settle()
            log.info("dashboard ready: %s, %d analyses (%d skipped) for data version %s "
                     "in %.1f s", tier, done, skipped, versions[0],
                     time.perf_counter() - started)
        self.warmed = versions
        return total


def _draw(compute: Callable[..., Any], analyses: AnalysisMemo, version: str,
          engine: Engine, **kwargs: Any) -> Any:
    return compute(engine, analyses, version, **kwargs)


def _settle() -> None:
    """Exempt what the warm-up built from the garbage collector's full collections.

    A million voices leave millions of live objects in the memo; each full collection
    walked them all, and a page render that happened to trigger one took 0.2-0.3 s
    instead of 0.1 s (the map's p95 in BENCHMARKS.md). Frozen objects are still freed
    by reference counting; only their cycles wait for the next version's unfreeze.
    """
    gc.collect()
    gc.freeze()
