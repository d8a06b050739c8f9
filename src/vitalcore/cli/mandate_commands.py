"""vitalcore mandate import|tasks|gap|renewals: Security Council mandates against voices."""

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
)
from vitalcore.cli.kept import kept
from vitalcore.cli.tables import Table

app = typer.Typer(
    help="Security Council mandates: import, tasks, gap against the voices.",
    epilog=example("vitalcore mandate import S-RES-2100-2013.txt",
                   "vitalcore mandate gap --area ML07 --since 2024-01-01"),
    no_args_is_help=True,
)

MissionOption = Annotated[str | None, typer.Option(help="Mission acronym, e.g. MINUSMA.")]
SymbolOption = Annotated[str | None, typer.Option(
    help="Resolution symbol, e.g. 'S/RES/2100 (2013)' (default: the newest stored).")]


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise fail(f"{option} must be a date as YYYY-MM-DD, not {value!r}") from None


@app.command("import", epilog=example(
    "vitalcore mandate import S-RES-2100-2013.pdf",
    "vitalcore mandate import press-release.txt --json",
))
def import_command(
    file: Annotated[Path, typer.Argument(help="Resolution text (.txt, .pdf) or a summary.",
                                         exists=True, dir_okay=False)],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Parse a resolution or mandate summary, classify its tasks and store them."""
    from vitalcore.mandate import MandateParseError  # the parser: only where it parses

    try:
        result = workflow.import_mandate(workflow.open(db), file)
    except MandateParseError as exc:
        raise fail(str(exc)) from None
    if as_json:
        r = result.resolution
        print_json({"id": result.mandate_id, "new": result.new, "symbol": r.symbol,
                    "kind": r.kind, "mission": r.mission, "adopted_on": r.adopted_on,
                    "troop_ceiling": r.troop_ceiling, "police_ceiling": r.police_ceiling,
                    "mandate_until": r.mandate_until, "paragraphs": len(r.paragraphs),
                    "tasks": len(r.tasks)})
        return
    console.print(result.line(), highlight=False)


@app.command("show", epilog=example(
    "vitalcore mandate show", "vitalcore mandate show --symbol 'S/RES/2100 (2013)' --json"))
def show_command(
    mission: MissionOption = None,
    symbol: SymbolOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The paragraphs of a stored mandate as parsed: numbers, verbs, priority markers."""
    try:
        mandate, rows = workflow.mandate_paragraphs(workflow.open_existing(db), mission=mission,
                                                    symbol=symbol)
    except workflow.MandateNotFound as exc:
        raise fail(str(exc)) from None
    if as_json:
        print_json({"mandate": mandate, "paragraphs": rows})
        return
    header = (f"{mandate['symbol']} ({mandate['mission'] or 'mission not named'}), adopted "
             f"{mandate['adopted_on'] or '?'}, mandate until {mandate['mandate_until'] or '?'}, "
             f"ceilings {mandate['troop_ceiling'] or '?'} military / "
             f"{mandate['police_ceiling'] or '?'} police")
    console.print(header, highlight=False)
    # The whole text of each paragraph, wrapped: `show` is for reading the mandate.
    table = Table()
    table.add_column("paragraph", no_wrap=True)
    table.add_column("verb")
    table.add_column("priority")
    table.add_column("text", ratio=1)
    for r in rows:
        table.add_row(("  " * r["level"]) + r["number"], r["verb"] or "",
                      "yes" if r["priority"] else "", r["text"])
    console.print(table)


@app.command("tasks", epilog=example(
    "vitalcore mandate tasks", "vitalcore mandate tasks --mission UNMIL --json",
    "vitalcore mandate tasks --mission MINUSMA --all"))
def tasks_command(
    mission: MissionOption = None,
    symbol: SymbolOption = None,
    all_mandates: Annotated[bool, typer.Option(
        "--all", help="Tasks of every matching mandate, oldest first.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The mandated tasks of the newest stored mandate, with dimensions and groups."""
    try:
        rows = workflow.mandate_tasks(workflow.open_existing(db), mission=mission, symbol=symbol,
                                      all_mandates=all_mandates)
    except workflow.MandateNotFound as exc:
        raise fail(str(exc)) from None
    if as_json:
        print_json(rows)
        return
    symbols = ", ".join(dict.fromkeys(r["symbol"] for r in rows))
    title = f"Tasks of {symbols}" if rows else "No tasks"
    table = Table("resolution", "task", "priority", "dimensions", "groups", title=title,
                  title_justify="left")
    table.add_column("text", ratio=1)
    for r in rows:
        table.add_row(r["symbol"], r["task_id"], "yes" if r["priority"] else "",
                      ", ".join(r["dimensions"]), ", ".join(r["groups"]), r["text"])
    console.print(table)


@app.command("gap", epilog=example(
    "vitalcore mandate gap --area ML07 --since 2024-01-01",
    "vitalcore mandate gap --mission MINUSMA --json",
    "vitalcore mandate gap --file draft-renewal.txt --area ML07",
))
@kept(unless=("file",))
def gap_command(
    area: AreaOption = None,
    since: Annotated[str | None, typer.Option(help="Voices from this date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Voices before this date.")] = None,
    mission: MissionOption = None,
    symbol: SymbolOption = None,
    file: Annotated[Path | None, typer.Option(
        "--file", help="Compare this mandate file (e.g. a draft) without storing it.",
        exists=True, dir_okay=False)] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """What communities say threatens them versus what the mandate covers, gaps first."""
    window = {"area": area, "since": _date(since, "--since"), "until": _date(until, "--until")}
    engine = workflow.open_existing(db)
    from vitalcore.mandate import MandateParseError

    try:
        if file is not None:
            draft, gap = workflow.draft_gap(engine, file, memo=True, **window)
            mandate = {"symbol": draft.symbol, "mission": draft.mission}
        else:
            mandate, gap = workflow.mandate_gap(engine, mission=mission, symbol=symbol,
                                                memo=True, **window)
    except (workflow.MandateNotFound, workflow.NoVoices, MandateParseError) as exc:
        raise fail(str(exc)) from None
    if as_json:
        print_json({"mandate": mandate["symbol"], "mission": mandate["mission"],
                    "area": area or "ALL", "since": since, "until": until,
                    "gaps": [{"kind": g.kind, "label": g.label, "message": g.message,
                              "community_rank": g.community_rank,
                              "community_weight": g.community_weight,
                              "coverage": g.coverage, "unmandated": g.unmandated,
                              "legal_basis": workflow.legal_citations(
                                  engine, g.kind, g.label, area=area)}
                             for g in gap.gaps],
                    "matrix": gap.matrix.to_dicts()})
        return
    table = Table("kind", "subject", "rank", "weight", "coverage", "tasks", "gap",
                  title=f"Mandate gap: {mandate['symbol']}, {area or 'all areas'}",
                  caption="rank, weight: the communities' priority; coverage: the share of "
                  "the mandate's tasks about it; gap: weight - coverage",
                  title_justify="left", caption_justify="left")
    for r in gap.matrix.iter_rows(named=True):
        table.add_row(r["kind"], r["label"], str(r["community_rank"] or "-"),
                      f"{r['community_weight']:.0%}", f"{r['coverage']:.0%}", str(r["tasks"]),
                      f"{r['gap']:+.0%}")
    console.print(table)
    for g in gap.gaps:
        basis = "; ".join(workflow.legal_citations(engine, g.kind, g.label, area=area,
                                                   limit=3))
        console.print(f"- {g.message} [dim](law: {basis})[/dim]", highlight=False)


@app.command("renewals", epilog=example("vitalcore mandate renewals --mission MINUSMA"))
@kept()
def renewals_command(
    mission: Annotated[str, typer.Option(help="Mission acronym, e.g. MINUSMA.")],
    area: AreaOption = None,
    window: Annotated[int, typer.Option(help="Days of voices before each adoption.")] = 365,
    db: DbOption = None,
    as_json: JsonOption = False,
    wide: WideOption = False,
) -> None:
    """How mandate coverage changed from renewal to renewal against community priorities."""
    try:
        frame = workflow.mandate_renewals(workflow.open_existing(db), mission=mission, area=area,
                                          window_days=window, memo=True)
    except workflow.MandateNotFound as exc:
        raise fail(str(exc)) from None
    if as_json:
        print_json(frame.to_dicts())
        return
    # 80 columns: a block per resolution (its symbol and date in the block's first row);
    # --wide adds the kind of subject (dimension or group).
    kind = ("kind",) if wide else ()
    table = Table("resolution", *kind, "subject", "community", "coverage", "change", "gap",
                  title=f"Renewals of {mission}", title_justify="left")
    last = None
    for r in frame.iter_rows(named=True):
        change = r["coverage_change"]
        first = r["symbol"] != last
        if first and last is not None:
            table.add_section()
        last = r["symbol"]
        table.add_row(f"{r['symbol']}\n{r['adopted_on']}" if first else "",
                      *((r["kind"],) if wide else ()), r["label"],
                      f"{r['community_weight']:.0%}", f"{r['coverage']:.0%}",
                      "" if change is None else f"{change:+.0%}", f"{r['gap']:+.0%}")
    console.print(table)
