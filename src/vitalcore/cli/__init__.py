"""The `vitalcore` command: a thin shell over vitalcore.workflow.

Each module here holds the commands of one stage; this file only wires them.
"""

from __future__ import annotations

import gc
from typing import Annotated

import typer

from vitalcore import __version__
from vitalcore.cli import (
    action_commands,
    briefing_commands,
    chains_commands,
    classify_commands,
    demo_command,
    groups_commands,
    ingest_commands,
    law_commands,
    mandate_commands,
    model_commands,
    places_commands,
    rank_commands,
    scale_commands,
    service_commands,
    simulate_commands,
    situation_commands,
    store_commands,
    voices_commands,
    warning_commands,
)
from vitalcore.cli.common import example, reflow
from vitalcore.cli.exits import VitalcoreGroup

app = typer.Typer(
    name="vitalcore",
    help="Human security from the bottom up: voices in, vital-core threats out.",
    epilog=example("vitalcore demo", "vitalcore ingest voices.csv --channel sms",
                   "vitalcore rank --area ML0702")
    + "\n\nExit codes: 0 done; 1 the command could not do its work (one line on standard "
    "error says why); 2 a wrong command line (usage); 130 interrupted.",
    no_args_is_help=True,
    add_completion=False,
    cls=VitalcoreGroup,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"vitalcore {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True,
        help="Print the version and exit.")] = False,
) -> None:
    """The root of every command; --version is its only option."""

COMMAND_MODULES = (
    briefing_commands,
    store_commands,
    ingest_commands,
    classify_commands,
    model_commands,
    rank_commands,
    simulate_commands,
    groups_commands,
    chains_commands,
    demo_command,
    law_commands,
    simulate_commands,
    warning_commands,
    service_commands,
)
for module in COMMAND_MODULES:
    app.registered_commands += module.app.registered_commands
app.add_typer(ingest_commands.quarantine_app, name="quarantine")
app.add_typer(ingest_commands.mapping_app, name="mapping")
app.add_typer(mandate_commands.app, name="mandate")
app.add_typer(situation_commands.app, name="situation")
app.add_typer(action_commands.app, name="actions")
app.add_typer(places_commands.app, name="places")
app.add_typer(scale_commands.app, name="scale")
app.add_typer(voices_commands.app, name="voices")
app.add_typer(service_commands.users_app, name="users")
app.add_typer(service_commands.keys_app, name="keys")


def _reflow_help(typer_app: typer.Typer) -> None:
    """Every command's help from its docstring, each paragraph on one line (common.reflow)."""
    for command in typer_app.registered_commands:
        doc = command.help or (command.callback.__doc__ if command.callback else None)
        command.help = reflow(doc)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _reflow_help(group.typer_instance)


_reflow_help(app)


def main() -> None:
    """Console-script entry point (errors: cli/exits.py, one line and exit 1)."""
    # A command imports SQLAlchemy, polars and numpy and builds frames of thousands of
    # rows: with the default thresholds (700, 10, 10) the cycle collector ran through
    # every object made so far, again and again, about a tenth of a cold `chains` or
    # `rumours`. Collections stay, less often (issue 24).
    gc.set_threshold(50_000, 20, 20)
    app()
