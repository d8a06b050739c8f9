"""Method and coverage: how the figures were made and who was (not) heard."""

from __future__ import annotations

from vitalcore.briefing.context import BriefingContext
from vitalcore.briefing.model import Section, Table


def build(ctx: BriefingContext) -> Section:
    loc = ctx.loc
    total = sum(ctx.channels.values())
    rows = tuple(
        (loc.channel(channel), ctx.audience.count(loc, n), loc.percent(n / total) if total else "-")
        for channel, n in sorted(ctx.channels.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    table = Table(
        headers=(loc.t("columns.channel"), loc.t("columns.voices"), loc.t("columns.share")),
        rows=rows,
    )
    return Section(
        key="method",
        title=loc.t("sections.method"),
        paragraphs=(loc.t("method.intro", model=ctx.model_version or "-"), loc.t("method.caveat")),
        tables=(table,),
    )
