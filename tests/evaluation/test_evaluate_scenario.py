"""vitalcore evaluate-scenario end to end: every key, the lexicon baseline, loud failure."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vitalcore.cli import app
from vitalcore.evaluation import REPORT_KEYS
from vitalcore.evaluation import scorers as scorer_package
from vitalcore.evaluation.scenario import BASELINE_KEYS
from vitalcore.simulate import simulate

runner = CliRunner()


def test_evaluate_scenario_json_has_every_key_and_the_lexicon_baseline(tmp_path: Path) -> None:
    simulate(1, 2000, tmp_path / "scenario")
    result = runner.invoke(app, ["evaluate-scenario", "--truth",
                                 str(tmp_path / "scenario/truth.json"), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert set(REPORT_KEYS) <= set(scores)
    assert 0.0 <= scores["top_threat_recovery"] <= 1.0
    assert scores["top_threat_areas_scored"] > 0
    assert set(scores["lexicon_only"]) == set(BASELINE_KEYS)
    assert 0.0 <= scores["lexicon_only"]["top_threat_recovery"] <= 1.0


def test_evaluate_scenario_on_a_given_store_scores_it_as_it_is(tmp_path: Path) -> None:
    simulate(1, 600, tmp_path / "scenario")
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    result = runner.invoke(app, ["evaluate-scenario", "--truth",
                                 str(tmp_path / "scenario/truth.json"), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["top_threat_recovery"] is None  # nothing in it
    assert "lexicon_only" not in scores  # no pipeline run, no baseline


@pytest.fixture
def broken_scorer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "zz_raises.py").write_text(textwrap.dedent("""
        def score(ctx):
            raise KeyError("alert_sensitivity")
        """), encoding="utf-8")
    monkeypatch.setattr(scorer_package, "__path__", [*scorer_package.__path__, str(folder)])
    yield
    sys.modules.pop("vitalcore.evaluation.scorers.zz_raises", None)


def test_a_scorer_that_raises_makes_the_command_fail(tmp_path: Path, broken_scorer: None) -> None:
    simulate(1, 600, tmp_path / "scenario")
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    result = runner.invoke(app, ["evaluate-scenario", "--truth",
                                 str(tmp_path / "scenario/truth.json"), "--db", db, "--json"])
    assert result.exit_code == 1
    assert "zz_raises failed: KeyError" in result.stderr
    assert "scorer(s) failed: zz_raises" in result.stderr
    json.loads(result.stdout)  # the scores that could be computed are still printed
