"""vitalcore ingest, vitalcore quarantine: voices in, bad records kept aside."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from vitalcore import store, workflow
from vitalcore.cli.common import (
    DbOption,
    JsonOption,
    console,
    example,
    fail,
    print_json,
    progress_bar,
)
from vitalcore.domain import Channel
from vitalcore.ingest import detect_format

app = typer.Typer()
quarantine_app = typer.Typer(help="Records that could not become voices, with the reason.")


def _count_lines(path: Path) -> int | None:
    """Rough total for the progress bar: lines in the file (None for JSON arrays)."""
    if path.suffix.lower() == ".json":
        return None
    with path.open("rb") as fh:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    return max(0, lines - 1)


@app.command(epilog=example(
    "vitalcore ingest voices.csv --channel sms --source rapidpro-north",
    "vitalcore ingest posts.ndjson --channel social_post",
))
def ingest(
    files: Annotated[list[Path], typer.Argument(help="Files to ingest.")],
    format: Annotated[
        str | None, typer.Option(help="csv, json or ndjson; default from the suffix.")
    ] = None,
    mapping: Annotated[
        str, typer.Option(help="A shipped mapping's name or a YAML mapping file.")
    ] = "vitalcore",
    channel: Annotated[
        Channel | None, typer.Option(help="Channel of the rows that name none.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Source of the rows that name none (default: file name).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Read voices from files; good rows are stored, bad rows quarantined with a reason.

    Ends with "read N, stored S, duplicates D, quarantined Q" (N = S + D + Q).
    Running the same file again stores nothing new.
    """
    engine = workflow.open(db)
    total = store.IngestCounts()
    for path in files:
        if not path.is_file():
            raise fail(f"{path}: no such file")
        try:
            detect_format(path, format)
        except ValueError as err:
            raise fail(str(err)) from None
        with progress_bar(f"ingest {path.name}", _count_lines(path)) as advance:
            counts = workflow.ingest(engine, path, format=format, mapping=mapping,
                                     channel=channel, source=source, progress=advance)
        total += counts
        if len(files) > 1:
            console.print(f"{path.name}: {counts.line()}")
    console.print(total.line())


@quarantine_app.command("list", epilog=example(
    "vitalcore quarantine list", "vitalcore quarantine list --json"
))
def quarantine_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List quarantined records with the reason each was rejected."""
    entries = store.list_quarantine(workflow.open(db))
    if as_json:
        print_json(entries)
        return
    table = Table("file", "row", "field", "reason")
    for e in entries:
        table.add_row(e["file"], str(e["row"]), e["field"] or "", e["reason"])
    console.print(table)
    console.print(f"{len(entries)} quarantined")
