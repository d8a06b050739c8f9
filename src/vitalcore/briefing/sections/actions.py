"""Effects of recent actions: before and after, against comparison areas, and any
threat that rose after the action ("unintended negative effects")."""

from __future__ import annotations

from vitalcore import workflow
from vitalcore.briefing.context import BriefingContext
from vitalcore.briefing.model import Section
from vitalcore.briefing.sections.layout import table

_SHOWN = 6


def build(ctx: BriefingContext) -> Section:
    loc = ctx.loc
    recorded = workflow.actions(ctx.engine, area=ctx.area)
    if ctx.period.until is not None:
        recorded = [a for a in recorded if a.start < ctx.period.until.date()]
    recorded = sorted(recorded, key=lambda a: a.start, reverse=True)[:_SHOWN]
    rows, warnings = [], []
    for action in recorded:
        try:
            measured = workflow.action_effect(ctx.engine, action.id)
        except ValueError as err:  # too little data around the action to compare
            rows.append(
                (
                    action.area_pcode,
                    loc.dimension(action.dimension.value, capital=True),
                    action.kind,
                    loc.date(action.start, style="medium"),
                    "-",
                    str(err),
                )
            )
            continue
        e = measured.effect
        rows.append(
            (
                action.area_pcode,
                loc.dimension(action.dimension.value, capital=True),
                action.kind,
                loc.date(action.start, style="medium"),
                loc.number(e.did, 2),
                f"{loc.number(e.ci_low, 2)} - {loc.number(e.ci_high, 2)}",
            )
        )
        for rise in measured.unintended:
            warnings.append(
                loc.t("actions.rose", label=rise.label, area=action.area_pcode, kind=action.kind)
            )
    paragraphs = [loc.t("actions.intro")]
    if not rows:
        paragraphs.append(loc.t("actions.none"))
    paragraphs.extend(warnings)
    tables = ()
    if rows:
        tables = (
            table(
                loc,
                "actions",
                ("area", "threat", "kind", "start", "did", "interval"),
                rows=tuple(rows),
                note=loc.t("actions.note"),
            ),
        )
    return Section(
        key="actions", title=loc.t("sections.actions"), paragraphs=tuple(paragraphs), tables=tables
    )
