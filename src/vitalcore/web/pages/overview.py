"""Overview: the vital core per area and group, with intervals, coverage and what changed
since last week (the map, which reads the same analyses, is in area_map.py). WARM lists
what both pages read."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine

from vitalcore import charts, workflow
from vitalcore.i18n import Locale
from vitalcore.web.access import Analyst, choice, engine_of
from vitalcore.web.pages.common import DIMENSIONS, GROUPS, analysis, area_names
from vitalcore.web.render import language, page
from vitalcore.web.warm import Job, fixed
from vitalcore.workflow import ranking_changes

router = APIRouter()
WEEK = timedelta(days=7)


def _week_before(engine: Engine, _settings: object, **kwargs: str) -> dict | None:
    latest = workflow.latest_voice_time(engine)
    return None if latest is None else {**kwargs, "until": latest - WEEK}


# What the overview and the map read in their default view, then per filter value.
WARM = (
    Job("rank_threats", workflow.rank_threats),
    Job("rank_threats", workflow.rank_threats, _week_before),
    Job("coverage_report", workflow.coverage_report),
    Job("alerts", workflow.alerts),
    Job("spread", workflow.spread),
)
WARM_FILTERS = (
    *(job for g in GROUPS for job in (
        Job("rank_threats", workflow.rank_threats, fixed(group=g)),
        Job("rank_threats", workflow.rank_threats,
            lambda engine, settings, g=g: _week_before(engine, settings, group=g)),
    )),
    *(Job("spread", workflow.spread, fixed(dimension=d)) for d in DIMENSIONS),
)


def area_jobs(engine: Engine) -> list[Job]:
    """The overview's and the groups page's analyses for each area of the gazetteer."""
    jobs = []
    for pcode in workflow.areas_frame(engine)["pcode"].to_list():
        jobs += [
            Job("rank_threats", workflow.rank_threats, fixed(area=pcode)),
            Job("rank_threats", workflow.rank_threats,
                lambda e, s, a=pcode: _week_before(e, s, area=a)),
            Job("coverage_report", workflow.coverage_report, fixed(area=pcode)),
            Job("group_vulnerability", workflow.group_vulnerability, fixed(area=pcode)),
            Job("resilience_report", workflow.resilience_report, fixed(area=pcode)),
        ]
    return jobs


@router.get("/overview", response_class=HTMLResponse)
def overview(request: Request, who: Analyst) -> HTMLResponse:
    names = area_names(request)
    area = choice(request, "area", names)
    group = choice(request, "group", GROUPS)
    loc = Locale(language(request), "web")
    ranking = analysis(request, "rank_threats", workflow.rank_threats, area=area, group=group)
    latest = workflow.latest_voice_time(engine_of(request))
    changes: list[dict] = []
    if latest is not None:
        before = analysis(request, "rank_threats", workflow.rank_threats, area=area,
                          group=group, until=latest - WEEK)
        changes = ranking_changes(before, ranking).filter(
            pl.col("change") != "same").head(12).to_dicts()
    coverage = analysis(request, "coverage_report", workflow.coverage_report, area=area)
    scope = ranking.filter(pl.col("area_pcode") == (area or "ALL"))
    bars = charts.vital_core_bars(
        [{"dimension": r["dimension"], "label": loc.dimension(r["dimension"], capital=True),
          "score": r["score"], "low": r["score_low"], "high": r["score_high"]}
         for r in scope.to_dicts()],
        title=loc.t("overview.chart_title"), score_title=loc.t("overview.score"),
    )
    by_area = (ranking.filter((pl.col("area_pcode") != "ALL") & (pl.col("rank") <= 3))
               .sort(["area_pcode", "rank"]).to_dicts())
    return page(
        request, "overview.html", visitor=who, title_key="overview.title",
        chart=charts.to_svg(bars, language=loc.language), scope=scope.to_dicts(),
        by_area=by_area, changes=changes, coverage=coverage.to_dicts(), names=names,
        latest=latest, week_before=latest - WEEK if latest else None,
        filters={"area": area, "group": group}, groups=GROUPS,
    )
