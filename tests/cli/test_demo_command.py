"""vitalcore demo, run in-process, then checked in the store and the scenario it wrote."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from vitalcore import store
from vitalcore.cli import app
from vitalcore.cli.demo_command import DEMO_VOICES

runner = CliRunner()


def _demo(tmp_path: Path) -> tuple[str, Path, str]:
    db, scenario = str(tmp_path / "demo.db"), tmp_path / "scenario"
    result = runner.invoke(app, ["demo", "--db", db, "--scenario", str(scenario)])
    assert result.exit_code == 0, result.output
    return db, scenario, result.output


def test_demo_simulates_ingests_every_channel_and_prints_the_vital_core(tmp_path: Path) -> None:
    db, scenario, output = _demo(tmp_path)
    assert "synthetic demonstration data, not real events" in output
    assert "Vital core, all areas" in output
    assert "Where to look next" in output and "evaluate-scenario" in output
    # Every page has content (issue 22): rumours, spread, chains and the mandate gap.
    findings = output[output.index("What else the demo holds"):]
    for page in ("rumours: ", "spread paths: ", "threat chains: ", "mandate gap: "):
        line = next(row for row in findings.splitlines() if page in row)
        assert ": none," not in line, line  # threat chains too, at 20,000 voices
    truth = json.loads((scenario / "truth.json").read_text(encoding="utf-8"))
    engine = store.open_store(f"sqlite:///{db}")
    assert store.count_rows(engine, "voices") == DEMO_VOICES
    assert store.count_rows(engine, "classifications") == DEMO_VOICES
    assert store.count_rows(engine, "areas") == len(truth["areas"]) + 13  # + admin 1
    channels = set(store.voices_frame(engine)["channel"].unique().to_list())
    assert channels == {f["channel"] for f in truth["files"].values()}
    # the rest of what the mission knows: mandate, actions, which areas border which
    assert store.mandates_frame(engine).height == 1
    assert store.list_actions(engine) and store.area_links_frame(engine).height > 0
    # the situation the law is read in: Mali, non-international, since January 2012
    (situation,) = store.list_situations(engine)
    assert (situation["country"], situation["conflict"], str(situation["since"])) == (
        "ML", "non_international", "2012-01-17")
    engine.dispose()
    gap = runner.invoke(app, ["mandate", "gap", "--db", db, "--json"])
    assert gap.exit_code == 0, gap.output
    # The README's example: a region (Gao) answers with its cercles' voices.
    region = runner.invoke(app, ["mandate", "gap", "--area", "ML07", "--db", db, "--json"])
    assert region.exit_code == 0, region.output
    assert json.loads(region.output)["matrix"]


def test_demo_twice_stores_nothing_new_and_rank_reads_its_store(tmp_path: Path) -> None:
    db, _, _ = _demo(tmp_path)
    _, _, output = _demo(tmp_path)
    assert "stored 0" in output and "stored 1" not in output
    assert len(store.list_situations(store.open_store(f"sqlite:///{db}"))) == 1
    result = runner.invoke(app, ["rank", "--area", "ml0702", "--top", "2", "--json", "--db", db])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["rank"] for r in rows] == [1, 2]
    assert {r["area_pcode"] for r in rows} == {"ML0702"}
