"""vitalcore ingest, vitalcore quarantine list|show|retry: voices in, bad records aside."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from vitalcore import privacy, store, workflow
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
from vitalcore.ingest import FORMATS, detect_format

app = typer.Typer()
quarantine_app = typer.Typer(help="Records that could not become voices, with the reason.")

MappingOption = Annotated[
    str | None,
    typer.Option(help="A YAML mapping file or a shipped mapping's name "
                 "(default: the format's own, ingest/mappings/<format>.yaml)."),
]


def _count_lines(path: Path) -> int | None:
    """Rough total for the progress bar: lines in a line-based file, else unknown."""
    if path.suffix.lower() not in {".csv", ".tsv", ".txt", ".ndjson", ".jsonl"}:
        return None
    with path.open("rb") as fh:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    return max(0, lines - (path.suffix.lower() in {".csv", ".tsv", ".txt"}))


@app.command(epilog=example(
    "vitalcore ingest voices.csv --channel sms --source rapidpro-north",
    "vitalcore ingest kobo_survey.json --format kobo --mapping my_form.yaml",
    "vitalcore ingest ged.csv --format ucdp",
))
def ingest(
    files: Annotated[list[Path], typer.Argument(help="Files to ingest.")],
    format: Annotated[
        str | None, typer.Option(help=f"One of: {', '.join(FORMATS)}. Default: from the "
                                 "suffix (.csv, .xlsx, .json, .ndjson).")
    ] = None,
    mapping: MappingOption = None,
    channel: Annotated[
        Channel | None, typer.Option(help="Channel of the rows that name none.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Source of the rows that name none (default: file name).")
    ] = None,
    batch_size: Annotated[int, typer.Option(
        min=1, help="Rows per transaction: a killed ingest loses at most one batch's work.")
    ] = 5000,
    db: DbOption = None,
) -> None:
    """Read voices from files; good rows are stored, bad rows quarantined with a reason.

    Reporter contacts are pseudonymised and encrypted, phone numbers and e-mails
    scrubbed from the text (the key comes from `vitalcore init`). Ends with
    "read N, stored S, duplicates D, quarantined Q" (N = S + D + Q). Batches commit as
    they go: an interrupted ingest is resumed by running the same command again.
    """
    for path in files:
        if not path.is_file():
            raise fail(f"{path}: no such file")
        try:
            detect_format(path, format)
        except ValueError as err:
            raise fail(str(err)) from None
    try:
        privacy.load_key()
    except privacy.KeyMissingError as err:
        raise fail(str(err)) from None
    engine = workflow.open(db)
    total = store.IngestCounts()
    for path in files:
        with progress_bar(f"ingest {path.name}", _count_lines(path)) as advance:
            try:
                counts = workflow.ingest(engine, path, format=format, mapping=mapping,
                                         channel=channel, source=source, progress=advance,
                                         batch_size=batch_size)
            except ValueError as err:  # a mapping that cannot be loaded
                raise fail(f"{path.name}: {err}") from None
        total += counts
        if len(files) > 1:
            console.print(f"{path.name}: {counts.line()}", highlight=False)
    console.print(total.line(), highlight=False)


@quarantine_app.command("list", epilog=example(
    "vitalcore quarantine list", "vitalcore quarantine list --file kobo_survey.json --json"
))
def quarantine_list(
    file: Annotated[str | None, typer.Option(help="Only records of this file name.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List quarantined records with the reason each was rejected."""
    entries = store.quarantine_entries(workflow.open(db), file=file)
    if as_json:
        print_json(entries)
        return
    table = Table("id", "file", "row", "field", "reason")
    for e in entries:
        table.add_row(e["id"][:10], e["file"], str(e["row"]), e["field"] or "", e["reason"])
    console.print(table)
    console.print(f"{len(entries)} quarantined")


@quarantine_app.command("show", epilog=example(
    "vitalcore quarantine show 3f9a2c71e0", "vitalcore quarantine show 3f9a2c71e0 --reveal"
))
def quarantine_show(
    entry_id: Annotated[str, typer.Argument(help="Id (or its first characters) from `list`.")],
    reveal: Annotated[bool, typer.Option(
        help="Also decrypt the raw fields as received (contacts included).")] = False,
    db: DbOption = None,
) -> None:
    """Show one quarantined record: reason, how it was read, its raw fields."""
    try:
        entry = workflow.show_quarantined(workflow.open(db), entry_id, reveal=reveal,
                                          actor=f"cli:{getpass.getuser()}")
    except (KeyError, privacy.KeyMissingError) as err:
        raise fail(str(err).strip("'\"")) from None
    print_json(entry)


@quarantine_app.command("retry", epilog=example(
    "vitalcore quarantine retry --mapping fixed_kobo.yaml",
    "vitalcore quarantine retry 3f9a2c71e0 --channel sms",
    "vitalcore quarantine retry --file partner_reports.csv",
))
def quarantine_retry(
    entry_ids: Annotated[list[str] | None, typer.Argument(
        help="Ids to retry (default: all, or all of --file).")] = None,
    file: Annotated[str | None, typer.Option(help="Only records of this file name.")] = None,
    mapping: MappingOption = None,
    channel: Annotated[Channel | None, typer.Option(
        help="Channel for records that name none.")] = None,
    source: Annotated[str | None, typer.Option(help="Source for records that name none.")] = None,
    db: DbOption = None,
) -> None:
    """Normalise quarantined records again, e.g. after fixing a mapping.

    A record that now makes a voice is stored and leaves quarantine; the others stay,
    with the newest reason.
    """
    try:
        counts = workflow.retry_quarantined(
            workflow.open(db), entry_ids or (), file=file, mapping=mapping,
            channel=channel, source=source,
        )
    except (KeyError, ValueError, privacy.KeyMissingError) as err:
        raise fail(str(err).strip("'\"")) from None
    console.print(counts.line(), highlight=False)
