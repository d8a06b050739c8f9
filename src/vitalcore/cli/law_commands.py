"""vitalcore law: the rights, instruments, articles and duty-bearers for a threat, with
the State's party status and the rule that makes each provision apply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, cast

import typer

from vitalcore import workflow
from vitalcore.cli.common import (
    DbOption,
    JsonOption,
    console,
    example,
    fail,
    print_json,
    usage,
)
from vitalcore.cli.tables import Table

if TYPE_CHECKING:
    from vitalcore import law

app = typer.Typer()


def _situation(armed_conflict: bool, conflict: str | None, region: str | None,
               displacement: str | None, state: str | None, ap2_threshold: str,
               from_situation: str | None, db: str | None) -> law.Situation:
    # The knowledge base is imported by this command only, not by every command's start.
    from vitalcore import law

    if conflict not in (None, *law.CONFLICT_KINDS):
        raise usage(f"--conflict must be one of {', '.join(law.CONFLICT_KINDS)}, "
                   f"not {conflict!r}")
    if displacement not in (None, "internal", "cross_border"):
        raise usage(f"--displacement must be internal or cross_border, not {displacement!r}")
    if ap2_threshold not in ("met", "not_met", "unknown"):
        raise usage(f"--ap2-threshold must be met, not_met or unknown, not {ap2_threshold!r}")
    threshold = {"met": True, "not_met": False}.get(ap2_threshold)
    if from_situation:
        current = workflow.current_situation(workflow.open(db), country=from_situation)
        if current.note:
            console.print(f"[yellow]note:[/yellow] {current.note}", highlight=False)
        base = current.situation
        return law.Situation(
            armed_conflict=base.armed_conflict, conflict_kind=base.conflict_kind,
            region=region.lower() if region else base.region,
            displacement=cast(law.Displacement | None, displacement),
            state=state or base.state,
            ap2_threshold=threshold if threshold is not None else base.ap2_threshold)
    return law.Situation(
        armed_conflict=armed_conflict or conflict is not None,
        conflict_kind=cast(law.ConflictKind | None, conflict),  # checked above
        region=region.lower() if region else None,
        displacement=cast(law.Displacement | None, displacement),  # checked above
        state=state, ap2_threshold=threshold,
    )


def _unverified(as_json: bool) -> None:
    items = workflow.unverified_citations()
    if as_json:
        print_json([i.to_dict() for i in items])
        return
    table = Table("instrument", "articles", "rights", "source",
                  title=f"Citations awaiting a legal officer's review: {len(items)}",
                  title_justify="left")
    for i in items:
        table.add_row(i.short, ", ".join(i.articles), ", ".join(i.rights), i.source)
    console.print(table)
    console.print("Record a review in src/vitalcore/law/review.yaml (docs/law.md).")


def _ratified(cite: law.Citation) -> str:
    if cite.party is None:
        return "n/a"
    if cite.party.ratified is None:
        return "unknown"
    since = f" since {cite.party.since}" if cite.party.since else ""
    return ("yes" if cite.party.ratified else "no") + since


@app.command(
    "law",
    epilog=example(
        "vitalcore law armed_attack",
        "vitalcore law sexual_violence --conflict non_international --region africa "
        "--state ML --json",
        "vitalcore law displaced --region africa --displacement cross_border",
        "vitalcore law armed_attack --situation ML --db mission.db",
        "vitalcore law --unverified",
    ),
)
def law_command(
    subject: Annotated[str | None, typer.Argument(
        help="A threat type id (e.g. armed_attack) or a group id (e.g. children).")] = None,
    armed_conflict: Annotated[bool, typer.Option(
        "--armed-conflict", help="There is an armed conflict: IHL and war crimes apply.")] = False,
    conflict: Annotated[str | None, typer.Option(
        help="Kind of armed conflict: international, non_international or occupation "
             "(default: not known, both regimes shown).")] = None,
    region: Annotated[str | None, typer.Option(
        help="Region for regional instruments, e.g. africa (default: the State's).")] = None,
    displacement: Annotated[str | None, typer.Option(
        help="internal (IDP law) or cross_border (refugee law); default: both.")] = None,
    state: Annotated[str | None, typer.Option(
        help="The territorial State (ISO alpha-2, e.g. ML): each citation says whether it "
             "ratified and since when.")] = None,
    ap2_threshold: Annotated[str, typer.Option(
        help="AP II art. 1(1) threshold: met, not_met or unknown.")] = "unknown",
    from_situation: Annotated[str | None, typer.Option(
        "--situation", help="Take conflict, State and threshold from the situation "
                            "stored for this country (vitalcore situation set).")] = None,
    unverified: Annotated[bool, typer.Option(
        "--unverified", help="List the citations that await a legal officer's review.")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Who owes what to whom: rights engaged, instruments with articles, whether the State
    ratified them, why each applies, and the duty-bearers by tier."""
    if unverified:
        _unverified(as_json)
        return
    if subject is None:
        raise usage("name a threat type or group (e.g. armed_attack), or pass --unverified")
    situation = _situation(armed_conflict, conflict, region, displacement, state,
                           ap2_threshold, from_situation, db)
    from vitalcore import law

    try:
        grounding = law.lookup(subject, situation)
    except law.UnknownSubject as exc:
        raise fail(str(exc.args[0])) from None
    if as_json:
        print_json(grounding.to_dict())
        return
    s = grounding.situation
    setting = s.conflict_kind or ("armed conflict" if s.armed_conflict else "peacetime")
    table = Table("right", "citation", "ratified", "why", "verified",
                  title=f"Legal basis: {subject} ({setting}"
                  f"{', State ' + s.state if s.state else ''})", title_justify="left")
    reasons: dict[str, int] = {}  # each reason once, numbered, under the table
    for right in grounding.rights:
        for i, cite in enumerate(right.citations):
            key = reasons.setdefault(cite.applies_because, len(reasons) + 1)
            table.add_row(right.label if i == 0 else "", cite.text(), _ratified(cite),
                          f"[{key}]", "yes" if cite.verified else "no")
    console.print(table)
    for reason, key in reasons.items():
        console.print(f"[{key}] {reason}", highlight=False, markup=False)
    for reason in grounding.not_applied:
        console.print(f"[yellow]not applied:[/yellow] {reason}", highlight=False)
    for tier, bearers in grounding.duty_bearers.items():
        console.print(f"[bold]{tier}[/bold]: " + "; ".join(bearers), highlight=False)
