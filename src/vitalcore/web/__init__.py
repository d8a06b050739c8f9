"""The dashboard: server-rendered pages over the same workflow functions as the API.

    web.install(app)        # pages at /, assets at /static (called by api.create_app)
    web.start_warmer(app)   # their analyses computed in the background (app lifespan)

Pages live in web/pages/ (one module per group of pages), templates in web/templates/,
assets (CSS, htmx) in web/static/; charts are drawn server-side (vitalcore.charts).
"""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from vitalcore import charts
from vitalcore.web.access import PageDenied
from vitalcore.web.memo import AnalysisMemo
from vitalcore.web.pages import ROUTERS, WARM
from vitalcore.web.render import environment
from vitalcore.web.warm import Warmer

# The map's drawings: one per filter value and language, each up to a megabyte or so;
# the warm-up alone draws 48 per data version (3 languages x (1 + 7 dimensions + 8
# groups)), and visitors' combined filters need room beside them.
DRAWINGS_KEPT = 96


async def _denied(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageDenied)
    return exc.response


def install(app: FastAPI) -> None:
    """Add the dashboard's pages, its static files and its memos (of analyses, and of
    the drawings made of them) to `app`."""
    app.state.web_memo = AnalysisMemo()
    app.state.web_drawings = AnalysisMemo(max_entries=DRAWINGS_KEPT)
    app.add_exception_handler(PageDenied, _denied)
    for router in ROUTERS:
        app.include_router(router, include_in_schema=False)
    folder = resources.files(__package__).joinpath("static")
    app.mount("/static", StaticFiles(directory=str(folder)), name="static")


def start_warmer(app: FastAPI) -> Warmer:
    """Start computing every page's analyses into the app's memo, in the background,
    now and whenever the data version changes (web/warm.py says why)."""
    warmer = Warmer(app.state.web_memo, app.state.engine, app.state.settings, WARM,
                    prepare=_prepare, drawings=app.state.web_drawings)
    app.state.web_warmer = warmer
    warmer.start()
    return warmer


def _prepare() -> None:
    # The first chart of a process starts vl-convert's JavaScript engine (about half a
    # second) and each template compiles on first use: done here, not in a request.
    env = environment()
    for name in env.list_templates(extensions=["html", "svg"]):
        env.get_template(name)
    charts.to_svg({"mark": "point", "data": {"values": [{"x": 1}]},
                   "encoding": {"x": {"field": "x", "type": "quantitative"}}})


__all__ = ["install", "start_warmer"]
