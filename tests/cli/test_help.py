"""Every command's help reads as prose: no line broken mid-sentence, and it fits 80 columns."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import typer
from typer.testing import CliRunner

from vitalcore.cli import app


def _commands(command: object, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple, object]]:
    subcommands = getattr(command, "commands", None)
    if subcommands:
        for name, sub in subcommands.items():
            yield from _commands(sub, (*path, name))
    else:
        yield path, command


COMMANDS = list(_commands(typer.main.get_command(app)))


def test_every_command_has_help_paragraphs_on_one_line_each() -> None:
    broken = []
    for path, command in COMMANDS:
        for paragraph in (command.help or "").split("\n\n"):
            lines = paragraph.splitlines()
            if any(not line.startswith((" ", "-", "*", "$")) for line in lines[1:]):
                broken.append(" ".join(path))
    assert COMMANDS and broken == []


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS][:60])
def test_help_fits_80_columns(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
