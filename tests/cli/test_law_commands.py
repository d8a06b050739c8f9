"""vitalcore law, situation and tiers, run in-process: the commands the issue names."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from vitalcore import workflow
from vitalcore.cli import app
from vitalcore.demo import sample_path

DATA = Path(__file__).parents[1] / "mandate" / "data"
runner = CliRunner()


def _citations(output: str) -> list[dict]:
    out = json.loads(output)
    return [c for r in out["rights"] for c in r["citations"]]


def test_law_with_a_state_says_ratified_on_every_citation() -> None:
    result = runner.invoke(app, ["law", "sexual_violence", "--armed-conflict", "--conflict",
                                 "non_international", "--region", "africa", "--state", "ML",
                                 "--json"])
    assert result.exit_code == 0, result.output
    cites = _citations(result.output)
    assert all("ratified" in c and c["applies_because"] and c["source"] for c in cites)
    maputo = [c for c in cites if c["instrument"] == "maputo_protocol"]
    assert maputo and maputo[0]["ratified"] is True
    rome = next(c for c in cites if c["text"] == "Rome Statute art. 8(2)(e)(vi)")
    assert rome["ratified"] is True and rome["ratified_since"] == "2000-08-16"
    assert any(c["instrument"] == "common_article_3" for c in cites)
    assert json.loads(result.output)["not_applied"]  # AP II, with the reason


def test_law_for_refugees_cites_the_1969_oau_convention_not_idp_law() -> None:
    result = runner.invoke(app, ["law", "displaced", "--region", "africa", "--displacement",
                                 "cross_border", "--json"])
    assert result.exit_code == 0, result.output
    cites = _citations(result.output)
    assert any(c["instrument"] == "oau_refugee_convention" for c in cites)
    assert not any(c["instrument"] in ("kampala_convention", "guiding_principles_idp")
                   for c in cites)


def test_law_unverified_lists_what_awaits_review() -> None:
    result = runner.invoke(app, ["law", "--unverified", "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert items and all(not i["verified"] and i["source"] for i in items)
    assert runner.invoke(app, ["law"]).exit_code == 2


def test_situation_set_list_and_tiers(db_url: str) -> None:
    engine = workflow.open(db_url)
    workflow.import_areas(engine, sample_path("areas.csv"))
    workflow.ingest(engine, sample_path("synthetic_voices.csv"))
    workflow.classify_pending(engine)
    workflow.import_mandate(engine, DATA / "s_res_2100_2013.txt")
    result = runner.invoke(app, ["situation", "set", "--country", "ML", "--conflict",
                                 "non_international", "--since", "2012-01-17", "--db", db_url])
    assert result.exit_code == 0, result.output
    bad = runner.invoke(app, ["situation", "set", "--country", "ML", "--conflict", "war",
                              "--since", "2012-01-17", "--db", db_url])
    assert bad.exit_code == 2 and "--conflict must be one of" in bad.output
    listed = json.loads(runner.invoke(app, ["situation", "list", "--json", "--db",
                                            db_url]).output)
    assert [(r["country"], r["conflict"], r["since"]) for r in listed] == [
        ("ML", "non_international", "2012-01-17")]
    result = runner.invoke(app, ["tiers", "--json", "--db", db_url])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert any("Common Article 3" in b for r in rows for b in r["legal_basis"] or [])
    international = [r for r in rows if r["tier"] == "international"]
    assert international and all("MINUSMA" in r["expected"] for r in international)
    area = json.loads(runner.invoke(app, ["tiers", "--json", "--area", "ML07", "--db",
                                          db_url]).output)
    assert area and {r["area_pcode"][:4] for r in area} == {"ML07"}
    # law reads the stored situation too.
    result = runner.invoke(app, ["law", "armed_attack", "--situation", "ML", "--db", db_url,
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["situation"]["conflict_kind"] == "non_international"
    assert any(c["instrument"] == "common_article_3" for c in _citations(result.output))
