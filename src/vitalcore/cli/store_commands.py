"""vitalcore init, vitalcore areas, vitalcore boundaries: set up a store and its geography."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from vitalcore import workflow
from vitalcore.cli.common import DbOption, console, example, fail
from vitalcore.config import database_url

app = typer.Typer()


def _beside_the_data(key_file: Path, url: str) -> bool:
    """Whether the key file would sit in the folder of a SQLite store."""
    if not url.startswith("sqlite:///"):
        return False
    store_dir = Path(url.removeprefix("sqlite:///")).resolve().parent
    return key_file.resolve().parent == store_dir


@app.command(epilog=example(
    "vitalcore init",
    "vitalcore init --db postgresql+psycopg://postgres@127.0.0.1:5432/test",
    "vitalcore init --key-file /media/usb/vitalcore.key",
))
def init(
    db: DbOption = None,
    key_file: Annotated[Path | None, typer.Option(
        help="Where to create the privacy key (default: $VITALCORE_KEY_FILE or "
        "~/.config/vitalcore/key). Never beside the data.")] = None,
) -> None:
    """Create the store (or migrate it) and the privacy key, if there is none yet.

    The key encrypts reporter contacts and original texts and keys the pseudonyms. It
    is kept outside the store; back it up apart from the data: without it they cannot
    be read, and new voices of a known reporter get a different pseudonym.
    """
    from vitalcore import privacy  # cryptography where a key is read

    url = database_url(db)
    if key_file is None and os.environ.get(privacy.KEY_ENV):
        console.print("privacy key: from $VITALCORE_KEY", highlight=False)
    else:
        target = (key_file or privacy.key_path()).expanduser()
        if _beside_the_data(target, url):
            raise fail(f"{target}: the key must not be stored beside the data; "
                       "choose another folder with --key-file")
        existed = target.exists()
        try:
            privacy.create_key(target)
        except privacy.KeyMissingError as err:
            raise fail(str(err)) from None
        state = "kept (already there)" if existed else "created"
        console.print(f"privacy key {state}: {target}", highlight=False)
        if key_file is not None and key_file != privacy.key_path():
            console.print(f"  use it with: export VITALCORE_KEY_FILE={target}",
                          highlight=False)
    workflow.open(db).dispose()
    console.print(f"store ready: {url}", highlight=False)
    pending = workflow.scale_pending_indexes(url)
    if pending:  # reads work, slowly, until the indexes are back
        console.print(f"[yellow]warning:[/yellow] {len(pending)} read indexes were set aside "
                      f"by a bulk load that did not finish ({', '.join(pending)}); run the "
                      "same `vitalcore scale load` again to build them", highlight=False)


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


@app.command(epilog=example(
    "vitalcore boundaries mli_adm2.geojson",
    "vitalcore boundaries cod_ab_adm2.geojson --pcode-field ADM2_PCODE",
))
def boundaries(
    geojson: Annotated[Path, typer.Argument(
        help="GeoJSON FeatureCollection of Polygon/MultiPolygon areas, longitude/latitude.")],
    pcode_field: Annotated[str | None, typer.Option(
        help="Property holding the P-code (default: the first ending in 'pcode').")] = None,
    db: DbOption = None,
) -> None:
    """Import area boundaries, so the dashboard's map is a choropleth (areas first)."""
    if not geojson.is_file():
        raise fail(f"{geojson}: no such file")
    try:
        added = workflow.import_boundaries(workflow.open(db), geojson, pcode_field=pcode_field)
    except ValueError as err:
        raise fail(str(err)) from None
    console.print(f"boundaries: {added} areas from {geojson.name}", highlight=False)
