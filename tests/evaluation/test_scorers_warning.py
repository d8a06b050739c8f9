"""Issue 7's scorers on the session's small simulated scenario, loaded into a real store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from vitalcore.evaluation.scorers import action_effect, early_warning, rumours
from vitalcore.evaluation.scoring import ScoringContext
from vitalcore.privacy import create_key
from vitalcore.store import open_store
from vitalcore.workflow import load_scenario


@pytest.fixture(scope="module")
def context(scenario: Path, truth: dict[str, Any],
            tmp_path_factory: pytest.TempPathFactory) -> ScoringContext:
    folder = tmp_path_factory.mktemp("scored")
    engine = open_store(f"sqlite:///{folder / 'store.db'}")
    key = create_key(folder / "key").read_bytes()
    load_scenario(engine, scenario, key=key)
    return ScoringContext(truth, engine, scenario)


def test_early_warning_scores(context: ScoringContext) -> None:
    out = early_warning.score(context)
    assert 0 <= out["alert_sensitivity"] <= 1
    assert out["false_alarms_per_area_week"] >= 0
    assert out["alerts_total"] >= out["alerts_on_rumour"]
    detected, total = map(int, out["emergences_detected"].split("/"))
    assert total == len(context.truth["emergences"])
    assert out["alert_sensitivity"] == round(detected / total, 4)


def test_rumour_scores(context: ScoringContext) -> None:
    out = rumours.score(context)
    assert set(out) >= {"rumour_precision", "rumour_recall", "rumour_f1"}
    assert out["rumour_recall"] is not None and 0 <= out["rumour_recall"] <= 1
    if out["rumour_precision"] is not None:
        assert 0 <= out["rumour_precision"] <= 1


def test_action_effect_scores(context: ScoringContext) -> None:
    out = action_effect.score(context)
    assert out["effect_estimate"] is None or out["effect_estimate"] > 0
    assert out["effect_in_interval"] in (True, False, None)
    assert out["effect_planted_rate_ratio"] == context.truth["action"]["rate_ratio"]
