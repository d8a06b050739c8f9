"""vitalcore rank: the vital core per area, as tables or JSON."""

from __future__ import annotations

from typing import Annotated

import polars as pl
import typer
from rich.table import Table

from vitalcore import workflow
from vitalcore.cli.common import DbOption, JsonOption, console, example, print_json

app = typer.Typer()


def vital_core_table(frame: pl.DataFrame, title: str) -> Table:
    """A rich table of one scope's ranked vital core."""
    table = Table("rank", "dimension", "score", "pervasiveness", "severity", "voices",
                  "sources", title=title, title_justify="left")
    for row in frame.iter_rows(named=True):
        flag = " (few voices)" if row["low_evidence"] else ""
        table.add_row(
            str(row["rank"]), row["dimension"], f"{row['score']:.3f}",
            f"{row['pervasiveness']:.2f}", f"{row['severity']:.1f}",
            f"{row['voices']}/{row['voices_in_scope']}{flag}", f"{row['source_share']:.0%}",
        )
    return table


def print_vital_core(frame: pl.DataFrame, *, top: int) -> None:
    """Print one table per area, overall first."""
    scopes = frame.select("area_pcode", "area_name").unique(maintain_order=True)
    order = sorted(scopes.iter_rows(), key=lambda r: (r[0] != "ALL", r[0]))
    for pcode, name in order:
        part = frame.filter((pl.col("area_pcode") == pcode) & (pl.col("rank") <= top))
        title = "Vital core, all areas" if pcode == "ALL" else f"Vital core, {name} ({pcode})"
        console.print(vital_core_table(part, title))


@app.command(epilog=example("vitalcore rank", "vitalcore rank --area ML0702 --top 3 --json"))
def rank(
    area: Annotated[str | None, typer.Option(help="Only this area's P-code.")] = None,
    top: Annotated[int, typer.Option(help="Threats shown per area.")] = 7,
    min_voices: Annotated[int, typer.Option(help="Fewer voices mark a rank as weak.")] = 5,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Rank threats by dimension per area: severity x pervasiveness, most vital first."""
    frame = workflow.vital_core(workflow.open(db), area=area, min_voices=min_voices)
    if as_json:
        print_json(frame.filter(pl.col("rank") <= top).to_dicts())
        return
    if frame.is_empty():
        console.print("no classified voices yet: run vitalcore ingest, then vitalcore classify")
        return
    print_vital_core(frame, top=top)
