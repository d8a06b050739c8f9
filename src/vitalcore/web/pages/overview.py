"""Overview (vital core per area and group, with intervals, coverage and what changed
since last week) and the map (a choropleth of the imported boundaries, else symbols at
centroids; alerts, spread paths)."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine

from vitalcore import charts, store, workflow
from vitalcore.analysis.changes import ranking_changes
from vitalcore.i18n import Locale
from vitalcore.web.access import Analyst, choice, engine_of
from vitalcore.web.choropleth import choropleth_svg
from vitalcore.web.pages.common import DIMENSIONS, GROUPS, analysis, area_names
from vitalcore.web.render import language, page
from vitalcore.web.warm import Job, fixed

router = APIRouter()
WEEK = timedelta(days=7)


def _week_before(engine: Engine, _settings: object, **kwargs: str) -> dict | None:
    latest = store.latest_voice_time(engine)
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
    for pcode in store.areas_frame(engine)["pcode"].to_list():
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
    latest = store.latest_voice_time(engine_of(request))
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


@router.get("/map", response_class=HTMLResponse)
def area_map(request: Request, who: Analyst) -> HTMLResponse:
    engine = engine_of(request)
    dimension = choice(request, "dimension", DIMENSIONS)
    group = choice(request, "group", GROUPS)
    loc = Locale(language(request), "web")
    areas = store.areas_frame(engine)
    ranking = analysis(request, "rank_threats", workflow.rank_threats, group=group)
    ranked = ranking.filter(pl.col("area_pcode") != "ALL")
    if dimension:
        ranked = ranked.filter(pl.col("dimension") == dimension)
    top = ranked.sort("score", descending=True).unique("area_pcode", keep="first")
    # workflow.alerts(dimension=d) is this filter of every alert: one memo entry serves all.
    open_alerts = analysis(request, "alerts", workflow.alerts).filter(
        pl.col("state") != "resolved")
    if dimension:
        open_alerts = open_alerts.filter(pl.col("dimension") == dimension)
    alerted = set(open_alerts["area_pcode"].to_list())
    located = areas.filter(pl.col("lat").is_not_null() & pl.col("lon").is_not_null())
    where = {r["pcode"]: r for r in located.to_dicts()}
    rows = []
    for r in top.to_dicts():
        place = where.get(r["area_pcode"])
        if place is None:
            continue
        rows.append({
            "pcode": r["area_pcode"], "name": place["name"], "lat": place["lat"],
            "lon": place["lon"], "value": r["score"], "dimension": r["dimension"],
            "label": loc.dimension(r["dimension"], capital=True), "voices": r["voices"],
            "highlight": r["area_pcode"] in alerted,
        })
    paths = analysis(request, "spread", workflow.spread, dimension=dimension).to_dicts()
    lines = []
    for path in paths:
        steps = [s for s in path["steps"] if s["area_pcode"] in where]
        for a, b in zip(steps, steps[1:], strict=False):
            start, end = where[a["area_pcode"]], where[b["area_pcode"]]
            lines.append({"lon": start["lon"], "lat": start["lat"],
                          "lon2": end["lon"], "lat2": end["lat"]})
    shapes = store.list_boundaries(engine)
    if shapes:  # imported boundaries: a choropleth (areas without one as symbols)
        chart = choropleth_svg(shapes, rows, lines, where, loc=loc) if rows else None
    else:
        spec = charts.area_map(
            rows, title=loc.t("map.chart_title"), value_title=loc.t("overview.score"),
            labels={d: loc.dimension(d, capital=True) for d in DIMENSIONS}, paths=lines,
            width=820, height=460,
        )
        chart = charts.to_svg(spec, language=loc.language) if rows else None
    return page(
        request, "map.html", visitor=who, title_key="map.title",
        chart=chart, choropleth=bool(shapes),
        rows=sorted(rows, key=lambda r: -r["value"]), paths=_latest(paths),
        paths_total=len(paths),
        names=dict(zip(areas["pcode"], areas["name"], strict=True)),
        filters={"dimension": dimension, "group": group}, dimensions=DIMENSIONS,
        groups=GROUPS,
    )


PATHS_LISTED = 25


def _latest(paths: list[dict]) -> list[dict]:
    """The spread paths the map lists in words: the most recent first, at most
    PATHS_LISTED. All are drawn; at a million voices there are hundreds, and listing
    every step's area and date was most of the page's render time."""
    def newest_first(path: dict) -> tuple:
        # (dated, first day): newest first, a path without steps last.
        steps = path["steps"]
        return (bool(steps), steps[0]["first_signal"] if steps else None)

    return sorted(paths, key=newest_first, reverse=True)[:PATHS_LISTED]
