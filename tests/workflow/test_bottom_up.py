"""The bottom-up workflow on a real store: ingest, classify, then each analysis."""

from datetime import datetime

import polars as pl
import pytest
from sqlalchemy import Engine

from vitalcore import workflow
from vitalcore.demo import sample_path


@pytest.fixture
def demo(engine: Engine) -> Engine:
    workflow.import_areas(engine, sample_path("areas.csv"))
    workflow.ingest(engine, sample_path("synthetic_voices.csv"))
    workflow.classify_pending(engine)
    return engine


def test_rank_scopes_and_filters(demo: Engine) -> None:
    table = workflow.rank_threats(demo, replicates=20)
    assert {"ALL", "ML0702"} <= set(table["area_pcode"])
    assert (table["rank_low"] <= table["rank"]).all()
    assert (table["rank"] <= table["rank_high"]).all()
    women = workflow.rank_threats(demo, area="ml0702", group="women", replicates=0)
    assert set(women["area_pcode"]) == {"ML0702"} and set(women["group"]) == {"women"}
    everyone = workflow.rank_threats(demo, area="ML0702", replicates=0)
    assert women["voices_in_scope"][0] < everyone["voices_in_scope"][0]
    later = workflow.rank_threats(demo, since=datetime(2026, 9, 1), replicates=0)

    def overall(frame: pl.DataFrame) -> int:
        return frame.filter(pl.col("area_pcode") == "ALL")["voices_in_scope"][0]

    assert 0 < overall(later) < overall(table)
    with pytest.raises(ValueError, match="unknown group 'nobody'"):
        workflow.rank_threats(demo, group="nobody")


def test_coverage_vulnerability_resilience_chains_tiers(demo: Engine) -> None:
    cover = workflow.coverage_report(demo)
    assert cover.filter((pl.col("facet") == "channel") & (pl.col("value") == "web_form"))[
        "status"].to_list() == ["not heard"]
    # parents (regions) are not expected to be heard directly
    assert "ML07" not in cover.filter(pl.col("facet") == "area")["value"].to_list()
    exposure = workflow.group_vulnerability(demo)
    assert {"group", "label", "rr", "rr_low"} <= set(exposure.columns)
    gaps = workflow.resilience_report(demo)
    assert (gaps["gap"] <= gaps["score"] + 1e-12).all()
    report = workflow.threat_chains(demo, period="1mo")
    assert set(report.graph.nodes) >= set(report.precedence["cause"].unique())
    tiers = workflow.tier_report(demo, top=1)
    assert set(tiers["tier"]) == {"state", "international", "community"}
    # The legal knowledge base (law/) and the recorded actions are loaded by default; what
    # is not stored (a situation, a mandate) is said, never silently replaced.
    assert "no situation recorded" in tiers["missing"][0]
    assert "no mandate stored" in tiers["missing"][0]
    assert "actions" not in tiers["missing"][0]
    assert tiers.filter(pl.col("tier") == "state")["legal_basis"].list.len().min() > 0


def test_the_voice_table_is_the_one_of_the_whole_label_frame(demo: Engine) -> None:
    from polars.testing import assert_frame_equal

    from vitalcore import analysis, store

    for area in (None, ["ML0702"]):
        whole = analysis.voice_table(store.labels_frame(demo, area=area),
                                     store.voice_attributes_frame(demo, area=area),
                                     threshold=0.4).sort("voice_id")
        voices, labels = store.classified_frames(demo, min_score=0.4, area=area)
        assert labels.height < store.labels_frame(demo, area=area).height
        assert_frame_equal(analysis.classified_voice_table(voices, labels, threshold=0.4),
                           whole)
