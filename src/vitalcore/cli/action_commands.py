"""vitalcore actions add|import|list|effect: what duty-bearers did, and what followed."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
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
)
from vitalcore.cli.kept import kept
from vitalcore.cli.tables import Table

app = typer.Typer(
    help="Record actions and estimate their effects.", no_args_is_help=True,
    epilog=example("vitalcore actions list", "vitalcore actions effect A1 --json"),
)

Day = Annotated[datetime, typer.Option(formats=["%Y-%m-%d"], help="YYYY-MM-DD.")]


@app.command(epilog=example(
    "vitalcore actions add --area ML0702 --dimension personal --kind patrol "
    "--start 2025-02-01 --end 2025-03-01 --description 'night patrols on the market road' "
    "--who 'JOC Gao'"))
def add(
    area: Annotated[str, typer.Option(help="P-code of the area.")],
    dimension: Annotated[str, typer.Option(help="Dimension the action addresses.")],
    # Not read from the taxonomy here: every command would load YAML at start (0.02 s).
    kind: Annotated[str, typer.Option(help="Kind of action, one of taxonomy/action_kinds.yaml"
                                      "'s; a kind not there is refused with the list.")],
    start: Day,
    end: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"],
                                                 help="YYYY-MM-DD; empty if ongoing.")] = None,
    description: Annotated[str, typer.Option(help="What was done.")] = "",
    who: Annotated[str | None, typer.Option(help="Who did or recorded it.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record one action (patrol, dialogue, distribution, health campaign, ...)."""
    from pydantic import ValidationError  # pydantic where an action is validated only

    try:
        action = workflow.record_action(
            workflow.open(db), area=area, dimension=dimension, kind=kind, start=start.date(),
            end=end.date() if end else None, description=description, who=who)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise fail(f"--{'.'.join(map(str, error['loc'])) or 'action'}: {error['msg']}") from None
    if as_json:
        print_json(action.model_dump(mode="json"))
        return
    console.print(f"recorded action {action.id}")


@app.command(name="import", epilog=example("vitalcore actions import actions.csv"))
def import_(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                         help="CSV: action_id,kind,area_pcode,dimension,"
                                         "start,end,description")],
    who: Annotated[str | None, typer.Option(help="Who recorded them.")] = None,
    db: DbOption = None,
) -> None:
    """Record the actions of a CSV file (the simulator's actions.csv layout)."""
    try:
        added = workflow.import_actions(workflow.open(db), path, who=who)
    except ValueError as exc:
        raise fail(str(exc)) from None
    console.print(f"{added} new actions from {path.name}")


@app.command(name="list", epilog=example("vitalcore actions list", "vitalcore actions list "
                                         "--area ML0702 --json"))
def list_(
    area: AreaOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    wide: WideOption = False,
) -> None:
    """List recorded actions, oldest first."""
    found = workflow.actions(workflow.open_existing(db), area=area)
    if as_json:
        print_json([a.model_dump(mode="json") for a in found])
        return
    # 80 columns: the description gets the room of the end date (--wide shows it).
    end = ("end",) if wide else ()
    table = Table("id", "area", "dimension", "kind", "start", *end, "description",
                  title="Actions", title_justify="left")
    for a in found:
        table.add_row(a.id[:12], a.area_pcode, a.dimension.value, a.kind, str(a.start),
                      *((str(a.end or ""),) if wide else ()), a.description)
    console.print(table)


@app.command(epilog=example(
    "vitalcore actions effect A1", "vitalcore actions effect A1 --pre-days 42 --post-days 28 "
    "--json", "vitalcore actions effect ACT-001 ACT-002 --comparison BF4602,ML0501,ML0507"))
@kept()
def effect(
    action_ids: Annotated[list[str], typer.Argument(
        help="Id of the action (actions list); several ids that began on the same day "
        "are pooled.")],
    comparison: Annotated[str | None, typer.Option(
        help="Comma-separated P-codes of the comparison areas (default: all other areas "
        "with voices, less the treated areas' neighbours).")] = None,
    pre_days: Annotated[int, typer.Option(help="Days before the start compared.")] = 28,
    post_days: Annotated[int, typer.Option(help="Days from the start compared.")] = 28,
    keep_neighbours: Annotated[bool, typer.Option(
        help="Keep neighbouring areas among the comparison areas.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Difference in differences of voices about the action's dimension, after vs before,
    against comparison areas, with a 95% interval; flags threats that rose after it."""
    try:
        result = workflow.action_effect(
            workflow.open_existing(db), action_ids, pre_days=pre_days, post_days=post_days,
            comparison=[c.strip().upper() for c in comparison.split(",")] if comparison
            else None, exclude_neighbours=not keep_neighbours, memo=True)
    except (KeyError, ValueError) as exc:
        raise fail(str(exc.args[0])) from None
    if as_json:
        print_json({
            "actions": [a.model_dump(mode="json") for a in result.actions],
            "effect": asdict(result.effect),
            "unintended_negative_effects": [asdict(e) for e in result.unintended],
            "excluded_neighbours": list(result.excluded_neighbours),
        })
        return
    e = result.effect
    console.print(
        f"{result.actions[0].kind} in {e.treated_area} from {e.start}: voices/day about "
        f"{e.label} went {e.treated_pre:.2f} -> {e.treated_post:.2f} there and "
        f"{e.comparison_pre:.2f} -> {e.comparison_post:.2f} in {e.comparison_areas} "
        f"comparison areas.\ndifference in differences {e.did:+.2f} voices/day "
        f"(95% CI {e.ci_low:+.2f} to {e.ci_high:+.2f})"
        + (f"; rate ratio {e.rate_ratio:.2f} ({e.rr_ci_low:.2f} to {e.rr_ci_high:.2f})"
           if e.rate_ratio is not None else ""))
    for u in result.unintended:
        console.print(f"[yellow]unintended negative effect?[/yellow] voices about {u.label} "
                      f"rose by {u.did:+.2f}/day (95% CI {u.ci_low:+.2f} to {u.ci_high:+.2f})")
