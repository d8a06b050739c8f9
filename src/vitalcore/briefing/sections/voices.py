"""Voices that illustrate the top threats: quoted only with the reporter's consent."""

from __future__ import annotations

from vitalcore import workflow
from vitalcore.briefing.context import BriefingContext
from vitalcore.briefing.model import Quote, Section

_TOP_THREATS = 3
_PER_THREAT = 2


def build(ctx: BriefingContext) -> Section | None:
    loc = ctx.loc
    if ctx.vital_core.is_empty() or ctx.model_version is None:
        return None
    quotes, seen = [], set()
    for dimension in ctx.vital_core["dimension"].head(_TOP_THREATS).to_list():
        found = workflow.quotable_voices(
            ctx.engine,
            dimension=dimension,
            model_version=ctx.model_version,
            beyond_mission=ctx.audience.beyond_mission,
            area=ctx.area_codes or None,
            since=ctx.period.since,
            until=ctx.period.until,
            limit=_PER_THREAT + len(seen),
        )
        fresh = [v for v in found if v["id"] not in seen][:_PER_THREAT]
        seen.update(v["id"] for v in fresh)
        for voice in fresh:
            when = loc.date(voice["occurred_at"]) if voice["occurred_at"] else ""
            attribution = " · ".join(
                part
                for part in (
                    loc.dimension(dimension, capital=True),
                    loc.channel(voice["channel"]),
                    voice["area_pcode"] or "",
                    when,
                    voice["reporter"] or "",
                )
                if part
            )
            quotes.append(Quote(text=voice["text"], attribution=attribution, voice_id=voice["id"]))
    paragraphs = (loc.t("voices.intro"),) if quotes else (loc.t("voices.none"),)
    return Section(
        key="voices", title=loc.t("sections.voices"), paragraphs=paragraphs, quotes=tuple(quotes)
    )
