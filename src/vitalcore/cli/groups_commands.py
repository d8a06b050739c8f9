"""vitalcore groups and vitalcore resilience: who is most exposed, what capacities exist."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from vitalcore import workflow
from vitalcore.cli.common import (
    AREAS_SHOWN,
    AreaOption,
    AreasShownOption,
    DbOption,
    JsonOption,
    WideOption,
    busiest_rows,
    console,
    example,
    print_areas_left,
    print_json,
)
from vitalcore.cli.kept import kept
from vitalcore.cli.tables import Table

app = typer.Typer()
DateOption = typer.Option(formats=["%Y-%m-%d"], show_default=False)


@app.command(epilog=example("vitalcore groups", "vitalcore groups --threats --json",
                            "vitalcore groups --area ML0702 --all"))
@kept()
def groups(
    area: AreaOption = None,
    since: Annotated[datetime | None, DateOption] = None,
    until: Annotated[datetime | None, DateOption] = None,
    threats: Annotated[bool, typer.Option("--threats", help="Threat types instead of "
                                          "dimensions.")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Every group and label, not "
                                           "only the disproportionate.")] = False,
    min_voices: Annotated[int, typer.Option(help="Fewer exposed voices mark a row as "
                                            "weak.")] = 5,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Which groups are disproportionately exposed: relative risk vs the other voices.

    A row is flagged when the 95% Katz interval of the relative risk lies above 1 and
    at least --min-voices voices of the group report the threat.
    """
    import polars as pl

    table = workflow.group_vulnerability(
        workflow.open_existing(db), area=area, since=since, until=until,
        labels="threats" if threats else "dimensions", min_voices=min_voices, memo=True,
    )
    if not show_all:
        table = table.filter(pl.col("disproportionate"))
    if as_json:
        print_json(table.to_dicts())
        return
    if table.is_empty():
        console.print("no group is disproportionately exposed in these voices"
                      + ("" if show_all else " (see --all)"))
        return
    out = Table("group", "threat", "exposed", "group share", "others", "relative risk [95%]",
                title="Exposure by group", title_justify="left")
    out.columns[-1].overflow = "fold"  # a wide interval breaks, never loses its end
    for r in table.iter_rows(named=True):
        rr = "-" if r["rr"] is None else \
            f"{_ratio(r['rr'])} [{_ratio(r['rr_low'])}-{_ratio(r['rr_high'])}]"
        mark = " *" if r["disproportionate"] else (" (few voices)" if r["low_evidence"] else "")
        others = "-" if r["others_share"] is None else f"{r['others_share']:.0%}"
        out.add_row(r["group"], r["label"], f"{r['exposed']}/{r['group_voices']}",
                    f"{r['group_share']:.0%}", others, rr + mark)
    console.print(out)
    console.print("[dim]* disproportionate exposure: interval above 1[/dim]")


def _ratio(x: float) -> str:
    """A relative risk with the digits that matter: 1.31, 12.4, 133."""
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:.0f}"


@app.command(epilog=example("vitalcore resilience", "vitalcore resilience --gaps --wide",
                            "vitalcore resilience --gaps --json"))
@kept()
def resilience(
    area: AreaOption = None,
    since: Annotated[datetime | None, DateOption] = None,
    until: Annotated[datetime | None, DateOption] = None,
    top: Annotated[int, typer.Option(help="Ranks that count as high threat.")] = 3,
    gaps: Annotated[bool, typer.Option("--gaps", help="Only resilience gaps.")] = False,
    areas: AreasShownOption = AREAS_SHOWN,
    db: DbOption = None,
    as_json: JsonOption = False,
    wide: WideOption = False,
) -> None:
    """Threat beside capacity per area and dimension: where resilience is missing.

    Capacity: voices describing capacities, peace committees, coping, or proposing a
    solution (cues in taxonomy/resilience.yaml). A gap: a top threat with capacity
    voices below a quarter of its threat voices.
    """
    import polars as pl

    engine = workflow.open_existing(db)
    table = workflow.resilience_report(engine, area=area, since=since, until=until, top=top,
                                       memo=True)
    if gaps:
        table = table.filter(pl.col("resilience_gap"))
    if as_json:
        print_json(table.to_dicts())
        return
    table, left, total = busiest_rows(
        table, None if area else workflow.count_voices_by(engine, "area_pcode"), areas)
    # 80 columns: the P-code and the totals; --wide: the area's name and each capacity.
    parts = ("peace cttee", "coping", "solutions", "strain") if wide else ()
    out = Table("area", "dimension", "rank", "threat voices", "capacity", *parts, "gap",
                title="Resilience", title_justify="left")
    for r in table.iter_rows(named=True):
        counts = (str(r["peace_committee_voices"]), str(r["coping_voices"]),
                  str(r["solution_voices"]), str(r["negative_coping_voices"]))
        name = f"{r['area_name']} ({r['area_pcode']})" if wide else r["area_pcode"]
        out.add_row(name, r["dimension"], str(r["rank"]), str(r["threat_voices"]),
                    str(r["capacity_voices"]), *(counts if wide else ()),
                    f"{r['gap']:.3f}" + (" GAP" if r["resilience_gap"] else ""))
    console.print(out)
    print_areas_left(left, total)
