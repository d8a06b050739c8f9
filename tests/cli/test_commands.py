"""The CLI, run in-process, then checked in the database it wrote."""

from pathlib import Path

import pytest
from typer.core import TyperGroup
from typer.main import get_command
from typer.testing import CliRunner

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
    assert result.exit_code == 1
    assert "supported formats: csv, xlsx, json, ndjson, kobo" in result.output
