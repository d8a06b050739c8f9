"""The yardstick's headline scores may not fall below these floors (issue 22).

Two fixed seeds at 3,000 voices (what CI affords: about 20-50 s each), through the whole
pipeline with the packaged classifier, scored by every scorer. The floors sit below the
scores measured when they were set (2026-12-07, in the comments) with room for the
classifier to change; a drop below one is a regression to explain, not to re-baseline
silently. Scores at mission volumes are in BENCHMARKS.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vitalcore.evaluation import evaluate_scenario
from vitalcore.simulate import simulate

VOICES = 3000
FLOORS = {  # seed 11 / seed 12 when set
    "top_threat_recovery": 0.5,  # 0.64 / 0.65
    "top_threat_recovery_weighted": 0.55,  # 0.68 / 0.71
    # 0.16 / 0.19 since the early warning of issue 22 item 3 (0.13 / 0.17 before it);
    # sparse at 3,000 voices: one emergence is 0.026.
    "alert_sensitivity": 0.12,
    "spread_cross_border_hops_found": 0.25,  # 0.5 / 0.5 (0.25 / 0.5 before issue 22)
    "rumour_f1": 0.3,  # 0.67 / 0.40
}
CEILINGS = {"false_alarms_per_area_week": 0.02,  # 0.001 / 0.004
            "spread_spurious_cross_border_links": 3}  # 1 / 0


@pytest.mark.parametrize("seed", [11, 12])
def test_headline_scores_hold_their_floors(seed: int, tmp_path: Path) -> None:
    simulate(seed, VOICES, tmp_path / "scenario")
    report = evaluate_scenario(tmp_path / "scenario" / "truth.json", baseline=False)
    assert report.failures == []
    scores = report.scores
    low = {k: scores[k] for k, floor in FLOORS.items()
           if scores[k] is None or scores[k] < floor}
    high = {k: scores[k] for k, ceiling in CEILINGS.items()
            if scores[k] is None or scores[k] > ceiling}
    assert not low and not high, (low, high)
    assert scores["mandate_gap_found"] is True
    assert scores["effect_in_interval"] is True
