"""vitalcore rank: the vital core per area, group or period, with intervals and coverage."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from vitalcore import workflow
from vitalcore.cli.common import (
    AREAS_SHOWN,
    AreaOption,
    AreasShownOption,
    DbOption,
    JsonOption,
    busiest,
    console,
    example,
    fail,
    print_areas_left,
    print_json,
)
from vitalcore.cli.kept import kept
from vitalcore.cli.tables import Table

if TYPE_CHECKING:
    import polars as pl

app = typer.Typer()

ALL = "ALL"
DateOption = typer.Option(formats=["%Y-%m-%d"], show_default=False)


class SplitBy(StrEnum):
    """What one table of the ranking is about."""

    AREA = "area"
    GROUP = "group"
    PERIOD = "period"


_SCOPE_COLUMN = {SplitBy.AREA: "area_pcode", SplitBy.GROUP: "group", SplitBy.PERIOD: "period"}


def _interval(row: dict, name: str, fmt: str) -> str:
    value = format(row[name], fmt)
    low, high = row.get(f"{name}_low"), row.get(f"{name}_high")
    if low is None or high is None:
        return value
    return f"{value} ({format(low, fmt)}-{format(high, fmt)})"


def vital_core_table(frame: pl.DataFrame, title: str) -> Table:
    """A rich table of one scope's ranked vital core, 95% intervals in parentheses; the
    scope's voices in the title (each row's voices are out of them)."""
    if frame.height:
        title += f" ({frame['voices_in_scope'][0]:,} voices)"
    table = Table(title=title, title_justify="left")
    for header in ("rank", "dimension", "score", "perv.", "sev.", "weight", "voices"):
        table.add_column(header, no_wrap=header in ("rank", "dimension", "score"))
    for row in frame.iter_rows(named=True):
        flag = " few" if row["low_evidence"] else ""
        weight = row.get("priority_weight")
        rank = _interval(row, "rank", "d")
        if row.get("tied"):  # equal scores share a rank: "2=" as in sports tables
            rank = rank.replace(str(row["rank"]), f"{row['rank']}=", 1)
        table.add_row(
            rank, row["dimension"], _interval(row, "score", ".2f"),
            f"{row['pervasiveness']:.2f}", f"{row['severity']:.1f}",
            "-" if weight is None else f"{weight:.2f}",
            f"{row['voices']}{flag}",
        )
    return table


def _title(row: dict) -> str:
    pcode, name = row["area_pcode"], row.get("area_name") or row["area_pcode"]
    where = "all areas" if pcode == ALL else f"{name} ({pcode})"
    parts = [f"Vital core, {where}"]
    if row.get("group", ALL) != ALL:
        parts.append(f"group {row['group']}")
    if row.get("period", ALL) != ALL:
        parts.append(f"period from {row['period']}")
    return ", ".join(parts)


def print_vital_core(frame: pl.DataFrame, *, top: int, areas: list[str] | None = None) -> None:
    """Print one table per scope (area, group, period), the overall scope first; with
    `areas`, only those areas' tables after it, in that order."""
    import polars as pl

    keys = [c for c in ("area_pcode", "group", "period") if c in frame.columns]
    scopes = frame.select(*keys, *[c for c in ("area_name",) if c in frame.columns])
    scopes = scopes.unique(maintain_order=True).to_dicts()
    scopes.sort(key=lambda r: tuple((r[k] != ALL, r[k]) for k in keys))
    if areas is not None:
        place = {a: i for i, a in enumerate(areas)}
        scopes = [r for r in scopes if r["area_pcode"] == ALL or r["area_pcode"] in place]
        scopes.sort(key=lambda r: -1 if r["area_pcode"] == ALL else place[r["area_pcode"]])
    for scope in scopes:
        match = pl.all_horizontal(pl.col(k) == scope[k] for k in keys)
        part = frame.filter(match & (pl.col("rank") <= top))
        console.print(vital_core_table(part, _title(scope)))
        notes = part["notes"].to_list()[0] if "notes" in part.columns and part.height else None
        for note in notes or ():
            console.print(f"[yellow]note:[/yellow] {note}", highlight=False)
    if "rank_low" in frame.columns and frame["rank_low"].is_not_null().any():
        console.print("[dim](low-high): 95% bootstrap interval over voices; perv.: "
                      "pervasiveness; sev.: severity 1-5; weight: the community's Borda "
                      "priority weight (1 = no ballots); few: fewer voices than "
                      "--min-voices; 2=: tied with another threat[/dim]")


def print_coverage(coverage: pl.DataFrame) -> None:
    """Who was heard and who was not, one line per facet."""
    import polars as pl

    for facet in ("group", "area", "channel"):
        part = coverage.filter(pl.col("facet") == facet)
        heard = [f"{r['value']} {r['voices']}" for r in part.iter_rows(named=True)
                 if r["status"] != "not heard"]
        silent = part.filter(pl.col("status") == "not heard")["value"].to_list()
        thin = part.filter(pl.col("status") == "thin")["value"].to_list()
        line = f"[bold]heard by {facet}[/bold]: " + (", ".join(heard) or "nobody")
        if thin:
            line += f"  [yellow]thin: {', '.join(thin)}[/yellow]"
        if silent:
            line += f"  [red]not heard: {', '.join(silent)}[/red]"
        console.print(line, highlight=False)


@app.command(epilog=example(
    "vitalcore rank",
    "vitalcore rank --area ML0702 --top 3 --json",
    "vitalcore rank --area ML0702 --group women --since 2025-01-01",
    "vitalcore rank --by group --until 2025-07-01",
))
@kept()
def rank(
    area: AreaOption = None,
    group: Annotated[str | None, typer.Option(help="Only voices of this group.")] = None,
    since: Annotated[datetime | None, DateOption] = None,
    until: Annotated[datetime | None, DateOption] = None,
    by: Annotated[SplitBy, typer.Option(help="One table per area, group or period.")] = (
        SplitBy.AREA
    ),
    period: Annotated[str, typer.Option(help="Period length with --by period: 1w, 1mo, "
                                        "3mo.")] = "1mo",
    top: Annotated[int, typer.Option(help="Threats shown per table.")] = 7,
    min_voices: Annotated[int, typer.Option(help="Fewer voices mark a rank as weak.")] = 5,
    bootstrap: Annotated[int, typer.Option(help="Bootstrap replicates (0: no "
                                           "intervals).")] = 200,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap.")] = 0,
    areas: AreasShownOption = AREAS_SHOWN,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Rank threats bottom-up: severity x pervasiveness x the community's own priorities.

    Each rank shows its 95% bootstrap interval and the voices behind it; ranks with
    fewer than --min-voices voices are marked. Coverage (who was heard) follows.
    --since is inclusive, --until exclusive; with either, undated voices are left out.
    """
    import polars as pl

    engine = workflow.open_existing(db)
    try:
        frame = workflow.rank_threats(
            engine, area=area, group=group, since=since, until=until,
            by=(_SCOPE_COLUMN[by],), period=period, min_voices=min_voices,
            replicates=bootstrap, seed=seed, memo=True,
        )
    except ValueError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        print_json(frame.filter(pl.col("rank") <= top).to_dicts())
        return
    if frame.is_empty():
        console.print("no classified voices in this scope: run vitalcore ingest, then "
                      "vitalcore classify, or widen --area/--group/--since/--until")
        return
    present = [a for a in frame["area_pcode"].unique().to_list() if a != ALL]
    if area is None and by is SplitBy.AREA and 0 < areas < len(present):
        per_area = dict(zip(*frame.filter(pl.col("area_pcode") != ALL)
                            .group_by("area_pcode").agg(pl.col("voices_in_scope").max())
                            .get_columns(), strict=True))
        shown = busiest(per_area, present, areas)
        print_vital_core(frame, top=top, areas=shown)
        print_areas_left(len(present) - len(shown), len(present))
    else:
        print_vital_core(frame, top=top)
    print_coverage(workflow.coverage_report(engine, area=area, since=since, until=until,
                                            min_voices=min_voices, memo=True))
