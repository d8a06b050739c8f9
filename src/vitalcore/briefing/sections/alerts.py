"""Alerts and spread: what is rising, and where it is moving, across borders too."""

from __future__ import annotations

import polars as pl

from vitalcore import workflow
from vitalcore.briefing.context import BriefingContext
from vitalcore.briefing.model import Section
from vitalcore.briefing.sections.layout import table

_SHOWN = 12


def build(ctx: BriefingContext) -> Section:
    loc = ctx.loc
    found = ctx.alerts
    rows = tuple(
        (
            row["area_pcode"],
            loc.dimension(row["dimension"], capital=True),
            loc.t(f"alerts.state.{row['state']}"),
            loc.date(row["first_signal"], style="medium"),
            loc.date(row["last_signal"], style="medium"),
            ", ".join(row["algorithms"]),
            ctx.audience.count(loc, int(row["peak_voices"] or 0)),
        )
        for row in found.head(_SHOWN).iter_rows(named=True)
    )
    tables = []
    if rows:
        tables.append(
            table(
                loc,
                "alerts",
                ("area", "threat", "state", "first", "last", "algorithms", "peak"),
                rows=rows,
            )
        )
    paths = ctx.within(workflow.spread(ctx.engine), "start").with_columns(
        pl.col("steps").list.eval(pl.element().struct.field("area_pcode")).alias("path")
    )
    if ctx.area:
        paths = paths.filter(pl.col("path").list.eval(
            pl.element().is_in(ctx.area_codes)).list.any())
    spread_rows = tuple(
        (
            loc.dimension(row["dimension"], capital=True),
            row["origin"],
            " → ".join(row["path"]),
            loc.date(row["start"], style="medium"),
            loc.t("yes") if row["crosses_border"] else loc.t("no"),
        )
        for row in paths.head(_SHOWN).iter_rows(named=True)
    )
    if spread_rows:
        tables.append(
            table(loc, "alerts", ("threat", "origin", "path", "first", "border"), rows=spread_rows)
        )
    paragraphs = [loc.t("alerts.intro")]
    if not rows:
        paragraphs.append(loc.t("alerts.none"))
    if not spread_rows:
        paragraphs.append(loc.t("alerts.no_spread"))
    return Section(
        key="alerts",
        title=loc.t("sections.alerts"),
        paragraphs=tuple(paragraphs),
        tables=tuple(tables),
    )
