"""Scoring the analyses against a simulated scenario's planted truth: the yardstick.

    report = evaluate_scenario("scen/truth.json")   # fresh store, pipeline, all scorers
    report.scores["alert_sensitivity"]; report.failures   # [] unless a scorer raised

A layer above workflow and below the outputs: it imports workflow, analysis and
simulate, and none of them imports it (that is what breaks the old workflow <->
simulate.scoring cycle). docs/simulation.md defines every score from the truth.
"""

from vitalcore.evaluation.scenario import Evaluation, evaluate_scenario
from vitalcore.evaluation.scoring import (
    REPORT_KEYS,
    ScoreReport,
    ScoringContext,
    score_all,
)

__all__ = ["REPORT_KEYS", "Evaluation", "ScoreReport", "ScoringContext", "evaluate_scenario",
           "score_all"]
