"""vitalcore situation: the kind of conflict and the State, per country (or area) and period.

law, tiers, mandate gap, briefings and the dashboard read it through workflow.legal."""

from __future__ import annotations

import getpass
from datetime import date
from typing import Annotated

import typer

from vitalcore import workflow
from vitalcore.cli.common import (
    DbOption,
    JsonOption,
    console,
    example,
    print_json,
    usage,
)
from vitalcore.cli.tables import Table

app = typer.Typer(
    help="The situation: kind of conflict and State, per country and period.",
    epilog=example("vitalcore situation set --country ML --conflict non_international "
                   "--since 2012-01-17", "vitalcore situation list"),
    no_args_is_help=True)


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise usage(f"{option} must be a date YYYY-MM-DD, not {value!r}") from None


def _threshold(value: str) -> bool | None:
    if value not in ("met", "not_met", "unknown"):
        raise usage(f"--ap2-threshold must be met, not_met or unknown, not {value!r}")
    return {"met": True, "not_met": False}.get(value)


@app.command("set", epilog=example(
    "vitalcore situation set --country ML --conflict non_international --since 2012-01-17",
    "vitalcore situation set --country ML --area ML07 --conflict non_international "
    "--since 2012-01-17 --ap2-threshold met --note 'armed groups hold territory'",
))
def set_command(
    country: Annotated[str, typer.Option(help="ISO 3166 alpha-2 country code, e.g. ML.")],
    conflict: Annotated[str, typer.Option(
        help="none, international, non_international or occupation.")],
    since: Annotated[str, typer.Option(help="From this date, YYYY-MM-DD.")],
    until: Annotated[str | None, typer.Option(help="Until this date (default: open).")] = None,
    state: Annotated[str | None, typer.Option(
        help="The State whose treaties apply (default: the country).")] = None,
    area: Annotated[str | None, typer.Option(
        help="Only this area (P-code) and the areas under it.")] = None,
    ap2_threshold: Annotated[str, typer.Option(
        help="AP II art. 1(1) threshold: met, not_met or unknown (a legal determination; "
             "AP II applies only when met and the State is party).")] = "unknown",
    note: Annotated[str | None, typer.Option(help="Why: the source of the assessment.")] = None,
    db: DbOption = None,
) -> None:
    """Record the situation (a new version; earlier ones are kept)."""
    start = _date(since, "--since")
    assert start is not None  # a required option
    try:
        new_id = workflow.set_situation(
            workflow.open(db), country=country, conflict=conflict, since=start,
            until=_date(until, "--until"), state=state, area=area,
            ap2_threshold=_threshold(ap2_threshold), note=note,
            recorded_by=f"cli:{getpass.getuser()}")
    except workflow.SituationError as exc:  # an option's value: a usage error
        raise usage(str(exc)) from None
    console.print(f"situation {new_id} recorded: {country.upper()}"
                  f"{' ' + area.upper() if area else ''} {conflict} since {start}",
                  highlight=False)


@app.command("list", epilog=example("vitalcore situation list", "vitalcore situation list --json"))
def list_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Every recorded version, oldest first; the newest for a country or area is in force."""
    rows = workflow.list_situations(workflow.open(db))
    if as_json:
        print_json(rows)
        return
    table = Table("id", "where", "conflict", "State", "period", "AP II 1(1)", "note",
                  title="Situations (the newest in force wins)", title_justify="left")
    for r in rows:
        threshold = {True: "met", False: "not met"}.get(r["ap2_threshold"], "unknown")
        table.add_row(str(r["id"]), r["area_pcode"] or r["country"], r["conflict"],
                      r["state"], f"{r['since']} to {r['until'] or 'now'}", threshold,
                      r["note"] or "")
    console.print(table)
    if not rows:
        console.print("no situation recorded: law and tiers show the peacetime default")
