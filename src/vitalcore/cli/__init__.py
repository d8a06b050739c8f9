"""The `vitalcore` command: a thin shell over vitalcore.workflow.

Each module here holds the commands of one stage; this file only wires them.
"""

from __future__ import annotations

import typer

from vitalcore.cli import (
    briefing_commands,
    classify_commands,
    demo_command,
    ingest_commands,
    rank_commands,
    store_commands,
)
from vitalcore.cli.common import example

app = typer.Typer(
    name="vitalcore",
    help="Human security from the bottom up: voices in, vital-core threats out.",
    epilog=example("vitalcore demo", "vitalcore ingest voices.csv --channel sms",
                   "vitalcore rank --area ML0702"),
    no_args_is_help=True,
    add_completion=False,
)

COMMAND_MODULES = (
    briefing_commands,
    store_commands,
    ingest_commands,
    classify_commands,
    rank_commands,
    demo_command,
)
for module in COMMAND_MODULES:
    app.registered_commands += module.app.registered_commands
app.add_typer(ingest_commands.quarantine_app, name="quarantine")


def main() -> None:
    """Console-script entry point."""
    app()
