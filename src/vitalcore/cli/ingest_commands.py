"""vitalcore ingest, vitalcore quarantine list|show|retry: voices in, bad records aside."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer

from vitalcore import workflow
from vitalcore.cli.common import (
    DbOption,
    JsonOption,
    console,
    example,
    fail,
    print_json,
    progress_bar,
)
from vitalcore.cli.tables import Table
from vitalcore.ingest.catalogue import FORMATS
from vitalcore.vocabulary import Channel

app = typer.Typer()
quarantine_app = typer.Typer(help="Records that could not become voices, with the reason.")
mapping_app = typer.Typer(
    help="Mappings: which column of a file becomes which Voice field.",
    epilog=example("vitalcore mapping suggest field_sms.csv --out field_sms.yaml"),
)

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
    "vitalcore ingest field_sms.csv --preview",
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
    preview: Annotated[bool, typer.Option(
        help="Show the column mapping, a few rows as they would be stored and what would "
        "be quarantined, and write nothing.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Read voices from files; good rows are stored, bad rows quarantined with a reason.

    Common headers (place, lieu, localité, cercle, région, date, téléphone, canal, HXL
    tags ...) are understood without a mapping; the summary names the columns used and
    those not used. Reporter contacts are pseudonymised and encrypted, phone numbers and
    e-mails scrubbed from the text (the key comes from `vitalcore init`). Ends with
    "read N, stored S, duplicates D, quarantined Q" (N = S + D + Q). Batches commit as
    they go: an interrupted ingest is resumed by running the same command again.
    """
    from vitalcore import privacy  # cryptography where a key is read
    from vitalcore.ingest import detect_format

    for path in files:
        if not path.is_file():
            raise fail(f"{path}: no such file")
        try:
            detect_format(path, format)
        except ValueError as err:
            raise fail(str(err)) from None
    if preview:
        _preview(files, format=format, mapping=mapping, channel=channel, source=source,
                 db=db, as_json=as_json)
        return
    try:
        privacy.load_key()
    except privacy.KeyMissingError as err:
        raise fail(str(err)) from None
    engine = workflow.open(db)
    total = workflow.IngestCounts()
    reports = []
    unresolved = 0  # distinct place names the gazetteer does not know, per file
    for path in files:
        try:
            plan = workflow.column_plan(engine, path, format=format, mapping=mapping)
        except ValueError as err:  # a mapping that cannot be loaded
            raise fail(f"{path.name}: {err}") from None
        with progress_bar(f"ingest {path.name}", _count_lines(path)) as advance:
            try:
                counts = workflow.ingest(engine, path, format=format, mapping=mapping,
                                         channel=channel, source=source, progress=advance,
                                         batch_size=batch_size)
            except ValueError as err:  # a mapping that cannot be loaded, no text column
                raise fail(f"{path.name}: {err}") from None
        total += counts
        reports.append({"file": path.name, **vars(counts), **plan.as_dict()})
        prefix = f"{path.name}: " if len(files) > 1 else ""
        if len(files) > 1 and not as_json:
            console.print(f"{path.name}: {counts.line()}", highlight=False)
        unplaced = len(workflow.unknown_places(engine, file=path.name))
        unresolved += unplaced
        reports[-1]["places_not_resolved"] = unplaced
        if as_json:
            continue
        for note in plan.notes():
            console.print(f"{prefix}{note}", highlight=False, soft_wrap=True)
    if as_json:
        print_json({**vars(total), "places_not_resolved": unresolved, "files": reports})
        return
    console.print(total.line(), highlight=False)
    if unresolved:
        console.print(f"places not resolved: {unresolved}, see vitalcore places unknown",
                      highlight=False)


def _preview(files: list[Path], *, format: str | None, mapping: str | None,
             channel: Channel | None, source: str | None, db: str | None,
             as_json: bool) -> None:
    """ingest --preview: read with the store's gazetteer when the store exists; no writes."""
    engine = workflow.open_if_present(db)
    previews = []
    for path in files:
        try:
            previews.append(workflow.preview_ingest(engine, path, format=format,
                                                    mapping=mapping, channel=channel,
                                                    source=source))
        except ValueError as err:
            raise fail(f"{path.name}: {err}") from None
    if as_json:
        print_json(previews if len(previews) > 1 else previews[0])
        return
    for preview in previews:
        _print_preview(preview)


def _print_preview(preview: dict) -> None:
    console.print(f"[bold]{preview['file']}[/bold] read as {preview['format']} with mapping "
                  f"{preview['mapping']} (preview: nothing is written)", highlight=False)
    columns = Table("column", "becomes", "how")
    for use in preview["used"]:
        columns.add_row(use["column"], use["becomes"], use["how"])
    for column in preview["unused"]:
        columns.add_row(column, "[yellow]not used[/yellow]", "")
    console.print(columns)
    for flag in preview["flags"]:
        console.print(f"[yellow]{flag}[/yellow]", highlight=False)
    if preview["refused"]:
        console.print(f"[red]{preview['refused']}: ingest would refuse this file[/red]")
        return
    rows = Table("row", "text", "channel", "date", "area", "place", title="as stored")
    for row in preview["rows"]:
        rows.add_row(str(row["row"]), row["text"], row["channel"],
                     (row["occurred_at"] or "")[:10], row["area_pcode"] or "",
                     row["place_name"] or "")
    console.print(rows)
    if preview["quarantined"]:
        bad = Table("row", "field", "reason", title="would be quarantined")
        for entry in preview["quarantined"][:20]:
            bad.add_row(str(entry["row"]), entry["field"] or "", entry["reason"])
        console.print(bad)
    console.print(f"first {preview['scanned']} records: would store {preview['would_store']}, "
                  f"would quarantine {preview['would_quarantine']} (duplicates are known "
                  "only when ingesting)", highlight=False)


@mapping_app.command("suggest", epilog=example(
    "vitalcore mapping suggest field_sms.csv --out field_sms.yaml",
    "vitalcore ingest field_sms.csv --mapping field_sms.yaml",
))
def mapping_suggest(
    file: Annotated[Path, typer.Argument(help="The file whose headers to read.")],
    out: Annotated[Path | None, typer.Option(
        help="Write the YAML here (default: print it).")] = None,
    format: Annotated[str | None, typer.Option(help="The file's format (default: suffix).")
                      ] = None,
    channel: Annotated[Channel | None, typer.Option(
        help="Default channel written into the mapping.")] = None,
) -> None:
    """Write an editable mapping from a file's headers: edit it, then ingest --mapping."""
    if not file.is_file():
        raise fail(f"{file}: no such file")
    try:
        text = workflow.suggest_mapping(file, format=format, channel=channel)
    except ValueError as err:
        raise fail(f"{file.name}: {err}") from None
    if out is None:
        console.print(text, highlight=False, markup=False, soft_wrap=True)
        return
    if out.exists():
        raise fail(f"{out} exists: choose another --out (an edited mapping is not overwritten)")
    out.write_text(text, encoding="utf-8")
    console.print(f"wrote {out}: edit it, then vitalcore ingest {file} --mapping {out}",
                  highlight=False)


@quarantine_app.command("list", epilog=example(
    "vitalcore quarantine list", "vitalcore quarantine list --file kobo_survey.json --json"
))
def quarantine_list(
    file: Annotated[str | None, typer.Option(help="Only records of this file name.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List quarantined records with the reason each was rejected."""
    entries = workflow.quarantine_entries(workflow.open_existing(db), file=file)
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
    from vitalcore import privacy  # cryptography where a key is read

    try:
        entry = workflow.show_quarantined(workflow.open_existing(db), entry_id, reveal=reveal,
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
    from vitalcore import privacy  # cryptography where a key is read

    try:
        counts = workflow.retry_quarantined(
            workflow.open_existing(db), entry_ids or (), file=file, mapping=mapping,
            channel=channel, source=source,
        )
    except (KeyError, ValueError, privacy.KeyMissingError) as err:
        raise fail(str(err).strip("'\"")) from None
    console.print(counts.line(), highlight=False)
