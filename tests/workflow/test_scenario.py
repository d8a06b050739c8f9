"""A simulated scenario through the whole pipeline, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from vitalcore import store
from vitalcore.simulate import simulate
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
