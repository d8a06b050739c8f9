"""Alerts and trends (series with alert markers and the statistic behind each), threat
chains (the interlinkage graph, laid out server-side) and groups and resilience."""

from __future__ import annotations

import polars as pl
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from vitalcore import charts, workflow
from vitalcore.i18n import Locale
from vitalcore.web.access import Analyst, choice, page_number
from vitalcore.web.graph import graph_svg
from vitalcore.web.pages.common import DIMENSIONS, analysis, area_names
from vitalcore.web.render import here, language, page
from vitalcore.web.warm import Job

router = APIRouter()
ALERTS_PER_PAGE = 100
WARM = (
    Job("alert_counts", workflow.alert_counts),
    Job("threat_chains", workflow.threat_chains),
    Job("group_vulnerability", workflow.group_vulnerability),
    Job("resilience_report", workflow.resilience_report),
)


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, who: Analyst) -> HTMLResponse:
    names = area_names(request)
    area = choice(request, "area", names)
    dimension = choice(request, "dimension", DIMENSIONS)
    loc = Locale(language(request), "web")
    every = analysis(request, "alerts", workflow.alerts)
    shown = every
    if area:
        shown = shown.filter(pl.col("area_pcode") == area)
    if dimension:
        shown = shown.filter(pl.col("dimension") == dimension)
    # The series drawn: the one asked for, else that of the most recent alert shown.
    latest = shown.sort("first_signal", descending=True).head(1).to_dicts()
    series_area = area or (latest[0]["area_pcode"] if latest else None)
    series_dim = dimension or (latest[0]["dimension"] if latest else None)
    chart = None
    if series_area and series_dim:
        counts = analysis(request, "alert_counts", workflow.alert_counts).filter(
            (pl.col("area_pcode") == series_area) & (pl.col("dimension") == series_dim)
            & pl.col("threat_type").is_null()).sort("day")
        marks = every.filter((pl.col("area_pcode") == series_area)
                             & (pl.col("dimension") == series_dim))
        spec = charts.alert_series(
            [{"day": r["day"].isoformat(), "voices": r["voices"]} for r in counts.to_dicts()],
            [{"day": r["first_signal"].isoformat(),
              "label": loc.t("alerts.marker", state=loc.t(f"alerts.states.{r['state']}"))}
             for r in marks.unique("first_signal").to_dicts()],
            title=loc.t("alerts.chart_title", area=names.get(series_area, series_area),
                        dimension=loc.dimension(series_dim)),
            count_title=loc.t("alerts.voices_per_day"),
        )
        chart = charts.to_svg(spec, language=loc.language) if counts.height else None
    # A page of the table at a time: at a million voices there are ~900 alerts, and
    # formatting every row's dates and statistics took most of the page's time.
    number = page_number(request)
    pages = max(1, -(-shown.height // ALERTS_PER_PAGE))
    rows = (shown.sort("first_signal", descending=True)
            .slice((number - 1) * ALERTS_PER_PAGE, ALERTS_PER_PAGE).to_dicts())
    return page(
        request, "alerts.html", visitor=who, title_key="alerts.title", chart=chart,
        alerts=rows, total=shown.height, number=number, pages=pages,
        link=lambda n: here(request, page=n), names=names,
        series={"area": series_area, "dimension": series_dim},
        filters={"area": area, "dimension": dimension}, dimensions=DIMENSIONS,
    )


@router.get("/chains", response_class=HTMLResponse)
def chains_page(request: Request, who: Analyst) -> HTMLResponse:
    loc = Locale(language(request), "web")
    report = analysis(request, "threat_chains", workflow.threat_chains)
    focus = choice(request, "label", list(report.graph.nodes))
    cooc = report.cooccurrence.filter(pl.col("significant") & (pl.col("lift") > 1))
    if focus:
        cooc = cooc.filter((pl.col("label_a") == focus) | (pl.col("label_b") == focus))
    precedence = [
        {"cause": a, "effect": b, **data} for a, b, data in report.graph.edges(data=True)
        if focus is None or focus in (a, b)
    ]
    svg = graph_svg(report.graph, cooc.to_dicts(), focus=focus, loc=loc)
    return page(
        request, "chains.html", visitor=who, title_key="chains.title", graph=svg,
        cooccurrence=cooc.sort("lift", descending=True).to_dicts(), precedence=precedence,
        roots=report.roots.filter(pl.col("root")).to_dicts(), focus=focus,
    )


@router.get("/groups", response_class=HTMLResponse)
def groups_page(request: Request, who: Analyst) -> HTMLResponse:
    names = area_names(request)
    area = choice(request, "area", names)
    exposure = analysis(request, "group_vulnerability", workflow.group_vulnerability,
                        area=area)
    resilience = analysis(request, "resilience_report", workflow.resilience_report,
                          area=area)
    return page(
        request, "groups.html", visitor=who, title_key="groups.title",
        exposure=exposure.sort(["disproportionate", "rr"], descending=True).to_dicts(),
        gaps=resilience.filter(pl.col("resilience_gap")).sort("gap", descending=True)
        .head(40).to_dicts(),
        names=names, filters={"area": area},
    )
