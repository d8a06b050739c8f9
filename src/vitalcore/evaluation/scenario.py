"""evaluate_scenario: run the pipeline on a scenario and score it against its truth.

Twice by default: once with vitalcore's classifier (the scores) and once with the
lexicon classifier alone (`baseline`, under the key "lexicon_only"), so a reader sees
how much the model adds over word lists, and a score that only the lexicon reaches is
visible as such.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vitalcore import workflow
from vitalcore.evaluation.scoring import ScoringContext, score_all
from vitalcore.privacy import create_key

Note = Callable[[str], None]
ProgressFor = Callable[[str, int | None], Callable[[int], None] | None]
# The headline keys repeated for the lexicon-only baseline (the rest are detail).
BASELINE_KEYS = ("top_threat_recovery", "chain_recovery", "alert_sensitivity",
                 "false_alarms_per_area_week", "spread_cross_border_hops_found", "rumour_f1",
                 "group_recovery", "mandate_gap_found")


@dataclass(frozen=True)
class Evaluation:
    """Scores against the planted truth, notes, and the scorers that raised."""

    scores: dict[str, Any]
    notes: list[str]
    load: workflow.ScenarioLoad | None
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.failures)


def _run(folder: Path, truth: dict[str, Any], classifier: str, note: Note | None,
         progress: ProgressFor | None) -> tuple[Any, workflow.ScenarioLoad]:
    with tempfile.TemporaryDirectory(prefix="vitalcore-evaluate-") as tmp:
        engine = workflow.open(str(Path(tmp) / "scenario.db"))
        try:
            # The data are synthetic and the store is deleted afterwards: a throwaway key.
            key_file = create_key(Path(tmp) / "throwaway.key")
            loaded = workflow.load_scenario(engine, folder, key=key_file.read_bytes().strip(),
                                            note=note, progress=progress,
                                            classifier=classifier)
            report = score_all(ScoringContext(truth=truth, engine=engine, scenario_dir=folder),
                               note=note)
        finally:
            engine.dispose()
    return report, loaded


def evaluate_scenario(
    truth_path: str | Path,
    *,
    db: str | None = None,
    baseline: bool = True,
    note: Note | None = None,
    progress: ProgressFor | None = None,
) -> Evaluation:
    """Score the analyses against truth.json.

    Without `db`, the whole pipeline runs first on a fresh temporary SQLite store, and
    (with `baseline`) again with the lexicon classifier alone, whose headline scores go
    under "lexicon_only". With `db`, that store is scored as it is (no baseline).
    """
    truth_file = Path(truth_path)
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    folder = truth_file.parent
    if db is not None:
        engine = workflow.open(db)
        try:
            report = score_all(ScoringContext(truth=truth, engine=engine, scenario_dir=folder),
                               note=note)
        finally:
            engine.dispose()
        return Evaluation(scores=report.scores, notes=report.notes, load=None,
                          failures=report.failures)
    report, loaded = _run(folder, truth, "model", note, progress)
    scores = dict(report.scores)
    failures = list(report.failures)
    notes = loaded.notes + report.notes
    if baseline:
        lexicon, _ = _run(folder, truth, "lexicon", None, progress)
        scores["lexicon_only"] = {k: lexicon.scores.get(k) for k in BASELINE_KEYS}
        failures += [(f"{name} (lexicon_only)", err) for name, err in lexicon.failures]
        notes += [f"lexicon_only: {text}" for text in lexicon.notes
                  if text.startswith("scorer ")]
    return Evaluation(scores=scores, notes=notes, load=loaded, failures=failures)


__all__ = ["BASELINE_KEYS", "Evaluation", "evaluate_scenario"]
