"""vitalcore classify --text, evaluate, label, review: run in-process."""

import json
from pathlib import Path

from typer.testing import CliRunner

from vitalcore import store, workflow
from vitalcore.classify.training import HELDOUT_FILE, training_dir
from vitalcore.cli import app
from vitalcore.demo import sample_path

runner = CliRunner()


def test_evaluate_json_has_the_agreed_keys() -> None:
    result = runner.invoke(app, ["evaluate", "--data", str(training_dir() / HELDOUT_FILE),
                                 "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert {"macro_f1", "per_label", "per_language", "n", "calibration"} <= set(report)
    assert report["n"] == 129
    assert set(report["per_language"]) >= {"ht", "en", "fr"}
    assert 0 <= report["calibration"]["brier"] <= 1


def test_evaluate_only_scores_the_labels_a_file_has(tmp_path: Path) -> None:
    path = tmp_path / "few.csv"
    path.write_text("text,language,food\nnou grangou,ht,1\nmèsi anpil,ht,0\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--data", str(path), "--json"])
    report = json.loads(result.output)
    assert list(report["per_label"]) == ["food"]


def test_evaluate_names_the_bad_cell(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("text,food\nnou grangou,2\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--data", str(path)])
    assert result.exit_code == 1
    assert "bad.csv, row 1, field 'food'" in result.output


def test_classify_text_prints_labels_with_evidence() -> None:
    result = runner.invoke(app, ["classify", "--text", "Nou bezwen manje ak dlo nan Carrefour"])
    assert result.exit_code == 0, result.output
    assert "food" in result.output and "manje" in result.output


def test_label_and_review_on_a_store(db_url: str) -> None:
    engine = workflow.open(db_url)
    workflow.import_areas(engine, sample_path("areas.csv"))
    workflow.ingest(engine, sample_path("synthetic_voices.csv"), source="demo")
    assert runner.invoke(app, ["classify", "--db", db_url]).exit_code == 0
    result = runner.invoke(app, ["review", "--db", db_url, "--limit", "3", "--json"])
    queue = json.loads(result.output)
    assert len(queue) == 3
    voice = queue[0]["voice_id"]
    result = runner.invoke(app, ["label", voice, "--add", "food", "--remove", "health",
                                 "--analyst", "amina", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert [c["analyst"] for c in store.list_corrections(engine)] == ["amina", "amina"]
    bad = runner.invoke(app, ["label", voice, "--add", "hunger", "--db", db_url])
    assert bad.exit_code == 1 and "unknown label 'hunger'" in bad.output


def test_evaluate_scores_the_original_column_and_detects_languages(tmp_path: Path) -> None:
    path = tmp_path / "translated.csv"
    path.write_text(
        "id,message,original,genre,food,health,environmental\n"
        "1,We have no food and no water since the earthquake,"
        "Nou pa gen manje ni dlo depi tranbleman an,direct,1,0,1\n"
        "2,Many people are sick and there is no medicine,"
        "Anpil moun malad e pa gen medikaman,direct,0,1,0\n"
        "3,The flood carried away our houses,,news,0,0,1\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--data", str(path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert {"macro_f1", "per_label", "per_language", "n", "calibration", "model_version",
            "original", "columns", "skipped_rows", "language_from"} <= set(report)
    assert report["n"] == 3 and report["columns"]["ignored"] == ["genre"]
    assert report["language_from"] == "detected" and "en" in report["per_language"]
    original = report["original"]
    assert original["n"] == 2
    assert {"macro_f1", "per_label", "per_language", "calibration"} <= set(original)
    assert set(original["per_label"]) == {"food", "health", "environmental"}
    text = runner.invoke(app, ["evaluate", "--data", str(path)])
    assert "original column" in text.output


def test_label_takes_the_id_review_prints_and_names_an_ambiguous_prefix(db_url: str) -> None:
    engine = workflow.open(db_url)
    workflow.import_areas(engine, sample_path("areas.csv"))
    workflow.ingest(engine, sample_path("synthetic_voices.csv"), source="demo")
    assert runner.invoke(app, ["classify", "--db", db_url]).exit_code == 0
    table = runner.invoke(app, ["review", "--db", db_url, "--limit", "1"],
                          env={"COLUMNS": "200"})
    full = json.loads(runner.invoke(app, ["review", "--db", db_url, "--limit", "1",
                                          "--json"]).output)[0]["voice_id"]
    printed = full[:12]
    assert printed in table.output
    done = runner.invoke(app, ["label", printed, "--add", "food", "--analyst", "amina",
                               "--db", db_url])
    assert done.exit_code == 0, done.output
    assert {c["voice_id"] for c in store.list_corrections(engine)} == {full}
    ids = store.voices_frame(engine)["voice_id"].to_list()
    shared = next(a[:4] for a, b in zip(sorted(ids), sorted(ids)[1:], strict=False)
                  if a[:4] == b[:4])
    ambiguous = runner.invoke(app, ["label", shared, "--add", "food", "--db", db_url])
    assert ambiguous.exit_code == 1 and "ambiguous" in ambiguous.output
    missing = runner.invoke(app, ["label", "zzzzzzzz", "--add", "food", "--db", db_url])
    assert missing.exit_code == 1 and "no voice with id 'zzzzzzzz'" in missing.output
