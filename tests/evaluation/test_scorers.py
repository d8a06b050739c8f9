"""group_recovery and chain_recovery, found by the pluggable scoring and run on a store."""

from pathlib import Path

import pytest
from sqlalchemy import Engine

from vitalcore import workflow
from vitalcore.demo import sample_path
from vitalcore.evaluation.scoring import ScoringContext, score_all, scorers

TRUTH = {
    "groups": {"most_exposed": "missing", "severe_threshold": 4,
               "planted": [{"group": "children", "dimension": "food",
                            "onset": {"BF5601": "2026-01-01", "ML0703": "2026-01-01"}}]},
    "chain": {"steps": [{"dimension": "environmental", "threat_type": "drought"},
                        {"dimension": "food", "threat_type": "price_shock"},
                        {"dimension": "community", "threat_type": None}]},
    "areas": {}, "community_top_concerns": [],
}


@pytest.fixture
def demo(tmp_path: Path) -> Engine:
    engine = workflow.open(str(tmp_path / "demo.db"))
    workflow.import_areas(engine, sample_path("areas.csv"))
    workflow.ingest(engine, sample_path("synthetic_voices.csv"))
    workflow.classify_pending(engine)
    return engine


def test_scorers_are_found_and_report_their_keys(demo: Engine, tmp_path: Path) -> None:
    assert {"group_recovery", "chain_recovery"} <= {name for name, _ in scorers()}
    report = score_all(ScoringContext(truth=TRUTH, engine=demo, scenario_dir=tmp_path))
    scores = report.scores
    assert not {"group_recovery", "chain_recovery"} & {n for n, _ in report.failures}, \
        report.failures
    assert scores["group_recovery"] in (0.0, 1.0)
    assert scores["group_planted"] == "missing"
    # None when the planted group has too few severe voices to be ranked at all
    assert scores["group_rank_of_planted"] is None or scores["group_rank_of_planted"] >= 1
    assert 0.0 <= scores["chain_recovery"] <= 1.0
    assert 0.0 <= scores["chain_links_as_edges"] <= scores["chain_recovery"]
    assert isinstance(scores["chain_edges"], list)
    # one threat-type link: drought -> price_shock (the step without a type is left out)
    assert scores["chain_threats_recovery"] in (0.0, 1.0)
    assert isinstance(scores["chain_threat_edges"], list)
    assert scores["group_threats_recovered"] in (0.0, 1.0)


def test_groups_within_chance_of_the_planted_count_are_tied() -> None:
    from vitalcore.evaluation.scorers.group_recovery import tied_with_planted

    # Seed 1 at 20,000 voices: children 751 severe voices, displaced 736:
    # (751 - 736) / sqrt(1487) = 0.39, well inside chance.
    exposure = {"children": {"severe_voices": 751}, "displaced": {"severe_voices": 736},
                "women": {"severe_voices": 300}, "indigenous": {"severe_voices": 0}}
    assert tied_with_planted(exposure, "children") == ["children", "displaced"]
    # Tuning seed 104: 837 against 715 is z = 3.1, a clear lead; no tie.
    exposure["children"]["severe_voices"], exposure["displaced"]["severe_voices"] = 837, 715
    assert tied_with_planted(exposure, "children") == ["children"]


def test_group_recovery_stays_strict_and_reports_a_tie_beside_it(demo: Engine,
                                                                  tmp_path: Path) -> None:
    found = score_all(ScoringContext(truth=TRUTH, engine=demo, scenario_dir=tmp_path)
                      ).scores["group_found"]
    assert found is not None
    others = "missing" if found != "missing" else "women"
    truth = {**TRUTH, "groups": {**TRUTH["groups"], "most_exposed": others, "exposure": {
        others: {"severe_voices": 100}, found: {"severe_voices": 95}}}}
    scores = score_all(ScoringContext(truth=truth, engine=demo, scenario_dir=tmp_path)).scores
    assert scores["group_tied"] == sorted([others, found])
    assert scores["group_recovery"] == 0.0 and scores["group_recovery_ties"] == 1.0
    truth["groups"]["exposure"][found]["severe_voices"] = 40  # a clear lead: no tie
    scores = score_all(ScoringContext(truth=truth, engine=demo, scenario_dir=tmp_path)).scores
    assert scores["group_recovery_ties"] == 0.0 and scores["group_tied"] == [others]
