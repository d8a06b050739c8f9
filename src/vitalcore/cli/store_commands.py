"""vitalcore init, vitalcore areas: set up a store and its gazetteer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vitalcore import workflow
from vitalcore.cli.common import DbOption, console, example, fail
from vitalcore.config import database_url

app = typer.Typer()


@app.command(epilog=example(
    "vitalcore init",
    "vitalcore init --db postgresql+psycopg://postgres@127.0.0.1:5432/test",
))
def init(db: DbOption = None) -> None:
    """Create the store, or migrate it to the newest schema."""
    workflow.open(db)
    console.print(f"store ready: {database_url(db)}", highlight=False)


@app.command(epilog=example("vitalcore areas gazetteer.csv"))
def areas(
    gazetteer: Annotated[Path, typer.Argument(help="Gazetteer CSV: pcode,name,country,...")],
    db: DbOption = None,
) -> None:
    """Import areas (P-codes, names, alternate names, centroids) from a gazetteer CSV."""
    if not gazetteer.is_file():
        raise fail(f"{gazetteer}: no such file")
    try:
        added = workflow.import_areas(workflow.open(db), gazetteer)
    except ValueError as err:
        raise fail(str(err)) from None
    console.print(f"areas: {added} new")
