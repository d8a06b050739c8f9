"""vitalcore places unknown|conflicts: place names and places to review."""

from __future__ import annotations

from typing import Annotated

import typer

from vitalcore import workflow
from vitalcore.cli.common import DbOption, JsonOption, console, example, print_json
from vitalcore.cli.tables import Table

app = typer.Typer(
    help="Places the gazetteer could not resolve, and place conflicts.",
    epilog=example("vitalcore places unknown", "vitalcore places conflicts --json"))


@app.command("unknown", epilog=example(
    "vitalcore places unknown", "vitalcore places unknown --file sms_north.csv --json"))
def unknown(
    file: Annotated[str | None, typer.Option(
        help="Only voices of this ingested file (its name, as the ingest printed it).")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Place names and P-codes the gazetteer does not know, with counts and voice ids.

    Nothing is dropped: the voices are stored (placed from their text when it names a
    known place). Import the missing areas (`vitalcore areas FILE`) and the list
    empties. No reporter data is shown."""
    rows = workflow.unknown_places(workflow.open(db), file=file)
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print("every place name and P-code is in the gazetteer")
        return
    table = Table("place as given", "kind", "voices", "example voice ids",
                  title="Places not in the gazetteer", title_justify="left")
    for r in rows:
        table.add_row(r["place"], r["kind"], str(r["voices"]),
                      ", ".join(v[:12] for v in r["example_voice_ids"]))
    console.print(table)
    console.print(f"{len(rows)} places not resolved, {sum(r['voices'] for r in rows)} voices",
                  highlight=False)


@app.command("conflicts", epilog=example("vitalcore places conflicts --json"))
def conflicts(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Voices whose place column and text name unrelated areas.

    The column's area is the one counted; the area the text names is shown here."""
    rows = workflow.place_conflicts(workflow.open(db))
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print("no place conflicts")
        return
    table = Table("voice", "counted in (column)", "named in the text",
                  title="Place conflicts", title_justify="left")
    for r in rows:
        table.add_row(r["voice_id"][:12], f"{r['given_name'] or ''} ({r['given_pcode']})",
                      f"{r['text_name'] or ''} ({r['text_pcode']})")
    console.print(table)
    console.print(f"{len(rows)} place conflicts", highlight=False)
