"""What every command shares: the --db option, the console, progress bars, JSON output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

console = Console()
errors = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Store: a SQLite file path or a SQLAlchemy URL "
        "(postgresql+psycopg://user@host/db). Default: $VITALCORE_DB or ./vitalcore.db.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def example(*lines: str) -> str:
    """An epilog with examples, shown by --help."""
    return "Examples:\n\n" + "\n\n".join(f"  $ {line}" for line in lines)


class RateColumn(ProgressColumn):
    """Rows per second, blank until the first rows are counted."""

    def render(self, task: Any) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "", style="progress.data.speed")


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Any]:
    """A progress bar with rows per second; yields a function to advance it."""
    columns = [
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=errors, transient=False) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)


def print_json(data: Any) -> None:
    """JSON to standard output, plain (no colour codes), for machines."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def fail(message: str) -> typer.Exit:
    """Print an error and return the Exit to raise: exit code 1, the command could not do
    its work (2 is Click's, for a wrong command line; see cli/exits.py)."""
    # escaped: a message may hold brackets ("vitalcore[server]", a user's input)
    errors.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code=1)
