"""The map: a choropleth of the imported boundaries, else proportional symbols at the
centroids; areas with an open alert outlined, spread paths drawn, the latest listed.

The drawing (table rows, path lines, the SVG) is the same for every visitor until the
data, the gazetteer or the boundaries change. At a million voices making it again was
most of a render (hundreds of spread paths turned into lines, the chart spec's JSON
text, the SVG's safety check), so it is kept in the memo of drawings (pages.common),
keyed by those three versions, the filters and the language.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from vitalcore import charts, workflow
from vitalcore.i18n import Locale
from vitalcore.web.access import Analyst, choice, engine_of
from vitalcore.web.choropleth import choropleth_svg
from vitalcore.web.pages.common import DIMENSIONS, GROUPS, analysis, drawing
from vitalcore.web.render import inline_svg, language, page

router = APIRouter()
PATHS_LISTED = 25


@router.get("/map", response_class=HTMLResponse)
def area_map(request: Request, who: Analyst) -> HTMLResponse:
    engine = engine_of(request)
    dimension = choice(request, "dimension", DIMENSIONS)
    group = choice(request, "group", GROUPS)
    loc = Locale(language(request), "web")
    areas = workflow.areas_frame(engine)
    view = drawing(
        request, "map", lambda: _drawing(request, areas, loc, dimension, group),
        dimension=dimension, group=group, language=loc.language,
        boundaries=workflow.boundaries_version(engine), areas=tuple(areas.rows()),
    )
    return page(
        request, "map.html", visitor=who, title_key="map.title", **view,
        names=dict(zip(areas["pcode"], areas["name"], strict=True)),
        filters={"dimension": dimension, "group": group}, dimensions=DIMENSIONS,
        groups=GROUPS,
    )


def _drawing(request: Request, areas: pl.DataFrame, loc: Locale, dimension: str | None,
             group: str | None) -> dict[str, Any]:
    """The map's rows, chart and listed paths for one filter and language."""
    engine = engine_of(request)
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
    shapes = workflow.list_boundaries(engine)
    chart = None
    if rows and shapes:  # imported boundaries: a choropleth (areas without one as symbols)
        chart = choropleth_svg(shapes, rows, lines, where, loc=loc)
    elif rows:
        spec = charts.area_map(
            rows, title=loc.t("map.chart_title"), value_title=loc.t("overview.score"),
            labels={d: loc.dimension(d, capital=True) for d in DIMENSIONS}, paths=lines,
            width=820, height=460,
        )
        chart = charts.to_svg(spec, language=loc.language)
    return {
        # Checked once here; the template's check of the same string is then a lookup.
        "chart": inline_svg(chart) if chart else None, "choropleth": bool(shapes),
        "rows": sorted(rows, key=lambda r: -r["value"]), "paths": _latest(paths),
        "paths_total": len(paths),
    }


def _latest(paths: list[dict]) -> list[dict]:
    """The spread paths the map lists in words: the most recent first, at most
    PATHS_LISTED. All are drawn; at a million voices there are hundreds, and listing
    every step's area and date was most of the page's render time."""
    def newest_first(path: dict) -> tuple:
        # (dated, first day): newest first, a path without steps last.
        steps = path["steps"]
        return (bool(steps), steps[0]["first_signal"] if steps else None)

    return sorted(paths, key=newest_first, reverse=True)[:PATHS_LISTED]
