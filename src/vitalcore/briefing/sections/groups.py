"""Groups and resilience gaps: who is most exposed, and where capacity is missing."""

from __future__ import annotations

import polars as pl

from vitalcore import workflow
from vitalcore.briefing.context import BriefingContext
from vitalcore.briefing.model import Section
from vitalcore.briefing.sections.layout import table

_SHOWN = 8


def build(ctx: BriefingContext) -> Section:
    loc = ctx.loc
    groups = ctx.exposed_groups
    tables = []
    rows = tuple(
        (
            loc.group(row["group"]),
            loc.dimension(row["label"], capital=True),
            loc.number(row["rr"], 2),
            f"{loc.number(row['rr_low'], 2)} - {loc.number(row['rr_high'], 2)}",
            ctx.audience.count(loc, int(row["exposed"])),
        )
        for row in groups.head(_SHOWN).iter_rows(named=True)
    )
    if rows:
        tables.append(
            table(loc, "groups", ("group", "threat", "rr", "interval", "voices"), rows=rows)
        )
    gaps = workflow.resilience_report(
        ctx.engine, area=ctx.area, since=ctx.period.since, until=ctx.period.until
    )
    gaps = gaps.filter(pl.col("resilience_gap")).sort("gap", descending=True)
    gap_rows = tuple(
        (
            f"{row['area_name']} ({row['area_pcode']})",
            loc.dimension(row["dimension"], capital=True),
            loc.number(row["score"], 3),
            ctx.audience.count(loc, int(row["capacity_voices"])),
            loc.number(row["capacity_ratio"], 2),
        )
        for row in gaps.head(_SHOWN).iter_rows(named=True)
    )
    if gap_rows:
        tables.append(
            table(loc, "groups", ("area", "threat", "score", "capacity", "ratio"), rows=gap_rows)
        )
    paragraphs = [loc.t("groups.intro")]
    if not rows:
        paragraphs.append(loc.t("groups.none"))
    if not gap_rows:
        paragraphs.append(loc.t("groups.no_gaps"))
    return Section(
        key="groups",
        title=loc.t("sections.groups"),
        paragraphs=tuple(paragraphs),
        tables=tuple(tables),
    )
