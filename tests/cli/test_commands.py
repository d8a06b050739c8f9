"""The CLI, run in-process, then checked in the database it wrote."""

import json
from pathlib import Path

import pytest
from typer.core import TyperGroup
from typer.main import get_command
from typer.testing import CliRunner

from vitalcore import store
from vitalcore.cli import app
from vitalcore.demo import sample_path

DATA = Path(__file__).parents[1] / "data"
runner = CliRunner()


def _all_commands() -> list[list[str]]:
    root = get_command(app)
    paths: list[list[str]] = [[]]
    assert isinstance(root, TyperGroup)
    for name, command in root.commands.items():
        paths.append([name])
        if isinstance(command, TyperGroup):
            paths.extend([name, sub] for sub in command.commands)
    return paths


@pytest.mark.parametrize("path", _all_commands(), ids=lambda p: " ".join(p) or "vitalcore")
def test_every_command_has_help_with_an_example(path: list[str]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    if path and path[0] == "quarantine" and len(path) == 1:
        return  # a group: its subcommands carry the examples
    assert "Examples:" in result.output
    assert "$ vitalcore" in result.output


def test_ingest_twice_reports_nothing_new(db_url: str) -> None:
    voices = str(sample_path("synthetic_voices.csv"))
    first = runner.invoke(app, ["ingest", voices, "--db", db_url])
    assert first.exit_code == 0, first.output
    assert "read 360, stored 360, duplicates 0, quarantined 0" in first.output
    second = runner.invoke(app, ["ingest", voices, "--db", db_url])
    assert "read 360, stored 0, duplicates 360, quarantined 0" in second.output


def test_broken_csv_through_the_cli(db_url: str) -> None:
    result = runner.invoke(app, ["ingest", str(DATA / "broken_row.csv"), "--db", db_url])
    assert "read 6, stored 3, duplicates 0, quarantined 3" in result.output
    listing = runner.invoke(app, ["quarantine", "list", "--json", "--db", db_url])
    assert '"reason": "broken_row.csv, row 3: has 7 fields' in listing.output


def test_unknown_format_is_a_clear_error(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "voices.docx"
    path.write_bytes(b"PK")
    result = runner.invoke(app, ["ingest", str(path), "--db", db_url])
    assert result.exit_code == 2
    assert "supported formats: csv, xlsx, json, ndjson, kobo" in result.output


def test_demo_prints_the_vital_core_and_fills_the_store(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = runner.invoke(app, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "synthetic demonstration data" in result.output
    assert "Vital core, all areas" in result.output
    assert "Vital core, Ansongo (ML0702)" in result.output
    engine = store.open_store(f"sqlite:///{db}")
    assert store.count_rows(engine, "voices") == 360
    assert store.count_rows(engine, "classifications") == 360


def test_rank_json_for_one_area(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    runner.invoke(app, ["demo", "--db", db])
    result = runner.invoke(app, ["rank", "--area", "ml0703", "--top", "2", "--json", "--db", db])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["rank"] for r in rows] == [1, 2]
    assert {r["area_pcode"] for r in rows} == {"ML0703"}
    assert rows[0]["dimension"] == "food"  # Bourem's planted first concern
