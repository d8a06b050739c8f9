"""What every command shares: the --db option, the console, progress bars, JSON output."""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

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

if TYPE_CHECKING:
    import polars as pl

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
AREA_HELP = ("Only this area, with every area under it: a cercle or region P-code (ML0702, "
             "ML07), a country code (ML) or a gazetteer name (Gao).")
AreaOption = Annotated[str | None, typer.Option(help=AREA_HELP)]

# Tables fit 80 columns by default; --wide adds the columns that do not.
WideOption = Annotated[bool, typer.Option(
    "--wide", help="Every column, wider than an 80-column terminal.")]

# A table per area at 57 areas is 700 lines nobody reads in a terminal (and 0.4 s of
# drawing): the busiest areas come first and the rest are counted, not drawn.
AREAS_SHOWN = 10
AreasShownOption = Annotated[int, typer.Option(
    "--areas", help="Areas shown, those with the most voices first; 0: every area. "
    "--json and --area are not cut.")]


def busiest(voices_per_area: dict[str, int], present: list[str], shown: int) -> list[str]:
    """The areas of `present` to draw: all of them when `shown` is 0 or covers them, else
    the `shown` with the most voices (ties by P-code), in that order."""
    order = sorted(present, key=lambda a: (-voices_per_area.get(a, 0), a))
    return order if shown <= 0 else order[:shown]


def busiest_rows(table: pl.DataFrame, voices_per_area: dict[str, int] | None, shown: int
                 ) -> tuple[pl.DataFrame, int, int]:
    """The rows of `table` (one block per area_pcode) of the areas `busiest` keeps, busiest
    block first, rows in their order within it; how many areas were left out, of how many.
    No `voices_per_area` (one area asked for) keeps every row."""
    import polars as pl

    present = table["area_pcode"].unique().to_list()
    if voices_per_area is None:
        return table, 0, len(present)
    place = {a: i for i, a in enumerate(busiest(voices_per_area, present, shown))}
    kept = (table.filter(pl.col("area_pcode").is_in(list(place))).with_row_index("_order")
            .sort(pl.col("area_pcode").replace_strict(place, return_dtype=pl.Int64), "_order")
            .drop("_order"))
    return kept, len(present) - len(place), len(present)


def print_areas_left(left: int, total: int) -> None:
    """Say what --areas left out and how to see it."""
    if left > 0:
        console.print(f"[dim]{left} more of {total} areas not shown (fewer voices): "
                      "--areas 0 shows every area, --area P-CODE one[/dim]", highlight=False)


def reflow(text: str | None) -> str | None:
    """A docstring as help: each paragraph on one line, so the terminal wraps it (source
    lines break at 100 characters, mid-sentence). Lines that start a list item ("-",
    "*") or are indented (examples) keep their own line."""
    if not text:
        return text
    paragraphs = []
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        lines: list[str] = []
        for line in paragraph.splitlines():
            keep = not lines or line.startswith((" ", "-", "*", "$")) or not line.strip()
            if keep:
                lines.append(line)
            else:
                lines[-1] = f"{lines[-1].rstrip()} {line.strip()}"
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


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


def usage(message: str) -> typer.Exit:
    """Print an error about the command line itself (an option's value) and return the
    Exit to raise: exit code 2, as Click gives for its own usage errors."""
    errors.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


def fail(message: str) -> typer.Exit:
    """Print an error and return the Exit to raise: exit code 1, the command could not do
    its work (2 is Click's, for a wrong command line; see cli/exits.py)."""
    # escaped: a message may hold brackets ("vitalcore[server]", a user's input)
    errors.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code=1)
