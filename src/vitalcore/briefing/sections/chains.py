"""Threat chains: which threats precede and feed others, with the evidence behind."""

from __future__ import annotations

import polars as pl

from vitalcore import workflow
from vitalcore.briefing.context import BriefingContext
from vitalcore.briefing.model import Section
from vitalcore.briefing.sections.layout import table

_SHOWN = 8


def build(ctx: BriefingContext) -> Section:
    loc = ctx.loc
    report = workflow.threat_chains(ctx.engine, since=ctx.period.since, until=ctx.period.until)
    tables = []
    chain_rows = tuple(
        (
            " → ".join(loc.dimension(d, capital=True) for d in row["chain"]),
            loc.number(row["strength"], 2),
            loc.number(row["evidence"]),
        )
        for row in report.chains.sort("strength", descending=True)
        .head(_SHOWN)
        .iter_rows(named=True)
    )
    if chain_rows:
        tables.append(table(loc, "chains", ("chain", "strength", "evidence"), rows=chain_rows))
    # The graph's own links (rises that follow rises), not the Granger table, which is
    # reported by `vitalcore chains` but makes no link (docs/methods/chains.md).
    edges = sorted(report.graph.edges(data=True), key=lambda e: (e[2]["q_value"], e[0], e[1]))
    link_rows = tuple(
        (
            loc.dimension(cause, capital=True),
            loc.dimension(effect, capital=True),
            loc.number(data["lag"]),
            loc.number(data["weight"], 2),
            loc.number(data["q_value"], 3),
        )
        for cause, effect, data in edges[:_SHOWN]
    )
    if link_rows:
        tables.append(
            table(loc, "chains", ("cause", "effect", "lag", "strength", "q"), rows=link_rows)
        )
    roots = report.roots.filter(pl.col("root"))["label"].to_list()
    paragraphs = [loc.t("chains.intro")]
    if roots:
        paragraphs.append(loc.t("chains.roots", roots=loc.join([loc.dimension(r) for r in roots])))
    if not tables:
        paragraphs.append(loc.t("chains.none"))
    return Section(
        key="chains",
        title=loc.t("sections.chains"),
        paragraphs=tuple(paragraphs),
        tables=tuple(tables),
    )
