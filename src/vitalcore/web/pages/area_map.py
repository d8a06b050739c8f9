"""The map: country borders and names, the areas' shapes filled by their top vital-core
score (areas without a shape as circles at their centre), open alerts outlined, spread
paths as arrows with the hops across a border marked, each area a link to its vital
core; pan and zoom by static/map.js. The latest paths are listed in words below.

The drawing (table rows, the SVG) is the same for every visitor until the data, the
gazetteer or the boundaries change. At a million voices making it again was most of a
render, so it is kept in the memo of drawings (pages.common), keyed by those three
versions, the filters and the language; and the warm-up draws every filter value in
every language (WARM, WARM_FILTERS) once it has the analyses, so even the first visit
after new data reads a kept drawing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import polars as pl
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine

from vitalcore import workflow
from vitalcore.i18n import LANGUAGES, Locale
from vitalcore.web.access import Analyst, choice, engine_of
from vitalcore.web.mapdraw import draw_map
from vitalcore.web.memo import AnalysisMemo
from vitalcore.web.pages.common import DIMENSIONS, GROUPS, analysis, area_names, drawing
from vitalcore.web.render import inline_svg, language, page
from vitalcore.web.warm import Job

router = APIRouter()
PATHS_LISTED = 25
# analyses(name, compute, **arguments): an analysis through a memo of this data version.
Analyses = Callable[..., Any]


def warmed(engine: Engine, analyses: AnalysisMemo, version: str, *, language: str,
           geography: str, dimension: str | None = None,
           group: str | None = None) -> dict[str, Any]:
    """The drawing the page would make, made by the warm-up from its memo of analyses
    (`geography` is only part of the key, as on the page)."""
    def through_memo(name: str, compute: Callable[..., Any], **kwargs: Any) -> Any:
        return analyses.get(engine, name, compute, version=version, **kwargs)

    return _drawing(engine, through_memo, Locale(language, "web"), dimension, group)


def _map_job(**kwargs: str) -> Job:
    # The geography version is read when the job runs, as the page reads it.
    return Job("map", warmed, lambda engine, _settings: {
        **kwargs, "geography": workflow.geography_version(engine)}, drawing=True)


# After the analyses they are drawn from (pages/__init__.py orders the tiers).
WARM = tuple(_map_job(language=lang) for lang in LANGUAGES)
WARM_FILTERS = (
    *(_map_job(language=lang, dimension=d) for lang in LANGUAGES for d in DIMENSIONS),
    *(_map_job(language=lang, group=g) for lang in LANGUAGES for g in GROUPS),
)


@router.get("/map", response_class=HTMLResponse)
def area_map(request: Request, who: Analyst) -> HTMLResponse:
    dimension = choice(request, "dimension", DIMENSIONS)
    group = choice(request, "group", GROUPS)
    loc = Locale(language(request), "web")
    names = area_names(request)
    engine = engine_of(request)

    def through_memo(name: str, compute: Callable[..., Any], **kwargs: Any) -> Any:
        return analysis(request, name, compute, **kwargs)

    view = drawing(
        request, "map", lambda: _drawing(engine, through_memo, loc, dimension, group),
        dimension=dimension, group=group, language=loc.language,
        geography=workflow.geography_version(engine),
    )
    return page(
        request, "map.html", visitor=who, title_key="map.title", **view, names=names,
        filters={"dimension": dimension, "group": group}, dimensions=DIMENSIONS,
        groups=GROUPS,
    )


def _drawing(engine: Engine, analyses: Analyses, loc: Locale, dimension: str | None,
             group: str | None) -> dict[str, Any]:
    """The map's rows, drawing and listed paths for one filter and language."""
    layers = workflow.map_layers(engine)
    ranking = analyses("rank_threats", workflow.rank_threats, group=group)
    ranked = ranking.filter(pl.col("area_pcode") != "ALL")
    if dimension:
        ranked = ranked.filter(pl.col("dimension") == dimension)
    top = ranked.sort("score", descending=True).unique("area_pcode", keep="first")
    # workflow.alerts(dimension=d) is this filter of every alert: one memo entry serves all.
    open_alerts = analyses("alerts", workflow.alerts).filter(
        pl.col("state") != "resolved")
    if dimension:
        open_alerts = open_alerts.filter(pl.col("dimension") == dimension)
    alerted = set(open_alerts["area_pcode"].to_list())
    rows = []
    for r in top.to_dicts():
        place = layers.areas.get(r["area_pcode"])
        if place is None and r["area_pcode"] not in layers.shapes:
            continue
        rows.append({
            "pcode": r["area_pcode"], "name": (place or {}).get("name", r["area_pcode"]),
            "value": r["score"], "dimension": r["dimension"],
            "label": loc.dimension(r["dimension"], capital=True), "voices": r["voices"],
            "highlight": r["area_pcode"] in alerted,
        })
    paths = analyses("spread", workflow.spread, dimension=dimension).to_dicts()
    lang = {"lang": loc.language} if loc.language != "en" else {}
    svg = draw_map(layers, rows, paths, loc=loc,
                   link=lambda p: "/overview?" + urlencode({"area": p, **lang}))
    return {
        # Checked once here; the template's check of the same string is then a lookup.
        "chart": inline_svg(svg), "rows": sorted(rows, key=lambda r: -r["value"]),
        "paths": _crossings(_latest(paths), layers.areas), "paths_total": len(paths),
        "source": layers.source,
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


def _crossings(paths: list[dict], areas: dict[str, dict]) -> list[dict]:
    """The paths with each step marked `crossed` when it arrives from another country."""
    out = []
    for path in paths:
        country, steps = None, []
        for step in path["steps"]:
            here = areas.get(step["area_pcode"], {}).get("country")
            steps.append({**step, "crossed": bool(country and here and here != country)})
            country = here or country
        out.append({**path, "steps": steps})
    return out
