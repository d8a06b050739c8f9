"""vitalcore alerts, spread and rumours: early warning and credibility, as tables or JSON."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from vitalcore import workflow
from vitalcore.cli.common import (
    AreaOption,
    DbOption,
    JsonOption,
    WideOption,
    console,
    example,
    fail,
    print_json,
    progress_bar,
)
from vitalcore.cli.kept import kept
from vitalcore.cli.tables import Table

app = typer.Typer()

AsOf = Annotated[
    datetime | None,
    typer.Option("--as-of", formats=["%Y-%m-%d"], help="Evaluate as on this day (YYYY-MM-DD)."),
]


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


@app.command(epilog=example("vitalcore alerts", "vitalcore alerts --area ML0702 --wide",
                            "vitalcore alerts --area ML0702 --json",
                            "vitalcore alerts --active --as-of 2025-03-01"))
@kept()
def alerts(
    area: AreaOption = None,
    dimension: Annotated[str | None, typer.Option(help="Only this dimension.")] = None,
    weekly: Annotated[bool, typer.Option(help="Weekly instead of daily counts.")] = False,
    active: Annotated[bool, typer.Option(help="Leave out resolved alerts.")] = False,
    as_of: AsOf = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    wide: WideOption = False,
) -> None:
    """Early-warning alerts per area x dimension (and threat type), deduplicated across
    EARS C1-C3, CUSUM, Shewhart and the quasi-Poisson GLM, with lifecycle state."""
    table = workflow.alerts(workflow.open_existing(db), freq="week" if weekly else "day",
                            as_of=_day(as_of), area=area, dimension=dimension,
                            include_resolved=not active)
    if as_json:
        print_json(table.to_dicts())
        return
    if table.is_empty():
        console.print(f"no alerts: {workflow.why_no_alerts(workflow.open(db))}",
                      highlight=False, soft_wrap=True)
        return
    if not wide:  # 80 columns: what rose, where, since when; --wide: the statistics too
        out = Table("area", "dimension or threat", "first signal", "state", "voices",
                    title="Alerts", title_justify="left")
        for r in table.iter_rows(named=True):
            out.add_row(r["area_pcode"], r["threat_type"] or r["dimension"] or "",
                        str(r["first_signal"]), r["state"], str(r["voices"]))
        console.print(out)
        return
    out = Table("area", "dimension", "threat", "first signal", "last signal", "state",
                "algorithms", "voices", title="Alerts", title_justify="left")
    for r in table.iter_rows(named=True):
        # A dimension's alert may come from one of its threat types' series: name it.
        fired = ", ".join(
            f"{s['algorithm']}{' (' + s['threat_type'] + ')' if s.get('threat_type') else ''}"
            f" {s['max']:.1f}>{s['threshold']:g}" for s in r["statistics"])
        out.add_row(r["area_pcode"], r["dimension"] or "", r["threat_type"] or "",
                    str(r["first_signal"]), str(r["last_signal"]), r["state"], fired,
                    str(r["voices"]))
    console.print(out)


@app.command(epilog=example("vitalcore spread", "vitalcore spread --edges adjacency.csv",
                            "vitalcore spread --cross-border --window 21 --json"))
@kept(unless=("edges",))
def spread(
    edges: Annotated[Path | None, typer.Option(
        help="CSV pcode_a,pcode_b[,cross_border] to store as the adjacency first.",
        exists=True, dir_okay=False)] = None,
    window: Annotated[int, typer.Option(
        help="Most days from a rise to a neighbour's that count as an arrival "
             "(analysis.spread.WINDOW_DAYS).")] = 21,
    k: Annotated[int, typer.Option(help="Without an edge list: nearest areas linked.")] = 3,
    max_km: Annotated[float | None, typer.Option(help="Without an edge list: max km.")] = None,
    dimension: Annotated[str | None, typer.Option(help="Only this dimension.")] = None,
    cross_border: Annotated[bool, typer.Option(help="Only paths that cross a border.")] = False,
    area: Annotated[str | None, typer.Option(
        help="Only paths through this area: a cercle, a region or a country code.")] = None,
    as_of: AsOf = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Spread paths: an alert followed by alerts in neighbouring areas, across borders too."""
    engine = workflow.open_existing(db)
    if edges:
        try:
            added = workflow.import_adjacency(engine, edges)
        except ValueError as exc:
            raise fail(str(exc)) from None
        console.print(f"adjacency: {added} new neighbour pairs from {edges.name}")
    paths = workflow.spread(engine, window=window, k=k, max_km=max_km, as_of=_day(as_of),
                            dimension=dimension, cross_border_only=cross_border, area=area,
                            memo=True)
    if as_json:
        print_json(paths.to_dicts())
        return
    if paths.is_empty():
        console.print(f"no spread paths: {workflow.why_no_spread(engine, window=window)}",
                      highlight=False, soft_wrap=True)
        return
    out = Table("dimension", "threat", "path (area: first signal)", "border", "Knox p",
                title=f"Spread paths (neighbours from {paths['neighbours_from'][0]})",
                title_justify="left")
    for r in paths.iter_rows(named=True):
        steps = " -> ".join(f"{s['area_pcode']}: {s['first_signal']}" for s in r["steps"])
        out.add_row(r["dimension"], r["threat_type"] or "", steps,
                    "crosses" if r["crosses_border"] else "", f"{r['knox_p']:.3f}")
    console.print(out)


@app.command(epilog=example("vitalcore rumours", "vitalcore rumours --all --json"))
@kept()
def rumours(
    show_all: Annotated[bool, typer.Option("--all", help="Every claim cluster, not only "
                                           "those flagged as rumours.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Near-duplicate claim clusters with a credibility score and its reasons; possible
    rumours (fast, weakly sourced, uncorroborated) flagged. Nothing is deleted."""
    engine = workflow.open_existing(db)
    with progress_bar("clustering voices", workflow.count_voices(engine)) as advance:
        table = workflow.rumours(engine, progress=advance, include_all=show_all, memo=True)
    if as_json:
        print_json(table.to_dicts())
        return
    if table.is_empty():
        console.print("no claim clusters" if show_all else
                      f"no rumours flagged: {workflow.why_no_rumours(engine, memo=True)}",
                      highlight=False, soft_wrap=True)
        return
    out = Table("voices", "score", "rumour", "first seen", "example", "reasons",
                title="Claim clusters", title_justify="left")
    for r in table.iter_rows(named=True):
        out.add_row(str(r["voices"]), f"{r['score']:.2f}", "yes" if r["rumour"] else "",
                    str(r["first_seen"])[:16], r["example"][:60], "; ".join(r["reasons"]))
    console.print(out)

