"""The `vitalcore` command: a thin shell over vitalcore.workflow.

Each module here holds the commands of one stage; this file only wires them.
"""

from __future__ import annotations

import typer

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
    rank_commands,
    scale_commands,
    service_commands,
    simulate_commands,
    store_commands,
    warning_commands,
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
app.add_typer(mandate_commands.app, name="mandate")
app.add_typer(action_commands.app, name="actions")
app.add_typer(scale_commands.app, name="scale")
app.add_typer(service_commands.users_app, name="users")
app.add_typer(service_commands.keys_app, name="keys")


def main() -> None:
    """Console-script entry point."""
    from vitalcore.cli.common import errors
    from vitalcore.workflow.core import StoreKeyMismatch

    try:
        app()
    except StoreKeyMismatch as err:  # raised by any command's workflow.open
        errors.print(f"[red]error:[/red] {err}", highlight=False, soft_wrap=True)
        raise SystemExit(2) from None
