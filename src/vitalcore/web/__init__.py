"""The dashboard: server-rendered pages over the same workflow functions as the API.

    web.install(app)    # pages at /, assets at /static (called by api.create_app)

Pages live in web/pages/ (one module per group of pages), templates in web/templates/,
assets (CSS, htmx) in web/static/; charts are drawn server-side (vitalcore.charts).
"""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from vitalcore.web.access import PageDenied
from vitalcore.web.memo import AnalysisMemo
from vitalcore.web.pages import ROUTERS


async def _denied(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageDenied)
    return exc.response


def install(app: FastAPI) -> None:
    """Add the dashboard's pages, its static files and its memo of analyses to `app`."""
    app.state.web_memo = AnalysisMemo()
    app.add_exception_handler(PageDenied, _denied)
    for router in ROUTERS:
        app.include_router(router, include_in_schema=False)
    folder = resources.files(__package__).joinpath("static")
    app.mount("/static", StaticFiles(directory=str(folder)), name="static")


__all__ = ["install"]
