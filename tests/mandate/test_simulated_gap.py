"""On the simulated scenario, the gap analysis finds the concern the mandate leaves out.

The simulator (issue 4) writes mandate.txt in S/RES layout covering every community top
concern but one, and records which in truth.json. Everything runs for real: generate,
load every channel file and classify (workflow.scenario.load_scenario), import the
mandate, compare; then the same through the pluggable scorer.
"""

from __future__ import annotations

import json
from pathlib import Path

from vitalcore import simulate, workflow
from vitalcore.evaluation.scoring import ScoringContext, score_all
from vitalcore.workflow.scenario import load_scenario

SEED = 11
VOICES = 2000


def test_the_planted_concern_is_found_unmandated(tmp_path: Path) -> None:
    folder = tmp_path / "scenario"
    simulate.simulate(SEED, VOICES, folder)
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    planted = truth["mandate"]["omitted_concern"]
    engine = workflow.open(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        load_scenario(engine, folder)
        scores = score_all(ScoringContext(truth=truth, engine=engine, scenario_dir=folder)).scores
        workflow.import_mandate(engine, folder / "mandate.txt")
        mandate, gap = workflow.mandate_gap(engine)
    finally:
        engine.dispose()

    assert mandate["symbol"] == truth["mandate"]["symbol"]
    unmandated = {g.label for g in gap.unmandated() if g.kind == "dimension"}
    # Of the communities' top concerns, exactly the planted one has no mandated task.
    assert [c for c in truth["community_top_concerns"] if c in unmandated] == [planted]
    found = next(g for g in gap.gaps if g.label == planted)
    assert found.message.endswith("for communities, no mandated task")
    # What the generator did mandate, the parser and the classifier see as covered.
    covered = {r["label"] for r in gap.matrix.iter_rows(named=True)
               if r["kind"] == "dimension" and r["tasks"] > 0}
    assert set(truth["mandate"]["covered_dimensions"]) <= covered

    # The scorer reads the same file without storing it and agrees.
    assert scores["mandate_gap_found"] is True
    ranked = [g.label for g in gap.gaps if g.kind == "dimension"]
    assert scores["mandate_gap_rank"] == ranked.index(planted) + 1
    assert planted in scores["mandate_gap_unmandated"]


def test_the_scorer_scores_nothing_without_a_planted_mandate(tmp_path: Path) -> None:
    from vitalcore.evaluation.scorers import mandate_gap

    engine = workflow.open(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        assert mandate_gap.score(ScoringContext(truth={}, engine=engine,
                                                scenario_dir=tmp_path)) == {}
        (tmp_path / "mandate.txt").write_text(
            (Path(__file__).parent / "data" / "s_res_2190_2014.txt").read_text("utf-8"),
            encoding="utf-8")
        truth = {"mandate": {"file": "mandate.txt", "omitted_concern": "health"}}
        # A planted mandate but no voices in the store: nothing to compare, no score.
        assert mandate_gap.score(ScoringContext(truth=truth, engine=engine,
                                                scenario_dir=tmp_path)) == {}
    finally:
        engine.dispose()
