"""The situation on a real store, and the law and tiers that read it (workflow.legal)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Engine

from vitalcore import store, workflow
from vitalcore.demo import sample_path

MANDATE = Path(__file__).parents[1] / "mandate" / "data" / "s_res_2100_2013.txt"


@pytest.fixture
def mali(engine: Engine) -> Engine:
    workflow.import_areas(engine, sample_path("areas.csv"))
    workflow.ingest(engine, sample_path("synthetic_voices.csv"))
    workflow.classify_pending(engine)
    workflow.import_mandate(engine, MANDATE)
    return engine


def test_situations_are_versioned_and_the_newest_wins(engine: Engine) -> None:
    assert workflow.current_situation(engine).record is None
    assert "peacetime" in workflow.current_situation(engine).note
    first = workflow.set_situation(engine, country="ml", conflict="none",
                                   since=date(2010, 1, 1))
    second = workflow.set_situation(engine, country="ML", conflict="non_international",
                                    since=date(2012, 1, 17))
    area = workflow.set_situation(engine, country="ML", area="ML07", conflict="occupation",
                                  since=date(2012, 1, 17), ap2_threshold=True)
    rows = workflow.list_situations(engine)
    assert [r["id"] for r in rows] == [first, second, area]  # kept, never edited
    audit, total = store.list_audit(engine, action="situation_set")
    assert total == 3 and sorted(e["detail"]["id"] for e in audit) == [first, second, area]
    country = workflow.current_situation(engine, country="ML")
    assert country.record["id"] == second
    assert country.situation.conflict_kind == "non_international"
    assert country.situation.state == "ML" and country.situation.region == "africa"
    inside = workflow.current_situation(engine, area="ML0702")
    assert inside.record["id"] == area and inside.situation.ap2_threshold is True
    before = workflow.current_situation(engine, country="ML", on=date(2011, 6, 1))
    assert before.record["id"] == first and not before.situation.armed_conflict
    assert workflow.current_situation(engine, country="BF").record is None


def test_an_area_situation_applies_to_that_area_only(engine: Engine) -> None:
    workflow.set_situation(engine, country="NE", area="NE01", conflict="non_international",
                           since=date(2015, 1, 1))
    assert workflow.current_situation(engine, area="NE0101").record is not None
    assert workflow.current_situation(engine, area="NE02").record is None
    assert workflow.current_situation(engine, country="NE").record is None


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"country": "Mali", "conflict": "none"}, "alpha-2"),
    ({"country": "ML", "conflict": "civil_war"}, "--conflict must be one of"),
    ({"country": "ML", "conflict": "none", "area": "BF46"}, "not in country ML"),
])
def test_a_bad_situation_is_refused(engine: Engine, kwargs: dict, message: str) -> None:
    with pytest.raises(workflow.SituationError, match=message):
        workflow.set_situation(engine, since=date(2012, 1, 1), **kwargs)
    assert workflow.list_situations(engine) == []


def test_tiers_read_the_situation_and_name_the_mission(mali: Engine) -> None:
    peacetime = workflow.tier_report(mali, top=1)
    assert not any("Common Article 3" in b for bs in peacetime["legal_basis"].to_list()
                   for b in bs or [])
    workflow.set_situation(mali, country="ML", conflict="non_international",
                           since=date(2012, 1, 17))
    tiers = workflow.tier_report(mali, top=3)
    ml = tiers.filter(pl.col("area_pcode").str.starts_with("ML"))
    assert any("Common Article 3" in b for bs in ml["legal_basis"].to_list() for b in bs or [])
    assert set(ml["situation"]) == {"ML: non_international since 2012-01-17 (State ML)"}
    international = ml.filter(pl.col("tier") == "international")
    assert international["expected"].str.contains("MINUSMA").any()
    assert international["duty_bearers"].list.join(" ").str.contains("MINUSMA").all()
    assert international["legal_basis"].list.join(" ").str.contains("S/RES/2100").all()
    # Each tier its own conduct and legal basis: no two tiers of a threat share them.
    for _, rows in ml.group_by("area_pcode", "dimension"):
        assert rows["expected"].n_unique() == 3
        bases = [tuple(b or []) for b in rows["legal_basis"].to_list()]
        assert len(set(bases)) == 3
    # An area's own situation applies to it (and the areas under it) only.
    workflow.set_situation(mali, country="ML", area="ML0702", conflict="occupation",
                           since=date(2012, 4, 1))
    by_area = workflow.tier_report(mali, top=1).filter(
        pl.col("area_pcode").str.starts_with("ML"))
    labels = dict(zip(by_area["area_pcode"], by_area["situation"], strict=True))
    assert labels["ML0702"].startswith("ML0702: occupation")
    assert all(v.startswith("ML: non_international") for k, v in labels.items()
               if k != "ML0702")
    french = workflow.tier_report(mali, top=1, area="ML07", lang="fr")
    assert set(french["area_pcode"].str.slice(0, 4)) == {"ML07"}
    state = french.filter(pl.col("tier") == "state")["expected"].to_list()
    assert all(" le " in t or " la " in t or " les " in t for t in state), state


def test_the_mandate_gap_cites_law_in_the_stored_situation(mali: Engine) -> None:
    assert not any(c.startswith("Common Article 3")
                   for c in workflow.legal_citations(mali, "dimension", "personal"))
    workflow.set_situation(mali, country="ML", conflict="non_international",
                           since=date(2012, 1, 17))
    cites = workflow.legal_citations(mali, "dimension", "personal", limit=20)
    assert any(c.startswith("Common Article 3") for c in cites)
