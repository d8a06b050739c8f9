"""Assemble a Briefing from the store: fetch once, then let each section speak."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine

from vitalcore import workflow
from vitalcore.briefing.context import Audience, BriefingContext
from vitalcore.briefing.model import Briefing
from vitalcore.briefing.period import Period, parse_period
from vitalcore.briefing.sections import SECTIONS
from vitalcore.i18n import Locale


def _period_label(loc: Locale, period: Period) -> str:
    if period.since is None and period.until is None:
        return loc.t("whole_record")
    since = loc.date(period.since) if period.since else "..."
    last = loc.date(period.last_day) if period.last_day else "..."
    return f"{since} - {last}"


def build_briefing(
    engine: Engine,
    *,
    area: str | None = None,
    period: str | Period = "all",
    language: str = "en",
    beyond_mission: bool = False,
    k: int = 5,
    synthetic: bool = False,
    now: datetime | None = None,
) -> Briefing:
    """The briefing of one area (or all) over a period, in English or French.

    `beyond_mission` prepares it for readers outside the mission: only voices with
    consent to be shared are quoted and counts below `k` are suppressed.
    """
    loc = Locale(language)
    span = parse_period(period) if isinstance(period, str) else period
    ctx = BriefingContext(
        engine=engine, loc=loc, area=area.upper() if area else None, period=span,
        audience=Audience(beyond_mission=beyond_mission, k=k),
    )
    sections = tuple(s for build in SECTIONS if (s := build(ctx)) is not None)
    moment = now or datetime.now(UTC)
    audience = (loc.t("audience_external", k=k) if beyond_mission
                else loc.t("audience_internal"))
    period_label = _period_label(loc, span)
    generated = loc.date(moment)
    version = workflow.data_version(engine)
    data_version = loc.t(
        "data_line", voices=loc.number(version.voices), fingerprint=version.fingerprint,
        last=loc.date(version.last_ingest) if version.last_ingest else "-",
    )
    model_version = ctx.model_version or "-"
    return Briefing(
        language=language,
        title=loc.t("title"),
        subtitle=loc.t("subtitle"),
        scope=ctx.scope_name,
        period=period_label,
        generated=generated,
        data_version=data_version,
        model_version=model_version,
        audience_note=audience,
        synthetic_note=loc.t("synthetic") if synthetic else None,
        meta=(
            (loc.t("period"), period_label),
            (loc.t("generated"), generated),
            (loc.t("data_version"), data_version),
            (loc.t("model_version"), model_version),
        ),
        sections=sections,
    )
