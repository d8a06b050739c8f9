"""vitalcore classify --text --json and vitalcore voices show, run in-process on a real store."""

import csv
import json
from pathlib import Path

from sqlalchemy import text as sql
from typer.testing import CliRunner

from vitalcore import workflow
from vitalcore.cli import app

runner = CliRunner()
KEYS = {"dimensions", "threat_types", "groups", "severity", "evidence", "area_pcode",
        "language"}


def test_classify_text_json_keeps_its_keys() -> None:
    result = runner.invoke(app, ["classify", "--json", "--text",
                                 "Des hommes armés ont enlevé deux enseignants à Léré",
                                 "--text", "Prix ya mchele imepanda sokoni"])
    assert result.exit_code == 0, result.output
    first, second = json.loads(result.output)
    assert set(first) >= KEYS and set(second) >= KEYS
    assert "abduction" in first["threat_types"]
    assert first["severity"] >= 4
    evidence = {e["label"]: e["terms"] for e in first["evidence"]}
    assert evidence["abduction"] and "lere" not in evidence["abduction"]


def test_bad_input_gets_no_labels_and_no_error() -> None:
    result = runner.invoke(app, ["classify", "--json", "--text", "", "--text", "merci"])
    assert result.exit_code == 0, result.output
    for reading in json.loads(result.output):
        assert reading["threat_types"] == {}
        assert all(score < 0.5 for score in reading["dimensions"].values())
        assert reading["severity"] in (0, 1)


def _store(tmp_path: Path, db_url: str) -> dict[str, str]:
    voices = tmp_path / "voices.csv"
    rows = [
        ("v-rape", "Two girls were raped by militiamen near the river on Sunday", "en"),
        ("v-german", "Die Soldaten haben gestern das ganze Dorf niedergebrannt", ""),
        ("v-short", "ok", ""),
    ]
    with voices.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text", "language", "channel", "source", "date"])
        for source_id, text, language in rows:
            writer.writerow([source_id, text, language, "sms", "field", "2026-11-02"])
    result = runner.invoke(app, ["ingest", str(voices), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["classify", "--db", db_url]).exit_code == 0
    engine = workflow.open(db_url)
    with engine.connect() as conn:
        return dict(conn.execute(sql("select source_id, id from voices")).all())


def test_voices_show_re_shows_stored_labels(tmp_path: Path, db_url: str) -> None:
    ids = _store(tmp_path, db_url)
    assert set(ids) == {"v-rape", "v-german", "v-short"}  # every voice stored
    shown = runner.invoke(app, ["voices", "show", ids["v-rape"], "--db", db_url, "--json"])
    assert shown.exit_code == 0, shown.output
    reading = json.loads(shown.output)["reading"]
    assert "sexual_violence" in reading["threat_types"]
    assert reading["severity"] >= 4
    assert "raped" in reading["evidence"]["sexual_violence"]
    table = runner.invoke(app, ["voices", "show", ids["v-rape"], "--db", db_url])
    assert table.exit_code == 0, table.output
    assert "sexual_violence" in table.output and "raped" in table.output
    assert "severity" in table.output


def test_unsupported_language_says_so_and_is_stored(tmp_path: Path, db_url: str) -> None:
    ids = _store(tmp_path, db_url)
    shown = runner.invoke(app, ["voices", "show", ids["v-german"], "--db", db_url, "--json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["reading"]["language"] == "de"
    short = json.loads(runner.invoke(app, ["voices", "show", ids["v-short"], "--db", db_url,
                                           "--json"]).output)["reading"]
    assert short["threat_types"] == {} and short["severity"] in (0, 1)


def test_voices_show_names_an_unknown_id(db_url: str) -> None:
    workflow.open(db_url)
    result = runner.invoke(app, ["voices", "show", "nope", "--db", db_url])
    assert result.exit_code == 1  # a runtime error (docs/cli.md), not a usage error
    assert "no voice 'nope'" in result.output
