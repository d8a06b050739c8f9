"""vitalcore mandate and vitalcore law, run in-process, checked in the store they wrote."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests.workflow.test_mandate import write_voices
from vitalcore import store, workflow
from vitalcore.cli import app

DATA = Path(__file__).parents[1] / "mandate" / "data"
runner = CliRunner()


def test_import_tasks_and_gap(db_url: str, tmp_path: Path) -> None:
    voices = write_voices(tmp_path / "voices.csv")
    assert runner.invoke(app, ["ingest", str(voices), "--db", db_url]).exit_code == 0
    assert runner.invoke(app, ["classify", "--db", db_url]).exit_code == 0
    result = runner.invoke(app, ["mandate", "import", str(DATA / "s_res_2100_2013.txt"),
                                 "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "S/RES/2100 (2013) (resolution, MINUSMA)" in result.output
    assert "17 tasks, imported" in result.output
    assert store.mandates_frame(workflow.open(db_url))["tasks"].to_list() == [17]

    result = runner.invoke(app, ["mandate", "show", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "ceilings 11200 military / 1440 police" in " ".join(result.output.split())
    result = runner.invoke(app, ["mandate", "tasks", "--json", "--db", db_url])
    tasks = json.loads(result.output)
    assert [t["task_id"] for t in tasks][:3] == ["16(a)-1", "16(a)-2", "16(a)-3"]

    result = runner.invoke(app, ["mandate", "gap", "--area", "LR01", "--since", "2014-01-01",
                                 "--json", "--db", db_url])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["mandate"] == "S/RES/2100 (2013)"
    unmandated = [g for g in out["gaps"] if g["unmandated"]]
    assert unmandated[0]["message"] == "economic security: rank 2 for communities, no mandated task"
    assert "ICESCR arts. 1(2), 6, 7" in unmandated[0]["legal_basis"]  # right to work

    result = runner.invoke(app, ["mandate", "gap", "--area", "LR01", "--db", db_url])
    assert "economic security: rank 2 for communities, no mandated task" in result.output

    draft = str(DATA / "s_res_2190_2014.txt")
    result = runner.invoke(app, ["mandate", "gap", "--file", draft, "--json", "--db", db_url])
    assert json.loads(result.output)["mandate"] == "S/RES/2190 (2014)"
    assert store.mandates_frame(workflow.open(db_url))["tasks"].to_list() == [17]  # unstored


def test_gap_with_a_bad_date_names_the_option(db_url: str) -> None:
    result = runner.invoke(app, ["mandate", "gap", "--since", "June", "--db", db_url])
    assert result.exit_code == 1
    assert "--since must be a date as YYYY-MM-DD, not 'June'" in result.output


def test_import_of_a_non_mandate_fails_naming_the_file(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text("Minutes. Nothing was decided.", encoding="utf-8")
    result = runner.invoke(app, ["mandate", "import", str(path), "--db", db_url])
    assert result.exit_code == 1
    assert "minutes.txt" in result.output and "no task found" in result.output


def test_law_lookup_table_and_json() -> None:
    result = runner.invoke(app, ["law", "sexual_violence", "--armed-conflict",
                                 "--conflict", "non_international", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    texts = [c["text"] for r in out["rights"] for c in r["citations"]]
    assert "Rome Statute art. 8(2)(e)(vi)" in texts
    assert "Rome Statute art. 8(2)(b)(xxii)" not in texts
    assert out["duty_bearers"]["community"]
    result = runner.invoke(app, ["law", "epidemic", "--region", "africa"])
    assert result.exit_code == 0
    assert "IHR (2005)" in result.output and "African Charter" in result.output


def test_law_unknown_threat_is_a_clear_error() -> None:
    result = runner.invoke(app, ["law", "meteor"])
    assert result.exit_code == 1
    assert "'meteor' is not a threat type or group" in result.output
    result = runner.invoke(app, ["law", "epidemic", "--conflict", "civil"])
    assert result.exit_code == 2 and "--conflict must be" in result.output  # a usage error


def test_renewals_table_and_json(db_url: str, tmp_path: Path) -> None:
    voices = write_voices(tmp_path / "voices.csv")
    runner.invoke(app, ["ingest", str(voices), "--db", db_url])
    runner.invoke(app, ["classify", "--db", db_url])
    for name in ("s_res_2190_2014.txt", "press_release_2164_2014.txt"):
        result = runner.invoke(app, ["mandate", "import", str(DATA / name), "--db", db_url])
        assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["mandate", "renewals", "--mission", "UNMIL", "--json",
                                 "--db", db_url])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {r["symbol"] for r in rows} == {"S/RES/2190 (2014)"}
    health = next(r for r in rows if r["label"] == "health")
    assert health["community_weight"] > health["coverage"] > 0
    # A summary has no adoption date: it cannot be placed among renewals.
    result = runner.invoke(app, ["mandate", "renewals", "--mission", "MINUSMA", "--db", db_url])
    assert result.exit_code == 1 and "no stored resolution with an adoption date" in result.output
    result = runner.invoke(app, ["mandate", "renewals", "--mission", "UNMIL", "--db", db_url])
    assert "Renewals of UNMIL" in result.output
