"""Scoring a store against a scenario's planted truth, one pluggable module per analysis.

Every module in `vitalcore.evaluation.scorers` that defines `score(ctx: ScoringContext)
-> dict[str, object]` is found automatically (pkgutil) and run in name order; add a
scorer by adding a module, without editing this file. A scorer returns the keys it can
score; keys of REPORT_KEYS that no scorer returns stay None ("this analysis does not
exist yet", said in a note).

A scorer that raises is recorded in `failures` (and in the notes); the other scorers
still run, so one broken scorer does not hide the others' figures, but the evaluation
as a whole has failed: `vitalcore evaluate-scenario` exits non-zero (docs/simulation.md).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import Engine

from vitalcore.evaluation import scorers as _scorers

# The keys every evaluation reports, null until a scorer provides them.
REPORT_KEYS = (
    "top_threat_recovery",
    "group_recovery",
    "chain_recovery",
    "alert_sensitivity",
    "alert_median_delay_days",
    "false_alarms_per_area_week",
    "spread_cross_border_hops_found",
    "rumour_precision",
    "rumour_recall",
    "rumour_f1",
    "effect_estimate",
    "effect_in_interval",
    "mandate_gap_found",
)


@dataclass(frozen=True)
class ScoringContext:
    """What a scorer gets: the truth, the store the pipeline filled, the scenario folder."""

    truth: Mapping[str, Any]  # the parsed truth.json
    engine: Engine
    scenario_dir: Path


Scorer = Callable[[ScoringContext], dict[str, object]]


@dataclass(frozen=True)
class ScoreReport:
    """Merged scores, notes, and the scorers that raised (name, error in words)."""

    scores: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)


def scorers() -> list[tuple[str, Scorer]]:
    """(module name, score function) of every scorer module, by name."""
    found = []
    modules = pkgutil.iter_modules(_scorers.__path__)
    for info in sorted(modules, key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module: ModuleType = importlib.import_module(f"{_scorers.__name__}.{info.name}")
        score = getattr(module, "score", None)
        if callable(score):
            found.append((info.name, score))
    return found


def score_all(ctx: ScoringContext, note: Callable[[str], None] | None = None) -> ScoreReport:
    """All scorers' results merged over REPORT_KEYS (None where nothing scored it)."""
    results: dict[str, Any] = dict.fromkeys(REPORT_KEYS)
    owners: dict[str, str] = {}
    notes: list[str] = []
    failures: list[tuple[str, str]] = []

    def say(text: str) -> None:
        notes.append(text)
        if note:
            note(text)

    for name, score in scorers():
        try:
            produced = score(ctx)
        except Exception as err:  # noqa: BLE001 - recorded; the others still run, then we fail
            failures.append((name, f"{type(err).__name__}: {err}"))
            say(f"scorer {name} failed: {type(err).__name__}: {err}")
            continue
        for key, value in produced.items():
            if key in owners:
                say(f"scorer {name} also reports {key!r}; keeping {owners[key]}'s value")
                continue
            owners[key] = name
            results[key] = value
    missing = [k for k in REPORT_KEYS if k not in owners]
    if missing:
        say("not scored (no analysis or nothing to score): " + ", ".join(missing))
    return ScoreReport(scores=results, notes=notes, failures=failures)


__all__ = ["REPORT_KEYS", "ScoreReport", "Scorer", "ScoringContext", "score_all", "scorers"]
