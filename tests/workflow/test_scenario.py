"""A simulated scenario through the whole pipeline, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from vitalcore import store
from vitalcore.cli import app
from vitalcore.simulate import simulate
from vitalcore.simulate.scoring import REPORT_KEYS
from vitalcore.workflow import load_scenario

runner = CliRunner()


def test_every_channel_file_is_ingested_whole(engine: Engine, tmp_path: Path) -> None:
    simulate(3, 1200, tmp_path / "scenario")
    truth = json.loads((tmp_path / "scenario/truth.json").read_text(encoding="utf-8"))
    loaded = load_scenario(engine, tmp_path / "scenario")
    assert not [f for f in loaded.files if f.skipped]
    for f in loaded.files:
        expected = truth["files"][f.entry.path.name]["records"]
        assert f.counts.read == f.counts.stored == expected, f.entry.path.name
    assert loaded.classified == 1200 == store.count_rows(engine, "voices")
    pcodes = set(store.voices_frame(engine)["area_pcode"].drop_nulls().to_list())
    assert pcodes <= set(truth["areas"])  # structured places land on admin-2 areas


def test_adjacency_actions_and_mandate_come_with_the_scenario(
        engine: Engine, tmp_path: Path) -> None:
    simulate(3, 600, tmp_path / "scenario")
    loaded = load_scenario(engine, tmp_path / "scenario")
    assert loaded.area_links > 0 and loaded.area_links == store.area_links_frame(engine).height
    assert loaded.actions == len(store.list_actions(engine)) > 0
    assert loaded.mandate and store.mandates_frame(engine).height == 1
    again = load_scenario(engine, tmp_path / "scenario")  # idempotent: nothing twice
    assert (again.area_links, again.actions) == (0, 0)
    assert store.mandates_frame(engine).height == 1


def test_evaluate_scenario_json_has_every_key(tmp_path: Path) -> None:
    simulate(1, 2000, tmp_path / "scenario")
    result = runner.invoke(app, ["evaluate-scenario", "--truth",
                                 str(tmp_path / "scenario/truth.json"), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert set(REPORT_KEYS) <= set(scores)
    assert 0.0 <= scores["top_threat_recovery"] <= 1.0
    assert scores["top_threat_areas_scored"] > 0


def test_evaluate_scenario_on_a_given_store_scores_it_as_it_is(tmp_path: Path) -> None:
    simulate(1, 600, tmp_path / "scenario")
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    result = runner.invoke(app, ["evaluate-scenario", "--truth",
                                 str(tmp_path / "scenario/truth.json"), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["top_threat_recovery"] is None  # nothing in it


def test_a_format_without_reader_is_skipped_and_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vitalcore.ingest import READERS
    from vitalcore.store import open_store

    monkeypatch.delitem(READERS, "kobo")
    simulate(2, 300, tmp_path / "scenario")
    engine = open_store(f"sqlite:///{tmp_path / 's.db'}")
    heard: list[str] = []
    loaded = load_scenario(engine, tmp_path / "scenario", note=heard.append)
    engine.dispose()
    assert [f.entry.path.name for f in loaded.files if f.skipped] == ["kobo_survey.json"]
    assert "skipped kobo_survey.json: no reader for format 'kobo' yet" in heard
