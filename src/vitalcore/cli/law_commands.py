"""vitalcore law: the rights, instruments, articles and duty-bearers for a threat."""

from __future__ import annotations

from typing import Annotated, cast

import typer
from rich.table import Table

from vitalcore import law
from vitalcore.cli.common import JsonOption, console, example, fail, print_json

app = typer.Typer()


@app.command(
    "law",
    epilog=example(
        "vitalcore law armed_attack",
        "vitalcore law epidemic --region africa --json",
        "vitalcore law displaced --armed-conflict --conflict non_international "
        "--displacement internal --region africa",
    ),
)
def law_command(
    subject: Annotated[str, typer.Argument(help="A threat type id (e.g. armed_attack) or "
                                                 "a group id (e.g. children).")],
    armed_conflict: Annotated[bool, typer.Option(
        "--armed-conflict", help="There is an armed conflict: IHL and war crimes apply.")] = False,
    conflict: Annotated[str | None, typer.Option(
        help="Kind of armed conflict: international or non_international (default: both).",
    )] = None,
    region: Annotated[str | None, typer.Option(
        help="Region for regional instruments, e.g. africa.")] = None,
    displacement: Annotated[str | None, typer.Option(
        help="internal (IDP law) or cross_border (refugee law); default: both.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Who owes what to whom: rights engaged, instruments with articles, duty-bearers."""
    if conflict not in (None, "international", "non_international"):
        raise fail(f"--conflict must be international or non_international, not {conflict!r}")
    if displacement not in (None, "internal", "cross_border"):
        raise fail(f"--displacement must be internal or cross_border, not {displacement!r}")
    situation = law.Situation(
        armed_conflict=armed_conflict or conflict is not None,
        conflict_kind=cast(law.ConflictKind | None, conflict),  # checked above
        region=region.lower() if region else None,
        displacement=cast(law.Displacement | None, displacement),  # checked above
    )
    try:
        grounding = law.lookup(subject, situation)
    except law.UnknownSubject as exc:
        raise fail(str(exc.args[0])) from None
    if as_json:
        print_json(grounding.to_dict())
        return
    table = Table("right", "instrument", "articles", "applies when",
                  title=f"Legal basis: {subject}", title_justify="left")
    for right in grounding.rights:
        for i, cite in enumerate(right.citations):
            table.add_row(right.label if i == 0 else "", cite.instrument.short,
                          ", ".join(cite.articles), ", ".join(cite.conditions) or "always")
    console.print(table)
    for tier, bearers in grounding.duty_bearers.items():
        console.print(f"[bold]{tier}[/bold]: " + "; ".join(bearers), highlight=False)
