"""Rumours to counter: fast, weakly sourced, uncorroborated claim clusters.

Beyond the mission the claim's words are not reproduced (they may carry a reporter's
phrasing); inside it, the cluster's example message is shown so it can be answered.
"""

from __future__ import annotations

import polars as pl

from vitalcore import workflow
from vitalcore.briefing.context import BriefingContext
from vitalcore.briefing.model import Section
from vitalcore.briefing.sections.layout import table

_SHOWN = 6
_EXAMPLE_CHARS = 160


def build(ctx: BriefingContext) -> Section:
    loc = ctx.loc
    clusters = workflow.rumours(ctx.engine).filter(pl.col("rumour"))
    if ctx.area:
        touching = [
            i
            for i, ids in enumerate(clusters["voice_ids"].to_list())
            if set(ctx.area_codes) & workflow.areas_of_voices(ctx.engine, ids)
        ]
        clusters = clusters[touching]
    clusters = ctx.within(
        clusters.with_columns(pl.col("first_seen").dt.date().alias("day")), "day"
    ).sort("voices", descending=True)
    rows = []
    for row in clusters.head(_SHOWN).iter_rows(named=True):
        example = "" if ctx.audience.beyond_mission else _shorten(row["example"] or "")
        rows.append(
            (
                example or loc.t("rumours.withheld"),
                ctx.audience.count(loc, int(row["voices"])),
                loc.number(row["sources"]),
                loc.number(row["score"], 2),
                "; ".join(row["reasons"]),
            )
        )
    paragraphs = [loc.t("rumours.intro")]
    tables = ()
    if rows:
        tables = (
            table(
                loc,
                "rumours",
                ("claim", "voices", "sources", "credibility", "reasons"),
                rows=tuple(rows),
            ),
        )
    else:
        paragraphs.append(loc.t("rumours.none"))
    return Section(
        key="rumours", title=loc.t("sections.rumours"), paragraphs=tuple(paragraphs), tables=tables
    )


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXAMPLE_CHARS else flat[: _EXAMPLE_CHARS - 1] + "…"
