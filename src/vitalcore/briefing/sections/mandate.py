"""The mandate gap: what communities rank high and the mandate does not cover, with the
law that grounds each threat and who is expected to act on it, by tier."""

from __future__ import annotations

import polars as pl

from vitalcore import workflow
from vitalcore.briefing.context import BriefingContext
from vitalcore.briefing.model import Section
from vitalcore.briefing.sections.layout import table

_GAPS = 6
_CITES = 3


def _subject(ctx: BriefingContext, kind: str, label: str) -> str:
    return ctx.loc.dimension(label, capital=True) if kind == "dimension" else ctx.loc.group(label)


def build(ctx: BriefingContext) -> Section:
    loc = ctx.loc
    paragraphs = [loc.t("mandate.intro")]
    tables = []
    if isinstance(ctx.mandate, str):
        paragraphs.append(loc.t("mandate.none", reason=ctx.mandate))
    else:
        mandate, gap = ctx.mandate
        paragraphs.append(
            loc.t(
                "mandate.compared",
                symbol=mandate.get("symbol") or "-",
                mission=mandate.get("mission") or "-",
            )
        )
        rows = []
        for g in gap.gaps[:_GAPS]:
            coverage = loc.t("mandate.no_task") if g.unmandated else loc.percent(g.coverage)
            cites = workflow.legal_citations(ctx.engine, g.kind, g.label, area=ctx.area,
                                             limit=_CITES)
            rows.append(
                (
                    _subject(ctx, g.kind, g.label),
                    loc.number(g.community_rank),
                    coverage,
                    loc.number(g.tasks),
                    "; ".join(cites),
                )
            )
        if rows:
            tables.append(
                table(
                    loc,
                    "mandate",
                    ("subject", "community_rank", "coverage", "tasks", "law"),
                    rows=tuple(rows),
                )
            )
        unmandated = [_subject(ctx, g.kind, g.label) for g in gap.unmandated()[:3]]
        if unmandated:
            paragraphs.append(loc.t("mandate.unmandated", subjects=loc.join(unmandated)))
    tiers = ctx.in_scope(
        workflow.tier_report(ctx.engine, top=1, since=ctx.period.since, until=ctx.period.until,
                             lang=loc.language)
    )
    if not ctx.area:
        busiest = (
            ctx.vital_core_all.filter(pl.col("area_pcode") != "ALL")
            .sort("voices_in_scope", descending=True)["area_pcode"]
            .head(3)
            .to_list()
        )
        tiers = tiers.filter(pl.col("area_pcode").is_in(busiest))
    tier_rows = tuple(
        (
            row["area_pcode"],
            loc.dimension(row["dimension"], capital=True),
            loc.t(f"mandate.tier.{row['tier']}"),
            row["expected"],  # the tier's own conduct, in the briefing's language
            "; ".join((row["legal_basis"] or [])[:_CITES]),
        )
        for row in tiers.iter_rows(named=True)
    )
    if tier_rows:
        tables.append(
            table(
                loc,
                "mandate",
                ("area", "threat", "tier", "who", "law"),
                rows=tier_rows,
                note=loc.t("mandate.tiers_note"),
            )
        )
    return Section(
        key="mandate",
        title=loc.t("sections.mandate"),
        paragraphs=tuple(paragraphs),
        tables=tuple(tables),
    )
